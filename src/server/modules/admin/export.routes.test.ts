import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { MemberExport } from '../../../contracts/admin';
import {
  auditEvents,
  authTokens,
  members,
  oidcIdentities,
  recoveryCodes,
  sessions,
} from '../../db/schema/access';
import { buildTestApp, type TestApp } from '../../test/app';
import { createTestActor, type TestActor } from '../../test/actors';
import { DATABASE_KINDS } from '../../test/databases';
import { A, caller, standardActors } from './admin.test-setup';

describe.each(DATABASE_KINDS)('GDPR export on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let actors: Awaited<ReturnType<typeof standardActors>>;
  let member: TestActor;
  const secrets = {
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$c2VjcmV0LWhhc2g',
    totpSecret: 'v1.totp-iv.totp-tag.totp-sealed-seed',
    tokenHash: 'a'.repeat(64),
    codeHash: 'b'.repeat(64),
  };

  beforeAll(async () => {
    t = await buildTestApp(kind);
    call = caller(t);
    actors = await standardActors(t);
    const db = t.app.database.db;
    member = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      acceptCharter: false,
    });
    await db
      .update(members)
      .set({ passwordHash: secrets.passwordHash, totpSecret: secrets.totpSecret, totpEnabledAt: new Date() })
      .where(eq(members.id, member.memberId));
    await db.insert(authTokens).values({
      memberId: member.memberId,
      purpose: 'invitation',
      tokenHash: secrets.tokenHash,
      expiresAt: new Date(Date.now() + 86_400_000),
      usedAt: new Date(),
    });
    await db.insert(recoveryCodes).values({ memberId: member.memberId, codeHash: secrets.codeHash });
    await db
      .insert(oidcIdentities)
      .values({ provider: 'psc', subject: 'psc-sub-8X7Y', memberId: member.memberId });
    // Something the member did, so that the audit section is not empty.
    await call(member, 'POST', `/api/v1/territories/${A}/charter/acceptance`, { version: 1 });
  });
  afterAll(async () => t.close());

  it('gives a member everything held about them as a JSON attachment, without any secret', async () => {
    const res = await call(member, 'GET', '/api/v1/me/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="passerelle-donnees-[\w-]+\.json"$/,
    );
    expect(res.headers['content-type']).toContain('application/json');
    const data = res.json<MemberExport>();
    expect(data.member).toMatchObject({ id: member.memberId, email: member.email });
    expect(data.partner.id).toBe(member.partnerId);
    expect(data.roles).toMatchObject([
      { territoryId: A, role: 'partner_professional', infoCategory: 'health' },
    ]);
    expect(data.charterAcceptances).toMatchObject([{ territoryId: A, version: 1 }]);
    expect(data.sessions).toHaveLength(1);
    expect(data.oidcIdentities).toMatchObject([{ provider: 'psc', subject: 'psc-sub-8X7Y' }]);
    expect(data.emailLinks).toMatchObject([{ purpose: 'invitation' }]);
    expect(data.recoveryCodes).toHaveLength(1);
    expect(data.auditEvents).toMatchObject([
      { action: 'charter.accept', territoryId: A, subjectType: 'charter' },
    ]);

    const [session] = await t.app.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.memberId, member.memberId));
    for (const secret of [
      ...Object.values(secrets),
      session!.id,
      session!.csrfToken,
      member.cookie.split('=')[1]!,
    ]) {
      expect(res.body).not.toContain(secret);
    }
    expect(res.body).not.toMatch(/passwordHash|totpSecret|tokenHash|codeHash|csrf/i);
  });

  it('lets an instance admin export a member, audits it, and refuses anyone else', async () => {
    const res = await call(actors.admin, 'GET', `/api/v1/admin/members/${member.memberId}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.json<MemberExport>().member.id).toBe(member.memberId);
    const events = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'member.export'), eq(auditEvents.subjectId, member.memberId)));
    expect(events.map((e) => e.actorMemberId).sort()).toEqual(
      [actors.admin.memberId, member.memberId].sort(),
    );
    expect(
      (await call(actors.coordinatorA, 'GET', `/api/v1/admin/members/${member.memberId}/export`)).statusCode,
    ).toBe(404);
    expect(
      (await call(actors.readerA, 'GET', `/api/v1/admin/members/${member.memberId}/export`)).statusCode,
    ).toBe(404);
    expect((await call(null, 'GET', '/api/v1/me/export')).statusCode).toBe(401);
  });

  it('refuses a session that has not passed the second factor', async () => {
    const half = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      secondFactor: false,
    });
    expect((await call(half, 'GET', '/api/v1/me/export')).statusCode).toBe(401);
  });
});
