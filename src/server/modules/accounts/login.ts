import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../contracts/access';
import type { LoginNext } from '../../../contracts/auth';
import { members, sessions } from '../../db/schema/access';
import { createSession, needsSecondFactor, type NewSession } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { burnPasswordCheck, verifyPassword } from '../../platform/passwords';
import { rolesOf, type MemberRow } from './actor.repository';

export interface LoginInput {
  email: string;
  password: string;
  userAgent: string | undefined;
  requestId: string;
}

/** What comes after the first factor for this member. */
export function nextStep(member: MemberRow, roles: { role: Role }[]): LoginNext {
  if (!needsSecondFactor(member, roles)) return 'done';
  return member.totpEnabledAt ? 'second_factor' : 'enrol_second_factor';
}

/**
 * First factor. Every failure answers the same LOGIN_FAILED (unknown address, wrong password) so the
 * answer does not tell which addresses have accounts; repeated failures lock the account for a while.
 */
export async function loginWithPassword(
  app: FastifyInstance,
  input: LoginInput,
): Promise<{ session: NewSession; next: LoginNext }> {
  const db = app.database.db;
  const now = app.now();
  const email = input.email.trim().toLowerCase();
  const [member] = await db.select().from(members).where(eq(members.email, email));
  if (!member || !member.passwordHash) {
    await burnPasswordCheck(input.password);
    throw new AppError('unauthenticated', 'LOGIN_FAILED');
  }
  if (member.lockedUntil && member.lockedUntil > now) {
    throw new AppError('rate_limited', 'ACCOUNT_LOCKED');
  }
  const ok = await verifyPassword(member.passwordHash, input.password);
  if (!ok) {
    await recordFailure(app, member.id, input.requestId);
    throw new AppError('unauthenticated', 'LOGIN_FAILED');
  }
  if (member.disabledAt) throw new AppError('forbidden', 'ACCOUNT_DISABLED');
  const roles = await rolesOf(db, member.id);
  const next = nextStep(member, roles);
  const session = await db.transaction(async (tx) => {
    // Checked again under the row lock: attempts sent in parallel all passed the first check before the
    // lock was set, and a right guess among them must not get through.
    const [fresh] = await tx
      .select({ lockedUntil: members.lockedUntil })
      .from(members)
      .where(eq(members.id, member.id))
      .for('update');
    if (fresh?.lockedUntil && fresh.lockedUntil > now) throw new AppError('rate_limited', 'ACCOUNT_LOCKED');
    await tx
      .update(members)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now, inactivityWarnedAt: null })
      .where(eq(members.id, member.id));
    const created = await createSession(tx, {
      memberId: member.id,
      method: 'password',
      secondFactor: false,
      userAgent: input.userAgent,
      now,
      absoluteHours: app.config.SESSION_ABSOLUTE_HOURS,
    });
    await app.audit(tx, {
      action: 'auth.login',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId: input.requestId,
    });
    return created;
  });
  return { session, next };
}

/** Counts a failed first or second factor; past the limit the account is locked for a while. */
export async function recordFailure(
  app: FastifyInstance,
  memberId: string,
  requestId: string,
): Promise<void> {
  const { LOGIN_MAX_FAILURES: max, LOGIN_LOCKOUT_MINUTES: minutes } = app.config;
  const lockUntil = new Date(app.now().getTime() + minutes * 60_000);
  await app.database.db.transaction(async (tx) => {
    // One statement: concurrent failures cannot both read the same count and skip the lock.
    const [row] = await tx
      .update(members)
      .set({
        failedLogins: sql`CASE WHEN ${members.failedLogins} + 1 >= ${max} THEN 0 ELSE ${members.failedLogins} + 1 END`,
        lockedUntil: sql`CASE WHEN ${members.failedLogins} + 1 >= ${max} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${members.lockedUntil} END`,
      })
      .where(eq(members.id, memberId))
      .returning({ partnerId: members.partnerId, lockedUntil: members.lockedUntil });
    await app.audit(tx, {
      action:
        row?.lockedUntil && row.lockedUntil.getTime() === lockUntil.getTime()
          ? 'auth.locked'
          : 'auth.login_failed',
      actorMemberId: memberId,
      actorPartnerId: row?.partnerId ?? null,
      subjectType: 'member',
      subjectId: memberId,
      outcome: 'denied',
      requestId,
    });
  });
}

/** Ends one session (logout) or all of a member's sessions (logout everywhere, password change). */
export async function revokeSessions(
  app: FastifyInstance,
  opts: { memberId: string; sessionId?: string; actorPartnerId: string; requestId: string },
): Promise<number> {
  const now = app.now();
  return app.database.db.transaction(async (tx) => {
    const where = opts.sessionId
      ? and(eq(sessions.memberId, opts.memberId), eq(sessions.id, opts.sessionId), isNull(sessions.revokedAt))
      : and(eq(sessions.memberId, opts.memberId), isNull(sessions.revokedAt));
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(where)
      .returning({ id: sessions.id });
    await app.audit(tx, {
      action: opts.sessionId ? 'auth.logout' : 'auth.logout_all',
      actorMemberId: opts.memberId,
      actorPartnerId: opts.actorPartnerId,
      subjectType: 'member',
      subjectId: opts.memberId,
      requestId: opts.requestId,
    });
    return revoked.length;
  });
}
