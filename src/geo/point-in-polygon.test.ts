import { describe, expect, it } from 'vitest';
import { locatePoint, partBBox, polygonParts, PreparedPolygon } from './point-in-polygon';

const withHole = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
    ],
  ],
};

describe('polygonParts', () => {
  it('closes an open ring so that its last edge is tested', () => {
    const [part] = polygonParts(withHole);
    expect(part?.[1]).toHaveLength(5);
    expect(part?.[1]?.[4]).toEqual([4, 4]);
    expect(locatePoint(4, 5, part ?? [])).toBe('boundary');
  });

  it('gives one part per polygon of a MultiPolygon', () => {
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [withHole.coordinates, withHole.coordinates],
    };
    expect(polygonParts(multi)).toHaveLength(2);
  });

  it('refuses non-finite coordinates and empty geometries, naming the zone', () => {
    const nan = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [1, Number.NaN],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => polygonParts(nan, 'z9')).toThrow('Zone z9 : coordonnée invalide dans un polygone');
    expect(() => polygonParts({ type: 'MultiPolygon', coordinates: [] }, 'z9')).toThrow(
      'Zone z9 : polygone vide',
    );
  });
});

describe('locatePoint', () => {
  const [part = []] = polygonParts(withHole);

  it('tells inside, outside, in a hole, and on outer or hole edges', () => {
    expect(locatePoint(2, 2, part)).toBe('inside');
    expect(locatePoint(5, 5, part)).toBe('outside');
    expect(locatePoint(12, 5, part)).toBe('outside');
    expect(locatePoint(0, 5, part)).toBe('boundary');
    expect(locatePoint(10, 10, part)).toBe('boundary');
    expect(locatePoint(6, 5, part)).toBe('boundary');
  });

  it('bounds a polygon by its outer ring', () => {
    expect(partBBox(part)).toEqual([0, 0, 10, 10]);
  });
});

describe('PreparedPolygon', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  /** A star-shaped ring with `n` vertices around (cx, cy), closed. */
  const star = (cx: number, cy: number, r: number, n: number): number[][] => {
    const ring: number[][] = [];
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const d = r * (0.6 + 0.4 * rand());
      ring.push([cx + d * Math.cos(a), cy + d * Math.sin(a)]);
    }
    ring.push(ring[0] ?? [cx, cy]);
    return ring;
  };

  it('answers exactly like the plain test, vertices and edges included', () => {
    for (let trial = 0; trial < 20; trial++) {
      const part = [star(2.3, 48.8, 0.2, 20 + Math.floor(rand() * 200)), star(2.3, 48.8, 0.05, 12).reverse()];
      const prepared = new PreparedPolygon(part);
      const probes: [number, number][] = [];
      for (let i = 0; i < 3000; i++) probes.push([2.05 + rand() * 0.5, 48.55 + rand() * 0.5]);
      for (const ring of part) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x1 = 0, y1 = 0] = ring[i] ?? [];
          const [x2 = 0, y2 = 0] = ring[i + 1] ?? [];
          probes.push([x1, y1], [(x1 + x2) / 2, (y1 + y2) / 2], [x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3]);
        }
      }
      const scratch = [0, 0];
      const code = { inside: 1, boundary: 0, outside: -1 } as const;
      for (const [x, y] of probes) expect(prepared.locate(x, y, scratch)).toBe(code[locatePoint(x, y, part)]);
    }
  });

  it('handles axis-aligned edges and points on the bounding box', () => {
    const [part = []] = polygonParts(withHole);
    const prepared = new PreparedPolygon(part);
    const scratch = [0, 0];
    for (let x = -1; x <= 11; x += 0.25)
      for (let y = -1; y <= 11; y += 0.25) {
        const expected = { inside: 1, boundary: 0, outside: -1 }[locatePoint(x, y, part)];
        expect(prepared.locate(x, y, scratch)).toBe(expected);
      }
  });
});
