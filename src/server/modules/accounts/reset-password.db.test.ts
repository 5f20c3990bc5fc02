import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import { passwordResetRequestedMessage } from '../../../contracts/onboarding';
import { auditEvents, members, sessions } from '../../db/schema/access';
import { createSession } from '../../platform/auth';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import { createTestActor, type TestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { linkIn, startSmtpServer, type TestSmtpServer } from '../../test/smtp';

const PUBLIC_URL = 'https://passerelle.example';
const NEW_PASSWORD = 'Hérisson-violet parapluie 1987 marée';

describe.each(DATABASE_KINDS)('password reset by e-mail on %s', (kind) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let clock = new Date();
  let ip = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp(kind, { SMTP_URL: smtp.url, PUBLIC_URL }, { now: () => clock });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  // Each test calls from its own address: the per-address rate limit is tested on its own below.
  const post = (url: string, payload: object, remoteAddress = `10.0.0.${++ip}`, headers = {}) =>
    t.app.inject({ method: 'POST', url, payload, remoteAddress, headers });
  const requestReset = (email: string, remoteAddress?: string) =>
    post('/api/v1/onboarding/password-reset', { email }, remoteAddress);
  const confirm = (token: string, password: string) =>
    post('/api/v1/onboarding/password-reset/confirm', { token, password });

  async function memberWithPassword(): Promise<TestActor> {
    const actor = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: 'paris-20', role: 'commission_member' }],
    });
    await t.app.database.db
      .update(members)
      .set({ passwordHash: await hashPassword('Ancien mot de passe très long 1') })
      .where(eq(members.id, actor.memberId));
    return actor;
  }

  async function resetToken(email: string): Promise<string> {
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    const link = linkIn(mail, `${PUBLIC_URL}/mot-de-passe/nouveau?token=`);
    expect(link).not.toBeNull();
    return new URL(link!).searchParams.get('token')!;
  }

  it('answers the same status and body whether or not the address has an account', async () => {
    const actor = await memberWithPassword();
    const unknown = await requestReset('personne-inconnue@exemple.test');
    const known = await requestReset(actor.email.toUpperCase());
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(known.json()).toEqual({ message: passwordResetRequestedMessage(60) });

    const mail = await smtp.waitFor((m) => m.to.includes(actor.email));
    expect(mail.subject).toBe('Choisir un nouveau mot de passe Passerelle');
    expect(mail.text).toContain('valable 60 minutes');
    expect(smtp.to('personne-inconnue@exemple.test')).toEqual([]);
  });

  it('sends nothing to a disabled member, with the same answer', async () => {
    const actor = await memberWithPassword();
    await t.app.database.db.update(members).set({ disabledAt: clock }).where(eq(members.id, actor.memberId));
    const res = await requestReset(actor.email);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ message: passwordResetRequestedMessage(60) });
    await expect(smtp.waitFor((m) => m.to.includes(actor.email), 500)).rejects.toThrow();
  });

  it('sets the new password, revokes every session, lifts the lockout, and works once', async () => {
    const actor = await memberWithPassword();
    const db = t.app.database.db;
    const second = await createSession(db, {
      memberId: actor.memberId,
      method: 'password',
      secondFactor: true,
      userAgent: 'autre navigateur',
      now: clock,
      absoluteHours: 12,
    });
    await db
      .update(members)
      .set({ failedLogins: 4, lockedUntil: new Date(clock.getTime() + 600_000) })
      .where(eq(members.id, actor.memberId));
    const sessionWorks = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/members/00000000-0000-4000-8000-000000000000/invitations',
          headers: actor.headers,
        })
      ).json().error.code !== 'UNAUTHENTICATED';
    expect(await sessionWorks()).toBe(true);

    await requestReset(actor.email);
    const token = await resetToken(actor.email);
    const weak = await confirm(token, 'motdepasse');
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      message: ERROR_MESSAGES.PASSWORD_TOO_SHORT,
    });

    const res = await confirm(token, NEW_PASSWORD);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    const [m] = await db.select().from(members).where(eq(members.id, actor.memberId));
    expect(await verifyPassword(m!.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect(m).toMatchObject({ failedLogins: 0, lockedUntil: null });
    const rows = await db.select().from(sessions).where(eq(sessions.memberId, actor.memberId));
    expect(rows).toHaveLength(2);
    expect(rows.every((s) => s.revokedAt !== null)).toBe(true);
    expect(rows.map((s) => s.id)).toContain(second.id);
    expect(await sessionWorks()).toBe(false);

    const again = await confirm(token, `${NEW_PASSWORD} encore`);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('TOKEN_INVALID');

    const actions = (
      await db.select().from(auditEvents).where(eq(auditEvents.subjectId, actor.memberId))
    ).map((e) => e.action);
    expect(actions).toEqual(['member.password_reset.request', 'member.password_reset']);
  });

  it('a newer link replaces the previous one, and a link expires after PASSWORD_RESET_VALID_MINUTES', async () => {
    const actor = await memberWithPassword();
    await requestReset(actor.email);
    const first = await resetToken(actor.email);
    await requestReset(actor.email);
    await expect.poll(() => smtp.to(actor.email).length).toBe(2);
    const second = new URL(
      linkIn(smtp.to(actor.email)[1]!, `${PUBLIC_URL}/mot-de-passe/nouveau?token=`)!,
    ).searchParams.get('token')!;
    expect((await confirm(first, NEW_PASSWORD)).statusCode).toBe(404);

    const start = clock;
    try {
      clock = new Date(start.getTime() + 61 * 60_000);
      const late = await confirm(second, NEW_PASSWORD);
      expect(late.statusCode).toBe(404);
      expect(late.json().error.code).toBe('TOKEN_INVALID');
    } finally {
      clock = start;
    }
  });

  it('an invitation link cannot be used as a reset link, nor the other way round', async () => {
    const actor = await memberWithPassword();
    await requestReset(actor.email);
    const token = await resetToken(actor.email);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/onboarding/invitations/${token}`,
    });
    expect(res.statusCode).toBe(404);
    const accept = await post('/api/v1/onboarding/invitations/accept', { token, password: NEW_PASSWORD });
    expect(accept.statusCode).toBe(404);
  });

  it('limits each route to 10 calls a minute per client address', async () => {
    const address = '10.9.9.9';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await requestReset(`flood${i}@exemple.test`, address)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
    const limited = await requestReset('flood@exemple.test', address);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await requestReset('flood@exemple.test', '10.9.9.10')).statusCode).toBe(202);
    for (let i = 0; i < 10; i++)
      await post('/api/v1/onboarding/password-reset/confirm', { token: 'x', password: 'x' }, address);
    const confirmLimited = await post(
      '/api/v1/onboarding/password-reset/confirm',
      { token: 'x', password: 'x' },
      address,
    );
    expect(confirmLimited.statusCode).toBe(429);
  });
});
