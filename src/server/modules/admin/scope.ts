import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { findMember, rolesOfMembers, type MemberListRow, type RoleRow } from './admin.repository';
import { administeredScope, type AdminContext } from './context';

export interface VisibleMember {
  row: MemberListRow;
  roles: RoleRow[];
  /** Territories the caller administers (null: the whole instance). */
  scope: string[] | null;
}

/** Territories the caller administers, or null for an instance admin; FORBIDDEN when there are none. */
export async function requireAdministeredScope(ctx: AdminContext): Promise<string[] | null> {
  if (ctx.actor.isInstanceAdmin) return null;
  const scope = await administeredScope(ctx);
  if (scope.length === 0) throw new AppError('forbidden', 'FORBIDDEN');
  return scope;
}

/**
 * A member the caller may see: themself, any member for an instance admin, a member holding a role in a
 * territory they coordinate. Anyone else answers MEMBER_NOT_FOUND, as a missing member does.
 */
export async function loadVisibleMember(ctx: AdminContext, memberId: string): Promise<VisibleMember> {
  const row = await findMember(ctx.db, memberId);
  if (!row) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const roles = (await rolesOfMembers(ctx.db, [memberId])).get(memberId) ?? [];
  const visible =
    can(ctx.actor, 'member.read', { memberId, partnerId: row.member.partnerId }).allowed ||
    roles.some(
      (r) =>
        can(ctx.actor, 'member.read', {
          memberId,
          territoryId: r.territoryId,
          partnerId: row.member.partnerId,
        }).allowed,
    );
  if (!visible) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  return { row, roles, scope: ctx.actor.isInstanceAdmin ? null : await administeredScope(ctx) };
}

/**
 * A member the caller may administer (change, unlock, end sessions of). Seeing oneself is not enough, and a
 * coordinator never acts on an instance administrator.
 */
export async function loadAdministeredMember(ctx: AdminContext, memberId: string): Promise<VisibleMember> {
  const visible = await loadVisibleMember(ctx, memberId);
  if (ctx.actor.isInstanceAdmin) return visible;
  const scope = visible.scope ?? [];
  if (!visible.roles.some((r) => scope.includes(r.territoryId))) {
    throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  }
  if (visible.row.member.isInstanceAdmin) throw new AppError('forbidden', 'FORBIDDEN');
  // Disabling, renaming or ending the sessions of a member acts on every territory they work in: a
  // coordinator may do it only when all of the member's roles are in territories they coordinate.
  if (visible.roles.some((r) => !scope.includes(r.territoryId))) throw new AppError('forbidden', 'FORBIDDEN');
  return visible;
}

/** The territory of the audit event about a member: one the caller administers, or their first one. */
export function auditTerritoryOf(v: VisibleMember): string | null {
  const inScope = v.scope ? v.roles.find((r) => v.scope?.includes(r.territoryId)) : undefined;
  return (inScope ?? v.roles[0])?.territoryId ?? null;
}
