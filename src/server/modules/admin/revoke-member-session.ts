import { and, eq, isNull } from 'drizzle-orm';
import { sessions } from '../../db/schema/access';
import { publicSessionId, sessionsOf } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { auditTerritoryOf, loadAdministeredMember } from './scope';

/** Ends one session of a member (lost or shared computer): its cookie stops working at once. */
export async function revokeMemberSession(
  ctx: AdminContext,
  memberId: string,
  handle: string,
): Promise<void> {
  const target = await loadAdministeredMember(ctx, memberId);
  const session = (await sessionsOf(ctx.db, memberId)).find(
    (s) => s.revokedAt === null && publicSessionId(s.id) === handle,
  );
  // Idempotent: a session already ended (or never known) leaves nothing to do and nothing to audit.
  if (!session) return;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: ctx.now })
      .where(and(eq(sessions.id, session.id), isNull(sessions.revokedAt)));
    // The subject is the member: the session's own id is a token hash and stays out of the audit trail.
    await ctx.audit(tx, {
      ...auditBase(ctx, auditTerritoryOf(target)),
      action: 'session.revoke',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
}
