import { and, eq } from 'drizzle-orm';
import type { GrantRoleInput } from '../../../contracts/admin';
import type { Role } from '../../../contracts/access';
import { memberRoles, partnerTerritories } from '../../db/schema/access';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { findMember, rolesOfMembers } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { presentRole } from './presenters';
import { loadVisibleMember } from './scope';

/** Roles that give power over other members: only an instance administrator hands them out. */
export const ADMINISTRATIVE_ROLES: readonly Role[] = ['admin', 'coordinator'];

/** Grants a role in a territory the caller administers, with its information category. */
export async function grantRole(ctx: AdminContext, memberId: string, input: GrantRoleInput) {
  const { territoryId, role, infoCategory } = input;
  if (!can(ctx.actor, 'territory.administer', { territoryId }).allowed) {
    throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  }
  if (ADMINISTRATIVE_ROLES.includes(role) && !can(ctx.actor, 'instance.administer').allowed) {
    throw new AppError('forbidden', 'FORBIDDEN');
  }
  const target = await loadGrantableMember(ctx, memberId, territoryId);
  if (target.row.member.isInstanceAdmin && !ctx.actor.isInstanceAdmin)
    throw new AppError('forbidden', 'FORBIDDEN');
  const partnerType = target.row.partner.type;
  // CSP L1110-4: landlords are not among the professionals who may receive health information.
  if ((role === 'landlord_staff' || partnerType === 'social_landlord') && infoCategory !== 'landlord') {
    throw new AppError('invalid', 'ROLE_LANDLORD_CATEGORY');
  }
  const here = target.roles.filter((r) => r.territoryId === territoryId);
  if (here.some((r) => r.infoCategory !== infoCategory))
    throw new AppError('conflict', 'ROLE_CATEGORY_CONFLICT');
  const [linked] = await ctx.db
    .select()
    .from(partnerTerritories)
    .where(
      and(
        eq(partnerTerritories.partnerId, target.row.partner.id),
        eq(partnerTerritories.territoryId, territoryId),
      ),
    );
  if (!linked) throw new AppError('invalid', 'PARTNER_NOT_IN_TERRITORY');
  if (!here.some((r) => r.role === role)) {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(memberRoles).values({
        memberId,
        territoryId,
        role,
        infoCategory,
        grantedAt: ctx.now,
        grantedBy: ctx.actor.memberId,
      });
      await ctx.audit(tx, {
        ...auditBase(ctx, territoryId),
        action: 'member.role_grant',
        subjectType: 'member',
        subjectId: memberId,
      });
    });
  }
  return rolesInScope(ctx, memberId);
}

/**
 * The member may receive a role in this territory if the caller can see them, or if their partner works in
 * the territory (a newly invited member holds no role yet anywhere the coordinator can see).
 */
async function loadGrantableMember(ctx: AdminContext, memberId: string, territoryId: string) {
  try {
    return await loadVisibleMember(ctx, memberId);
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'not_found') throw err;
  }
  const row = await findMember(ctx.db, memberId);
  if (!row) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const [linked] = await ctx.db
    .select()
    .from(partnerTerritories)
    .where(
      and(
        eq(partnerTerritories.partnerId, row.member.partnerId),
        eq(partnerTerritories.territoryId, territoryId),
      ),
    );
  if (!linked || row.member.isInstanceAdmin) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const roles = (await rolesOfMembers(ctx.db, [memberId])).get(memberId) ?? [];
  // Only a member with no role anywhere (just invited) can be taken in this way; a member working
  // elsewhere is not the coordinator's to claim (that would open the instance-wide actions on them).
  if (roles.length > 0) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  return { row, roles, scope: [territoryId] };
}

/** The member's roles the caller may see after a change. */
export async function rolesInScope(ctx: AdminContext, memberId: string) {
  const roles = (await rolesOfMembers(ctx.db, [memberId])).get(memberId) ?? [];
  return {
    roles: roles
      .filter(
        (r) =>
          ctx.actor.isInstanceAdmin ||
          can(ctx.actor, 'territory.administer', { territoryId: r.territoryId }).allowed,
      )
      .map(presentRole),
  };
}
