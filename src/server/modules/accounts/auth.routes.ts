import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONFIDENTIAL_BLOCK_LABELS, ROLE_LABELS } from '../../../contracts/access';
import {
  csrfResponseSchema,
  loginBodySchema,
  loginResponseSchema,
  meResponseSchema,
  ownSessionsResponseSchema,
  totpCodeBodySchema,
  totpEnableBodySchema,
  totpEnableResponseSchema,
  totpSetupResponseSchema,
} from '../../../contracts/auth';
import { partners, sessions } from '../../db/schema/access';
import { territories } from '../../db/schema/territories';
import {
  clearSessionCookie,
  needsSecondFactor,
  requireActor,
  requirePartialSession,
  setSessionCookie,
} from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { can } from '../../platform/policy';
import { publicSessionId } from '../admin/admin.repository';
import { loginWithPassword, revokeSessions } from './login';
import { enableTotp, startTotpEnrolment, verifySecondFactor } from './second-factor';

const TAG = ['Comptes et connexion'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const loginRate = { max: app.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' };

  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: loginRate },
      schema: {
        tags: TAG,
        summary: 'Connexion par e-mail et mot de passe (premier facteur)',
        body: loginBodySchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (req, reply) => {
      const { session, next } = await loginWithPassword(app, {
        ...req.body,
        userAgent: req.headers['user-agent'],
        requestId: req.id,
      });
      setSessionCookie(app, reply, session.token);
      return { next, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    {
      schema: {
        tags: TAG,
        summary: 'Commencer l’activation de la double authentification (secret et QR code)',
        response: { 200: totpSetupResponseSchema },
      },
    },
    async (req) => {
      const { member } = requirePartialSession(req);
      return startTotpEnrolment(app, member, req.id);
    },
  );

  app.post(
    '/api/v1/auth/totp/enable',
    {
      config: { rateLimit: loginRate },
      schema: {
        tags: TAG,
        summary: 'Confirmer la double authentification avec un premier code',
        body: totpEnableBodySchema,
        response: { 200: totpEnableResponseSchema },
      },
    },
    async (req, reply) => {
      const { member, session } = requirePartialSession(req);
      const result = await enableTotp(app, member, session, req.body.code, req.id);
      setSessionCookie(app, reply, result.token);
      return { csrfToken: result.csrfToken, recoveryCodes: result.recoveryCodes };
    },
  );

  app.post(
    '/api/v1/auth/totp/verify',
    {
      config: { rateLimit: loginRate },
      schema: {
        tags: TAG,
        summary: 'Second facteur : code de l’application ou code de secours',
        body: totpCodeBodySchema,
        response: { 200: csrfResponseSchema },
      },
    },
    async (req, reply) => {
      const { member, session } = requirePartialSession(req);
      const result = await verifySecondFactor(app, member, session, req.body, req.id);
      setSessionCookie(app, reply, result.token);
      return { csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: TAG, summary: 'Se déconnecter' } },
    async (req, reply) => {
      const { member, session } = requirePartialSession(req);
      await revokeSessions(app, {
        memberId: member.id,
        sessionId: session.id,
        actorPartnerId: member.partnerId,
        requestId: req.id,
      });
      clearSessionCookie(app, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    { schema: { tags: TAG, summary: 'Se déconnecter de tous les appareils' } },
    async (req, reply) => {
      const actor = requireActor(req);
      await revokeSessions(app, {
        memberId: actor.memberId,
        actorPartnerId: actor.partnerId,
        requestId: req.id,
      });
      clearSessionCookie(app, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: TAG,
        summary: 'Le membre connecté : rôles, double authentification, accès aux données confidentielles',
        response: { 200: meResponseSchema },
      },
    },
    async (req) => {
      const { actor, member, session } = requirePartialSession(req);
      const db = app.database.db;
      const [partner] = await db.select().from(partners).where(eq(partners.id, member.partnerId));
      if (!partner) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
      const territoryIds = [...new Set(actor.roles.map((r) => r.territoryId))];
      const names = territoryIds.length
        ? await db
            .select({ id: territories.id, name: territories.name })
            .from(territories)
            .where(inArray(territories.id, territoryIds))
        : [];
      const nameOf = new Map(names.map((t) => [t.id, t.name]));
      return {
        member: {
          id: member.id,
          displayName: member.displayName,
          email: member.email,
          jobTitle: member.jobTitle,
          isInstanceAdmin: member.isInstanceAdmin,
          partner: { id: partner.id, name: partner.name, type: partner.type },
        },
        roles: actor.roles.map((r) => ({
          ...r,
          territoryName: nameOf.get(r.territoryId) ?? r.territoryId,
          roleLabel: ROLE_LABELS[r.role],
        })),
        secondFactor: {
          enabled: member.totpEnabledAt !== null,
          verified: actor.secondFactor,
          required: needsSecondFactor(member, actor.roles),
        },
        access: territoryIds.map((territoryId) => {
          const decision = can(actor, 'territory.confidential.read', { territoryId });
          const blocks = [...(actor.blocks[territoryId] ?? [])];
          if (!actor.secondFactor && !blocks.includes('second_factor_missing'))
            blocks.unshift('second_factor_missing');
          return {
            territoryId,
            confidential: decision.allowed,
            blocks: decision.allowed
              ? []
              : blocks.map((code) => ({ code, message: CONFIDENTIAL_BLOCK_LABELS[code] })),
          };
        }),
        csrfToken: session.csrfToken,
        session: { method: session.method, expiresAt: session.expiresAt.toISOString() },
      };
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      schema: {
        tags: TAG,
        summary: 'Mes sessions actives',
        response: { 200: ownSessionsResponseSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await app.database.db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.memberId, actor.memberId),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, app.now()),
          ),
        )
        .orderBy(desc(sessions.lastSeenAt));
      const idleLimit = app.now().getTime() - app.config.SESSION_IDLE_MINUTES * 60_000;
      return {
        sessions: rows
          .filter((s) => s.lastSeenAt.getTime() >= idleLimit)
          .map((s) => ({
            id: publicSessionId(s.id),
            method: s.method,
            userAgent: s.userAgent,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            expiresAt: s.expiresAt.toISOString(),
            current: s.id === actor.sessionId,
          })),
      };
    },
  );

  app.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      schema: {
        tags: TAG,
        summary: 'Fermer une de mes sessions',
        params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // The list shows handles, never the stored key (the hash of the cookie token): find the session back.
      const mine = await app.database.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.memberId, actor.memberId), isNull(sessions.revokedAt)));
      const target = mine.find((s) => publicSessionId(s.id) === req.params.sessionId);
      if (!target) throw new AppError('not_found', 'NOT_FOUND');
      await revokeSessions(app, {
        memberId: actor.memberId,
        sessionId: target.id,
        actorPartnerId: actor.partnerId,
        requestId: req.id,
      });
      if (target.id === actor.sessionId) clearSessionCookie(app, reply);
      return reply.status(204).send();
    },
  );
};
