import { and, eq } from 'drizzle-orm';
import type { Role } from '../../../contracts/access';
import { memberRoles } from '../../db/schema/access';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { auditBase, type AdminContext } from './context';
import { ADMINISTRATIVE_ROLES, rolesInScope } from './grant-role';
import { loadVisibleMember } from './scope';

/** Withdraws a role in a territory the caller administers; the change applies from the member's next request. */
export async function revokeRole(ctx: AdminContext, memberId: string, territoryId: string, role: Role) {
  if (!can(ctx.actor, 'territory.administer', { territoryId }).allowed) {
    throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  }
  const target = await loadVisibleMember(ctx, memberId);
  const needsAdmin = ADMINISTRATIVE_ROLES.includes(role) || target.row.member.isInstanceAdmin;
  if (needsAdmin && !can(ctx.actor, 'instance.administer').allowed) {
    throw new AppError('forbidden', 'FORBIDDEN');
  }
  // Idempotent: withdrawing a role the member no longer holds leaves nothing to do (and nothing to audit).
  if (!target.roles.some((r) => r.territoryId === territoryId && r.role === role))
    return rolesInScope(ctx, memberId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(memberRoles)
      .where(
        and(
          eq(memberRoles.memberId, memberId),
          eq(memberRoles.territoryId, territoryId),
          eq(memberRoles.role, role),
        ),
      );
    await ctx.audit(tx, {
      ...auditBase(ctx, territoryId),
      action: 'member.role_revoke',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
  return rolesInScope(ctx, memberId);
}
