import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import * as client from 'openid-client';
import { OIDC_PROVIDER_LABELS, type OidcProvider } from '../../../contracts/access';
import type { ErrorCode } from '../../../contracts/errors';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { authTokens, members, oidcIdentities } from '../../db/schema/access';
import type { AuditEvent } from '../../platform/audit';
import { createSession, needsSecondFactor, type NewSession } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import {
  PENDING_OIDC_MINUTES,
  type OidcClients,
  type PendingLoginSealer,
  type PendingOidcLogin,
} from '../../platform/oidc';
import { rolesOf, type MemberRow } from './actor.repository';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface OidcContext {
  db: Db;
  config: Config;
  clients: OidcClients;
  sealer: PendingLoginSealer;
  now: Date;
  audit(tx: Tx, event: AuditEvent): Promise<void>;
  log: FastifyBaseLogger;
  requestId: string;
  userAgent: string | undefined;
}

/** Where the web app shows a failed login; only an error code travels in the address. */
export const LOGIN_PAGE = '/connexion';
export const SIGNED_IN_PAGE = '/charte?retour=/compte';
const SECOND_FACTOR_PAGE = '/connexion/double-authentification';

export interface OidcProviderEntry {
  id: OidcProvider;
  label: string;
  startUrl: string;
}

/** The providers this instance is configured for, with their French labels (login page buttons). */
export function listOidcProviders(ctx: Pick<OidcContext, 'clients'>): { providers: OidcProviderEntry[] } {
  return {
    providers: ctx.clients.enabled().map((id) => ({
      id,
      label: OIDC_PROVIDER_LABELS[id],
      startUrl: `/api/v1/auth/oidc/${id}/start`,
    })),
  };
}

/** Starts an authorization code flow (PKCE S256, state, nonce) and seals what the callback must check. */
export async function startOidcLogin(
  ctx: OidcContext,
  input: { provider: OidcProvider },
): Promise<{ location: string; pendingCookie: string; maxAgeSeconds: number }> {
  const settings = ctx.clients.get(input.provider);
  const configuration = await ctx.clients.configuration(input.provider);
  const pending: PendingOidcLogin = {
    provider: input.provider,
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    expiresAt: ctx.now.getTime() + PENDING_OIDC_MINUTES * 60_000,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    ...settings.authorizationParams,
    redirect_uri: ctx.clients.redirectUri(input.provider),
    response_type: 'code',
    scope: settings.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return {
    location: url.toString(),
    pendingCookie: ctx.sealer.seal(pending),
    maxAgeSeconds: PENDING_OIDC_MINUTES * 60,
  };
}

export type OidcCallbackResult =
  { ok: true; session: NewSession; location: string } | { ok: false; code: ErrorCode; location: string };

/**
 * Finishes an OIDC login: checks the response against the pending login, links the identity to an
 * invited member and opens a session. Never creates a member: an unknown identity is refused.
 */
export async function completeOidcLogin(
  ctx: OidcContext,
  input: { provider: OidcProvider; rawQuery: string; pendingCookie: string | undefined },
): Promise<OidcCallbackResult> {
  try {
    return await callback(ctx, input);
  } catch (err) {
    const code: ErrorCode = err instanceof AppError ? err.code : 'OIDC_FAILED';
    // Only the error's class and code: provider messages may quote the identity or the e-mail.
    ctx.log.warn(
      { provider: input.provider, reason: errorReason(err), code },
      'oidc login refused or failed',
    );
    return { ok: false, code, location: `${LOGIN_PAGE}?erreur=${code}` };
  }
}

function errorReason(err: unknown): string {
  if (err instanceof AppError) return err.code;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const oauthError = (err as { error?: unknown }).error;
    return [err.name, typeof code === 'string' ? code : '', typeof oauthError === 'string' ? oauthError : '']
      .filter(Boolean)
      .join(':');
  }
  return 'unknown';
}

interface ProviderIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  amr: string[];
  acr: string | null;
}

async function callback(
  ctx: OidcContext,
  input: { provider: OidcProvider; rawQuery: string; pendingCookie: string | undefined },
): Promise<OidcCallbackResult> {
  ctx.clients.get(input.provider);
  const pending = ctx.sealer.open(input.pendingCookie, input.provider, ctx.now);
  if (!pending) throw new AppError('bad_request', 'OIDC_FAILED');
  const identity = await exchangeCode(ctx, input.provider, pending, input.rawQuery);
  const member = await resolveMember(ctx, input.provider, identity);

  if (member.row.disabledAt) {
    await recordDenied(ctx, member.row);
    throw new AppError('forbidden', 'ACCOUNT_DISABLED');
  }
  if (member.row.lockedUntil && member.row.lockedUntil > ctx.now) {
    await recordDenied(ctx, member.row);
    throw new AppError('forbidden', 'ACCOUNT_LOCKED');
  }

  const roles = await rolesOf(ctx.db, member.row.id);
  const secondFactor = providerSecondFactor(input.provider, identity);
  const session = await ctx.db.transaction(async (tx) => {
    if (member.link) {
      // The invitation is used up by this first login: its e-mailed link must not set a password later.
      await tx
        .update(authTokens)
        .set({ usedAt: ctx.now })
        .where(
          and(
            eq(authTokens.memberId, member.row.id),
            eq(authTokens.purpose, 'invitation'),
            isNull(authTokens.usedAt),
          ),
        );
      const inserted = await tx
        .insert(oidcIdentities)
        .values({ provider: input.provider, subject: identity.subject, memberId: member.row.id })
        .onConflictDoNothing()
        .returning({ memberId: oidcIdentities.memberId });
      // A concurrent login linked the same identity first: fine only if it chose the same member.
      if (inserted.length === 0) {
        const [existing] = await tx
          .select({ memberId: oidcIdentities.memberId })
          .from(oidcIdentities)
          .where(identityIs(input.provider, identity.subject));
        if (existing?.memberId !== member.row.id) throw new AppError('forbidden', 'OIDC_UNKNOWN_IDENTITY');
      }
    }
    await tx
      .update(oidcIdentities)
      .set({ lastLoginAt: ctx.now })
      .where(identityIs(input.provider, identity.subject));
    await tx
      .update(members)
      .set({ lastLoginAt: ctx.now, inactivityWarnedAt: null })
      .where(eq(members.id, member.row.id));
    const opened = await createSession(tx, {
      memberId: member.row.id,
      method: input.provider,
      secondFactor,
      userAgent: ctx.userAgent,
      now: ctx.now,
      absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS,
    });
    const who = {
      actorMemberId: member.row.id,
      actorPartnerId: member.row.partnerId,
      subjectType: 'member',
      subjectId: member.row.id,
      requestId: ctx.requestId,
    };
    if (member.link) await ctx.audit(tx, { action: 'auth.oidc_link', ...who });
    await ctx.audit(tx, { action: 'auth.login', ...who });
    return opened;
  });
  ctx.log.info({ provider: input.provider, linked: member.link, secondFactor }, 'oidc login');
  const complete = secondFactor || !needsSecondFactor(member.row, roles);
  // The charter page goes on to the account page at once when nothing is left to accept.
  return { ok: true, session, location: complete ? SIGNED_IN_PAGE : SECOND_FACTOR_PAGE };
}

/** Exchanges the code (state, PKCE, then ID token issuer, audience, nonce) and reads the identity. */
async function exchangeCode(
  ctx: OidcContext,
  provider: OidcProvider,
  pending: PendingOidcLogin,
  rawQuery: string,
): Promise<ProviderIdentity> {
  const configuration = await ctx.clients.configuration(provider);
  const currentUrl = new URL(ctx.clients.redirectUri(provider));
  currentUrl.search = rawQuery;
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new AppError('bad_request', 'OIDC_FAILED');
  let email = typeof claims.email === 'string' ? claims.email : null;
  let emailVerified = typeof claims.email_verified === 'boolean' ? claims.email_verified : null;
  if (email === null) {
    // ProConnect and Pro Santé Connect put the e-mail in the userinfo answer rather than the ID token.
    const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    email = typeof info.email === 'string' ? info.email : null;
    emailVerified = typeof info.email_verified === 'boolean' ? info.email_verified : null;
  }
  return {
    subject: claims.sub,
    email,
    emailVerified,
    amr: Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [],
    acr: typeof claims.acr === 'string' ? claims.acr : null,
  };
}

/**
 * The linking rule: a known (provider, subject) is its member; otherwise an invited member with the same
 * e-mail gets the identity linked (the coordinator's invitation is the consent to link); otherwise no one.
 */
async function resolveMember(
  ctx: OidcContext,
  provider: OidcProvider,
  identity: ProviderIdentity,
): Promise<{ row: MemberRow; link: boolean }> {
  const [linked] = await ctx.db
    .select({ member: members })
    .from(oidcIdentities)
    .innerJoin(members, eq(members.id, oidcIdentities.memberId))
    .where(identityIs(provider, identity.subject));
  if (linked) return { row: linked.member, link: false };

  // An address the provider says it did not verify proves nothing. An absent claim is accepted: these
  // providers vouch for professional addresses, and linking is limited to invitations not yet accepted,
  // whose link was e-mailed to that same address anyway.
  if (!identity.email || identity.emailVerified === false) {
    throw new AppError('forbidden', 'OIDC_UNKNOWN_IDENTITY');
  }
  const [byEmail] = await ctx.db
    .select()
    .from(members)
    .where(eq(members.email, identity.email.trim().toLowerCase()));
  if (!byEmail) throw new AppError('forbidden', 'OIDC_UNKNOWN_IDENTITY');
  if (byEmail.disabledAt) return { row: byEmail, link: false };
  // Automatic linking is the last step of an invitation only. A member who already activated the account
  // (password set) must not be taken over by whoever controls the same address at a provider.
  if (byEmail.passwordHash !== null || byEmail.totpEnabledAt !== null) {
    throw new AppError('forbidden', 'OIDC_ACCOUNT_ALREADY_ACTIVE');
  }
  // One identity per provider and member: a second subject claiming the same address is not linked
  // silently (it could be someone else's account at the provider); the coordinator must look into it.
  const [other] = await ctx.db
    .select({ subject: oidcIdentities.subject })
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.provider, provider), eq(oidcIdentities.memberId, byEmail.id)));
  if (other) throw new AppError('forbidden', 'OIDC_UNKNOWN_IDENTITY');
  return { row: byEmail, link: true };
}

function identityIs(provider: OidcProvider, subject: string) {
  return and(eq(oidcIdentities.provider, provider), eq(oidcIdentities.subject, subject));
}

/** eIDAS "substantial" and "high" levels, as short names and as the regulation's URIs. */
const STRONG_ACR = new Set([
  'eidas2',
  'eidas3',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
]);

/**
 * Whether the provider's login already counts as our second factor. Pro Santé Connect logs in with a CPS
 * card or e-CPS, both two-factor; ProConnect only when it says so (amr `mfa` or an eIDAS level above
 * low), otherwise the member still has to pass TOTP.
 */
export function providerSecondFactor(
  provider: OidcProvider,
  identity: Pick<ProviderIdentity, 'amr' | 'acr'>,
): boolean {
  switch (provider) {
    case 'psc':
      return true;
    case 'proconnect':
      return identity.amr.includes('mfa') || (identity.acr !== null && STRONG_ACR.has(identity.acr));
  }
}

async function recordDenied(ctx: OidcContext, member: MemberRow): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await ctx.audit(tx, {
      action: 'auth.login',
      outcome: 'denied',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId: ctx.requestId,
    });
  });
}
