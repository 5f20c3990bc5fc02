import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OIDC_PROVIDERS } from '../../../contracts/access';
import { setSessionCookie } from '../../platform/auth';
import { OidcClients, PendingLoginSealer } from '../../platform/oidc';
import { completeOidcLogin, listOidcProviders, startOidcLogin, type OidcContext } from './oidc-login';

const providerParams = z.object({ provider: z.enum(OIDC_PROVIDERS) });

const providersResponse = z.object({
  providers: z.array(z.object({ id: z.enum(OIDC_PROVIDERS), label: z.string(), startUrl: z.string() })),
});

/**
 * The pending login (state, nonce, PKCE verifier) travels in a sealed cookie rather than a table: it
 * survives a restart and several instances without a store to purge, and the schema has no place for it.
 * HttpOnly so scripts never see it; SameSite=Lax because the provider sends the browser back with a
 * top-level cross-site GET, which Strict would strip; 10 minutes, the time a person needs to log in.
 */
function pendingCookieName(production: boolean): string {
  return production ? '__Host-passerelle_oidc' : 'passerelle_oidc';
}

export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  // Plugin-scoped: discovery results are cached for the life of the app.
  const clients = new OidcClients(app.config);
  const sealer = new PendingLoginSealer(app.secretKey);
  const production = app.config.NODE_ENV === 'production';
  const cookieName = pendingCookieName(production);
  const loginRate = { rateLimit: { max: app.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  const context = (req: FastifyRequest): OidcContext => ({
    db: app.database.db,
    config: app.config,
    clients,
    sealer,
    now: app.now(),
    audit: app.audit,
    log: req.log,
    requestId: req.id,
    userAgent: req.headers['user-agent'],
  });
  const cookieOptions = (maxAge: number) =>
    ({ httpOnly: true, secure: production, sameSite: 'lax', path: '/', maxAge }) as const;
  const clearPending = (reply: FastifyReply) => reply.clearCookie(cookieName, cookieOptions(0));

  app.get(
    '/api/v1/auth/oidc/providers',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Fournisseurs d’identité proposés sur la page de connexion',
        response: { 200: providersResponse },
      },
    },
    async () => listOidcProviders({ clients }),
  );

  app.get(
    '/api/v1/auth/oidc/:provider/start',
    {
      config: loginRate,
      schema: {
        tags: ['comptes'],
        summary: 'Commencer une connexion ProConnect ou Pro Santé Connect (redirection)',
        params: providerParams,
      },
    },
    async (req, reply) => {
      const started = await startOidcLogin(context(req), { provider: req.params.provider });
      reply.setCookie(cookieName, started.pendingCookie, cookieOptions(started.maxAgeSeconds));
      return reply.redirect(started.location, 302);
    },
  );

  app.get(
    '/api/v1/auth/oidc/:provider/callback',
    {
      config: loginRate,
      schema: {
        tags: ['comptes'],
        summary: 'Retour du fournisseur d’identité (redirection vers l’application)',
        params: providerParams,
        querystring: z
          .object({
            code: z.string(),
            state: z.string(),
            iss: z.string(),
            error: z.string(),
            error_description: z.string(),
          })
          .partial(),
      },
    },
    async (req, reply) => {
      const queryAt = req.url.indexOf('?');
      const result = await completeOidcLogin(context(req), {
        provider: req.params.provider,
        rawQuery: queryAt === -1 ? '' : req.url.slice(queryAt + 1),
        pendingCookie: req.cookies[cookieName],
      });
      clearPending(reply);
      if (result.ok) setSessionCookie(app, reply, result.session.token);
      return reply.redirect(result.location, 302);
    },
  );
};
