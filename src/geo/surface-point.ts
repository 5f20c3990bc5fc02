import inside from 'point-in-polygon-hao';
import type { PolygonGeometry } from './types';

function containsPoint(geometry: PolygonGeometry, p: [number, number]): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((poly) => inside(p, poly) !== false);
}

/**
 * A point guaranteed to be inside the (multi)polygon, as close as possible to the centre of its bounding
 * box: the bounding-box centre of a concave commune can fall outside it, and a user who picks "Orly"
 * must land in Orly.
 */
export function pointOnSurface(geometry: PolygonGeometry, steps = 24): { lon: number; lat: number } {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygons)
    for (const [x = 0, y = 0] of poly[0] ?? []) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  if (containsPoint(geometry, [cx, cy])) return { lon: cx, lat: cy };
  let best: [number, number] | null = null;
  let bestDist = Infinity;
  for (let i = 1; i < steps; i++)
    for (let j = 1; j < steps; j++) {
      const p: [number, number] = [minX + ((maxX - minX) * i) / steps, minY + ((maxY - minY) * j) / steps];
      const d = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
      if (d < bestDist && containsPoint(geometry, p)) {
        best = p;
        bestDist = d;
      }
    }
  const first = polygons[0]?.[0]?.[0];
  if (best) return { lon: best[0], lat: best[1] };
  return { lon: first?.[0] ?? cx, lat: first?.[1] ?? cy };
}
