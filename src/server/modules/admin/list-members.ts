import type { ListMembersQuery } from '../../../contracts/admin';
import { findMembers, rolesOfMembers } from './admin.repository';
import type { AdminContext } from './context';
import { presentMemberSummary } from './presenters';
import { requireAdministeredScope } from './scope';

/**
 * Members holding a role in a territory the caller coordinates (every member for an instance admin). A
 * coordinator sees only the roles held in their own territories: the rest is not theirs to know.
 */
export async function listMembers(ctx: AdminContext, query: ListMembersQuery) {
  const scope = await requireAdministeredScope(ctx);
  const { rows, total } = await findMembers(ctx.db, {
    scope,
    q: query.q,
    partnerId: query.partnerId,
    territoryId: query.territoryId,
    role: query.role,
    status: query.status,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const roles = await rolesOfMembers(
    ctx.db,
    rows.map((r) => r.member.id),
  );
  return {
    items: rows.map((r) =>
      presentMemberSummary(
        r,
        (roles.get(r.member.id) ?? []).filter((role) => !scope || scope.includes(role.territoryId)),
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
