import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupResponse } from '../../../contracts/finder';
import type { Place } from '../../../contracts/territories';
import { DATABASE_KINDS } from '../../test/databases';
import { buildTestApp, type TestApp } from '../../test/app';

describe.each(DATABASE_KINDS)('finder API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('answers health checks', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('finds both sectors, their sites and the social service for a typed Choisy-le-Roi address', async () => {
    const res = await get('/api/v1/lookup?q=' + encodeURIComponent('4 rue Marco Polo, Choisy-le-Roi'));
    expect(res.statusCode).toBe(200);
    const body = res.json<LookupResponse>();
    expect(body.address?.citycode).toBe('94022');
    expect(body.territory?.id).toBe('choisy-vlr-orly');
    expect(body.sectors.child?.code).toBe('94I03/04');
    expect(body.sectors.child?.demo).toBe(false);
    expect(body.sectors.child?.zone).toMatchObject({ kind: 'commune', demo: false });
    expect(body.sectors.child?.zone.source).toContain('GHT Psy Sud Paris');
    expect(body.sectors.adult?.code).toBe('94G10');
    expect(body.sectors.adult?.demo).toBe(true);
    const bragas = body.sectors.adult?.sites.find((s) => s.finess === '940000409');
    expect(bragas).toMatchObject({ kind: 'cmp', address: '4 Rue Marco Polo', phone: '01 48 92 37 61' });
    expect(bragas?.opening.text).toMatch(/^(Ouvert|Fermé)/);
    expect(body.socialServices.map((s) => s.id)).toEqual(['cvo-eds-choisy']);
    expect(body.emergency.map((e) => e.number)).toEqual(['15', '112', '3114']);
    expect(body.conflicts).toEqual([]);
  });

  it('finds the Paris 20e demo sector of a point clicked in the Saint-Fargeau quartier', async () => {
    const res = await get('/api/v1/lookup?lat=48.8717488&lon=2.3998439');
    expect(res.statusCode).toBe(200);
    const body = res.json<LookupResponse>();
    expect(body.address?.citycode).toBe('75120');
    expect(body.territory?.name).toBe('Paris 20e');
    expect(body.sectors.adult).toMatchObject({ code: '75G28', demo: true });
    expect(body.sectors.adult?.zone).toMatchObject({
      kind: 'polygon',
      demo: true,
      label: 'Quartier Saint-Fargeau',
    });
    expect(body.sectors.adult?.sites.map((s) => s.finess)).toContain('750802514');
    expect(body.sectors.child?.code).toBe('75I12');
  });

  it('resolves Orly, picked from the list of places, to the child sector 94I03/04', async () => {
    const places = (await get('/api/v1/places')).json<{ places: Place[] }>().places;
    const orly = places.find((p) => p.citycode === '94054' && p.kind === 'commune');
    expect(orly).toBeDefined();
    const body = (await get(`/api/v1/lookup?lat=${orly!.lat}&lon=${orly!.lon}`)).json<LookupResponse>();
    expect(body.address?.citycode).toBe('94054');
    expect(body.sectors.child?.code).toBe('94I03/04');
    expect(body.sectors.adult?.demo).toBe(true);
  });

  it('says clearly when a point is outside every territory', async () => {
    const body = (await get('/api/v1/lookup?lat=48.8606&lon=2.3376')).json<LookupResponse>();
    expect(body.territory).toBeNull();
    expect(body.sectors).toEqual({ adult: null, child: null });
    expect(body.message).toBe("Ce lieu n'est couvert par aucun territoire de Passerelle.");
    expect(body.emergency).toHaveLength(3);
  });

  it('rejects a lookup without address nor point with a French message and a request id', async () => {
    const res = await get('/api/v1/lookup');
    expect(res.statusCode).toBe(422);
    const body = res.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(body.error.code).toBe('LOOKUP_NEEDS_QUERY');
    expect(body.error.message).toMatch(/Indiquez une adresse/);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('rejects non-numeric or out-of-range coordinates as invalid, never as a server error', async () => {
    for (const url of [
      '/api/v1/lookup?lat=abc&lon=2.3',
      '/api/v1/lookup?lat=91&lon=2.3',
      '/api/v1/lookup?lat=48.8',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(422);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/invalide|Indiquez/);
    }
  });

  it('rejects an address and a point given together', async () => {
    const res = await get('/api/v1/lookup?q=4+rue+Marco+Polo&lat=48.8&lon=2.4');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('LOOKUP_BOTH_QUERY_AND_POINT');
  });

  it('answers 404 with guidance for an address nobody knows', async () => {
    const res = await get('/api/v1/lookup?q=' + encodeURIComponent('zzkq wxyv plorf'));
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'ADDRESS_NOT_FOUND',
      message: expect.stringMatching(/cliquez sur la carte/),
    });
  });

  it('prefers "not found" to a doubtful match on another street', async () => {
    // The demo index knows no « rue des Pyrénées »: its best guess is another street, with a low score.
    const res = await get('/api/v1/lookup?q=' + encodeURIComponent('40 rue des Pyrénées Paris'));
    expect(res.statusCode).toBe(404);
  });

  it('answers a commune name with the commune-wide sectors only', async () => {
    const orly = (await get('/api/v1/lookup?q=Orly')).json<LookupResponse>();
    expect(orly.address?.citycode).toBe('94054');
    expect(orly.sectors.child?.code).toBe('94I03/04');
    expect(orly.message).toBeNull();
  });

  it('asks for a street when a commune alone cannot decide the sector', async () => {
    const paris = (await get('/api/v1/lookup?q=' + encodeURIComponent('Paris 20e'))).json<LookupResponse>();
    expect(paris.address?.citycode).toBe('75120');
    expect(paris.sectors.adult).toBeNull();
    expect(paris.sectors.child?.code).toBe('75I12');
    expect(paris.message).toMatch(/Précisez le numéro et la rue/);
  });

  it('answers only the commune-wide layers for an arrondissement picked in the list of places', async () => {
    const body = (await get('/api/v1/lookup?place=arr-75120')).json<LookupResponse>();
    expect(body.address?.label).toBe('Paris 20e arrondissement');
    expect(body.sectors.adult).toBeNull();
    expect(body.sectors.child?.code).toBe('75I12');
    expect(body.message).toMatch(/Précisez le numéro et la rue/);
  });

  it('answers the quartier’s sector for a quartier picked in the list of places', async () => {
    const body = (await get('/api/v1/lookup?place=qu-7512002')).json<LookupResponse>();
    expect(body.sectors.adult?.code).toBe('75G28');
  });

  it('refuses an unknown place id with a French 404', async () => {
    const res = await get('/api/v1/lookup?place=nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('PLACE_NOT_FOUND');
  });

  it('does not pick one of twenty arrondissements when « Paris » alone is typed', async () => {
    const res = await get('/api/v1/lookup?q=Paris');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'ADDRESS_AMBIGUOUS',
      message: expect.stringMatching(/précisez/),
    });
  });

  it('treats empty coordinates as missing, not as the point (0, 0)', async () => {
    const res = await get('/api/v1/lookup?lat=&lon=');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('LOOKUP_NEEDS_QUERY');
  });

  it('shows no verification date on illustrative zones nor on ≈ 2013 FINESS sites', async () => {
    const body = (await get('/api/v1/lookup?lat=48.8717488&lon=2.3998439')).json<LookupResponse>();
    expect(body.sectors.adult?.zone).toMatchObject({ demo: true, verifiedAt: null });
    expect(body.sectors.adult?.sites.every((s) => s.provenance.verifiedAt === null)).toBe(true);
    const choisy = (await get('/api/v1/lookup?lat=48.7527341&lon=2.4137017')).json<LookupResponse>();
    expect(choisy.sectors.child?.zone).toMatchObject({ demo: false, verifiedAt: '2026-11-23' });
  });

  it('suggests addresses for the autocomplete', async () => {
    const res = await get('/api/v1/geocode?q=' + encodeURIComponent('9 rue du telegraphe'));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ results: { label: string; citycode: string }[]; source: string }>();
    expect(body.results[0]?.citycode).toBe('75120');
    expect(body.results[0]?.label).toMatch(/T[ée]l[ée]graphe/i);
  });

  it('refuses a too short autocomplete query', async () => {
    const res = await get('/api/v1/geocode?q=ab');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/trop courte/);
  });

  it('answers unknown API routes with a French 404', async () => {
    const res = await get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('publishes an OpenAPI document generated from the contracts', async () => {
    const res = await get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/v1/lookup',
        '/api/v1/geocode',
        '/api/v1/admin/test-address',
      ]),
    );
  });
});

describe('finder API when the geocoder cannot be reached', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 9 of the loopback: the BAN adapter gets a refused connection.
    t = await buildTestApp('pglite', {
      GEOCODER: 'ban',
      BAN_API_URL: 'http://127.0.0.1:9',
      BAN_API_TIMEOUT_MS: 500,
    });
  });
  afterAll(async () => t.close());

  it('answers 503 with the fallback advice, and lookups by point still work', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/lookup?q=4+rue+Marco+Polo+Choisy' });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'GEOCODER_UNAVAILABLE',
      message: expect.stringMatching(/cliquez sur la carte/),
    });
    const byPoint = await t.app.inject({ method: 'GET', url: '/api/v1/lookup?lat=48.7527341&lon=2.4137017' });
    expect(byPoint.statusCode).toBe(200);
    expect(byPoint.json<LookupResponse>().sectors.child?.code).toBe('94I03/04');
  });
});

describe('rate limit behind no proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { RATE_LIMIT_PER_MINUTE: 2 });
  });
  afterAll(async () => t.close());

  it('cannot be dodged by sending a forged X-Forwarded-For', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([200, 200, 429]);
  });
});
