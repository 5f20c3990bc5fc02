import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptInvitationResponseSchema,
  invitationPreviewSchema,
  invitationSentResponseSchema,
  inviteMemberBodySchema,
  memberIdParamsSchema,
  passwordResetRequestBodySchema,
  passwordResetRequestedSchema,
  setPasswordBodySchema,
  tokenParamsSchema,
} from '../../../contracts/onboarding';
import { requireActor, setSessionCookie } from '../../platform/auth';
import { acceptInvitation, previewInvitation } from './accept-invitation';
import { inviteMember, resendInvitation, type OnboardingContext } from './invite-member';
import { confirmPasswordReset, requestPasswordReset } from './reset-password';

/** Per client address: each call may send an e-mail or test a link, so guessing and spamming stay slow. */
const RESET_RATE_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

function contextOf(app: FastifyInstance, req: FastifyRequest): OnboardingContext {
  return {
    db: app.database.db,
    now: app.now(),
    config: app.config,
    audit: (tx, event) => app.audit(tx, event),
    mailer: app.mailer,
    log: req.log,
    requestId: req.id,
  };
}

export const onboardingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/members/invitations',
    {
      schema: {
        tags: ['Comptes'],
        summary: 'Inviter une personne par e-mail (coordinateur du territoire ou administrateur)',
        body: inviteMemberBodySchema,
        response: { 201: invitationSentResponseSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await inviteMember(contextOf(app, req), actor, req.body));
    },
  );

  app.post(
    '/api/v1/members/:id/invitations',
    {
      schema: {
        tags: ['Comptes'],
        summary: 'Renvoyer l’invitation d’un membre qui n’a pas encore activé son compte',
        params: memberIdParamsSchema,
        response: { 201: invitationSentResponseSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await resendInvitation(contextOf(app, req), actor, req.params.id));
    },
  );

  app.get(
    '/api/v1/onboarding/invitations/:token',
    {
      // The token is in the path, which request logs keep: this route logs warnings and errors only.
      logLevel: 'warn',
      schema: {
        tags: ['Comptes'],
        summary: 'Pour qui est ce lien d’invitation (avant de choisir un mot de passe)',
        params: tokenParamsSchema,
        response: { 200: invitationPreviewSchema },
      },
    },
    async (req) => previewInvitation(contextOf(app, req), req.params.token),
  );

  app.post(
    '/api/v1/onboarding/invitations/accept',
    {
      schema: {
        tags: ['Comptes'],
        summary: 'Accepter une invitation : choisir son mot de passe et ouvrir une session',
        body: setPasswordBodySchema,
        response: { 200: acceptInvitationResponseSchema },
      },
    },
    async (req, reply) => {
      const { session, next } = await acceptInvitation(contextOf(app, req), {
        ...req.body,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(app, reply, session.token);
      return { next, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/onboarding/password-reset',
    {
      config: RESET_RATE_LIMIT,
      schema: {
        tags: ['Comptes'],
        summary: 'Demander un lien pour choisir un nouveau mot de passe',
        body: passwordResetRequestBodySchema,
        response: { 202: passwordResetRequestedSchema },
      },
    },
    async (req, reply) => reply.status(202).send(await requestPasswordReset(contextOf(app, req), req.body)),
  );

  app.post(
    '/api/v1/onboarding/password-reset/confirm',
    {
      config: RESET_RATE_LIMIT,
      schema: {
        tags: ['Comptes'],
        summary: 'Choisir un nouveau mot de passe avec le lien reçu (ferme toutes les sessions)',
        body: setPasswordBodySchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await confirmPasswordReset(contextOf(app, req), req.body);
      return reply.status(204).send(null);
    },
  );
};
