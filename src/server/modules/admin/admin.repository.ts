import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  inArray,
  isNotNull,
  isNull,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { MemberStatus } from '../../../contracts/admin';
import type { Db } from '../../db/client';
import {
  auditEvents,
  authTokens,
  charterAcceptances,
  charters,
  conventions,
  memberRoles,
  members,
  oidcIdentities,
  partners,
  partnerTerritories,
  recoveryCodes,
  sessions,
} from '../../db/schema/access';
import { territories } from '../../db/schema/territories';
import { sha256 } from '../../platform/secrets';

/** A database or an open transaction: reads and writes go through the same functions. */
export type Queryable = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export type PartnerRow = typeof partners.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type ConventionRow = typeof conventions.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type CharterRow = typeof charters.$inferSelect;

/** `%` and `_` typed by the user are searched for literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function allTerritoryIds(db: Queryable): Promise<string[]> {
  return (await db.select({ id: territories.id }).from(territories).orderBy(asc(territories.id))).map(
    (t) => t.id,
  );
}

/** Locks the territory row: publications of its charter queue behind each other (version numbers). */
export async function lockTerritory(tx: Queryable, territoryId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: territories.id })
    .from(territories)
    .where(eq(territories.id, territoryId))
    .for('update');
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------- partners

export interface PartnerFilter {
  /** Territories the caller administers; null = the whole instance. */
  scope: string[] | null;
  q?: string | undefined;
  type?: PartnerRow['type'] | undefined;
  territoryId?: string | undefined;
  archived: 'active' | 'archived' | 'all';
  limit: number;
  offset: number;
}

function inPartnerTerritories(territoryIds: string[]): SQL {
  return exists(
    sql`(select 1 from ${partnerTerritories} where ${partnerTerritories.partnerId} = ${partners.id} and ${inArray(partnerTerritories.territoryId, territoryIds)})`,
  );
}

export async function findPartners(
  db: Queryable,
  f: PartnerFilter,
): Promise<{ rows: PartnerRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.scope) {
    if (f.scope.length === 0) return { rows: [], total: 0 };
    where.push(inPartnerTerritories(f.scope));
  }
  if (f.q) where.push(sql`${partners.name} ilike ${likePattern(f.q)}`);
  if (f.type) where.push(eq(partners.type, f.type));
  if (f.territoryId) where.push(inPartnerTerritories([f.territoryId]));
  if (f.archived === 'active') where.push(isNull(partners.archivedAt));
  if (f.archived === 'archived') where.push(isNotNull(partners.archivedAt));
  const condition = and(...where);
  const [total] = await db.select({ n: count() }).from(partners).where(condition);
  const rows = await db
    .select()
    .from(partners)
    .where(condition)
    .orderBy(sql`lower(${partners.name})`, asc(partners.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: total?.n ?? 0 };
}

export async function findPartner(db: Queryable, id: string): Promise<PartnerRow | undefined> {
  const [row] = await db.select().from(partners).where(eq(partners.id, id));
  return row;
}

export async function territoriesOfPartners(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = await db
    .select()
    .from(partnerTerritories)
    .where(inArray(partnerTerritories.partnerId, ids))
    .orderBy(asc(partnerTerritories.territoryId));
  for (const r of rows) map.get(r.partnerId)?.push(r.territoryId);
  return map;
}

export async function memberCounts(db: Queryable, partnerIds: string[]): Promise<Map<string, number>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await db
    .select({ partnerId: members.partnerId, n: count() })
    .from(members)
    .where(inArray(members.partnerId, partnerIds))
    .groupBy(members.partnerId);
  return new Map(rows.map((r) => [r.partnerId, r.n]));
}

export async function setPartnerTerritories(
  tx: Queryable,
  partnerId: string,
  add: string[],
  remove: string[],
): Promise<void> {
  if (remove.length > 0) {
    await tx
      .delete(partnerTerritories)
      .where(
        and(eq(partnerTerritories.partnerId, partnerId), inArray(partnerTerritories.territoryId, remove)),
      );
  }
  if (add.length > 0) {
    await tx
      .insert(partnerTerritories)
      .values(add.map((territoryId) => ({ partnerId, territoryId })))
      .onConflictDoNothing();
  }
}

/** Whether any member of the partner holds a role that may receive more than landlord information. */
export async function partnerHasNonLandlordRoles(db: Queryable, partnerId: string): Promise<boolean> {
  const rows = await db
    .select({ memberId: memberRoles.memberId })
    .from(memberRoles)
    .innerJoin(members, eq(members.id, memberRoles.memberId))
    .where(and(eq(members.partnerId, partnerId), sql`${memberRoles.infoCategory} <> 'landlord'`))
    .limit(1);
  return rows.length > 0;
}

// ----------------------------------------------------------------------------------------------- members

/** Disabled first; a member who never set a password nor linked an identity is still only invited. */
export const memberStatusSql = sql<MemberStatus>`case
  when ${members.disabledAt} is not null then 'disabled'
  when ${members.passwordHash} is null and not exists (select 1 from ${oidcIdentities} where ${oidcIdentities.memberId} = ${members.id}) then 'invited'
  else 'active' end`;

function holdsRoleIn(territoryIds: string[], role?: string): SQL {
  const roleCondition = role ? sql` and ${memberRoles.role} = ${role}` : sql``;
  return exists(
    sql`(select 1 from ${memberRoles} where ${memberRoles.memberId} = ${members.id} and ${inArray(memberRoles.territoryId, territoryIds)}${roleCondition})`,
  );
}

export interface MemberFilter {
  scope: string[] | null;
  q?: string | undefined;
  partnerId?: string | undefined;
  territoryId?: string | undefined;
  role?: string | undefined;
  status?: MemberStatus | undefined;
  limit: number;
  offset: number;
}

export interface MemberListRow {
  member: MemberRow;
  status: MemberStatus;
  partner: Pick<PartnerRow, 'id' | 'name' | 'type'>;
}

export async function findMembers(
  db: Queryable,
  f: MemberFilter,
): Promise<{ rows: MemberListRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.scope) {
    if (f.scope.length === 0) return { rows: [], total: 0 };
    where.push(holdsRoleIn(f.scope));
  }
  if (f.q) {
    const p = likePattern(f.q);
    where.push(sql`(${members.displayName} ilike ${p} or ${members.email} ilike ${p})`);
  }
  if (f.partnerId) where.push(eq(members.partnerId, f.partnerId));
  if (f.territoryId || f.role) {
    // Filters read roles only inside the caller's scope: a coordinator must not learn, by filtering,
    // which of their members hold roles elsewhere.
    if (f.territoryId && f.scope && !f.scope.includes(f.territoryId)) return { rows: [], total: 0 };
    where.push(
      f.territoryId
        ? holdsRoleIn([f.territoryId], f.role)
        : f.scope
          ? holdsRoleIn(f.scope, f.role)
          : exists(
              sql`(select 1 from ${memberRoles} where ${memberRoles.memberId} = ${members.id} and ${memberRoles.role} = ${f.role})`,
            ),
    );
  }
  if (f.status) where.push(sql`${memberStatusSql} = ${f.status}`);
  const condition = and(...where);
  const [total] = await db.select({ n: count() }).from(members).where(condition);
  const rows = await db
    .select({
      member: members,
      status: memberStatusSql,
      partner: { id: partners.id, name: partners.name, type: partners.type },
    })
    .from(members)
    .innerJoin(partners, eq(partners.id, members.partnerId))
    .where(condition)
    .orderBy(sql`lower(${members.displayName})`, asc(members.email))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: total?.n ?? 0 };
}

export async function findMember(db: Queryable, id: string): Promise<MemberListRow | undefined> {
  const [row] = await db
    .select({
      member: members,
      status: memberStatusSql,
      partner: { id: partners.id, name: partners.name, type: partners.type },
    })
    .from(members)
    .innerJoin(partners, eq(partners.id, members.partnerId))
    .where(eq(members.id, id));
  return row;
}

export type RoleRow = typeof memberRoles.$inferSelect;

export async function rolesOfMembers(db: Queryable, memberIds: string[]): Promise<Map<string, RoleRow[]>> {
  const map = new Map<string, RoleRow[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return map;
  const rows = await db
    .select()
    .from(memberRoles)
    .where(inArray(memberRoles.memberId, memberIds))
    .orderBy(asc(memberRoles.territoryId), asc(memberRoles.role));
  for (const r of rows) map.get(r.memberId)?.push(r);
  return map;
}

/** Instance admins still active, locked until the transaction ends (two admins disabling each other). */
export async function lockActiveAdmins(tx: Queryable): Promise<string[]> {
  const rows = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.isInstanceAdmin, true), isNull(members.disabledAt)))
    .for('update');
  return rows.map((r) => r.id);
}

export async function revokeAllSessions(tx: Queryable, memberId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function oidcLinksOf(db: Queryable, memberId: string) {
  return db
    .select()
    .from(oidcIdentities)
    .where(eq(oidcIdentities.memberId, memberId))
    .orderBy(asc(oidcIdentities.linkedAt));
}

/** For each territory: its current charter version and the latest version this member accepted. */
export async function charterStatusOf(db: Queryable, memberId: string, territoryIds: string[]) {
  if (territoryIds.length === 0) return [];
  const all = await db
    .select({ id: charters.id, territoryId: charters.territoryId, version: charters.version })
    .from(charters)
    .where(inArray(charters.territoryId, territoryIds))
    .orderBy(desc(charters.version));
  const accepted = await db
    .select({
      territoryId: charters.territoryId,
      version: charters.version,
      acceptedAt: charterAcceptances.acceptedAt,
    })
    .from(charterAcceptances)
    .innerJoin(charters, eq(charters.id, charterAcceptances.charterId))
    .where(and(eq(charterAcceptances.memberId, memberId), inArray(charters.territoryId, territoryIds)))
    .orderBy(desc(charters.version));
  return territoryIds.map((territoryId) => {
    const current = all.find((c) => c.territoryId === territoryId) ?? null;
    const last = accepted.find((a) => a.territoryId === territoryId) ?? null;
    return {
      territoryId,
      currentVersion: current?.version ?? null,
      acceptedVersion: last?.version ?? null,
      acceptedAt: last?.acceptedAt ?? null,
      upToDate: current !== null && last?.version === current.version,
    };
  });
}

// ---------------------------------------------------------------------------------------------- sessions

/**
 * The handle shown for a session. The primary key is the SHA-256 of the cookie token: it is never shown,
 * so what an administrator sees (or a member exports) cannot be matched against the sessions table.
 */
export function publicSessionId(sessionId: string): string {
  return sha256(`passerelle:session-handle:${sessionId}`).slice(0, 32);
}

export async function activeSessionsOf(
  db: Queryable,
  memberId: string,
  now: Date,
  idleMs: number,
): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.memberId, memberId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

export async function sessionsOf(db: Queryable, memberId: string): Promise<SessionRow[]> {
  return db.select().from(sessions).where(eq(sessions.memberId, memberId)).orderBy(desc(sessions.createdAt));
}

// ----------------------------------------------------------------------------------------------- charter

export async function currentCharter(db: Queryable, territoryId: string): Promise<CharterRow | undefined> {
  const [row] = await db
    .select()
    .from(charters)
    .where(eq(charters.territoryId, territoryId))
    .orderBy(desc(charters.version))
    .limit(1);
  return row;
}

export async function findAcceptance(db: Queryable, memberId: string, charterId: string) {
  const [row] = await db
    .select()
    .from(charterAcceptances)
    .where(and(eq(charterAcceptances.memberId, memberId), eq(charterAcceptances.charterId, charterId)));
  return row;
}

export async function charterHistory(db: Queryable, territoryId: string) {
  return db
    .select({
      id: charters.id,
      territoryId: charters.territoryId,
      version: charters.version,
      title: charters.title,
      publishedAt: charters.publishedAt,
      acceptances: sql<number>`(select count(*) from ${charterAcceptances} where ${charterAcceptances.charterId} = ${charters.id})::int`,
    })
    .from(charters)
    .where(eq(charters.territoryId, territoryId))
    .orderBy(desc(charters.version));
}

export async function countMembersIn(db: Queryable, territoryId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${memberRoles.memberId})::int` })
    .from(memberRoles)
    .where(eq(memberRoles.territoryId, territoryId));
  return row?.n ?? 0;
}

// ------------------------------------------------------------------------------------------- conventions

/** Convention columns without the document bytes (lists never load the files). */
export const conventionSummaryColumns = {
  id: conventions.id,
  partnerId: conventions.partnerId,
  partnerName: partners.name,
  territoryId: conventions.territoryId,
  title: conventions.title,
  startsOn: conventions.startsOn,
  endsOn: conventions.endsOn,
  signedOn: conventions.signedOn,
  documentName: conventions.documentName,
  documentType: conventions.documentType,
  documentSha256: conventions.documentSha256,
  documentSize: sql<number | null>`octet_length(${conventions.document})`,
  createdAt: conventions.createdAt,
  revokedAt: conventions.revokedAt,
};

export interface ConventionFilter {
  scope: string[] | null;
  partnerId?: string | undefined;
  territoryId?: string | undefined;
  /** SQL condition for the wanted status (computed against today's date). */
  status?: SQL | undefined;
  limit: number;
  offset: number;
}

export async function findConventions(db: Queryable, f: ConventionFilter) {
  const where: SQL[] = [];
  if (f.scope) {
    if (f.scope.length === 0) return { rows: [], total: 0 };
    where.push(inArray(conventions.territoryId, f.scope));
  }
  if (f.partnerId) where.push(eq(conventions.partnerId, f.partnerId));
  if (f.territoryId) where.push(eq(conventions.territoryId, f.territoryId));
  if (f.status) where.push(f.status);
  const condition = and(...where);
  const [total] = await db.select({ n: count() }).from(conventions).where(condition);
  const rows = await db
    .select(conventionSummaryColumns)
    .from(conventions)
    .innerJoin(partners, eq(partners.id, conventions.partnerId))
    .where(condition)
    .orderBy(asc(conventions.endsOn), asc(conventions.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: total?.n ?? 0 };
}

export type ConventionSummaryRow = Awaited<ReturnType<typeof findConventions>>['rows'][number];

export async function findConvention(db: Queryable, id: string): Promise<ConventionSummaryRow | undefined> {
  const [row] = await db
    .select(conventionSummaryColumns)
    .from(conventions)
    .innerJoin(partners, eq(partners.id, conventions.partnerId))
    .where(eq(conventions.id, id));
  return row;
}

export async function findConventionDocument(db: Queryable, id: string) {
  const [row] = await db
    .select({
      territoryId: conventions.territoryId,
      partnerId: conventions.partnerId,
      name: conventions.documentName,
      type: conventions.documentType,
      document: conventions.document,
    })
    .from(conventions)
    .where(eq(conventions.id, id));
  return row;
}

// ----------------------------------------------------------------------------------------- GDPR export

export async function exportRowsOf(db: Queryable, memberId: string) {
  const acceptances = await db
    .select({
      territoryId: charters.territoryId,
      version: charters.version,
      title: charters.title,
      acceptedAt: charterAcceptances.acceptedAt,
    })
    .from(charterAcceptances)
    .innerJoin(charters, eq(charters.id, charterAcceptances.charterId))
    .where(eq(charterAcceptances.memberId, memberId))
    .orderBy(asc(charterAcceptances.acceptedAt));
  const links = await db
    .select({
      purpose: authTokens.purpose,
      createdAt: authTokens.createdAt,
      expiresAt: authTokens.expiresAt,
      usedAt: authTokens.usedAt,
    })
    .from(authTokens)
    .where(eq(authTokens.memberId, memberId))
    .orderBy(asc(authTokens.createdAt));
  const codes = await db
    .select({ createdAt: recoveryCodes.createdAt, usedAt: recoveryCodes.usedAt })
    .from(recoveryCodes)
    .where(eq(recoveryCodes.memberId, memberId))
    .orderBy(asc(recoveryCodes.createdAt));
  const events = await db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      action: auditEvents.action,
      territoryId: auditEvents.territoryId,
      role: auditEvents.actorRole,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      outcome: auditEvents.outcome,
      requestId: auditEvents.requestId,
    })
    .from(auditEvents)
    .where(eq(auditEvents.actorMemberId, memberId))
    .orderBy(asc(auditEvents.seq));
  return { acceptances, links, codes, events };
}
