import { and, count, desc, eq, gte, inArray, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditFilters } from '../../../contracts/audit';
import type { Db } from '../../db/client';
import { auditEvents, auditHead, members, partners, territories } from '../../db/schema/index';

/** Territories whose trail may be read: null means the whole instance, events without territory included. */
export type AuditScope = string[] | null;

type Reader = Pick<Db, 'select'>;

function parisOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * Midnight in Paris of a calendar day. Coordinators think in French days: « le 3 mars » must not start at
 * 1 a.m. (winter) or 2 a.m. (summer). France changes time at 2-3 a.m., so the offset at UTC midnight is
 * the one in force at Paris midnight.
 */
export function parisMidnight(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  return new Date(utcMidnight.getTime() - parisOffsetMinutes(utcMidnight) * 60_000);
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** `member.` must not match `memberXread`: LIKE wildcards in the typed prefix are taken literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/** The WHERE clause of the filters within the scope. */
export function auditCondition(scope: AuditScope, f: AuditFilters): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (scope) parts.push(scope.length > 0 ? inArray(auditEvents.territoryId, scope) : sql`false`);
  if (f.territory) parts.push(eq(auditEvents.territoryId, f.territory));
  if (f.actor) parts.push(eq(auditEvents.actorMemberId, f.actor));
  if (f.action) parts.push(like(auditEvents.action, likePrefix(f.action)));
  if (f.subjectType) parts.push(eq(auditEvents.subjectType, f.subjectType));
  if (f.subjectId) parts.push(eq(auditEvents.subjectId, f.subjectId));
  if (f.outcome) parts.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) parts.push(gte(auditEvents.at, isDay(f.from) ? parisMidnight(f.from) : new Date(f.from)));
  if (f.to) {
    parts.push(
      isDay(f.to) ? lt(auditEvents.at, parisMidnight(nextDay(f.to))) : lte(auditEvents.at, new Date(f.to)),
    );
  }
  return and(...parts);
}

export interface AuditRow {
  seq: number;
  at: Date;
  territoryId: string | null;
  actorMemberId: string | null;
  actorPartnerId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  outcome: 'ok' | 'denied';
  requestId: string | null;
  displayName: string | null;
  partnerName: string | null;
}

/** Events matching `where`, newest first, older than `before` when given, with the actor's names joined. */
export async function selectAuditRows(
  db: Reader,
  where: SQL | undefined,
  page: { before?: number | undefined; limit: number },
): Promise<AuditRow[]> {
  // The partner recorded with the event; the member's partner for events written without one.
  const partnerId = sql<string | null>`coalesce(${auditEvents.actorPartnerId}, ${members.partnerId})`;
  return db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      territoryId: auditEvents.territoryId,
      actorMemberId: auditEvents.actorMemberId,
      actorPartnerId: partnerId,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      outcome: auditEvents.outcome,
      requestId: auditEvents.requestId,
      displayName: members.displayName,
      partnerName: partners.name,
    })
    .from(auditEvents)
    .leftJoin(members, eq(members.id, auditEvents.actorMemberId))
    .leftJoin(partners, eq(partners.id, partnerId))
    .where(and(where, page.before === undefined ? undefined : lt(auditEvents.seq, page.before)))
    .orderBy(desc(auditEvents.seq))
    .limit(page.limit);
}

export async function countAuditRows(db: Reader, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEvents).where(where);
  return row?.n ?? 0;
}

/** The sequence number of the last event appended so far. */
export async function lastAuditSeq(db: Reader): Promise<number> {
  const [head] = await db.select({ lastSeq: auditHead.lastSeq }).from(auditHead).where(eq(auditHead.id, 1));
  return head?.lastSeq ?? 0;
}

export async function territoryExists(db: Reader, id: string): Promise<boolean> {
  const [row] = await db.select({ id: territories.id }).from(territories).where(eq(territories.id, id));
  return row !== undefined;
}
