import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../../contracts/auth';
import { members } from '../../db/schema/access';
import { hashPassword } from '../../platform/passwords';
import { createTestActor, type TestActorOptions } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';

const PASSWORD = 'une phrase de passe assez longue 42';
const COOKIE = 'passerelle_session';

/** A tiny cookie jar: keeps the session cookie the server sets. */
function cookieFrom(res: { headers: Record<string, unknown> }, previous = ''): string {
  const set = res.headers['set-cookie'];
  const list = Array.isArray(set) ? set : set ? [String(set)] : [];
  for (const c of list) {
    const [pair] = String(c).split(';');
    if (pair?.startsWith(`${COOKIE}=`)) return pair.endsWith('=') ? '' : pair;
  }
  return previous;
}

function codeAt(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
}

describe.each(DATABASE_KINDS)('login, second factor and sessions on %s', (kind) => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00Z');
  const logs: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));

  beforeAll(async () => {
    t = await buildTestApp(
      kind,
      { LOG_LEVEL: 'trace', LOGIN_MAX_FAILURES: 3, LOGIN_LOCKOUT_MINUTES: 15, LOGIN_RATE_PER_MINUTE: 1000 },
      { now: () => clock, logStream: stream },
    );
  });
  afterAll(async () => t.close());

  async function member(
    roles: NonNullable<TestActorOptions['roles']> = [
      { territoryId: 'choisy-vlr-orly', role: 'partner_professional' },
    ],
  ) {
    const m = await createTestActor(t.app.database.db, { roles, noSession: true, now: clock });
    await t.app.database.db
      .update(members)
      .set({ passwordHash: await hashPassword(PASSWORD) })
      .where(eq(members.id, m.memberId));
    return m;
  }

  const login = (email: string, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const post = (url: string, cookie: string, csrf: string, payload?: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'x-csrf-token': csrf },
      ...(payload ? { payload } : {}),
    });
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  /** Logs in and enrols TOTP; returns the secret, the recovery codes and the full session. */
  async function enrolled() {
    const m = await member();
    const first = await login(m.email.toUpperCase());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ next: 'enrol_second_factor' });
    let cookie = cookieFrom(first);
    const csrf = first.json<{ csrfToken: string }>().csrfToken;
    // Before the second factor, member pages are closed.
    const closed = await get('/api/v1/auth/sessions', cookie);
    expect(closed.statusCode).toBe(401);
    expect(closed.json().error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    const setup = await post('/api/v1/auth/totp/setup', cookie, csrf);
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = setup.json<{ secret: string; otpauthUri: string; qrSvg: string }>();
    expect(otpauthUri).toContain('otpauth://totp/Passerelle');
    expect(qrSvg).toContain('<svg');
    const wrong = await post('/api/v1/auth/totp/enable', cookie, csrf, { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('SECOND_FACTOR_INVALID');
    const enable = await post('/api/v1/auth/totp/enable', cookie, csrf, { code: codeAt(secret, clock) });
    expect(enable.statusCode).toBe(200);
    const body = enable.json<{ csrfToken: string; recoveryCodes: string[] }>();
    expect(body.recoveryCodes).toHaveLength(10);
    // The upgraded session has a new token; the old one is dead.
    const newCookie = cookieFrom(enable, cookie);
    expect(newCookie).not.toBe(cookie);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(401);
    cookie = newCookie;
    return { m, secret, recoveryCodes: body.recoveryCodes, cookie, csrf: body.csrfToken };
  }

  it('enrols TOTP at first login, then requires a code at each login, refusing a replayed code', async () => {
    const { m, secret, cookie, csrf } = await enrolled();
    const me = await get('/api/v1/auth/me', cookie);
    expect(me.statusCode).toBe(200);
    const body = me.json<MeResponse>();
    expect(body.secondFactor).toEqual({ enabled: true, verified: true, required: true });
    expect(body.roles[0]).toMatchObject({
      territoryId: 'choisy-vlr-orly',
      roleLabel: 'Professionnel partenaire',
    });
    expect(body.access).toEqual([{ territoryId: 'choisy-vlr-orly', confidential: true, blocks: [] }]);

    expect((await post('/api/v1/auth/logout', cookie, csrf)).statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(401);

    clock = new Date(clock.getTime() + 60_000);
    const again = await login(m.email);
    expect(again.json()).toMatchObject({ next: 'second_factor' });
    const partial = cookieFrom(again);
    const partialCsrf = again.json<{ csrfToken: string }>().csrfToken;
    const code = codeAt(secret, clock);
    const ok = await post('/api/v1/auth/totp/verify', partial, partialCsrf, { code });
    expect(ok.statusCode).toBe(200);
    const full = cookieFrom(ok, partial);
    expect((await get('/api/v1/auth/sessions', full)).statusCode).toBe(200);

    // The same code a second time (another login within the same 30 s) is refused.
    const third = await login(m.email);
    const replay = await post('/api/v1/auth/totp/verify', cookieFrom(third), third.json().csrfToken, {
      code,
    });
    expect(replay.statusCode).toBe(422);
    expect(replay.json().error.message).toBe('Code incorrect ou expiré.');
  });

  it('accepts each recovery code once', async () => {
    const { m, recoveryCodes } = await enrolled();
    const recovery = recoveryCodes[0]!;
    const a = await login(m.email);
    const ok = await post('/api/v1/auth/totp/verify', cookieFrom(a), a.json().csrfToken, {
      recoveryCode: recovery.toLowerCase(),
    });
    expect(ok.statusCode).toBe(200);
    const b = await login(m.email);
    const reused = await post('/api/v1/auth/totp/verify', cookieFrom(b), b.json().csrfToken, {
      recoveryCode: recovery,
    });
    expect(reused.statusCode).toBe(422);
  });

  it('answers the same for an unknown address and a wrong password, and locks after repeated failures', async () => {
    const m = await member();
    const unknown = await login('personne@exemple.test');
    const wrong = await login(m.email, 'mauvais mot de passe');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    expect(wrong.json().error.message).toBe('Adresse e-mail ou mot de passe incorrect.');

    await login(m.email, 'encore faux');
    await login(m.email, 'toujours faux'); // third failure: locked
    const locked = await login(m.email);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');

    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await login(m.email)).statusCode).toBe(200);
  });

  it('refuses a disabled account even with the right password', async () => {
    const m = await member();
    await t.app.database.db.update(members).set({ disabledAt: clock }).where(eq(members.id, m.memberId));
    const res = await login(m.email);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('lets a reader in without a second factor', async () => {
    const m = await member([{ territoryId: 'paris-20', role: 'reader' }]);
    const res = await login(m.email);
    expect(res.json()).toMatchObject({ next: 'done' });
    expect((await get('/api/v1/auth/sessions', cookieFrom(res))).statusCode).toBe(200);
  });

  it('requires the CSRF token on state-changing requests of a session', async () => {
    const { cookie, csrf } = await enrolled();
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF_INVALID');
    const bad = await post('/api/v1/auth/logout', cookie, 'x'.repeat(43));
    expect(bad.statusCode).toBe(403);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(200);
    expect((await post('/api/v1/auth/logout', cookie, csrf)).statusCode).toBe(204);
  });

  it('refuses a login sent as a cross-site form', async () => {
    const m = await member();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(m.email)}&password=x`,
    });
    expect(res.statusCode).toBe(403);
  });

  it('ends sessions after inactivity and after the absolute limit', async () => {
    const { cookie } = await enrolled();
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(200); // activity moved the idle limit
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(401);

    const again = await enrolled();
    for (let i = 0; i < 26; i++) {
      clock = new Date(clock.getTime() + 28 * 60_000);
      const res = await get('/api/v1/auth/me', again.cookie);
      if (i < 25)
        expect(res.statusCode).toBe(200); // 25 × 28 min = 11 h 40
      else expect(res.statusCode).toBe(401); // past 12 h
    }
  });

  it('lists my sessions and logs out everywhere', async () => {
    const { m, secret, cookie, csrf } = await enrolled();
    clock = new Date(clock.getTime() + 60_000);
    const other = await login(m.email);
    const otherFull = cookieFrom(
      await post('/api/v1/auth/totp/verify', cookieFrom(other), other.json().csrfToken, {
        code: codeAt(secret, clock),
      }),
    );
    const list = await get('/api/v1/auth/sessions', cookie);
    const sessions = list.json<{ sessions: { id: string; current: boolean }[] }>().sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect((await post('/api/v1/auth/logout-all', cookie, csrf)).statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', otherFull)).statusCode).toBe(401);
  });

  it('never writes passwords, codes, tokens, cookies or e-mail addresses to the logs', async () => {
    const { m, secret, recoveryCodes, cookie } = await enrolled();
    await login(m.email, 'un mauvais mot de passe secret');
    await get('/api/v1/auth/me', cookie);
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(1000); // the logger did run at trace level
    for (const secretValue of [
      PASSWORD,
      'un mauvais mot de passe secret',
      m.email,
      secret,
      cookie.split('=')[1]!,
      ...recoveryCodes,
    ]) {
      expect(text).not.toContain(secretValue);
    }
  });
});
