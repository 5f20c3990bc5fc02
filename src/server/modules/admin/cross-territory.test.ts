import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerTerritories } from '../../db/schema/access';
import { createTestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';

const A = 'choisy-vlr-orly';
const B = 'paris-20';

// A coordinator's power stops at their territories, even for members and partners that also work there.
describe.each(DATABASE_KINDS)('coordinators cannot reach into another territory on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t.close());

  it('cannot claim, disable or rename the coordinator of another territory through a partner shared with it', async () => {
    const db = t.app.database.db;
    const coordA = await createTestActor(db, { roles: [{ territoryId: A, role: 'coordinator' }] });
    const coordB = await createTestActor(db, { roles: [{ territoryId: B, role: 'coordinator' }] });
    await db
      .insert(partnerTerritories)
      .values({ partnerId: coordB.partnerId, territoryId: A })
      .onConflictDoNothing();

    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/members/${coordB.memberId}/roles`,
      headers: coordA.headers,
      payload: { territoryId: A, role: 'reader', infoCategory: 'other' },
    });
    expect(grant.statusCode).toBe(404);

    // Even once they do hold a role in A (granted by an admin), their account stays out of A's hands.
    const admin = await createTestActor(db, { isInstanceAdmin: true });
    const byAdmin = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/members/${coordB.memberId}/roles`,
      headers: admin.headers,
      payload: { territoryId: A, role: 'reader', infoCategory: 'other' },
    });
    expect(byAdmin.statusCode).toBe(200);
    const disable = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/members/${coordB.memberId}`,
      headers: coordA.headers,
      payload: { disabled: true, disabledReason: 'essai', displayName: 'Renommé' },
    });
    expect(disable.statusCode).toBe(403);
    const stillIn = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: coordB.cookie },
    });
    expect(stillIn.statusCode).toBe(200);
  });

  it('cannot rename, archive or retype a partner that also works in another territory', async () => {
    const db = t.app.database.db;
    const coordA = await createTestActor(db, { roles: [{ territoryId: A, role: 'coordinator' }] });
    const shared = await createTestActor(db, {
      roles: [{ territoryId: B, role: 'landlord_staff' }],
      partnerType: 'social_landlord',
      noSession: true,
    });
    await db.insert(partnerTerritories).values({ partnerId: shared.partnerId, territoryId: A });
    for (const payload of [{ name: 'Renommé par A' }, { archived: true }, { type: 'association' }]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/partners/${shared.partnerId}`,
        headers: coordA.headers,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(403);
    }
  });

  it('does not reveal, through list filters, roles its members hold in other territories', async () => {
    const db = t.app.database.db;
    const coordA = await createTestActor(db, { roles: [{ territoryId: A, role: 'coordinator' }] });
    const both = await createTestActor(db, {
      roles: [
        { territoryId: A, role: 'reader' },
        { territoryId: B, role: 'coordinator' },
      ],
      noSession: true,
    });
    const list = async (query: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/admin/members?${query}`,
          headers: { cookie: coordA.cookie },
        })
      )
        .json<{ items: { id: string }[] }>()
        .items.map((m) => m.id);
    expect(await list(`territoryId=${B}`)).toEqual([]);
    expect(await list('role=coordinator&pageSize=200')).not.toContain(both.memberId);
    expect(await list('role=reader&pageSize=200')).toContain(both.memberId);
  });
});
