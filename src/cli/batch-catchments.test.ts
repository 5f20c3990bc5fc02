import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupPoint, PolygonGeometry } from '../geo/types';
import { TerritoryCatalog } from '../server/modules/territories/catalog';
import { seedDemo } from '../server/modules/territories/seed-demo';
import {
  loadTerritorialData,
  type TerritorialData,
  type ZoneRow,
} from '../server/modules/territories/territories.repository';
import { openTestDatabase } from '../server/test/databases';
import { BatchCatchments, CONFLICT, type BatchArea } from './batch-catchments';

function zone(z: Partial<ZoneRow> & Pick<ZoneRow, 'id' | 'areaId' | 'kind'>): ZoneRow {
  const now = new Date();
  return {
    mode: 'include',
    label: z.id,
    citycode: null,
    street: null,
    streetId: null,
    fromNumber: null,
    toNumber: null,
    parity: null,
    geometry: null,
    source: 'test',
    sourceUrl: null,
    effectiveDate: null,
    verifiedAt: null,
    verifiedBy: null,
    confidence: 'low',
    demo: true,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...z,
  };
}

const square = (lon: number, lat: number, d: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

/** Random numbers that are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('batch catchment resolution', () => {
  let data: TerritorialData;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const database = await openTestDatabase('pglite');
    close = database.close;
    await seedDemo(database.db);
    data = await loadTerritorialData(database.db);
    // Beyond the demo: streets, numbers, an exclusion, a sector made of two overlapping polygons and a
    // polygon claimed by two sectors, so that every rule of the engine is met.
    data.zones.push(
      zone({
        id: 'z-t-street',
        areaId: 'cvo-g-demo',
        kind: 'street',
        citycode: '94022',
        street: 'Rue Marco Polo',
      }),
      zone({
        id: 'z-t-range',
        areaId: 'cvo-g10',
        kind: 'number_range',
        citycode: '94022',
        street: 'Rue Marco Polo',
        fromNumber: 1,
        toNumber: 9,
        parity: 'odd',
      }),
      zone({
        id: 'z-t-range-conflict',
        areaId: 'cvo-g-demo',
        kind: 'number_range',
        citycode: '94022',
        street: 'Rue Marco Polo',
        fromNumber: 5,
        toNumber: 5,
        parity: 'both',
      }),
      zone({
        id: 'z-t-exclude',
        areaId: 'paris-20-g28',
        kind: 'polygon',
        mode: 'exclude',
        geometry: square(2.398, 48.87, 0.003),
      }),
      zone({
        id: 'z-t-g27-extra',
        areaId: 'paris-20-g27',
        kind: 'polygon',
        geometry: square(2.398, 48.87, 0.003),
      }),
      zone({
        id: 'z-t-g29-a',
        areaId: 'paris-20-g29',
        kind: 'polygon',
        geometry: square(2.43, 48.862, 0.004),
      }),
      zone({
        id: 'z-t-g29-b',
        areaId: 'paris-20-g29',
        kind: 'polygon',
        geometry: square(2.432, 48.864, 0.004),
      }),
      zone({
        id: 'z-t-child-a',
        areaId: 'paris-20-i',
        kind: 'polygon',
        geometry: square(2.39, 48.86, 0.002),
      }),
      zone({
        id: 'z-t-child-b',
        areaId: 'cvo-i0304',
        kind: 'polygon',
        geometry: square(2.391, 48.861, 0.002),
      }),
    );
  });
  afterAll(async () => close());

  it('gives the same answers as TerritoryCatalog.resolve, cached cells and polygon edges included', () => {
    const catalog = new TerritoryCatalog(data);
    const batch = new BatchCatchments(catalog);
    const rnd = random(42);
    const points: LookupPoint[] = [];
    const boxes: [number, number, number, number][] = [
      [2.37, 48.84, 2.44, 48.88],
      [2.36, 48.72, 2.45, 48.78],
      [2.2, 48.6, 2.6, 49.0],
    ];
    for (let i = 0; i < 30_000; i++) {
      const [x0, y0, x1, y1] = boxes[i % boxes.length]!;
      points.push({ lon: x0 + rnd() * (x1 - x0), lat: y0 + rnd() * (y1 - y0) });
    }
    // Vertices and points a hair's breadth away from edges: where a cell cache would go wrong.
    const polygons = [
      ...catalog.boundaries.filter((b) => b.kind !== 'quartier').map((b) => b.geometry as PolygonGeometry),
      ...[...catalog.zones.values()].filter((z) => z.geometry).map((z) => z.geometry as PolygonGeometry),
    ];
    for (const g of polygons) {
      const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0]) ?? [];
      for (let i = 0; i < ring.length; i += Math.max(1, Math.floor(ring.length / 40))) {
        const [lon = 0, lat = 0] = ring[i] ?? [];
        points.push({ lon, lat });
        points.push({ lon: lon + (rnd() - 0.5) * 2e-6, lat: lat + (rnd() - 0.5) * 2e-6 });
      }
    }
    // Geocoded addresses: citycode, street and number take part.
    for (const housenumber of [1, 2, 3, 5, 7, 9, 11, null])
      points.push({ lon: 2.4137, lat: 48.7527, citycode: '94022', street: 'Rue Marco Polo', housenumber });

    const id = (a: BatchArea) => (a === CONFLICT ? 'conflict' : (a?.id ?? null));
    const expected = (l: ReturnType<TerritoryCatalog['resolve']>['layers'], layer: string) => {
      const r = l.get(layer);
      return r?.status === 'matched' ? r.areaId : r?.status === 'conflict' ? 'conflict' : null;
    };
    let mismatches = 0;
    const seen = new Set<string>();
    for (const p of points) {
      // Twice: the second answer may come from the cell cache.
      for (let k = 0; k < 2; k++) {
        const got = p.citycode ? batch.resolve(p) : batch.resolvePoint(p.lon, p.lat);
        const ref = catalog.resolve({ ...p });
        const adult = ref.layers.get('adult');
        const a = [
          got.citycode,
          got.territory?.id ?? null,
          id(got.adult),
          id(got.child),
          id(got.social),
          got.adultZoneId,
        ];
        const b = [
          ref.citycode,
          ref.territory?.id ?? null,
          expected(ref.layers, 'adult'),
          expected(ref.layers, 'child'),
          expected(ref.layers, 'social'),
          adult?.status === 'matched' ? adult.zone.zoneId : null,
        ];
        seen.add(`${String(b[2])}|${String(b[3])}|${String(b[5])}`);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          mismatches++;
          if (mismatches < 5) expect({ point: p, got: a }).toEqual({ point: p, got: b });
        }
      }
    }
    expect(mismatches).toBe(0);
    // The points did meet every case: conflicts, exclusions, ranges, the tie of two zones of one sector.
    const all = [...seen].join('\n');
    for (const s of [
      'conflict',
      'z-t-g27-extra',
      'z-t-range',
      'z-t-street',
      'z-t-g29-a',
      'z-p20-g28-saintfargeau',
      'z-cvo-g10-choisy',
    ])
      expect(all).toContain(s);
  });
});
