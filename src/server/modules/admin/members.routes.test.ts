import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import type { MemberDetail, MemberSummary } from '../../../contracts/admin';
import { auditEvents, members, recoveryCodes, sessions } from '../../db/schema/access';
import { buildTestApp, type TestApp } from '../../test/app';
import { createTestActor, type TestActor } from '../../test/actors';
import { DATABASE_KINDS } from '../../test/databases';
import { A, B, caller, standardActors } from './admin.test-setup';

describe.each(DATABASE_KINDS)('members administration API on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let actors: Awaited<ReturnType<typeof standardActors>>;
  let target: TestActor;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    call = caller(t);
    actors = await standardActors(t);
    target = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'commission_member', infoCategory: 'social' }],
      partnerType: 'social_service',
    });
  });
  afterAll(async () => t.close());

  const db = () => t.app.database.db;
  const url = (m: TestActor, suffix = '') => `/api/v1/admin/members/${m.memberId}${suffix}`;

  it('lists the members of the coordinator’s territory only, with search, filters and status', async () => {
    const res = await call(actors.coordinatorA, 'GET', '/api/v1/admin/members?pageSize=200');
    expect(res.statusCode).toBe(200);
    const ids = res.json<{ items: MemberSummary[] }>().items.map((m) => m.id);
    expect(ids).toContain(target.memberId);
    expect(ids).toContain(actors.readerA.memberId);
    expect(ids).not.toContain(actors.coordinatorB.memberId);
    expect(ids).not.toContain(actors.admin.memberId);

    const byMail = await call(actors.admin, 'GET', `/api/v1/admin/members?q=${target.email.slice(0, 12)}`);
    expect(byMail.json()).toMatchObject({ total: 1 });
    expect(byMail.json().items[0]).toMatchObject({ id: target.memberId, status: 'invited' });

    const readers = await call(actors.admin, 'GET', `/api/v1/admin/members?role=reader&territoryId=${A}`);
    expect(readers.json<{ items: MemberSummary[] }>().items.map((m) => m.id)).toEqual([
      actors.readerA.memberId,
    ]);
    const byPartner = await call(actors.admin, 'GET', `/api/v1/admin/members?partnerId=${target.partnerId}`);
    expect(byPartner.json().total).toBe(1);

    await db().update(members).set({ passwordHash: 'x' }).where(eq(members.id, actors.readerA.memberId));
    const active = await call(actors.admin, 'GET', '/api/v1/admin/members?status=active');
    expect(active.json<{ items: MemberSummary[] }>().items.map((m) => m.id)).toEqual([
      actors.readerA.memberId,
    ]);

    expect((await call(actors.readerA, 'GET', '/api/v1/admin/members')).statusCode).toBe(403);
    expect((await call(null, 'GET', '/api/v1/admin/members')).statusCode).toBe(401);
  });

  it('shows a member’s detail without secrets, and audits the read', async () => {
    await db()
      .update(members)
      .set({ passwordHash: '$argon2id$secret-hash', totpSecret: 'v1.sealed.totp', totpEnabledAt: new Date() })
      .where(eq(members.id, target.memberId));
    const res = await call(actors.coordinatorA, 'GET', url(target));
    expect(res.statusCode).toBe(200);
    const body = res.json<MemberDetail>();
    expect(body).toMatchObject({
      id: target.memberId,
      status: 'active',
      hasPassword: true,
      secondFactorEnabled: true,
      locked: false,
      roles: [{ territoryId: A, role: 'commission_member', infoCategory: 'social' }],
      charters: [{ territoryId: A, currentVersion: 1, acceptedVersion: 1, upToDate: true }],
      oidcLinks: [],
    });
    expect(res.body).not.toContain('secret-hash');
    expect(res.body).not.toContain('v1.sealed.totp');
    const reads = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'member.read'), eq(auditEvents.subjectId, target.memberId)));
    expect(reads.map((e) => [e.actorMemberId, e.territoryId])).toEqual([[actors.coordinatorA.memberId, A]]);
  });

  it('answers 404 for a member outside the caller’s territories, as for a missing one', async () => {
    for (const [who, status] of [
      [actors.coordinatorB, 404],
      [actors.readerA, 404],
    ] as const) {
      expect((await call(who, 'GET', url(target))).statusCode).toBe(status);
      expect((await call(who, 'PATCH', url(target), { jobTitle: 'X' })).statusCode).toBe(status);
      expect((await call(who, 'POST', url(target, '/unlock'))).statusCode).toBe(status);
      expect((await call(who, 'GET', url(target, '/sessions'))).statusCode).toBe(status);
    }
    const missing = await call(
      actors.admin,
      'GET',
      '/api/v1/admin/members/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.json().error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('changes name and job title, and disabling ends every session at once', async () => {
    const victim = await createTestActor(db(), { roles: [{ territoryId: A, role: 'reader' }] });
    expect((await call(victim, 'GET', '/api/v1/me/export')).statusCode).toBe(200);
    const renamed = await call(actors.coordinatorA, 'PATCH', url(victim), {
      displayName: 'Camille Martin',
      jobTitle: 'Assistante sociale',
    });
    expect(renamed.json()).toMatchObject({ displayName: 'Camille Martin', jobTitle: 'Assistante sociale' });

    const noReason = await call(actors.coordinatorA, 'PATCH', url(victim), { disabled: true });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.message).toContain('motif');

    const disabled = await call(actors.coordinatorA, 'PATCH', url(victim), {
      disabled: true,
      disabledReason: 'Départ de la structure',
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ status: 'disabled', disabledReason: 'Départ de la structure' });
    const open = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.memberId, victim.memberId), isNull(sessions.revokedAt)));
    expect(open).toEqual([]);
    expect((await call(victim, 'GET', '/api/v1/me/export')).statusCode).toBe(401);

    const reason = await call(actors.coordinatorA, 'PATCH', url(victim), {
      disabled: true,
      disabledReason: 'Fin de mission',
    });
    expect(reason.json()).toMatchObject({ status: 'disabled', disabledReason: 'Fin de mission' });
    const enabled = await call(actors.coordinatorA, 'PATCH', url(victim), { disabled: false });
    expect(enabled.json()).toMatchObject({ status: 'invited', disabledAt: null, disabledReason: null });
    const actions = (
      await db()
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.subjectId, victim.memberId),
            eq(auditEvents.actorMemberId, actors.coordinatorA.memberId),
          ),
        )
    ).map((e) => e.action);
    expect(actions).toEqual(['member.update', 'member.disable', 'member.update', 'member.enable']);
  });

  it('never lets the last active instance admin be disabled', async () => {
    const solo = await buildTestApp(kind);
    try {
      const only = await createTestActor(solo.app.database.db, { isInstanceAdmin: true });
      const soloCall = caller(solo);
      const res = await soloCall(only, 'PATCH', `/api/v1/admin/members/${only.memberId}`, {
        disabled: true,
        disabledReason: 'Essai',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('LAST_ADMIN');
      const second = await createTestActor(solo.app.database.db, { isInstanceAdmin: true });
      const ok = await soloCall(only, 'PATCH', `/api/v1/admin/members/${second.memberId}`, {
        disabled: true,
        disabledReason: 'Essai',
      });
      expect(ok.statusCode).toBe(200);
      const again = await soloCall(only, 'PATCH', `/api/v1/admin/members/${only.memberId}`, {
        disabled: true,
        disabledReason: 'Essai',
      });
      expect(again.statusCode).toBe(409);
    } finally {
      await solo.close();
    }
  });

  it('keeps coordinators away from instance admins', async () => {
    const adminInA = await createTestActor(db(), {
      isInstanceAdmin: true,
      roles: [{ territoryId: A, role: 'reader' }],
    });
    const res = await call(actors.coordinatorA, 'PATCH', url(adminInA), {
      disabled: true,
      disabledReason: 'X',
    });
    expect(res.statusCode).toBe(403);
  });

  it('grants and revokes roles within the rules of territory, role and information category', async () => {
    const m = await createTestActor(db(), {
      roles: [{ territoryId: A, role: 'reader', infoCategory: 'social' }],
      partnerType: 'social_service',
    });
    const granted = await call(actors.coordinatorA, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'commission_member',
      infoCategory: 'social',
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles.map((r: { role: string }) => r.role)).toEqual([
      'commission_member',
      'reader',
    ]);

    const otherCategory = await call(actors.coordinatorA, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'partner_professional',
      infoCategory: 'health',
    });
    expect(otherCategory.statusCode).toBe(409);
    expect(otherCategory.json().error.code).toBe('ROLE_CATEGORY_CONFLICT');

    const landlordStaff = await call(actors.coordinatorA, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'landlord_staff',
      infoCategory: 'social',
    });
    expect(landlordStaff.statusCode).toBe(422);
    expect(landlordStaff.json().error.message).toContain('aucune information de santé');

    const promote = await call(actors.coordinatorA, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'coordinator',
      infoCategory: 'social',
    });
    expect(promote.statusCode).toBe(403);
    const elsewhere = await call(actors.coordinatorB, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'reader',
      infoCategory: 'social',
    });
    expect(elsewhere.statusCode).toBe(404);
    const notPartnerTerritory = await call(actors.admin, 'POST', url(m, '/roles'), {
      territoryId: B,
      role: 'reader',
      infoCategory: 'social',
    });
    expect(notPartnerTerritory.statusCode).toBe(422);
    expect(notPartnerTerritory.json().error.code).toBe('PARTNER_NOT_IN_TERRITORY');

    const coordinatorByAdmin = await call(actors.admin, 'POST', url(m, '/roles'), {
      territoryId: A,
      role: 'coordinator',
      infoCategory: 'social',
    });
    expect(coordinatorByAdmin.statusCode).toBe(200);
    const demote = await call(actors.coordinatorA, 'DELETE', url(m, `/roles/${A}/coordinator`));
    expect(demote.statusCode).toBe(403);
    const revoked = await call(actors.coordinatorA, 'DELETE', url(m, `/roles/${A}/commission_member`));
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().roles.map((r: { role: string }) => r.role)).toEqual(['coordinator', 'reader']);
    const fromB = await call(actors.coordinatorB, 'DELETE', url(m, `/roles/${A}/reader`));
    expect(fromB.statusCode).toBe(404);
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, m.memberId))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['member.role_grant', 'member.role_grant', 'member.role_revoke']);
  });

  it('forces the landlord category on every member of a social landlord', async () => {
    const staff = await createTestActor(db(), {
      roles: [{ territoryId: A, role: 'reader', infoCategory: 'landlord' }],
      partnerType: 'social_landlord',
    });
    const res = await call(actors.admin, 'POST', url(staff, '/roles'), {
      territoryId: A,
      role: 'commission_member',
      infoCategory: 'health',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ROLE_LANDLORD_CATEGORY');
    const ok = await call(actors.admin, 'POST', url(staff, '/roles'), {
      territoryId: A,
      role: 'landlord_staff',
      infoCategory: 'landlord',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('unlocks a locked account', async () => {
    const locked = await createTestActor(db(), { roles: [{ territoryId: A, role: 'reader' }] });
    await db()
      .update(members)
      .set({ failedLogins: 7, lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(members.id, locked.memberId));
    expect((await call(actors.admin, 'GET', url(locked))).json()).toMatchObject({
      locked: true,
      failedLogins: 7,
    });
    expect((await call(actors.coordinatorA, 'POST', url(locked, '/unlock'))).statusCode).toBe(204);
    expect((await call(actors.admin, 'GET', url(locked))).json()).toMatchObject({
      locked: false,
      failedLogins: 0,
      lockedUntil: null,
    });
  });

  it('lets only an admin reset the second factor, which removes the secret and recovery codes and ends sessions', async () => {
    const m = await createTestActor(db(), { roles: [{ territoryId: A, role: 'partner_professional' }] });
    await db()
      .update(members)
      .set({ totpSecret: 'v1.a.b.c', totpEnabledAt: new Date(), totpLastStep: 42 })
      .where(eq(members.id, m.memberId));
    await db()
      .insert(recoveryCodes)
      .values({ memberId: m.memberId, codeHash: 'f'.repeat(64) });
    expect((await call(actors.coordinatorA, 'POST', url(m, '/second-factor/reset'))).statusCode).toBe(403);
    expect((await call(actors.admin, 'POST', url(m, '/second-factor/reset'))).statusCode).toBe(204);
    const [row] = await db().select().from(members).where(eq(members.id, m.memberId));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.memberId, m.memberId))).toEqual([]);
    expect((await call(m, 'GET', '/api/v1/me/export')).statusCode).toBe(401);
  });

  it('lists a member’s open sessions without tokens and revokes one', async () => {
    const m = await createTestActor(db(), { roles: [{ territoryId: A, role: 'reader' }] });
    const list = await call(actors.coordinatorA, 'GET', url(m, '/sessions'));
    expect(list.statusCode).toBe(200);
    const [stored] = await db().select().from(sessions).where(eq(sessions.memberId, m.memberId));
    const listed = list.json().sessions;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ method: 'password', userAgent: 'vitest', secondFactor: true });
    expect(list.body).not.toContain(stored!.id);
    expect(list.body).not.toContain(stored!.csrfToken);
    expect(list.body).not.toContain(m.cookie.split('=')[1]);

    expect((await call(actors.coordinatorB, 'DELETE', url(m, `/sessions/${listed[0].id}`))).statusCode).toBe(
      404,
    );
    expect((await call(actors.coordinatorA, 'DELETE', url(m, `/sessions/${listed[0].id}`))).statusCode).toBe(
      204,
    );
    expect((await call(m, 'GET', '/api/v1/me/export')).statusCode).toBe(401);
    expect((await call(actors.coordinatorA, 'GET', url(m, '/sessions'))).json().sessions).toEqual([]);
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'session.revoke'), eq(auditEvents.subjectId, m.memberId)));
    expect(event).toMatchObject({ actorMemberId: actors.coordinatorA.memberId, territoryId: A });
  });
});
