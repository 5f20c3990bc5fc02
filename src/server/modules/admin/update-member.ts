import { eq } from 'drizzle-orm';
import type { MemberDetail, UpdateMemberInput } from '../../../contracts/admin';
import { members } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { lockActiveAdmins, revokeAllSessions } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { presentMemberDetail } from './get-member';
import { auditTerritoryOf, loadAdministeredMember, loadVisibleMember } from './scope';

/** Changes a member's name or job title, disables them (ending every session at once) or enables them. */
export async function updateMember(
  ctx: AdminContext,
  memberId: string,
  input: UpdateMemberInput,
): Promise<MemberDetail> {
  const target = await loadAdministeredMember(ctx, memberId);
  const member = target.row.member;
  const base = { ...auditBase(ctx, auditTerritoryOf(target)), subjectType: 'member', subjectId: memberId };
  await ctx.db.transaction(async (tx) => {
    const patch: Partial<typeof members.$inferInsert> = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.jobTitle !== undefined) patch.jobTitle = input.jobTitle === '' ? null : input.jobTitle;
    const disabling = input.disabled === true && member.disabledAt === null;
    const enabling = input.disabled === false && member.disabledAt !== null;
    // A new reason on an account already disabled is a plain change of the record.
    if (input.disabled === true && !disabling && input.disabledReason !== member.disabledReason) {
      patch.disabledReason = input.disabledReason;
    }
    const profileChanged = Object.keys(patch).length > 0;
    if (disabling) {
      if (member.isInstanceAdmin) {
        const active = await lockActiveAdmins(tx);
        if (active.every((id) => id === memberId)) throw new AppError('conflict', 'LAST_ADMIN');
      }
      patch.disabledAt = ctx.now;
      patch.disabledReason = input.disabledReason;
    }
    if (enabling) {
      patch.disabledAt = null;
      patch.disabledReason = null;
      // A member disabled for inactivity and enabled again starts a new period, not a past-due one.
      patch.inactivityWarnedAt = null;
    }
    if (Object.keys(patch).length === 0) return;
    await tx.update(members).set(patch).where(eq(members.id, memberId));
    if (profileChanged) await ctx.audit(tx, { ...base, action: 'member.update' });
    if (disabling) {
      // In the same transaction: there is no moment where the account is disabled but a session still works.
      await revokeAllSessions(tx, memberId, ctx.now);
      await ctx.audit(tx, { ...base, action: 'member.disable' });
    }
    if (enabling) await ctx.audit(tx, { ...base, action: 'member.enable' });
  });
  return presentMemberDetail(ctx, await loadVisibleMember(ctx, memberId));
}
