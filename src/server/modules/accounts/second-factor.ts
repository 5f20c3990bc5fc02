import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { members, recoveryCodes, sessions } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { randomToken, sha256 } from '../../platform/secrets';
import type { MemberRow, SessionRow } from './actor.repository';
import { recordFailure } from './login';

const ISSUER = 'Passerelle';
const PERIOD = 30;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/**
 * The time step a code belongs to, or null. One step of drift either way is accepted (phone clocks), and
 * a step already used is refused, so an overheard code cannot be replayed.
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  now: Date,
  lastStep: number | null,
): number | null {
  const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** Recovery codes are random, so SHA-256 suffices; shown once, formatted for reading aloud. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const raw = randomBytes(5).toString('hex').toUpperCase();
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

const normaliseRecovery = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/** Starts (or restarts) enrolment: a new secret, pending until a first code proves the phone has it. */
export async function startTotpEnrolment(app: FastifyInstance, member: MemberRow, requestId: string) {
  if (member.totpEnabledAt) throw new AppError('conflict', 'SECOND_FACTOR_ALREADY_ENABLED');
  const secret = new Secret({ size: 20 }).base32;
  await app.database.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({ totpSecret: app.secretBox.seal(secret) })
      .where(eq(members.id, member.id));
    await app.audit(tx, {
      action: 'auth.second_factor_setup',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId,
    });
  });
  const otpauthUri = totpFor(secret, member.email).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrSvg };
}

/**
 * The session is upgraded under a NEW token (the old one is revoked): a token observed before the second
 * factor must not become a fully privileged session (session fixation).
 */
async function upgradeSession(
  tx: Parameters<Parameters<FastifyInstance['database']['db']['transaction']>[0]>[0],
  session: SessionRow,
  now: Date,
) {
  const token = randomToken();
  const csrfToken = randomToken();
  await tx.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, session.id));
  await tx.insert(sessions).values({
    ...session,
    id: sha256(token),
    csrfToken,
    secondFactorAt: now,
    lastSeenAt: now,
    revokedAt: null,
  });
  return { token, csrfToken };
}

/** Confirms enrolment with a first code: TOTP on, ten recovery codes, session upgraded. */
export async function enableTotp(
  app: FastifyInstance,
  member: MemberRow,
  session: SessionRow,
  code: string,
  requestId: string,
) {
  if (member.totpEnabledAt) throw new AppError('conflict', 'SECOND_FACTOR_ALREADY_ENABLED');
  if (!member.totpSecret) throw new AppError('conflict', 'SECOND_FACTOR_ENROLMENT_REQUIRED');
  const now = app.now();
  const step = matchTotp(app.secretBox.open(member.totpSecret), code, now, null);
  if (step === null) {
    await recordFailure(app, member.id, requestId);
    throw new AppError('invalid', 'SECOND_FACTOR_INVALID');
  }
  const codes = newRecoveryCodes();
  const upgraded = await app.database.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({ totpEnabledAt: now, totpLastStep: step, failedLogins: 0 })
      .where(eq(members.id, member.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.memberId, member.id));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ memberId: member.id, codeHash: sha256(normaliseRecovery(c)) })));
    const result = await upgradeSession(tx, session, now);
    await app.audit(tx, {
      action: 'auth.second_factor_enabled',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId,
    });
    return result;
  });
  return { ...upgraded, recoveryCodes: codes };
}

/** Second step of a login: a TOTP code, or one of the recovery codes (each usable once). */
export async function verifySecondFactor(
  app: FastifyInstance,
  member: MemberRow,
  session: SessionRow,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  requestId: string,
) {
  if (!member.totpEnabledAt || !member.totpSecret) {
    throw new AppError('conflict', 'SECOND_FACTOR_ENROLMENT_REQUIRED');
  }
  const sealedSecret = member.totpSecret;
  const now = app.now();
  if (member.lockedUntil && member.lockedUntil > now) throw new AppError('rate_limited', 'ACCOUNT_LOCKED');
  const db = app.database.db;
  const result = await db.transaction(async (tx) => {
    // Under the row lock, like the password check: parallel guesses cannot outrun the lockout.
    const [fresh] = await tx
      .select({ lockedUntil: members.lockedUntil })
      .from(members)
      .where(eq(members.id, member.id))
      .for('update');
    if (fresh?.lockedUntil && fresh.lockedUntil > now) return 'locked' as const;
    let action = 'auth.second_factor';
    if (input.code) {
      const step = matchTotp(app.secretBox.open(sealedSecret), input.code, now, member.totpLastStep);
      if (step === null) return null;
      // Conditional on the step seen: two concurrent requests with the same code cannot both pass.
      const moved = await tx
        .update(members)
        .set({ totpLastStep: step, failedLogins: 0 })
        .where(
          and(
            eq(members.id, member.id),
            member.totpLastStep === null
              ? isNull(members.totpLastStep)
              : eq(members.totpLastStep, member.totpLastStep),
          ),
        )
        .returning({ id: members.id });
      if (moved.length === 0) return null;
    } else if (input.recoveryCode) {
      const used = await tx
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCodes.memberId, member.id),
            eq(recoveryCodes.codeHash, sha256(normaliseRecovery(input.recoveryCode))),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      if (used.length === 0) return null;
      action = 'auth.recovery_code_used';
      await tx.update(members).set({ failedLogins: 0 }).where(eq(members.id, member.id));
    } else {
      return null;
    }
    const upgraded = await upgradeSession(tx, session, now);
    await app.audit(tx, {
      action,
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId,
    });
    return upgraded;
  });
  if (result === 'locked') throw new AppError('rate_limited', 'ACCOUNT_LOCKED');
  if (!result) {
    await recordFailure(app, member.id, requestId);
    throw new AppError('invalid', 'SECOND_FACTOR_INVALID');
  }
  return result;
}
