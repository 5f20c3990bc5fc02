import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import type { AcceptInvitationResponse, InvitationPreview } from '../../../contracts/onboarding';
import {
  auditEvents,
  authTokens,
  members,
  partners,
  partnerTerritories,
  sessions,
} from '../../db/schema/access';
import { verifyPassword } from '../../platform/passwords';
import { createTestActor, type TestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { linkIn, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../test/smtp';

const PUBLIC_URL = 'https://passerelle.example/clsm';
const STRONG = 'Cerisier-bleu lanterne 42 fougères';
const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('invitation e-mail and first login on %s', (kind) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let clock = new Date();
  let coordinator: TestActor;
  let partnerId: string;
  let counter = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp(kind, { SMTP_URL: smtp.url, PUBLIC_URL }, { now: () => clock });
    const db = t.app.database.db;
    coordinator = await createTestActor(db, { roles: [{ territoryId: 'paris-20', role: 'coordinator' }] });
    const [p] = await db
      .insert(partners)
      .values({ name: 'Bailleur Est Habitat', type: 'social_landlord' })
      .returning({ id: partners.id });
    partnerId = p!.id;
    await db.insert(partnerTerritories).values({ partnerId, territoryId: 'paris-20' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Invites a new person as the coordinator and returns the e-mail that reached the SMTP server. */
  async function invite(role: 'landlord_staff' | 'reader' = 'landlord_staff') {
    const email = `Jeanne.Dupont${++counter}@Bailleur.example`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/members/invitations',
      headers: coordinator.headers,
      payload: {
        partnerId,
        email,
        displayName: 'Jeanne Dupont',
        jobTitle: 'Gardienne',
        roles: [{ territoryId: 'paris-20', role, infoCategory: 'landlord' }],
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ memberId: string; mailSent: boolean }>();
    expect(body.mailSent).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes(email.toLowerCase()));
    const link = linkIn(mail, `${PUBLIC_URL}/invitation?token=`);
    expect(link).not.toBeNull();
    const token = new URL(link!).searchParams.get('token')!;
    return { memberId: body.memberId, email: email.toLowerCase(), mail, token, body: res.body };
  }

  const preview = (token: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/onboarding/invitations/${encodeURIComponent(token)}` });
  const accept = (token: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/onboarding/invitations/accept',
      payload: { token, password },
    });

  it('sends a French invitation e-mail whose link opens the invitation, and never returns the token', async () => {
    const { mail, token, email, body } = await invite();
    expect(mail.subject).toBe('Votre invitation à rejoindre Passerelle');
    expect(mail.text).toContain('Bonjour Jeanne Dupont,');
    expect(mail.text).toContain('« Bailleur Est Habitat »');
    expect(mail.text).toContain('utilisable une seule fois');
    expect(body).not.toContain(token);

    const res = await preview(token);
    expect(res.statusCode).toBe(200);
    const p = res.json<InvitationPreview>();
    expect(p).toMatchObject({ displayName: 'Jeanne Dupont', partnerName: 'Bailleur Est Habitat' });
    expect(p.email).toBe(`j•••@bailleur.example`);
    expect(p.email).not.toBe(email);
    expect(new Date(p.expiresAt).getTime()).toBeCloseTo(clock.getTime() + 7 * DAY, -4);
  });

  it('sets the password once: the link opens a first-factor session, then stops working', async () => {
    const { token, memberId } = await invite();
    const res = await accept(token, STRONG);
    expect(res.statusCode).toBe(200);
    const body = res.json<AcceptInvitationResponse>();
    expect(body.next).toBe('enrol_second_factor');
    const cookie = res.cookies.find((c) => c.name === 'passerelle_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const db = t.app.database.db;
    const [member] = await db.select().from(members).where(eq(members.id, memberId));
    expect(member!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(member!.passwordHash!, STRONG)).toBe(true);
    const [session] = await db.select().from(sessions).where(eq(sessions.memberId, memberId));
    expect(session).toMatchObject({ method: 'password', secondFactorAt: null, csrfToken: body.csrfToken });

    // The new session is recognised, but confidential work waits for the second factor.
    const gated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${memberId}/invitations`,
      headers: { cookie: `passerelle_session=${cookie!.value}`, 'x-csrf-token': body.csrfToken },
    });
    expect(gated.statusCode).toBe(401);
    expect(gated.json().error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');

    for (const again of [await accept(token, STRONG), await preview(token)]) {
      expect(again.statusCode).toBe(404);
      expect(again.json().error).toMatchObject({
        code: 'TOKEN_INVALID',
        message: ERROR_MESSAGES.TOKEN_INVALID,
      });
    }
    const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, memberId));
    expect(events.map((e) => e.action)).toEqual(['member.invite', 'member.invitation.accept']);
    expect(events[1]).toMatchObject({ actorMemberId: memberId, requestId: expect.any(String) });
  });

  it('lets only one of two simultaneous submissions of the same link through', async () => {
    const { token, memberId } = await invite();
    const results = await Promise.all([accept(token, STRONG), accept(token, `${STRONG} bis`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const db = t.app.database.db;
    expect(await db.select().from(sessions).where(eq(sessions.memberId, memberId))).toHaveLength(1);
    const [used] = await db.select().from(authTokens).where(eq(authTokens.memberId, memberId));
    expect(used!.usedAt).not.toBeNull();
  });

  it('answers "done" to a member whose roles need no second factor', async () => {
    const { token } = await invite('reader');
    const res = await accept(token, STRONG);
    expect(res.statusCode).toBe(200);
    expect(res.json<AcceptInvitationResponse>().next).toBe('done');
  });

  it('refuses short, common and personal passwords with the French message, and keeps the link usable', async () => {
    const { token } = await invite();
    const cases: [string, keyof typeof ERROR_MESSAGES][] = [
      ['court', 'PASSWORD_TOO_SHORT'],
      ['motdepasse123', 'PASSWORD_TOO_COMMON'],
      ['azertyuiop123', 'PASSWORD_TOO_COMMON'],
      ['jeannedupont1', 'PASSWORD_TOO_COMMON'],
      ['x'.repeat(129), 'PASSWORD_TOO_LONG'],
    ];
    for (const [password, code] of cases) {
      const res = await accept(token, password);
      expect(res.statusCode, password).toBe(422);
      expect(res.json().error).toMatchObject({ code, message: ERROR_MESSAGES[code] });
    }
    expect((await preview(token)).statusCode).toBe(200);
    expect((await accept(token, STRONG)).statusCode).toBe(200);
  });

  it('refuses an expired link', async () => {
    const { token } = await invite();
    const start = clock;
    try {
      clock = new Date(start.getTime() + 7 * DAY - 60_000);
      expect((await preview(token)).statusCode).toBe(200);
      clock = new Date(start.getTime() + 7 * DAY + 1);
      expect((await preview(token)).json().error.code).toBe('TOKEN_INVALID');
      const res = await accept(token, STRONG);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('TOKEN_INVALID');
    } finally {
      clock = start;
    }
  });

  it('refuses an unknown link and a link of a disabled member', async () => {
    expect((await preview('nimporte-quoi')).statusCode).toBe(404);
    expect((await accept('nimporte-quoi', STRONG)).statusCode).toBe(404);
    const { token, memberId } = await invite();
    await t.app.database.db.update(members).set({ disabledAt: clock }).where(eq(members.id, memberId));
    expect((await preview(token)).statusCode).toBe(404);
    expect((await accept(token, STRONG)).statusCode).toBe(404);
  });

  it('a resent invitation replaces the previous link, and is refused once the account is active', async () => {
    const first = await invite();
    const resend = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/members/${first.memberId}/invitations`,
        headers: coordinator.headers,
      });
    const res = await resend();
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ memberId: first.memberId, mailSent: true });
    const mails = () => smtp.to(first.email);
    await expect.poll(() => mails().length).toBe(2);
    const second = mails()[1] as ReceivedMail;
    const token = new URL(linkIn(second, `${PUBLIC_URL}/invitation?token=`)!).searchParams.get('token')!;
    expect(token).not.toBe(first.token);
    expect((await preview(first.token)).statusCode).toBe(404);
    expect((await accept(token, STRONG)).statusCode).toBe(200);

    const refused = await resend();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INVITATION_ALREADY_ACCEPTED');
  });
});
