import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { DATABASE_KINDS, openTestDatabase } from '../../test/databases';
import { CATCHMENT_COLUMNS } from './catchment-io';
import { exportCatchments, listCatchmentRecords } from './export-catchments';
import { seedDemo } from './seed-demo';

describe.each(DATABASE_KINDS)('catchment export on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await seedDemo(database.db);
  });
  afterAll(async () => database.close());

  it('lists zones by territory, layer and sector code, optionally for one territory', async () => {
    const all = await listCatchmentRecords(database.db);
    expect(all).toHaveLength(15);
    const paris = await listCatchmentRecords(database.db, { territoryId: 'paris-20' });
    expect(paris.map((r) => `${r.layer}:${r.areaCode}:${r.zoneId}`)).toEqual([
      'adult:75G27:z-p20-g27-belleville',
      'adult:75G27:z-p20-g27-perelachaise',
      'adult:75G28:z-p20-g28-saintfargeau',
      'adult:75G29:z-p20-g29-charonne',
      'child:75I12:z-p20-i-arr',
      'social:EPS:z-p20-eps',
    ]);
  });

  it('writes a semicolon CSV with a BOM and every column', async () => {
    const { content, count } = await exportCatchments(database.db, {
      format: 'csv',
      territoryId: 'choisy-vlr-orly',
    });
    expect(count).toBe(9);
    expect(content.startsWith(`\uFEFF${CATCHMENT_COLUMNS.join(';')}\n`)).toBe(true);
    expect(content).toContain(
      'z-cvo-g10-choisy;choisy-vlr-orly;94G10;adult;include;commune;Choisy-le-Roi;94022;',
    );
  });

  it('writes GeoJSON features with the polygon geometry, and null for other zones', async () => {
    const { content } = await exportCatchments(database.db, { format: 'geojson', territoryId: 'paris-20' });
    const doc = JSON.parse(content) as {
      type: string;
      features: { id: string; properties: Record<string, unknown>; geometry: { type: string } | null }[];
    };
    expect(doc.type).toBe('FeatureCollection');
    const fargeau = doc.features.find((f) => f.id === 'z-p20-g28-saintfargeau')!;
    expect(fargeau.geometry?.type).toMatch(/Polygon/);
    expect(fargeau.properties).toMatchObject({ area_code: '75G28', kind: 'polygon', demo: true, from: null });
    expect(fargeau.properties).not.toHaveProperty('geometry');
    expect(doc.features.find((f) => f.id === 'z-p20-i-arr')?.geometry).toBeNull();
  });

  it('says when the territory does not exist', async () => {
    await expect(listCatchmentRecords(database.db, { territoryId: 'lyon' })).rejects.toMatchObject({
      code: 'TERRITORY_NOT_FOUND',
    });
  });
});
