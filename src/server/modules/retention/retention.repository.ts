import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { authTokens, members, oidcIdentities, sessions } from '../../db/schema/access';
import type { Tx } from './context';
import type { InactivityCutoffs } from './inactivity.policy';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * A member's last sign of life: last login (password or OpenID Connect), else the account's creation or
 * its latest invitation still on record, so a member invited again recently is not taken for inactive.
 */
const lastActivity = sql`greatest(
  ${members.lastLoginAt},
  ${members.createdAt},
  (select max(${authTokens.createdAt}) from ${authTokens}
    where ${authTokens.memberId} = ${members.id} and ${authTokens.purpose} = 'invitation'),
  (select max(${oidcIdentities.lastLoginAt}) from ${oidcIdentities}
    where ${oidcIdentities.memberId} = ${members.id})
)`;

/**
 * Inactive and not warned since their last activity. A warning older than the last activity counts as
 * cleared even if the login code did not reset it, so a member who came back and left again is warned anew.
 */
function isWarnable(c: InactivityCutoffs): SQL | undefined {
  return and(
    isNull(members.disabledAt),
    sql`${lastActivity} <= ${at(c.inactiveBefore)}`,
    or(isNull(members.inactivityWarnedAt), sql`${members.inactivityWarnedAt} < ${lastActivity}`),
  );
}

/** Warned, the grace period over, and no activity since the warning. */
function isDisableable(c: InactivityCutoffs): SQL | undefined {
  return and(
    isNull(members.disabledAt),
    isNotNull(members.inactivityWarnedAt),
    sql`${members.inactivityWarnedAt} <= ${at(c.warnedBefore)}`,
    sql`${lastActivity} <= ${members.inactivityWarnedAt}`,
    sql`${lastActivity} <= ${at(c.inactiveBefore)}`,
  );
}

/** Members to disable, the longest inactive first (so the last administrator kept is the latest seen). */
export async function findMembersToDisable(
  db: Db,
  c: InactivityCutoffs,
): Promise<{ id: string; isInstanceAdmin: boolean }[]> {
  return db
    .select({ id: members.id, isInstanceAdmin: members.isInstanceAdmin })
    .from(members)
    .where(isDisableable(c))
    .orderBy(asc(lastActivity), asc(members.id));
}

export async function findMembersToWarn(db: Db, c: InactivityCutoffs): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(isWarnable(c))
    .orderBy(asc(members.id));
  return rows.map((r) => r.id);
}

/** Active instance administrators, locked until the end of the transaction (see decideAdminDisabling). */
export async function lockActiveAdminIds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.isInstanceAdmin, true), isNull(members.disabledAt)))
    .orderBy(asc(members.id))
    .for('update');
  return rows.map((r) => r.id);
}

/** Disables the member if still eligible when the row is written (a login may have come in between). */
export async function disableIfStillInactive(
  tx: Tx,
  memberId: string,
  c: InactivityCutoffs,
  now: Date,
  reason: string,
): Promise<boolean> {
  const rows = await tx
    .update(members)
    .set({ disabledAt: now, disabledReason: reason })
    .where(and(eq(members.id, memberId), isDisableable(c)))
    .returning({ id: members.id });
  return rows.length > 0;
}

export async function revokeOpenSessions(tx: Tx, memberId: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt)));
}

/** Marks the member warned if still eligible; returns where to write to them, or null if no longer due. */
export async function claimInactivityWarning(
  tx: Tx,
  memberId: string,
  c: InactivityCutoffs,
  now: Date,
): Promise<{ email: string; displayName: string } | null> {
  const [row] = await tx
    .update(members)
    .set({ inactivityWarnedAt: now })
    .where(and(eq(members.id, memberId), isWarnable(c)))
    .returning({ email: members.email, displayName: members.displayName });
  return row ?? null;
}

/** Takes back a warning that could not be sent, unless something else changed it meanwhile. */
export async function withdrawInactivityWarning(tx: Tx, memberId: string, warnedAt: Date): Promise<boolean> {
  const rows = await tx
    .update(members)
    .set({ inactivityWarnedAt: null })
    .where(and(eq(members.id, memberId), eq(members.inactivityWarnedAt, warnedAt)))
    .returning({ id: members.id });
  return rows.length > 0;
}

/** Deletes up to `limit` sessions that expired or were revoked before `before`; returns their members. */
export async function deleteOldSessions(tx: Tx, before: Date, limit: number): Promise<string[]> {
  const batch = tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(or(sql`${sessions.expiresAt} < ${at(before)}`, sql`${sessions.revokedAt} < ${at(before)}`))
    .limit(limit);
  const rows = await tx
    .delete(sessions)
    .where(inArray(sessions.id, batch))
    .returning({ memberId: sessions.memberId });
  return rows.map((r) => r.memberId);
}

/** Deletes up to `limit` e-mail links used or expired before `before`; returns their members. */
export async function deleteOldAuthTokens(tx: Tx, before: Date, limit: number): Promise<string[]> {
  const batch = tx
    .select({ id: authTokens.id })
    .from(authTokens)
    .where(or(sql`${authTokens.usedAt} < ${at(before)}`, sql`${authTokens.expiresAt} < ${at(before)}`))
    .limit(limit);
  const rows = await tx
    .delete(authTokens)
    .where(inArray(authTokens.id, batch))
    .returning({ memberId: authTokens.memberId });
  return rows.map((r) => r.memberId);
}
