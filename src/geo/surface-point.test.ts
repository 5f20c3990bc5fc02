import { describe, expect, it } from 'vitest';
import inside from 'point-in-polygon-hao';
import { pointOnSurface } from './surface-point';

describe('point on surface', () => {
  it('returns the bounding-box centre of a convex square', () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(pointOnSurface(square)).toEqual({ lon: 1, lat: 1 });
  });

  it('finds a point inside a U-shaped polygon whose bounding-box centre is outside', () => {
    const u = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const p = pointOnSurface(u);
    expect(inside([p.lon, p.lat], u.coordinates)).not.toBe(false);
  });
});
