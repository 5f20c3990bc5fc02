import { describe, expect, it } from 'vitest';
import { commonNumber, findConflicts } from './conflicts';
import type { EngineZone, Parity, PolygonGeometry, ZoneShape } from './types';

const ring = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: number[][][]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });

let nextId = 0;
function zone(areaId: string, shape: ZoneShape, extra: Partial<EngineZone> = {}): EngineZone {
  nextId++;
  return { id: `z${nextId}`, areaId, layer: 'adult', mode: 'include', shape, ...extra };
}
const polygonZone = (areaId: string, geometry: PolygonGeometry, label?: string): EngineZone =>
  zone(areaId, label === undefined ? { kind: 'polygon', geometry } : { kind: 'polygon', geometry, label });
const range = (from: number, to: number, parity: Parity, street = 'rue du Télégraphe'): ZoneShape => ({
  kind: 'number_range',
  citycode: '75120',
  street,
  from,
  to,
  parity,
});

describe('findConflicts on communes and streets', () => {
  it('reports two areas of one layer including the same commune, in French', () => {
    const a = zone('75G27', { kind: 'commune', citycode: '75120' });
    const b = zone('75G28', { kind: 'commune', citycode: '75120' });
    expect(findConflicts([a, b])).toEqual([
      {
        layer: 'adult',
        kind: 'commune',
        zoneIds: [a.id, b.id],
        areaIds: ['75G27', '75G28'],
        message: `La commune 75120 est incluse à la fois par 75G27 (zone ${a.id}) et par 75G28 (zone ${b.id}) dans la couche « adult ».`,
      },
    ]);
  });

  it('ignores the same commune in different layers, in the same area, or excluded', () => {
    const c = { kind: 'commune', citycode: '75120' } as const;
    expect(findConflicts([zone('A', c), zone('B', c, { layer: 'child' })])).toEqual([]);
    expect(findConflicts([zone('A', c), zone('A', c)])).toEqual([]);
    expect(findConflicts([zone('A', c), zone('B', c, { mode: 'exclude' })])).toEqual([]);
  });

  it('ignores zones of different kinds, which precedence separates', () => {
    expect(
      findConflicts([
        zone('A', { kind: 'commune', citycode: '75120' }),
        zone('B', { kind: 'street', citycode: '75120', street: 'rue du Télégraphe' }),
      ]),
    ).toEqual([]);
  });

  it('reports the same street written two ways by two areas', () => {
    const found = findConflicts([
      zone('A', { kind: 'street', citycode: '75120', street: 'Rue du Télégraphe' }),
      zone('B', { kind: 'street', citycode: '75120', street: 'R DU TELEGRAPHE' }),
      zone('C', { kind: 'street', citycode: '75119', street: 'Rue du Télégraphe' }),
    ]);
    expect(found.map((c) => c.areaIds)).toEqual([['A', 'B']]);
    expect(found[0]?.message).toContain('La voie « Rue du Télégraphe » (commune 75120)');
  });
});

describe('findConflicts on number ranges', () => {
  it.each([
    ['2–20 even and 1–9 odd do not', range(2, 20, 'even'), range(1, 9, 'odd'), false],
    ['1–10 both and 4–4 even do', range(1, 10, 'both'), range(4, 4, 'even'), true],
    ['2–20 even and 20–40 even do (ends are inclusive)', range(2, 20, 'even'), range(20, 40, 'even'), true],
    ['2–20 even and 22–40 even do not', range(2, 20, 'even'), range(22, 40, 'even'), false],
    ['3–3 both and 2–10 even do not', range(3, 3, 'both'), range(2, 10, 'even'), false],
    ['1–99 odd and 51–51 both do', range(1, 99, 'odd'), range(51, 51, 'both'), true],
    ['1–99 both and 2–8 both do', range(1, 99, 'both'), range(2, 8, 'both'), true],
    [
      'ranges of different streets do not',
      range(1, 99, 'both'),
      range(1, 99, 'both', 'rue des Pyrénées'),
      false,
    ],
  ] as const)('says that %s overlap', (_label, a, b, expected) => {
    expect(findConflicts([zone('A', a), zone('B', b)]).length).toBe(expected ? 1 : 0);
  });

  it('names a number both ranges cover', () => {
    const [conflict] = findConflicts([zone('A', range(1, 10, 'both')), zone('B', range(4, 4, 'even'))]);
    expect(conflict?.message).toBe(
      `Les plages 1–10 (pairs et impairs) (A, zone ${conflict?.zoneIds[0]}) et 4–4 (pairs) (B, zone ${conflict?.zoneIds[1]}) de « rue du Télégraphe » (commune 75120) se chevauchent, par exemple au numéro 4, dans la couche « adult ».`,
    );
  });

  it('computes the first common number with parity, ranges written either way', () => {
    expect(commonNumber({ from: 9, to: 1, parity: 'both' }, { from: 3, to: 20, parity: 'even' })).toBe(4);
    expect(commonNumber({ from: 1, to: 9, parity: 'odd' }, { from: 2, to: 20, parity: 'even' })).toBeNull();
  });
});

describe('findConflicts on polygons', () => {
  it('reports two polygons that overlap partly', () => {
    const found = findConflicts([
      polygonZone('A', poly(ring(0, 0, 10, 10)), 'Belleville'),
      polygonZone('B', poly(ring(5, 5, 15, 15)), 'Ménilmontant'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(
      /^Les polygones “Belleville” \(A, zone z\d+\) et “Ménilmontant” \(B, zone z\d+\) se chevauchent/,
    );
  });

  it('does not report polygons that only share a border', () => {
    expect(
      findConflicts([
        polygonZone('A', poly(ring(0, 0, 10, 10))),
        polygonZone('B', poly(ring(10, 0, 20, 10))),
      ]),
    ).toEqual([]);
  });

  it('does not report a shared border where one side has extra vertices along it', () => {
    const b = poly([
      [10, 0],
      [20, 0],
      [20, 10],
      [10, 10],
      [10, 7.5],
      [10, 2.5],
      [10, 0],
    ]);
    expect(findConflicts([polygonZone('A', poly(ring(0, 0, 10, 10))), polygonZone('B', b)])).toEqual([]);
  });

  it('tolerates a border shifted by less than the tolerance, not by more', () => {
    const a = polygonZone('A', poly(ring(0, 0, 10, 10)));
    expect(findConflicts([a, polygonZone('B', poly(ring(10 - 5e-7, 0, 20, 10)))])).toEqual([]);
    expect(findConflicts([a, polygonZone('B', poly(ring(10 - 1e-4, 0, 20, 10)))])).toHaveLength(1);
    expect(
      findConflicts([a, polygonZone('B', poly(ring(10 - 1e-4, 0, 20, 10)))], { tolerance: 1e-3 }),
    ).toEqual([]);
  });

  it('reports two crossing polygons even when no vertex of one is inside the other', () => {
    const found = findConflicts([
      polygonZone('A', poly(ring(0, 4, 10, 6))),
      polygonZone('B', poly(ring(4, 0, 6, 10))),
    ]);
    expect(found).toHaveLength(1);
  });

  it('reports identical polygons and a polygon inside another', () => {
    expect(
      findConflicts([polygonZone('A', poly(ring(0, 0, 10, 10))), polygonZone('B', poly(ring(0, 0, 10, 10)))]),
    ).toHaveLength(1);
    expect(
      findConflicts([polygonZone('A', poly(ring(0, 0, 10, 10))), polygonZone('B', poly(ring(2, 2, 3, 3)))]),
    ).toHaveLength(1);
  });

  it('does not report an enclave that fills the hole of its neighbour', () => {
    expect(
      findConflicts([
        polygonZone('A', poly(ring(0, 0, 10, 10), ring(4, 4, 6, 6))),
        polygonZone('B', poly(ring(4, 4, 6, 6))),
      ]),
    ).toEqual([]);
  });

  it('checks each polygon of a MultiPolygon and reports the pair of zones once', () => {
    const multi: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[ring(0, 0, 1, 1)], [ring(5, 5, 6, 6)], [ring(8, 8, 9, 9)]],
    };
    const found = findConflicts([
      polygonZone('A', multi),
      polygonZone('B', { type: 'MultiPolygon', coordinates: [[ring(5.5, 5.5, 8.5, 8.5)]] }),
    ]);
    expect(found).toHaveLength(1);
    expect(findConflicts([polygonZone('A', multi), polygonZone('B', poly(ring(2, 2, 4, 4)))])).toEqual([]);
  });

  it('ignores overlapping polygons of the same area or of different layers', () => {
    expect(
      findConflicts([polygonZone('A', poly(ring(0, 0, 10, 10))), polygonZone('A', poly(ring(5, 5, 15, 15)))]),
    ).toEqual([]);
    expect(
      findConflicts([
        polygonZone('A', poly(ring(0, 0, 10, 10))),
        zone('B', { kind: 'polygon', geometry: poly(ring(5, 5, 15, 15)) }, { layer: 'child' }),
      ]),
    ).toEqual([]);
  });

  it('finds only the real overlaps in a tiled map with one intruder', () => {
    const zones: EngineZone[] = [];
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) zones.push(polygonZone(`S${i}-${j}`, poly(ring(i, j, i + 1, j + 1))));
    zones.push(polygonZone('INTRUDER', poly(ring(2.5, 2.5, 3.5, 3.2))));
    const found = findConflicts(zones);
    expect(found.map((c) => c.areaIds.join('/')).sort()).toEqual([
      'S2-2/INTRUDER',
      'S2-3/INTRUDER',
      'S3-2/INTRUDER',
      'S3-3/INTRUDER',
    ]);
  });
});
