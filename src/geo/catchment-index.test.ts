import { describe, expect, it } from 'vitest';
import { CatchmentIndex, CONFLICT, inseeNumber } from './catchment-index';
import { NaiveCatchment } from './catchment-naive';
import type {
  EngineZone,
  LayerResult,
  LookupPoint,
  Parity,
  PolygonGeometry,
  ZoneKind,
  ZoneShape,
} from './types';

const ring = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const square = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [ring(x0, y0, x1, y1)],
});

let nextId = 0;
function zone(areaId: string, shape: ZoneShape, extra: Partial<EngineZone> = {}): EngineZone {
  nextId++;
  return { id: `z${nextId}`, areaId, layer: 'adult', mode: 'include', shape, ...extra };
}
const commune = (citycode: string): ZoneShape => ({ kind: 'commune', citycode });
const polygon = (geometry: PolygonGeometry, label?: string): ZoneShape =>
  label === undefined ? { kind: 'polygon', geometry } : { kind: 'polygon', geometry, label };
const street = (s: string, citycode = '75120'): ZoneShape => ({ kind: 'street', citycode, street: s });
const range = (s: string, from: number, to: number, parity: Parity, citycode = '75120'): ZoneShape => ({
  kind: 'number_range',
  citycode,
  street: s,
  from,
  to,
  parity,
});

function areaOf(result: LayerResult | undefined): string | null | 'conflict' {
  if (!result || result.status === 'none') return null;
  return result.status === 'conflict' ? 'conflict' : result.areaId;
}

/** Resolves with the rich lookup, the fast path and the naive reference, and checks they agree. */
function resolveAll(zones: EngineZone[], point: LookupPoint, layer = 'adult'): string | null | 'conflict' {
  const index = new CatchmentIndex(zones);
  const rich = areaOf(index.lookupLayer(point, layer));
  const fast = index.resolve(point)[layer] ?? null;
  const naive = areaOf(new NaiveCatchment(zones).lookup(point).get(layer));
  expect(fast === CONFLICT ? 'conflict' : fast).toBe(rich);
  expect(naive).toBe(rich);
  return rich;
}

const inParis20 = { lon: 2.39, lat: 48.87, citycode: '75120' };

describe('commune zones', () => {
  it('match an address whose citycode is the commune', () => {
    expect(resolveAll([zone('A', commune('75120'))], inParis20)).toBe('A');
  });

  it('do not match another commune', () => {
    expect(resolveAll([zone('A', commune('75119'))], inParis20)).toBeNull();
  });

  it('do not match a point without citycode: the server derives it from boundaries, not the engine', () => {
    expect(resolveAll([zone('A', commune('75120'))], { lon: 2.39, lat: 48.87 })).toBeNull();
    expect(resolveAll([zone('A', commune('75120'))], { lon: 2.39, lat: 48.87, citycode: null })).toBeNull();
  });

  it('match Corsican codes and codes that are not INSEE codes', () => {
    const zones = [zone('A', commune('2A004')), zone('B', commune('2B033')), zone('C', commune('X-1'))];
    expect(resolveAll(zones, { lon: 8.7, lat: 41.9, citycode: '2A004' })).toBe('A');
    expect(resolveAll(zones, { lon: 9.4, lat: 42.7, citycode: '2B033' })).toBe('B');
    expect(resolveAll(zones, { lon: 0, lat: 0, citycode: 'X-1' })).toBe('C');
    expect(resolveAll(zones, { lon: 0, lat: 0, citycode: '20004' })).toBeNull();
    expect(resolveAll(zones, { lon: 0, lat: 0, citycode: '21033' })).toBeNull();
  });

  it('number INSEE codes densely, Corsica included, and refuse anything else', () => {
    expect(inseeNumber('75120')).toBe(75120);
    expect(inseeNumber('01001')).toBe(1001);
    expect(inseeNumber('2A004')).toBe(100004);
    expect(inseeNumber('2b033')).toBe(101033);
    expect(inseeNumber('21033')).toBe(21033);
    expect(inseeNumber('97411')).toBe(97411);
    expect(inseeNumber('7512')).toBe(-1);
    expect(inseeNumber('3A004')).toBe(-1);
    expect(inseeNumber('75 20')).toBe(-1);
  });

  it('explain the match in French', () => {
    const result = new CatchmentIndex([zone('A', commune('94022'))]).lookupLayer(
      { lon: 2.4, lat: 48.75, citycode: '94022' },
      'adult',
    );
    expect(result.status === 'matched' && result.zone.reason).toBe('Commune 94022');
  });
});

describe('polygon zones', () => {
  const withHole: PolygonGeometry = { type: 'Polygon', coordinates: [ring(0, 0, 10, 10), ring(4, 4, 6, 6)] };

  it('match a point inside and not a point outside', () => {
    const zones = [zone('A', polygon(square(0, 0, 10, 10)))];
    expect(resolveAll(zones, { lon: 5, lat: 5 })).toBe('A');
    expect(resolveAll(zones, { lon: 11, lat: 5 })).toBeNull();
  });

  it('match whatever the citycode of the point', () => {
    expect(
      resolveAll([zone('A', polygon(square(0, 0, 10, 10)))], { lon: 5, lat: 5, citycode: '99999' }),
    ).toBe('A');
  });

  it('leave out a point inside a hole', () => {
    const zones = [zone('A', polygon(withHole))];
    expect(resolveAll(zones, { lon: 5, lat: 5 })).toBeNull();
    expect(resolveAll(zones, { lon: 2, lat: 2 })).toBe('A');
  });

  it('let another area fill the hole (an enclave) without conflict', () => {
    const zones = [zone('A', polygon(withHole)), zone('B', polygon(square(4, 4, 6, 6)))];
    expect(resolveAll(zones, { lon: 5, lat: 5 })).toBe('B');
    expect(resolveAll(zones, { lon: 1, lat: 1 })).toBe('A');
  });

  it('match any polygon of a MultiPolygon and nothing between them', () => {
    const multi: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[ring(0, 0, 1, 1)], [ring(5, 5, 6, 6), ring(5.4, 5.4, 5.6, 5.6)]],
    };
    const zones = [zone('A', polygon(multi))];
    expect(resolveAll(zones, { lon: 0.5, lat: 0.5 })).toBe('A');
    expect(resolveAll(zones, { lon: 5.2, lat: 5.2 })).toBe('A');
    expect(resolveAll(zones, { lon: 5.5, lat: 5.5 })).toBeNull();
    expect(resolveAll(zones, { lon: 3, lat: 3 })).toBeNull();
  });

  it('count a point exactly on an edge or a vertex as inside, and say so', () => {
    const index = new CatchmentIndex([zone('A', polygon(square(0, 0, 10, 10), 'Belleville'))]);
    for (const p of [
      { lon: 10, lat: 5 },
      { lon: 0, lat: 0 },
      { lon: 5, lat: 0 },
    ]) {
      const result = index.lookupLayer(p, 'adult');
      expect(result.status).toBe('matched');
      expect(result.status === 'matched' && result.zone.reason).toBe(
        'Point sur la limite du polygone “Belleville” (la limite compte comme l’intérieur)',
      );
    }
    expect(index.lookupLayer({ lon: 5, lat: 5 }, 'adult')).toMatchObject({
      status: 'matched',
      zone: { reason: 'Point dans le polygone “Belleville”' },
    });
  });

  it('count a point on the edge of a hole as inside the polygon', () => {
    expect(resolveAll([zone('A', polygon(withHole))], { lon: 4, lat: 5 })).toBe('A');
  });

  it('report a conflict for a point exactly on the border shared by two areas, and not next to it', () => {
    const zones = [zone('A', polygon(square(0, 0, 10, 10))), zone('B', polygon(square(10, 0, 20, 10)))];
    expect(resolveAll(zones, { lon: 10, lat: 5 })).toBe('conflict');
    expect(resolveAll(zones, { lon: 9.999999, lat: 5 })).toBe('A');
    expect(resolveAll(zones, { lon: 10.000001, lat: 5 })).toBe('B');
  });

  it('close a ring given open instead of ignoring its last edge', () => {
    const open: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
      ],
    };
    expect(resolveAll([zone('A', polygon(open))], { lon: 5, lat: 5 })).toBe('A');
  });

  it('refuse a degenerate polygon, naming the zone', () => {
    const bad: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => new CatchmentIndex([zone('A', polygon(bad), { id: 'broken' })])).toThrow(/broken/);
  });
});

describe('street zones', () => {
  const zones = () => [zone('A', street('Rue du Télégraphe'))];

  it.each(['Rue du Télégraphe', 'R DU TELEGRAPHE', 'r. du telegraphe', 'rue du Telegraphe  '])(
    'match the street written « %s »',
    (name) => {
      expect(resolveAll(zones(), { ...inParis20, street: name })).toBe('A');
    },
  );

  it('do not match the same street name in another commune', () => {
    expect(resolveAll(zones(), { ...inParis20, citycode: '75119', street: 'Rue du Télégraphe' })).toBeNull();
  });

  it('do not match without a citycode', () => {
    expect(resolveAll(zones(), { lon: 2.39, lat: 48.87, street: 'Rue du Télégraphe' })).toBeNull();
  });

  it('match on the BAN street id given as streetId or as street', () => {
    const byId = [zone('A', street('75120_9166'))];
    expect(resolveAll(byId, { ...inParis20, streetId: '75120_9166' })).toBe('A');
    expect(resolveAll(byId, { ...inParis20, street: '75120_9166' })).toBe('A');
    expect(resolveAll(byId, { ...inParis20, streetId: '75120_9999' })).toBeNull();
  });

  it('match when either the street id or the street name matches', () => {
    expect(resolveAll(zones(), { ...inParis20, streetId: '75120_9166', street: 'R. du Télégraphe' })).toBe(
      'A',
    );
  });

  it('explain an inclusion and an exclusion in French', () => {
    const index = new CatchmentIndex([
      zone('A', street('rue du Télégraphe')),
      zone('B', street('rue des Pyrénées'), { mode: 'exclude' }),
    ]);
    const t = index.lookupLayer({ ...inParis20, street: 'rue du Telegraphe' }, 'adult');
    expect(t.status === 'matched' && t.zone.reason).toBe('Voie « rue du Télégraphe », commune 75120');
    const p = index.lookupLayer({ ...inParis20, street: 'rue des Pyrénées' }, 'adult');
    expect(p.considered[0]?.reason).toBe('Exclusion : voie « rue des Pyrénées », commune 75120');
  });
});

describe('number-range zones', () => {
  const on = (housenumber: number | null, name = 'rue du Télégraphe'): LookupPoint => ({
    ...inParis20,
    street: name,
    housenumber,
  });

  it('include both ends of the range', () => {
    const zones = [zone('A', range('rue du Télégraphe', 2, 40, 'even'))];
    expect(resolveAll(zones, on(2))).toBe('A');
    expect(resolveAll(zones, on(40))).toBe('A');
    expect(resolveAll(zones, on(0))).toBeNull();
    expect(resolveAll(zones, on(42))).toBeNull();
  });

  it('match only even numbers when the parity is even', () => {
    const zones = [zone('A', range('rue du Télégraphe', 1, 41, 'even'))];
    expect(resolveAll(zones, on(12))).toBe('A');
    expect(resolveAll(zones, on(13))).toBeNull();
  });

  it('match only odd numbers when the parity is odd, ends included', () => {
    const zones = [zone('A', range('rue du Télégraphe', 1, 41, 'odd'))];
    expect(resolveAll(zones, on(1))).toBe('A');
    expect(resolveAll(zones, on(41))).toBe('A');
    expect(resolveAll(zones, on(12))).toBeNull();
  });

  it('match every number when the parity is both', () => {
    const zones = [zone('A', range('rue du Télégraphe', 10, 20, 'both'))];
    expect(resolveAll(zones, on(10))).toBe('A');
    expect(resolveAll(zones, on(15))).toBe('A');
    expect(resolveAll(zones, on(20))).toBe('A');
    expect(resolveAll(zones, on(21))).toBeNull();
  });

  it('accept a range written backwards', () => {
    expect(resolveAll([zone('A', range('rue du Télégraphe', 40, 2, 'even'))], on(20))).toBe('A');
  });

  it('need a house number: without one, only the street zone can match', () => {
    const zones = [
      zone('A', street('rue du Télégraphe')),
      zone('B', range('rue du Télégraphe', 1, 99, 'both')),
    ];
    expect(resolveAll(zones, on(null))).toBe('A');
    expect(resolveAll(zones, { ...inParis20, street: 'rue du Télégraphe' })).toBe('A');
    expect(resolveAll(zones, on(7))).toBe('B');
  });

  it('ignore a fractional house number', () => {
    expect(resolveAll([zone('A', range('rue du Télégraphe', 1, 99, 'both'))], on(7.5))).toBeNull();
  });

  it('match on the street id too', () => {
    const zones = [zone('A', range('75120_9166', 1, 99, 'odd'))];
    expect(resolveAll(zones, { ...inParis20, streetId: '75120_9166', housenumber: 3 })).toBe('A');
  });

  it('explain the match with the range and its parity', () => {
    const result = new CatchmentIndex([zone('A', range('rue du Télégraphe', 2, 40, 'even'))]).lookupLayer(
      on(12),
      'adult',
    );
    expect(result.status === 'matched' && result.zone.reason).toBe(
      'Numéro 12 dans la plage 2–40 (pairs) de rue du Télégraphe, commune 75120',
    );
  });
});

describe('precedence between kinds', () => {
  const shapes: Record<ZoneKind, ZoneShape> = {
    commune: commune('75120'),
    polygon: polygon(square(2, 48, 3, 49)),
    street: street('rue du Télégraphe'),
    number_range: range('rue du Télégraphe', 1, 99, 'both'),
  };
  const point: LookupPoint = { ...inParis20, street: 'rue du Télégraphe', housenumber: 12 };
  const pairs: [ZoneKind, ZoneKind][] = [
    ['polygon', 'commune'],
    ['street', 'commune'],
    ['number_range', 'commune'],
    ['street', 'polygon'],
    ['number_range', 'polygon'],
    ['number_range', 'street'],
  ];

  it.each(pairs)('gives a %s zone priority over a %s zone of another area', (specific, general) => {
    expect(resolveAll([zone('GENERAL', shapes[general]), zone('SPECIFIC', shapes[specific])], point)).toBe(
      'SPECIFIC',
    );
    expect(resolveAll([zone('SPECIFIC', shapes[specific]), zone('GENERAL', shapes[general])], point)).toBe(
      'SPECIFIC',
    );
  });

  it('lists the considered zones most specific first, with their precedence', () => {
    const zones = (Object.keys(shapes) as ZoneKind[]).map((k) => zone(k, shapes[k]));
    const result = new CatchmentIndex(zones).lookupLayer(point, 'adult');
    expect(result.considered.map((m) => [m.kind, m.precedence])).toEqual([
      ['number_range', 4],
      ['street', 3],
      ['polygon', 2],
      ['commune', 1],
    ]);
    expect(result).toMatchObject({ status: 'matched', areaId: 'number_range' });
  });
});

describe('exclusions', () => {
  const point: LookupPoint = { ...inParis20, street: 'rue des Pyrénées', housenumber: 12 };

  it('take an excluded street out of an included commune, leaving the street to another area', () => {
    const zones = [
      zone('A', commune('75120')),
      zone('A', street('rue des Pyrénées'), { mode: 'exclude' }),
      zone('B', street('rue des Pyrénées')),
    ];
    expect(resolveAll(zones, point)).toBe('B');
    expect(resolveAll(zones, { ...inParis20, street: 'rue du Télégraphe' })).toBe('A');
  });

  it('leave nobody competent when the excluded street belongs to no other area', () => {
    const zones = [zone('A', commune('75120')), zone('A', street('rue des Pyrénées'), { mode: 'exclude' })];
    expect(resolveAll(zones, point)).toBeNull();
  });

  it('let a less specific area take over a street excluded from a more specific one', () => {
    const zones = [
      zone('A', polygon(square(2, 48, 3, 49))),
      zone('A', street('rue des Pyrénées'), { mode: 'exclude' }),
      zone('B', commune('75120')),
    ];
    expect(resolveAll(zones, point)).toBe('B');
  });

  it('let an included number range override an excluded street of the same area', () => {
    const zones = [
      zone('A', commune('75120')),
      zone('A', street('rue des Pyrénées'), { mode: 'exclude' }),
      zone('A', range('rue des Pyrénées', 2, 40, 'even')),
      zone('B', street('rue des Pyrénées')),
    ];
    expect(resolveAll(zones, point)).toBe('A');
    expect(resolveAll(zones, { ...point, housenumber: 13 })).toBe('B');
  });

  it('make the exclusion win over an inclusion of the same area at the same precedence', () => {
    const zones = [
      zone('A', street('rue des Pyrénées')),
      zone('A', street('R. des Pyrenees'), { mode: 'exclude' }),
      zone('B', commune('75120')),
    ];
    expect(resolveAll(zones, point)).toBe('B');
  });

  it('never remove the address from another area', () => {
    const zones = [zone('A', street('rue des Pyrénées'), { mode: 'exclude' }), zone('B', commune('75120'))];
    expect(resolveAll(zones, point)).toBe('B');
  });

  it('exclude a polygon cut out of an included commune', () => {
    const zones = [
      zone('A', commune('75120')),
      zone('A', polygon(square(2.38, 48.86, 2.4, 48.88)), { mode: 'exclude' }),
    ];
    expect(resolveAll(zones, inParis20)).toBeNull();
    expect(resolveAll(zones, { ...inParis20, lon: 2.41 })).toBe('A');
  });
});

describe('conflicts at lookup', () => {
  it('answer conflict, with every tied area and zone, when two areas include the same commune', () => {
    const zones = [zone('B', commune('75120')), zone('A', commune('75120'))];
    const result = new CatchmentIndex(zones).lookupLayer(inParis20, 'adult');
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') return;
    expect(result.areaIds).toEqual(['A', 'B']);
    expect(result.zones.map((z) => z.areaId)).toEqual(['A', 'B']);
    expect(new CatchmentIndex(zones).resolve(inParis20).adult).toBe(CONFLICT);
  });

  it('resolve the tie when a more specific zone decides', () => {
    const zones = [
      zone('A', commune('75120')),
      zone('B', commune('75120')),
      zone('B', street('rue du Télégraphe')),
    ];
    expect(resolveAll(zones, { ...inParis20, street: 'rue du Télégraphe' })).toBe('B');
    expect(resolveAll(zones, inParis20)).toBe('conflict');
  });

  it('report a conflict between two number ranges of different areas that share a number', () => {
    const zones = [
      zone('A', range('rue du Télégraphe', 1, 10, 'both')),
      zone('B', range('rue du Télégraphe', 4, 4, 'even')),
    ];
    expect(resolveAll(zones, { ...inParis20, street: 'rue du Télégraphe', housenumber: 4 })).toBe('conflict');
    expect(resolveAll(zones, { ...inParis20, street: 'rue du Télégraphe', housenumber: 5 })).toBe('A');
  });

  it('are not conflicts when the same area matches twice', () => {
    const zones = [zone('A', commune('75120')), zone('A', commune('75120'))];
    expect(resolveAll(zones, inParis20)).toBe('A');
  });

  it('are not created by an excluded area tied with the winner', () => {
    const zones = [
      zone('A', commune('75120')),
      zone('B', commune('75120')),
      zone('B', commune('75120'), { mode: 'exclude' }),
    ];
    expect(resolveAll(zones, inParis20)).toBe('A');
  });
});

describe('layers', () => {
  const zones = [
    zone('ADULT-1', commune('75120'), { layer: 'adult' }),
    zone('ADULT-2', street('rue du Télégraphe'), { layer: 'adult' }),
    zone('CHILD-1', commune('75120'), { layer: 'child' }),
    zone('CHILD-2', commune('75120'), { layer: 'child' }),
    zone('SOCIAL-1', polygon(square(2, 48, 3, 49)), { layer: 'social' }),
  ];
  const point: LookupPoint = { ...inParis20, street: 'rue du Télégraphe' };

  it('are resolved independently: a conflict in one layer leaves the others alone', () => {
    expect(resolveAll(zones, point, 'adult')).toBe('ADULT-2');
    expect(resolveAll(zones, point, 'child')).toBe('conflict');
    expect(resolveAll(zones, point, 'social')).toBe('SOCIAL-1');
  });

  it('never compete: the same area id in two layers is two separate areas', () => {
    const twoLayers = [
      zone('X', commune('75120'), { layer: 'adult' }),
      zone('X', commune('75120'), { layer: 'child', mode: 'exclude' }),
    ];
    expect(resolveAll(twoLayers, inParis20, 'adult')).toBe('X');
    expect(resolveAll(twoLayers, inParis20, 'child')).toBeNull();
  });

  it('are all present in resolve() and lookup(), null or none where nothing matches', () => {
    const index = new CatchmentIndex(zones);
    expect(index.layers).toEqual(['adult', 'child', 'social']);
    const elsewhere = { lon: 5, lat: 45, citycode: '38185' };
    expect(index.resolve(elsewhere)).toEqual({ adult: null, child: null, social: null });
    expect([...index.lookup(elsewhere).values()].map((r) => r.status)).toEqual(['none', 'none', 'none']);
    expect(index.lookupLayer(elsewhere, 'landlord')).toEqual({ status: 'none', considered: [] });
  });

  it('reuse the object passed to resolve()', () => {
    const index = new CatchmentIndex(zones);
    const out = {};
    expect(index.resolve(point, out)).toBe(out);
  });
});

describe('agreement with the naive reference', () => {
  it('gives the same answers as scanning every zone, on random zones and points', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const citycodes = ['75119', '75120', '94022'];
    const streets = ['rue du Télégraphe', 'rue des Pyrénées', 'avenue Gambetta'];
    const writings: Record<string, string[]> = {
      'rue du Télégraphe': ['R DU TELEGRAPHE', 'r. du telegraphe'],
      'rue des Pyrénées': ['R DES PYRENEES'],
      'avenue Gambetta': ['AV GAMBETTA', 'av. Gambetta'],
    };
    const zones: EngineZone[] = [];
    for (let i = 0; i < 300; i++) {
      const kind = pick<ZoneKind>(['commune', 'polygon', 'street', 'number_range']);
      const citycode = pick(citycodes);
      const s = pick(streets);
      // Half-degree corners and tenth-degree points: many points fall exactly on edges and vertices.
      const x = Math.round(rand() * 16) / 2;
      const y = Math.round(rand() * 16) / 2;
      const shape: ZoneShape =
        kind === 'commune'
          ? commune(citycode)
          : kind === 'polygon'
            ? polygon(
                square(x, y, x + 0.5 + Math.floor(rand() * 6) / 2, y + 0.5 + Math.floor(rand() * 6) / 2),
              )
            : kind === 'street'
              ? street(s, citycode)
              : range(
                  s,
                  Math.floor(rand() * 30),
                  Math.floor(rand() * 60),
                  pick<Parity>(['even', 'odd', 'both']),
                  citycode,
                );
      zones.push(
        zone(pick(['A', 'B', 'C', 'D', 'E', 'F']), shape, {
          layer: pick(['adult', 'child']),
          mode: rand() < 0.25 ? 'exclude' : 'include',
        }),
      );
    }
    const index = new CatchmentIndex(zones);
    const naive = new NaiveCatchment(zones);
    const statuses = new Set<string>();
    let onBoundary = 0;
    for (let i = 0; i < 2000; i++) {
      const s = pick(streets);
      const point: LookupPoint = {
        lon: Math.round(rand() * 100) / 10,
        lat: Math.round(rand() * 100) / 10,
        citycode: rand() < 0.8 ? pick(citycodes) : null,
        street: rand() < 0.7 ? pick([s, ...(writings[s] ?? [])]) : null,
        housenumber: rand() < 0.7 ? Math.floor(rand() * 70) : null,
      };
      const rich = index.lookup(point);
      const fast = index.resolve(point);
      expect(rich).toEqual(naive.lookup(point));
      for (const [layer, result] of rich) {
        statuses.add(result.status);
        onBoundary += result.considered.filter((m) => m.reason.startsWith('Point sur la limite')).length;
        const area = fast[layer];
        expect(area === CONFLICT ? 'conflict' : area).toBe(areaOf(result));
      }
    }
    expect([...statuses].sort()).toEqual(['conflict', 'matched', 'none']);
    expect(onBoundary).toBeGreaterThan(50);
  });
});
