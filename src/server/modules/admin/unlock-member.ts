import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/access';
import { auditBase, type AdminContext } from './context';
import { auditTerritoryOf, loadAdministeredMember } from './scope';

/** Clears a login lockout and the count of failed attempts. */
export async function unlockMember(ctx: AdminContext, memberId: string): Promise<void> {
  const target = await loadAdministeredMember(ctx, memberId);
  await ctx.db.transaction(async (tx) => {
    await tx.update(members).set({ failedLogins: 0, lockedUntil: null }).where(eq(members.id, memberId));
    await ctx.audit(tx, {
      ...auditBase(ctx, auditTerritoryOf(target)),
      action: 'member.unlock',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
}
