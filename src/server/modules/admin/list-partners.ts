import type { ListPartnersQuery } from '../../../contracts/admin';
import { findPartners, memberCounts, territoriesOfPartners } from './admin.repository';
import type { AdminContext } from './context';
import { presentPartner } from './presenters';
import { requireAdministeredScope } from './scope';

/** Partners of the territories the caller administers (all of them for an instance admin), by name. */
export async function listPartners(ctx: AdminContext, query: ListPartnersQuery) {
  const scope = await requireAdministeredScope(ctx);
  const { rows, total } = await findPartners(ctx.db, {
    scope,
    q: query.q,
    type: query.type,
    territoryId: query.territoryId,
    archived: query.archived,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = rows.map((r) => r.id);
  const territoryMap = await territoriesOfPartners(ctx.db, ids);
  const counts = await memberCounts(ctx.db, ids);
  return {
    items: rows.map((r) => presentPartner(r, territoryMap.get(r.id) ?? [], counts.get(r.id) ?? 0)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
