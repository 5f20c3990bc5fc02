import { and, count, eq, isNull } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OidcProvider } from '../../../contracts/access';
import { auditEvents, authTokens, members, oidcIdentities, sessions } from '../../db/schema/access';
import { sessionCookieName } from '../../platform/auth';
import { sha256 } from '../../platform/secrets';
import { createTestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import {
  followProviderRedirects,
  startTestOidcProvider,
  type TestOidcAccount,
  type TestOidcProvider,
} from '../../test/oidc-provider';
import { providerSecondFactor } from './oidc-login';

const PUBLIC_URL = 'http://localhost:3000';
const callbackPrefix = (p: OidcProvider) => `${PUBLIC_URL}/api/v1/auth/oidc/${p}/callback`;
const SESSION_COOKIE = sessionCookieName(false);

function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

describe('second factor granted by the provider', () => {
  it('counts every Pro Santé Connect login as two-factor (CPS card or e-CPS)', () => {
    expect(providerSecondFactor('psc', { amr: [], acr: null })).toBe(true);
  });

  it('counts a ProConnect login as two-factor only with amr mfa or an eIDAS substantial or high level', () => {
    expect(providerSecondFactor('proconnect', { amr: ['pwd'], acr: 'eidas1' })).toBe(false);
    expect(providerSecondFactor('proconnect', { amr: ['pwd', 'mfa'], acr: null })).toBe(true);
    expect(providerSecondFactor('proconnect', { amr: [], acr: 'eidas2' })).toBe(true);
    expect(providerSecondFactor('proconnect', { amr: [], acr: 'http://eidas.europa.eu/LoA/high' })).toBe(
      true,
    );
  });
});

describe.each(DATABASE_KINDS)('OIDC login on %s', (kind) => {
  let idp: TestOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    idp = await startTestOidcProvider({
      clients: [
        {
          clientId: 'passerelle-pc',
          clientSecret: 'secret-pc',
          redirectUris: [callbackPrefix('proconnect')],
        },
        { clientId: 'passerelle-psc', clientSecret: 'secret-psc', redirectUris: [callbackPrefix('psc')] },
      ],
    });
    t = await buildTestApp(kind, {
      PUBLIC_URL,
      LOGIN_RATE_PER_MINUTE: 1000,
      PROCONNECT_ISSUER: idp.issuer,
      PROCONNECT_CLIENT_ID: 'passerelle-pc',
      PROCONNECT_CLIENT_SECRET: 'secret-pc',
      PSC_ISSUER: idp.issuer,
      PSC_CLIENT_ID: 'passerelle-psc',
      PSC_CLIENT_SECRET: 'secret-psc',
    });
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
  });
  beforeEach(() => {
    idp.loginAs(null);
    idp.denyNext(false);
  });

  const db = () => t.app.database.db;

  /** An invited member: created by a coordinator, no password, no login yet. */
  async function invitedMember() {
    return createTestActor(db(), {
      roles: [{ territoryId: 'paris-20', role: 'partner_professional' }],
      noSession: true,
    });
  }

  async function start(provider: OidcProvider) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/auth/oidc/${provider}/start` });
    expect(res.statusCode).toBe(302);
    return { location: res.headers.location as string, pending: cookiesOf(res).passerelle_oidc ?? '' };
  }

  function callback(url: URL, pending: string | undefined) {
    return t.app.inject({
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers: pending === undefined ? {} : { cookie: `passerelle_oidc=${pending}` },
    });
  }

  /** The whole code flow as a browser: our start, the provider's pages, our callback. */
  async function login(provider: OidcProvider, account: TestOidcAccount) {
    const started = await start(provider);
    idp.loginAs(account);
    const back = await followProviderRedirects(started.location, callbackPrefix(provider));
    const res = await callback(back, started.pending);
    expect(res.statusCode).toBe(302);
    return { res, location: res.headers.location as string, session: cookiesOf(res)[SESSION_COOKIE] };
  }

  const sessionRow = async (token: string) =>
    (
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.id, sha256(token)))
    )[0];
  const identitiesOf = (memberId: string) =>
    db().select().from(oidcIdentities).where(eq(oidcIdentities.memberId, memberId));
  const countRows = async (table: typeof members | typeof oidcIdentities | typeof sessions) =>
    (await db().select({ n: count() }).from(table))[0]!.n;

  it('lists the configured providers with their French labels', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/providers' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      providers: [
        { id: 'proconnect', label: 'ProConnect', startUrl: '/api/v1/auth/oidc/proconnect/start' },
        { id: 'psc', label: 'Pro Santé Connect', startUrl: '/api/v1/auth/oidc/psc/start' },
      ],
    });
  });

  it('sends the browser to the provider with a code flow, PKCE S256, state and nonce in a sealed cookie', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/proconnect/start' });
    expect(res.statusCode).toBe(302);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('passerelle-pc');
    expect(url.searchParams.get('redirect_uri')).toBe(callbackPrefix('proconnect'));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    const cookie = res.cookies.find((c) => c.name === 'passerelle_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 600 });
    // Sealed: neither the state nor the verifier can be read from the cookie.
    expect(cookie?.value).not.toContain(url.searchParams.get('state'));
  });

  it('logs an invited member in, links the identity and still asks for TOTP after a one-factor ProConnect login', async () => {
    const m = await invitedMember();
    const before = new Date();
    const { location, session } = await login('proconnect', {
      sub: 'pc-invited-1',
      email: m.email.toUpperCase(),
      amr: ['pwd'],
    });
    expect(location).toBe('/connexion/double-authentification');
    expect(session).toBeTruthy();
    const row = await sessionRow(session!);
    expect(row).toMatchObject({ memberId: m.memberId, method: 'proconnect', secondFactorAt: null });
    const links = await identitiesOf(m.memberId);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ provider: 'proconnect', subject: 'pc-invited-1' });
    expect(links[0]!.lastLoginAt).not.toBeNull();
    const [member] = await db().select().from(members).where(eq(members.id, m.memberId));
    expect(member!.lastLoginAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const events = await db()
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.actorMemberId, m.memberId))
      .orderBy(auditEvents.seq);
    expect(events).toEqual([
      { action: 'auth.oidc_link', outcome: 'ok' },
      { action: 'auth.login', outcome: 'ok' },
    ]);
    // The session is a real one: the partial-session routes would accept it.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/providers',
      headers: { cookie: `${SESSION_COOKIE}=${session}` },
    });
    expect(me.statusCode).toBe(200);
  });

  it('never links an identity to an account already activated with a password (no takeover by e-mail)', async () => {
    const m = await invitedMember();
    await db()
      .update(members)
      .set({ passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y', totpEnabledAt: new Date() })
      .where(eq(members.id, m.memberId));
    const { location, session } = await login('psc', { sub: 'psc-attacker', email: m.email });
    expect(location).toBe('/connexion?erreur=OIDC_ACCOUNT_ALREADY_ACTIVE');
    expect(session).toBeFalsy();
    expect(await identitiesOf(m.memberId)).toHaveLength(0);
  });

  it('uses up the pending invitation link when the invited member signs in through a provider', async () => {
    const m = await invitedMember();
    await db()
      .insert(authTokens)
      .values({
        memberId: m.memberId,
        purpose: 'invitation',
        tokenHash: 'f'.repeat(63) + String(Math.floor(Math.random() * 10)),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
    await login('proconnect', { sub: 'pc-invitation-used', email: m.email });
    const pending = await db()
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.memberId, m.memberId), isNull(authTokens.usedAt)));
    expect(pending).toEqual([]);
  });

  it('uses the existing link on the next login even when the e-mail changed at the provider', async () => {
    const m = await invitedMember();
    await login('proconnect', { sub: 'pc-moved-1', email: m.email });
    const again = await login('proconnect', {
      sub: 'pc-moved-1',
      email: 'nouvelle-adresse@ailleurs.test',
      amr: ['pwd', 'mfa'],
    });
    expect(again.location).toBe('/charte?retour=/compte');
    const row = await sessionRow(again.session!);
    expect(row?.memberId).toBe(m.memberId);
    expect(row?.secondFactorAt).not.toBeNull();
    expect(await identitiesOf(m.memberId)).toHaveLength(1);
    const links = await db()
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorMemberId, m.memberId), eq(auditEvents.action, 'auth.oidc_link')));
    expect(links[0]!.n).toBe(1);
  });

  it('treats an eIDAS substantial ProConnect login as the second factor', async () => {
    const m = await invitedMember();
    const { location, session } = await login('proconnect', {
      sub: 'pc-eidas2',
      email: m.email,
      acr: 'eidas2',
    });
    expect(location).toBe('/charte?retour=/compte');
    expect((await sessionRow(session!))?.secondFactorAt).not.toBeNull();
  });

  it('refuses an identity whose e-mail matches no member, and creates nothing', async () => {
    const before = await Promise.all([countRows(members), countRows(oidcIdentities), countRows(sessions)]);
    const { location, session } = await login('proconnect', {
      sub: 'pc-stranger',
      email: 'inconnu@nulle-part.test',
    });
    expect(location).toBe('/connexion?erreur=OIDC_UNKNOWN_IDENTITY');
    expect(session).toBeUndefined();
    const after = await Promise.all([countRows(members), countRows(oidcIdentities), countRows(sessions)]);
    expect(after).toEqual(before);
  });

  it('refuses an e-mail the provider says it did not verify', async () => {
    const m = await invitedMember();
    const { location } = await login('proconnect', {
      sub: 'pc-unverified',
      email: m.email,
      emailVerified: false,
    });
    expect(location).toBe('/connexion?erreur=OIDC_UNKNOWN_IDENTITY');
    expect(await identitiesOf(m.memberId)).toHaveLength(0);
  });

  it('does not link a second subject of the same provider to an already linked member', async () => {
    const m = await invitedMember();
    await login('proconnect', { sub: 'pc-first', email: m.email });
    const { location } = await login('proconnect', { sub: 'pc-impostor', email: m.email });
    expect(location).toBe('/connexion?erreur=OIDC_UNKNOWN_IDENTITY');
    expect((await identitiesOf(m.memberId)).map((i) => i.subject)).toEqual(['pc-first']);
  });

  it('refuses a disabled member, linked or not', async () => {
    const fresh = await invitedMember();
    await db().update(members).set({ disabledAt: new Date() }).where(eq(members.id, fresh.memberId));
    const first = await login('proconnect', { sub: 'pc-disabled-1', email: fresh.email });
    expect(first.location).toBe('/connexion?erreur=ACCOUNT_DISABLED');
    expect(first.session).toBeUndefined();
    expect(await identitiesOf(fresh.memberId)).toHaveLength(0);

    const linked = await invitedMember();
    await login('psc', { sub: 'psc-disabled-2', email: linked.email });
    await db().update(members).set({ disabledAt: new Date() }).where(eq(members.id, linked.memberId));
    const second = await login('psc', { sub: 'psc-disabled-2', email: linked.email });
    expect(second.location).toBe('/connexion?erreur=ACCOUNT_DISABLED');
    expect(second.session).toBeUndefined();
    const denied = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorMemberId, linked.memberId), eq(auditEvents.outcome, 'denied')));
    expect(denied).toEqual([{ action: 'auth.login' }]);
  });

  it('refuses a member whose lockout is still running', async () => {
    const m = await invitedMember();
    await db()
      .update(members)
      .set({ lockedUntil: new Date(Date.now() + 10 * 60_000) })
      .where(eq(members.id, m.memberId));
    const { location, session } = await login('proconnect', { sub: 'pc-locked', email: m.email });
    expect(location).toBe('/connexion?erreur=ACCOUNT_LOCKED');
    expect(session).toBeUndefined();
  });

  it('refuses a callback whose state was tampered with, or without its pending-login cookie', async () => {
    const m = await invitedMember();
    const started = await start('proconnect');
    idp.loginAs({ sub: 'pc-tamper', email: m.email });
    const back = await followProviderRedirects(started.location, callbackPrefix('proconnect'));
    const forged = new URL(back);
    forged.searchParams.set('state', 'etat-falsifie');
    const tampered = await callback(forged, started.pending);
    expect(tampered.statusCode).toBe(302);
    expect(tampered.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
    expect(cookiesOf(tampered)[SESSION_COOKIE]).toBeUndefined();

    const noCookie = await callback(back, undefined);
    expect(noCookie.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
    const forgedCookie = await callback(back, `${started.pending.slice(0, -4)}AAAA`);
    expect(forgedCookie.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
    // A pending login for ProConnect is not accepted on the Pro Santé Connect callback.
    const otherProvider = await callback(new URL(`${callbackPrefix('psc')}${back.search}`), started.pending);
    expect(otherProvider.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
    expect(await identitiesOf(m.memberId)).toHaveLength(0);
  });

  it('refuses a code used twice', async () => {
    const m = await invitedMember();
    const started = await start('psc');
    idp.loginAs({ sub: 'psc-replay', email: m.email });
    const back = await followProviderRedirects(started.location, callbackPrefix('psc'));
    expect((await callback(back, started.pending)).headers.location).toBe('/charte?retour=/compte');
    const replay = await callback(back, started.pending);
    expect(replay.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
    expect(cookiesOf(replay)[SESSION_COOKIE]).toBeUndefined();
  });

  it('shows only an error code when the provider refuses the login', async () => {
    const started = await start('proconnect');
    idp.denyNext(true);
    const back = await followProviderRedirects(started.location, callbackPrefix('proconnect'));
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await callback(back, started.pending);
    expect(res.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
  });

  it('opens a complete session after a Pro Santé Connect login (e-CPS is two-factor)', async () => {
    const m = await invitedMember();
    const { location, session } = await login('psc', { sub: 'psc-doctor', email: m.email });
    expect(location).toBe('/charte?retour=/compte');
    const row = await sessionRow(session!);
    expect(row).toMatchObject({ memberId: m.memberId, method: 'psc' });
    expect(row?.secondFactorAt).not.toBeNull();
    expect(await identitiesOf(m.memberId)).toEqual([
      expect.objectContaining({ provider: 'psc', subject: 'psc-doctor' }),
    ]);
  });
});

describe.each(DATABASE_KINDS)('OIDC without providers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // An issuer nobody listens on: configured, but discovery cannot succeed.
    t = await buildTestApp(kind, {
      PSC_ISSUER: 'http://127.0.0.1:9/unreachable',
      PSC_CLIENT_ID: 'passerelle-psc',
      PSC_CLIENT_SECRET: 'secret',
    });
  });
  afterAll(async () => t.close());

  it('lists only the fully configured providers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/providers' });
    expect(res.json()).toEqual({
      providers: [{ id: 'psc', label: 'Pro Santé Connect', startUrl: '/api/v1/auth/oidc/psc/start' }],
    });
  });

  it('answers 503 with a French message for a provider this instance does not configure', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/proconnect/start' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({
      code: 'OIDC_NOT_CONFIGURED',
      message: 'Ce fournisseur d’identité n’est pas configuré sur cette instance.',
    });
    const back = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/proconnect/callback?code=x&state=y',
    });
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('/connexion?erreur=OIDC_NOT_CONFIGURED');
  });

  it('answers 503 OIDC_FAILED instead of crashing when the provider cannot be discovered', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/psc/start' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({
        code: 'OIDC_FAILED',
        message: 'La connexion via le fournisseur d’identité a échoué. Réessayez.',
      });
    }
  });

  it('rejects an unknown provider name', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/franceconnect/start' });
    expect(res.statusCode).toBe(422);
  });
});
