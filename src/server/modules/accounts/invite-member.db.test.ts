import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  authTokens,
  memberRoles,
  members,
  partners,
  partnerTerritories,
} from '../../db/schema/access';
import { createTestActor, type TestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp';

describe.each(DATABASE_KINDS)('inviting members on %s', (kind) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let coordinator: TestActor;
  let admin: TestActor;
  let reader: TestActor;
  let landlordPartner: string;
  let cmpPartner: string;
  let counter = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer({ refuseRecipient: (a) => a.startsWith('refuse') });
    t = await buildTestApp(kind, { SMTP_URL: smtp.url });
    const db = t.app.database.db;
    coordinator = await createTestActor(db, { roles: [{ territoryId: 'paris-20', role: 'coordinator' }] });
    admin = await createTestActor(db, { isInstanceAdmin: true });
    reader = await createTestActor(db, { roles: [{ territoryId: 'paris-20', role: 'reader' }] });
    const partner = async (name: string, type: 'social_landlord' | 'psychiatry', territories: string[]) => {
      const [p] = await db.insert(partners).values({ name, type }).returning({ id: partners.id });
      for (const territoryId of territories)
        await db.insert(partnerTerritories).values({ partnerId: p!.id, territoryId });
      return p!.id;
    };
    landlordPartner = await partner('Bailleur du 20e', 'social_landlord', ['paris-20']);
    cmpPartner = await partner('CMP adultes', 'psychiatry', ['paris-20', 'choisy-vlr-orly']);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const nextEmail = () => `invite${++counter}@exemple.test`;
  const invite = (
    actor: TestActor | null,
    payload: {
      partnerId?: string;
      email?: string;
      roles: { territoryId: string; role: string; infoCategory: string }[];
    },
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/members/invitations',
      headers: actor?.headers ?? {},
      payload: { partnerId: cmpPartner, email: nextEmail(), displayName: 'Alex Martin', ...payload },
    });
  const rolesOf = (memberId: string) =>
    t.app.database.db
      .select({
        territoryId: memberRoles.territoryId,
        role: memberRoles.role,
        infoCategory: memberRoles.infoCategory,
      })
      .from(memberRoles)
      .where(eq(memberRoles.memberId, memberId));

  it('a coordinator invites into their territory: member, roles, hashed link and audit in one go', async () => {
    const email = nextEmail();
    const res = await invite(coordinator, {
      email: `  ${email.toUpperCase()} `,
      roles: [{ territoryId: 'paris-20', role: 'partner_professional', infoCategory: 'health' }],
    });
    expect(res.statusCode).toBe(201);
    const { memberId } = res.json<{ memberId: string }>();
    const db = t.app.database.db;
    const [m] = await db.select().from(members).where(eq(members.id, memberId));
    expect(m).toMatchObject({ email, partnerId: cmpPartner, passwordHash: null, isInstanceAdmin: false });
    expect(await rolesOf(memberId)).toEqual([
      { territoryId: 'paris-20', role: 'partner_professional', infoCategory: 'health' },
    ]);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.memberId, memberId));
    expect(token).toMatchObject({ purpose: 'invitation', usedAt: null, createdBy: coordinator.memberId });
    expect(token!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const mail = await smtp.waitFor((x) => x.to.includes(email));
    expect(mail.text).not.toContain(token!.tokenHash);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, memberId));
    expect(event).toMatchObject({
      action: 'member.invite',
      territoryId: 'paris-20',
      actorMemberId: coordinator.memberId,
      actorRole: 'coordinator',
      subjectType: 'member',
    });
  });

  it('a coordinator cannot invite into a territory they do not coordinate (NOT_FOUND)', async () => {
    const res = await invite(coordinator, {
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'reader', infoCategory: 'other' }],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('TERRITORY_NOT_FOUND');
  });

  it('a coordinator cannot grant the coordinator or admin roles', async () => {
    for (const role of ['coordinator', 'admin']) {
      const res = await invite(coordinator, {
        roles: [{ territoryId: 'paris-20', role, infoCategory: 'social' }],
      });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('a reader and an anonymous caller cannot invite', async () => {
    const roles = [{ territoryId: 'paris-20', role: 'reader', infoCategory: 'other' }];
    const asReader = await invite(reader, { roles });
    expect(asReader.statusCode).toBe(403);
    const anonymous = await invite(null, { roles });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a coordinator cannot invite for a partner outside their territories', async () => {
    const [p] = await t.app.database.db
      .insert(partners)
      .values({ name: 'Association ailleurs', type: 'association' })
      .returning({ id: partners.id });
    const res = await invite(coordinator, {
      partnerId: p!.id,
      roles: [{ territoryId: 'paris-20', role: 'reader', infoCategory: 'other' }],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PARTNER_NOT_FOUND');
  });

  it('an instance admin grants coordinator roles anywhere, only where the partner works', async () => {
    const ok = await invite(admin, {
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'coordinator', infoCategory: 'social' }],
    });
    expect(ok.statusCode).toBe(201);
    const [event] = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, ok.json<{ memberId: string }>().memberId));
    expect(event).toMatchObject({ actorRole: 'admin', territoryId: 'choisy-vlr-orly' });
    const outside = await invite(admin, {
      partnerId: landlordPartner,
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'landlord_staff', infoCategory: 'landlord' }],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('PARTNER_NOT_IN_TERRITORY');
    const unknown = await invite(admin, {
      roles: [{ territoryId: 'atlantide', role: 'reader', infoCategory: 'other' }],
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('landlords never get a health category: landlord_staff and social-landlord members are forced to landlord', async () => {
    const staff = await invite(coordinator, {
      roles: [{ territoryId: 'paris-20', role: 'landlord_staff', infoCategory: 'health' }],
    });
    expect(await rolesOf(staff.json<{ memberId: string }>().memberId)).toEqual([
      { territoryId: 'paris-20', role: 'landlord_staff', infoCategory: 'landlord' },
    ]);
    const landlordMember = await invite(coordinator, {
      partnerId: landlordPartner,
      roles: [
        { territoryId: 'paris-20', role: 'commission_member', infoCategory: 'health' },
        { territoryId: 'paris-20', role: 'reader', infoCategory: 'social' },
      ],
    });
    expect(landlordMember.statusCode).toBe(201);
    const roles = await rolesOf(landlordMember.json<{ memberId: string }>().memberId);
    expect(roles.map((r) => r.infoCategory)).toEqual(['landlord', 'landlord']);
  });

  it('refuses an address already used, whatever its case (EMAIL_TAKEN)', async () => {
    const email = nextEmail();
    const roles = [{ territoryId: 'paris-20', role: 'reader', infoCategory: 'other' }];
    expect((await invite(coordinator, { email, roles })).statusCode).toBe(201);
    const again = await invite(admin, { email: email.toUpperCase(), roles });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
  });

  it('validates the payload with French messages', async () => {
    const res = await invite(coordinator, { email: 'pas-une-adresse', roles: [] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('creates the member even when the mail server refuses the message, and says so', async () => {
    const res = await invite(coordinator, {
      email: `refuse${++counter}@exemple.test`,
      roles: [{ territoryId: 'paris-20', role: 'reader', infoCategory: 'other' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mailSent: false });
  });

  it('only the coordinators of the member’s territories may resend an invitation', async () => {
    const created = await invite(coordinator, {
      roles: [{ territoryId: 'paris-20', role: 'reader', infoCategory: 'other' }],
    });
    const { memberId } = created.json<{ memberId: string }>();
    const other = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'coordinator' }],
    });
    const resend = (actor: TestActor, id = memberId) =>
      t.app.inject({ method: 'POST', url: `/api/v1/members/${id}/invitations`, headers: actor.headers });
    const denied = await resend(other);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.code).toBe('MEMBER_NOT_FOUND');
    expect((await resend(reader)).statusCode).toBe(404);
    expect((await resend(admin)).statusCode).toBe(201);
    expect((await resend(coordinator)).statusCode).toBe(201);
    expect((await resend(admin, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const withoutCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${memberId}/invitations`,
      headers: { cookie: coordinator.cookie },
    });
    expect(withoutCsrf.statusCode).toBe(403);
  });
});
