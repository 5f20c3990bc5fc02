import type { ConventionView, ListConventionsQuery } from '../../../contracts/admin';
import { parisToday } from '../accounts/actor.repository';
import { findConventions, type ConventionSummaryRow } from './admin.repository';
import type { AdminContext } from './context';
import { conventionStatus, conventionStatusCondition } from './convention-status';
import { iso } from './presenters';
import { requireAdministeredScope } from './scope';

export function presentConvention(row: ConventionSummaryRow, today: string): ConventionView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    territoryId: row.territoryId,
    title: row.title,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    signedOn: row.signedOn,
    status: conventionStatus(row, today),
    document:
      row.documentName && row.documentType && row.documentSha256 && row.documentSize !== null
        ? {
            name: row.documentName,
            type: row.documentType,
            size: Number(row.documentSize),
            sha256: row.documentSha256,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: iso(row.revokedAt),
  };
}

/** Conventions of the territories the caller administers, soonest to end first. */
export async function listConventions(ctx: AdminContext, query: ListConventionsQuery) {
  const scope = await requireAdministeredScope(ctx);
  const today = parisToday(ctx.now);
  const { rows, total } = await findConventions(ctx.db, {
    scope,
    partnerId: query.partnerId,
    territoryId: query.territoryId,
    status: query.status ? conventionStatusCondition(query.status, today) : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentConvention(r, today)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
