import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { isValidSiret, type PartnerView } from '../../../contracts/admin';
import { auditEvents } from '../../db/schema/access';
import { buildTestApp, type TestApp } from '../../test/app';
import { createTestActor } from '../../test/actors';
import { DATABASE_KINDS } from '../../test/databases';
import { A, B, caller, standardActors } from './admin.test-setup';

describe('SIRET check', () => {
  it('accepts a SIRET whose Luhn key is right and refuses one digit changed', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
  });
  it('accepts La Poste establishments, checked by their digit sum', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000049838')).toBe(false);
  });
});

describe.each(DATABASE_KINDS)('partners administration API on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let actors: Awaited<ReturnType<typeof standardActors>>;
  let partnerA: PartnerView;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    call = caller(t);
    actors = await standardActors(t);
  });
  afterAll(async () => t.close());

  it('lets the coordinator of A create a partner on A, with a checked SIRET, and audits it', async () => {
    const res = await call(actors.coordinatorA, 'POST', '/api/v1/admin/partners', {
      name: 'Zèbre Habitat',
      type: 'social_landlord',
      siret: '732 829 320 00074',
      territoryIds: [A],
    });
    expect(res.statusCode).toBe(201);
    partnerA = res.json<PartnerView>();
    expect(partnerA).toMatchObject({ name: 'Zèbre Habitat', siret: '73282932000074', territoryIds: [A] });
    const events = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, partnerA.id));
    expect(events.map((e) => [e.action, e.territoryId, e.actorRole])).toEqual([
      ['partner.create', A, 'coordinator'],
    ]);
  });

  it('refuses a wrong SIRET or FINESS with a French message', async () => {
    const res = await call(actors.admin, 'POST', '/api/v1/admin/partners', {
      name: 'X',
      type: 'other',
      siret: '73282932000075',
      territoryIds: [A],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('SIRET invalide');
    const finess = await call(actors.admin, 'POST', '/api/v1/admin/partners', {
      name: 'X',
      type: 'psychiatry',
      finess: '75080',
      territoryIds: [A],
    });
    expect(finess.statusCode).toBe(422);
    expect(finess.json().error.message).toContain('FINESS invalide');
  });

  it('refuses a coordinator creating a partner on a territory they do not coordinate', async () => {
    const res = await call(actors.coordinatorB, 'POST', '/api/v1/admin/partners', {
      name: 'Ailleurs',
      type: 'association',
      territoryIds: [A],
    });
    expect(res.statusCode).toBe(403);
    const reader = await call(actors.readerA, 'POST', '/api/v1/admin/partners', {
      name: 'Lecteur',
      type: 'association',
      territoryIds: [A],
    });
    expect(reader.statusCode).toBe(403);
  });

  it('requires a session and the CSRF header', async () => {
    expect((await call(null, 'GET', '/api/v1/admin/partners')).statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners',
      headers: { cookie: actors.admin.cookie },
      payload: { name: 'Sans jeton', type: 'other', territoryIds: [A] },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');
  });

  it('lists partners by name within the coordinator’s territories, with search, filters and a total', async () => {
    await call(actors.admin, 'POST', '/api/v1/admin/partners', {
      name: 'Association Bérénice',
      type: 'association',
      territoryIds: [B],
    });
    const mine = await call(actors.coordinatorA, 'GET', '/api/v1/admin/partners?pageSize=200');
    expect(mine.statusCode).toBe(200);
    const names = mine.json<{ items: PartnerView[] }>().items.map((p) => p.name);
    expect(names).toContain('Zèbre Habitat');
    expect(names).not.toContain('Association Bérénice');
    const sorted = [...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()));
    expect(names.map((n) => n.toLowerCase())).toEqual(sorted.map((n) => n.toLowerCase()));

    const all = await call(actors.admin, 'GET', '/api/v1/admin/partners?q=b%C3%A9r%C3%A9&pageSize=1');
    expect(all.json()).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect(all.json().items[0].name).toBe('Association Bérénice');

    const landlords = await call(
      actors.admin,
      'GET',
      `/api/v1/admin/partners?type=social_landlord&territoryId=${A}`,
    );
    expect(landlords.json<{ items: PartnerView[] }>().items.map((p) => p.name)).toEqual(['Zèbre Habitat']);
    expect((await call(actors.readerA, 'GET', '/api/v1/admin/partners')).statusCode).toBe(403);
  });

  it('answers 404 for a partner of another territory, as for a missing one', async () => {
    expect((await call(actors.coordinatorB, 'GET', `/api/v1/admin/partners/${partnerA.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await call(actors.coordinatorB, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, { name: 'Pris' }))
        .statusCode,
    ).toBe(404);
    const missing = await call(
      actors.admin,
      'GET',
      '/api/v1/admin/partners/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('PARTNER_NOT_FOUND');
  });

  it('renames, archives and unarchives a partner; a coordinator cannot add a territory that is not theirs', async () => {
    const renamed = await call(actors.coordinatorA, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, {
      name: 'Zèbre Habitat Est',
      archived: true,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Zèbre Habitat Est' });
    expect(renamed.json().archivedAt).not.toBeNull();
    const hidden = await call(actors.coordinatorA, 'GET', '/api/v1/admin/partners?q=Z%C3%A8bre');
    expect(hidden.json().total).toBe(0);
    const archived = await call(
      actors.coordinatorA,
      'GET',
      '/api/v1/admin/partners?q=Z%C3%A8bre&archived=archived',
    );
    expect(archived.json().total).toBe(1);
    const back = await call(actors.coordinatorA, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, {
      archived: false,
    });
    expect(back.json().archivedAt).toBeNull();

    const grab = await call(actors.coordinatorA, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, {
      territoryIds: [A, B],
    });
    expect(grab.statusCode).toBe(403);
    const both = await call(actors.admin, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, {
      territoryIds: [A, B],
    });
    expect(both.json().territoryIds).toEqual([B, A].sort());
  });

  it('records no change and no audit event for an empty update', async () => {
    const before = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, partnerA.id));
    const res = await call(actors.coordinatorA, 'PATCH', `/api/v1/admin/partners/${partnerA.id}`, {});
    expect(res.statusCode).toBe(200);
    const after = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, partnerA.id));
    expect(after).toHaveLength(before.length);
  });

  it('refuses to make a social landlord of a partner whose members may receive health information', async () => {
    const pro = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'partner_professional', infoCategory: 'health' }],
      partnerType: 'psychiatry',
    });
    const res = await call(actors.admin, 'PATCH', `/api/v1/admin/partners/${pro.partnerId}`, {
      type: 'social_landlord',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PARTNER_TYPE_CONFLICT');
  });
});
