import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ConfidentialBlock } from '../../../contracts/access';
import type { Db } from '../../db/client';
import {
  charterAcceptances,
  charters,
  conventions,
  memberRoles,
  members,
  partners,
  partnerTerritories,
  sessions,
} from '../../db/schema/access';
import type { Actor, ActorRole } from '../../platform/policy';

export type SessionRow = typeof sessions.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

/** Calendar day in Paris: a convention "ending on the 30th" is valid all of the 30th, French time. */
export function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/**
 * What keeps each territory's confidential data closed for this member: the current charter not accepted,
 * no valid convention for their partner. Computed per request, so a lapsed convention cuts access at once.
 */
export async function accessBlocks(
  db: Db,
  member: Pick<MemberRow, 'id' | 'partnerId'>,
  territoryIds: string[],
  now: Date,
): Promise<Record<string, ConfidentialBlock[]>> {
  const blocks: Record<string, ConfidentialBlock[]> = {};
  if (territoryIds.length === 0) return blocks;
  const charterRows = await db
    .select({ id: charters.id, territoryId: charters.territoryId, version: charters.version })
    .from(charters)
    .where(inArray(charters.territoryId, territoryIds))
    .orderBy(desc(charters.version));
  const accepted = new Set(
    (
      await db
        .select({ charterId: charterAcceptances.charterId })
        .from(charterAcceptances)
        .where(eq(charterAcceptances.memberId, member.id))
    ).map((r) => r.charterId),
  );
  const conventionRows = await db
    .select({
      territoryId: conventions.territoryId,
      startsOn: conventions.startsOn,
      endsOn: conventions.endsOn,
    })
    .from(conventions)
    .where(
      and(
        eq(conventions.partnerId, member.partnerId),
        inArray(conventions.territoryId, territoryIds),
        isNull(conventions.revokedAt),
      ),
    );
  const [partner] = await db
    .select({ archivedAt: partners.archivedAt })
    .from(partners)
    .where(eq(partners.id, member.partnerId));
  const linked = new Set(
    (
      await db
        .select({ territoryId: partnerTerritories.territoryId })
        .from(partnerTerritories)
        .where(eq(partnerTerritories.partnerId, member.partnerId))
    ).map((r) => r.territoryId),
  );
  const today = parisToday(now);
  for (const t of territoryIds) {
    const list: ConfidentialBlock[] = [];
    // An archived partner, or one no longer working in the territory, takes its members' access with it.
    if (!partner || partner.archivedAt || !linked.has(t)) list.push('partner_inactive');
    const current = charterRows.find((c) => c.territoryId === t);
    if (!current) list.push('no_charter');
    else if (!accepted.has(current.id)) list.push('charter_not_accepted');
    const mine = conventionRows.filter((c) => c.territoryId === t);
    if (!mine.some((c) => c.startsOn <= today && today <= c.endsOn)) {
      list.push(mine.some((c) => c.endsOn < today) ? 'convention_expired' : 'convention_missing');
    }
    blocks[t] = list;
  }
  return blocks;
}

export async function rolesOf(db: Db, memberId: string): Promise<ActorRole[]> {
  return db
    .select({
      territoryId: memberRoles.territoryId,
      role: memberRoles.role,
      infoCategory: memberRoles.infoCategory,
    })
    .from(memberRoles)
    .where(eq(memberRoles.memberId, memberId));
}

/** The actor behind a session, or null when the session is unknown, revoked, expired or the member disabled. */
export async function loadActor(
  db: Db,
  sessionId: string,
  now: Date,
  idleMs: number,
): Promise<{ actor: Actor; session: SessionRow; member: MemberRow } | null> {
  const [found] = await db
    .select({ session: sessions, member: members })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(eq(sessions.id, sessionId));
  if (!found) return null;
  const { session, member } = found;
  if (session.revokedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > idleMs) return null;
  if (member.disabledAt) return null;
  const roles = await rolesOf(db, member.id);
  const territoryIds = [...new Set(roles.map((r) => r.territoryId))];
  const actor: Actor = {
    memberId: member.id,
    partnerId: member.partnerId,
    sessionId: session.id,
    displayName: member.displayName,
    email: member.email,
    isInstanceAdmin: member.isInstanceAdmin,
    roles,
    secondFactor: session.secondFactorAt !== null,
    blocks: await accessBlocks(db, member, territoryIds, now),
  };
  return { actor, session, member };
}
