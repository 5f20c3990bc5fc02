import type { AuditListQuery, AuditListResponse } from '../../../contracts/audit';
import { auditCondition, countAuditRows, selectAuditRows } from './audit.repository';
import { auditReadEvent, resolveAuditScope, type AuditContext } from './audit-scope';
import { presentAuditEvent } from './presenters';

/** One page of the audit log the caller may read, newest first, with the total; the read is audited. */
export async function listAuditEvents(ctx: AuditContext, query: AuditListQuery): Promise<AuditListResponse> {
  const { scope, territoryId } = await resolveAuditScope(ctx, query, 'audit.read');
  const where = auditCondition(scope, query);
  return ctx.db.transaction(async (tx) => {
    const rows = await selectAuditRows(tx, where, { before: query.before, limit: query.limit + 1 });
    const total = await countAuditRows(tx, where);
    // Recorded after the query, so the page does not list the read that produced it.
    await ctx.audit(tx, auditReadEvent(ctx, 'audit.read', territoryId));
    const page = rows.slice(0, query.limit);
    return {
      events: page.map(presentAuditEvent),
      total,
      nextBefore: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
    };
  });
}
