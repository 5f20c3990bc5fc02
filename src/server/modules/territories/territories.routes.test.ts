import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainResponse, TerritoriesResponse } from '../../../contracts/territories';
import { DATABASE_KINDS } from '../../test/databases';
import { buildTestApp, type TestApp } from '../../test/app';

describe.each(DATABASE_KINDS)('territories API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('lists both demo territories with their sectors, zone and site counts and provenance', async () => {
    const body = (await get('/api/v1/territories')).json<TerritoriesResponse>();
    expect(body.territories.map((x) => x.id).sort()).toEqual(['choisy-vlr-orly', 'paris-20']);
    const cvo = body.territories.find((x) => x.id === 'choisy-vlr-orly')!;
    expect(cvo.citycodes.sort()).toEqual(['94022', '94054', '94077']);
    const child = cvo.sectors.find((s) => s.code === '94I03/04')!;
    expect(child).toMatchObject({ kind: 'child', demo: false, zoneCount: 3, siteCount: 3 });
    expect(child.provenance.sourceUrl).toBe('https://www.psysudparis.fr/secteur-soins/enfant-adolescent');
    const paris = body.territories.find((x) => x.id === 'paris-20')!;
    expect(paris.sectors.filter((s) => s.kind === 'adult').map((s) => s.code)).toEqual([
      '75G27',
      '75G28',
      '75G29',
    ]);
    expect(paris.sectors.every((s) => s.demo)).toBe(true);
  });

  it('explains which zone matched and why, layer by layer', async () => {
    const res = await get('/api/v1/admin/test-address?lat=48.858564&lon=2.4074078');
    expect(res.statusCode).toBe(200);
    const body = res.json<ExplainResponse>();
    expect(body.territory?.id).toBe('paris-20');
    const adult = body.layers.find((l) => l.layer === 'adult')!;
    expect(adult.status).toBe('matched');
    expect(adult.winner).toMatchObject({ areaCode: '75G29', kind: 'polygon', mode: 'include' });
    expect(adult.explanation).toMatch(/^75G29 est compétent/);
    const child = body.layers.find((l) => l.layer === 'child')!;
    expect(child.winner).toMatchObject({ areaCode: '75I12', kind: 'commune' });
    const social = body.layers.find((l) => l.layer === 'social')!;
    expect(social.status).toBe('matched');
  });

  it('says that no zone covers a point outside the territories', async () => {
    const body = (await get('/api/v1/admin/test-address?lat=48.8606&lon=2.3376')).json<ExplainResponse>();
    expect(body.territory).toBeNull();
    expect(body.layers.every((l) => l.status === 'none')).toBe(true);
    expect(body.layers[0]?.explanation).toMatch(/Aucune zone/);
  });

  it('serves zones and sites as GeoJSON with a bounding box around both territories', async () => {
    const body = (await get('/api/v1/map')).json<{
      bbox: number[];
      features: { geometry: { type: string }; properties: { type: string; layer?: string; demo: boolean } }[];
    }>();
    const zones = body.features.filter((f) => f.properties.type === 'zone');
    const sites = body.features.filter((f) => f.properties.type === 'site');
    expect(zones.length).toBe(15);
    expect(sites.length).toBeGreaterThanOrEqual(15);
    expect(sites.every((s) => s.geometry.type === 'Point')).toBe(true);
    const [minLon, minLat, maxLon, maxLat] = body.bbox;
    expect(minLat).toBeLessThan(48.75);
    expect(maxLat).toBeGreaterThan(48.87);
    expect(minLon).toBeLessThan(2.4);
    expect(maxLon).toBeGreaterThan(2.41);
  });

  it('lists places of the territories only, each with a point inside it', async () => {
    const body = (await get('/api/v1/places')).json<{
      places: { citycode: string; kind: string; label: string }[];
    }>();
    expect(new Set(body.places.map((p) => p.citycode))).toEqual(
      new Set(['75120', '94022', '94054', '94077']),
    );
    expect(body.places.filter((p) => p.kind === 'quartier')).toHaveLength(4);
  });

  it('exports the catchments of a territory as GeoJSON and CSV files', async () => {
    const geo = await get('/api/v1/catchments/export?territory=choisy-vlr-orly');
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = geo.json<{ type: string; features: { properties: { zone_id: string } }[] }>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(9);
    const csv = await get('/api/v1/catchments/export?format=csv');
    expect(csv.headers['content-disposition']).toContain('zones-tous-territoires.csv');
    expect(csv.body.split('\n')[0]).toMatch(/zone_id/);
    expect(csv.body).toContain('z-p20-g28-saintfargeau');
  });

  it('answers 404 in French when exporting an unknown territory, 422 for an unknown format', async () => {
    const res = await get('/api/v1/catchments/export?territory=nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('TERRITORY_NOT_FOUND');
    expect((await get('/api/v1/catchments/export?format=kml')).statusCode).toBe(422);
  });

  it('tells who created a zone and when, and answers 404 for an unknown zone', async () => {
    const res = await get('/api/v1/zones/z-cvo-i0304-orly/history');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ entries: { action: string; changedBy: string; changedAt: string }[] }>();
    expect(body.entries).toEqual([
      expect.objectContaining({
        action: 'create',
        changedBy: 'seed',
        changedAt: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
    const missing = await get('/api/v1/zones/nope/history');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('ZONE_NOT_FOUND');
  });
});
