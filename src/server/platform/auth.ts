import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { ROLES_SEEING_SITUATIONS, type Role } from '../../contracts/access';
import type { Db } from '../db/client';
import { sessions } from '../db/schema/access';
import { loadActor, type MemberRow, type SessionRow } from '../modules/accounts/actor.repository';
import { AppError } from './errors';
import type { Actor } from './policy';
import { randomToken, safeEqual, sha256 } from './secrets';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, or null. Loaded once per request from the session cookie. */
    actor: Actor | null;
    session: SessionRow | null;
    member: MemberRow | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(production: boolean): string {
  // The __Host- prefix makes browsers refuse the cookie unless Secure, host-only and Path=/.
  return production ? '__Host-passerelle' : 'passerelle_session';
}

/** Every role that can see situations must pass a second factor (and so must instance admins). */
export function needsSecondFactor(
  member: Pick<MemberRow, 'isInstanceAdmin'>,
  roles: { role: Role }[],
): boolean {
  return member.isInstanceAdmin || roles.some((r) => ROLES_SEEING_SITUATIONS.includes(r.role));
}

export interface NewSession {
  token: string;
  csrfToken: string;
  id: string;
}

type Tx = Pick<Db, 'insert'>;

/** Opens a session (first factor done); the cookie carries the token, the database only its hash. */
export async function createSession(
  tx: Tx,
  opts: {
    memberId: string;
    method: SessionRow['method'];
    secondFactor: boolean;
    userAgent: string | undefined;
    now: Date;
    absoluteHours: number;
  },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const id = sha256(token);
  await tx.insert(sessions).values({
    id,
    memberId: opts.memberId,
    method: opts.method,
    secondFactorAt: opts.secondFactor ? opts.now : null,
    csrfToken,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
    createdAt: opts.now,
    lastSeenAt: opts.now,
    expiresAt: new Date(opts.now.getTime() + opts.absoluteHours * 3_600_000),
  });
  return { token, csrfToken, id };
}

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  const production = app.config.NODE_ENV === 'production';
  reply.setCookie(sessionCookieName(production), token, {
    httpOnly: true,
    secure: production,
    sameSite: 'lax',
    path: '/',
    maxAge: app.config.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(app.config.NODE_ENV === 'production'), { path: '/' });
}

/**
 * Sessions and CSRF. Sessions live in the database (idle and absolute expiry, revocable). State-changing
 * requests of a signed-in member must echo the session's CSRF token in `x-csrf-token`; requests without a
 * session must be JSON, which a cross-site form cannot send without a CORS preflight we never grant.
 */
export async function registerAuth(app: FastifyInstance, now: () => Date): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('member', null);
  const cookieName = sessionCookieName(app.config.NODE_ENV === 'production');
  const idleMs = app.config.SESSION_IDLE_MINUTES * 60_000;

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[cookieName];
    if (token) {
      const at = now();
      const loaded = await loadActor(app.database.db, sha256(token), at, idleMs);
      if (loaded) {
        req.actor = loaded.actor;
        req.session = loaded.session;
        req.member = loaded.member;
        // Touch at most once a minute: idle expiry needs no finer clock, and reads stay reads.
        if (at.getTime() - loaded.session.lastSeenAt.getTime() > 60_000) {
          await app.database.db
            .update(sessions)
            .set({ lastSeenAt: at })
            .where(eq(sessions.id, loaded.session.id));
        }
      }
    }
    if (!UNSAFE.has(req.method)) return;
    if (req.session) {
      const given = req.headers['x-csrf-token'];
      if (typeof given !== 'string' || !safeEqual(given, req.session.csrfToken)) {
        throw new AppError('forbidden', 'CSRF_INVALID');
      }
    } else {
      const type = req.headers['content-type'] ?? '';
      const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
      if (
        (hasBody || req.headers['transfer-encoding']) &&
        !/^application\/json\b/i.test(type) &&
        !/^multipart\/form-data\b/i.test(type)
      ) {
        throw new AppError('forbidden', 'CSRF_INVALID');
      }
    }
  });
}

/** The signed-in member with a complete session (second factor passed where required). */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor || !req.member || !req.session) throw new AppError('unauthenticated', 'UNAUTHENTICATED');
  if (!req.actor.secondFactor && needsSecondFactor(req.member, req.actor.roles)) {
    throw new AppError(
      'unauthenticated',
      req.member.totpEnabledAt ? 'SECOND_FACTOR_REQUIRED' : 'SECOND_FACTOR_ENROLMENT_REQUIRED',
    );
  }
  return req.actor;
}

/** A session that passed the first factor only: enough to enrol or check the second factor. */
export function requirePartialSession(req: FastifyRequest): {
  actor: Actor;
  member: MemberRow;
  session: SessionRow;
} {
  if (!req.actor || !req.member || !req.session) throw new AppError('unauthenticated', 'UNAUTHENTICATED');
  return { actor: req.actor, member: req.member, session: req.session };
}
