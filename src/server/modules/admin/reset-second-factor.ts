import { eq } from 'drizzle-orm';
import { members, recoveryCodes } from '../../db/schema/access';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { revokeAllSessions } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { auditTerritoryOf, loadAdministeredMember } from './scope';

/**
 * Removes a member's TOTP secret and recovery codes (lost phone) and ends their sessions: at the next login
 * they enrol again. Instance admins only, since this lowers an account's protection.
 */
export async function resetSecondFactor(ctx: AdminContext, memberId: string): Promise<void> {
  if (!can(ctx.actor, 'instance.administer').allowed) throw new AppError('forbidden', 'FORBIDDEN');
  const target = await loadAdministeredMember(ctx, memberId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(members.id, memberId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.memberId, memberId));
    await revokeAllSessions(tx, memberId, ctx.now);
    await ctx.audit(tx, {
      ...auditBase(ctx, auditTerritoryOf(target)),
      action: 'member.second_factor_reset',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
}
