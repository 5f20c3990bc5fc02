import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/access';
import { sha256 } from '../../platform/secrets';
import { loadActor } from '../accounts/actor.repository';
import { buildTestApp, type TestApp } from '../../test/app';
import { createTestActor, type TestActor } from '../../test/actors';
import { DATABASE_KINDS } from '../../test/databases';
import { A, caller, standardActors } from './admin.test-setup';

describe.each(DATABASE_KINDS)('charter API on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let actors: Awaited<ReturnType<typeof standardActors>>;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    call = caller(t);
    actors = await standardActors(t);
  });
  afterAll(async () => t.close());

  const blocksOf = async (m: TestActor) => {
    const loaded = await loadActor(t.app.database.db, sha256(m.cookie.split('=')[1]!), new Date(), 3_600_000);
    return loaded?.actor.blocks[A];
  };

  it('shows the charter in force to members of the territory, with their acceptance', async () => {
    const res = await call(actors.readerA, 'GET', `/api/v1/territories/${A}/charter`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ territoryId: A, version: 1, accepted: true });
    expect(res.json().body).toBeTypeOf('string');
    expect((await call(actors.admin, 'GET', `/api/v1/territories/${A}/charter`)).statusCode).toBe(200);
    const outsider = await call(actors.coordinatorB, 'GET', `/api/v1/territories/${A}/charter`);
    expect(outsider.statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/v1/territories/${A}/charter`)).statusCode).toBe(401);
  });

  it('lets a member who passed the second factor but not the charter read and accept it, which opens access', async () => {
    const newcomer = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'commission_member' }],
      acceptCharter: false,
    });
    expect(await blocksOf(newcomer)).toEqual(['charter_not_accepted']);
    const charter = await call(newcomer, 'GET', `/api/v1/territories/${A}/charter`);
    expect(charter.json()).toMatchObject({ accepted: false, acceptedAt: null });
    const accepted = await call(newcomer, 'POST', `/api/v1/territories/${A}/charter/acceptance`, {
      version: charter.json().version,
    });
    expect(accepted.statusCode).toBe(200);
    expect(await blocksOf(newcomer)).toEqual([]);
    const again = await call(newcomer, 'POST', `/api/v1/territories/${A}/charter/acceptance`, {
      version: charter.json().version,
    });
    expect(again.json().acceptedAt).toBe(accepted.json().acceptedAt);
    const events = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'charter.accept'), eq(auditEvents.actorMemberId, newcomer.memberId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ territoryId: A, subjectType: 'charter', subjectId: charter.json().id });
  });

  it('refuses the acceptance without the CSRF header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/territories/${A}/charter/acceptance`,
      headers: { cookie: actors.readerA.cookie },
      payload: { version: 1 },
    });
    expect(res.statusCode).toBe(403);
  });

  it('publishes a new version that every member must accept again; the old version can no longer be accepted', async () => {
    expect(
      (
        await call(actors.readerA, 'POST', `/api/v1/admin/territories/${A}/charters`, {
          title: 'T',
          body: 'B',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call(actors.coordinatorB, 'POST', `/api/v1/admin/territories/${A}/charters`, {
          title: 'T',
          body: 'B',
        })
      ).statusCode,
    ).toBe(404);
    const published = await call(actors.coordinatorA, 'POST', `/api/v1/admin/territories/${A}/charters`, {
      title: 'Charte de confidentialité du CLSM',
      body: 'Les informations partagées sont strictement nécessaires…',
    });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ version: 2, acceptances: 0 });

    expect(await blocksOf(actors.readerA)).toEqual(['charter_not_accepted']);
    const current = await call(actors.readerA, 'GET', `/api/v1/territories/${A}/charter`);
    expect(current.json()).toMatchObject({
      version: 2,
      accepted: false,
      title: 'Charte de confidentialité du CLSM',
    });
    const outdated = await call(actors.readerA, 'POST', `/api/v1/territories/${A}/charter/acceptance`, {
      version: 1,
    });
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json().error.code).toBe('CHARTER_OUTDATED');
    const future = await call(actors.readerA, 'POST', `/api/v1/territories/${A}/charter/acceptance`, {
      version: 3,
    });
    expect(future.statusCode).toBe(404);
    const ok = await call(actors.readerA, 'POST', `/api/v1/territories/${A}/charter/acceptance`, {
      version: 2,
    });
    expect(ok.statusCode).toBe(200);
    expect(await blocksOf(actors.readerA)).toEqual([]);

    const history = await call(actors.coordinatorA, 'GET', `/api/v1/admin/territories/${A}/charters`);
    expect(history.statusCode).toBe(200);
    const versions = history.json().versions as { version: number; acceptances: number }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.acceptances).toBe(1);
    expect(versions[1]!.acceptances).toBeGreaterThanOrEqual(4);
    expect(history.json().members).toBeGreaterThanOrEqual(3);
    expect(
      (await call(actors.coordinatorB, 'GET', `/api/v1/admin/territories/${A}/charters`)).statusCode,
    ).toBe(404);
    const [event] = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'charter.publish'));
    expect(event).toMatchObject({
      territoryId: A,
      actorMemberId: actors.coordinatorA.memberId,
      actorRole: 'coordinator',
    });
  });
});
