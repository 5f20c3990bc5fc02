import { activeSessionsOf } from './admin.repository';
import type { AdminContext } from './context';
import { presentSession } from './presenters';
import { loadAdministeredMember } from './scope';

/** A member's sessions still open (not revoked, expired or idle), most recently used first. */
export async function listMemberSessions(ctx: AdminContext, memberId: string, idleMs: number) {
  await loadAdministeredMember(ctx, memberId);
  const rows = await activeSessionsOf(ctx.db, memberId, ctx.now, idleMs);
  return { sessions: rows.map(presentSession) };
}
