import { Readable, pipeline, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, lte } from 'drizzle-orm';
import {
  AUDIT_CSV_HEADERS,
  AUDIT_OUTCOME_LABELS,
  auditActionLabel,
  auditRoleLabel,
  auditSubjectTypeLabel,
  type AuditFilters,
} from '../../../contracts/audit';
import { auditEvents } from '../../db/schema/access';
import { parisToday } from '../accounts/actor.repository';
import { auditCondition, lastAuditSeq, selectAuditRows, type AuditRow } from './audit.repository';
import { auditReadEvent, resolveAuditScope, type AuditContext } from './audit-scope';

const PAGE = 1_000;

const parisDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab / carriage return) as a formula: a display name
 * like `=HYPERLINK(…)` typed at invitation must reach the coordinator's Excel as text (CSV injection).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRecord(row: AuditRow): string[] {
  const cells = [
    String(row.seq),
    parisDateTime.format(row.at),
    row.territoryId ?? '',
    row.actorMemberId ?? '',
    row.displayName ?? '',
    row.partnerName ?? '',
    row.actorRole === null ? '' : auditRoleLabel(row.actorRole),
    row.action,
    auditActionLabel(row.action),
    row.subjectType === null ? '' : auditSubjectTypeLabel(row.subjectType),
    row.subjectId ?? '',
    AUDIT_OUTCOME_LABELS[row.outcome],
    row.requestId ?? '',
  ];
  return cells.map(neutraliseFormula);
}

export interface AuditExport {
  fileName: string;
  /** The CSV, produced page by page as the client reads it. */
  content: Transform;
}

/**
 * The events the caller may read matching the filters, newest first, as a CSV for Excel (`;`, UTF-8 with
 * BOM, French headers). The export is audited before the first byte leaves.
 */
export async function exportAuditEvents(ctx: AuditContext, filters: AuditFilters): Promise<AuditExport> {
  const { scope, territoryId } = await resolveAuditScope(ctx, filters, 'audit.export');
  // The file is the trail as it stood when asked for: events appended while it streams are left out.
  const upTo = await ctx.db.transaction(async (tx) => {
    const last = await lastAuditSeq(tx);
    await ctx.audit(tx, auditReadEvent(ctx, 'audit.export', territoryId));
    return last;
  });
  const where = and(auditCondition(scope, filters), lte(auditEvents.seq, upTo));
  const db = ctx.db;
  async function* records(): AsyncGenerator<string[]> {
    yield [...AUDIT_CSV_HEADERS];
    let before: number | undefined;
    for (;;) {
      const rows = await selectAuditRows(db, where, { before, limit: PAGE });
      for (const row of rows) yield csvRecord(row);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      before = last.seq;
    }
  }
  // pipeline() destroys the CSV stream if a page fails, so the response ends instead of hanging.
  const content = pipeline(Readable.from(records()), stringify({ delimiter: ';', bom: true }), () => {});
  const day = parisToday(ctx.now);
  return { fileName: `journal-audit-${filters.territory ?? 'passerelle'}-${day}.csv`, content };
}
