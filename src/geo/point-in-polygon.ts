import inside from 'point-in-polygon-hao';
import type { PolygonGeometry } from './types';

/** One polygon: outer ring then holes, each ring closed (last position = first), lon/lat. */
export type PolygonPart = number[][][];

/** Where a point lies relative to a polygon. A point on a hole's edge is on the boundary too. */
export type PointLocation = 'inside' | 'boundary' | 'outside';

/**
 * Splits a geometry into its polygons and closes any ring left open, because point-in-polygon-hao
 * silently ignores the closing edge of an open ring. Throws, naming the zone, on a ring with fewer than
 * three distinct positions or a non-finite coordinate: the engine refuses a geometry it cannot test
 * rather than answer "not competent" for the addresses inside it.
 */
export function polygonParts(geometry: PolygonGeometry, zoneId = '?'): PolygonPart[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const parts: PolygonPart[] = [];
  for (const polygon of polygons) {
    const rings: number[][][] = [];
    for (const ring of polygon) {
      for (const position of ring) {
        if (position.length < 2 || !Number.isFinite(position[0]) || !Number.isFinite(position[1])) {
          throw new Error(`Zone ${zoneId} : coordonnée invalide dans un polygone`);
        }
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      const closed =
        first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]
          ? ring
          : first === undefined
            ? ring
            : [...ring, first];
      if (closed.length < 4) throw new Error(`Zone ${zoneId} : anneau de polygone de moins de 3 sommets`);
      rings.push(closed);
    }
    if (rings.length > 0) parts.push(rings);
  }
  if (parts.length === 0) throw new Error(`Zone ${zoneId} : polygone vide`);
  return parts;
}

/** Bounding box [minX, minY, maxX, maxY] of a polygon (its outer ring bounds its holes). */
export function partBBox(part: PolygonPart): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const position of part[0] ?? []) {
    const x = position[0] ?? 0;
    const y = position[1] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Even-odd test over all rings, so holes are respected. Exact on the boundary (robust orientation
 * predicate inside point-in-polygon-hao): a point on any edge, hole edges included, is 'boundary'.
 * `scratch` lets hot loops avoid allocating the [x, y] pair.
 */
export function locatePoint(
  x: number,
  y: number,
  part: PolygonPart,
  scratch: number[] = [0, 0],
): PointLocation {
  scratch[0] = x;
  scratch[1] = y;
  const r = inside(scratch, part);
  return r === 0 ? 'boundary' : r ? 'inside' : 'outside';
}

const CELL_OUTSIDE = 0;
const CELL_INSIDE = 1;
const CELL_MIXED = 2;
const MAX_SIDE = 128;

/**
 * A polygon with a coarse raster over its bounding box that answers most points without running the
 * point-in-polygon test: each cell is inside, outside or "mixed" (an edge's bounding box touches it).
 * Only points in mixed cells run the exact test, so the answer is exactly `locatePoint`'s, boundary
 * included: a cell that no edge touches holds no boundary point, hence one status everywhere.
 * On 45-vertex sectors the exact test then runs for about 12 % of candidate polygons (docs/decisions/002).
 */
export class PreparedPolygon {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly sx: number;
  private readonly sy: number;
  private readonly cells: Uint8Array;

  constructor(readonly part: PolygonPart) {
    [this.minX, this.minY, this.maxX, this.maxY] = partBBox(part);
    const vertices = part.reduce((sum, ring) => sum + ring.length - 1, 0);
    // About 36 cells per vertex, at most 128 × 128 (16 kB per polygon): see the measure in
    // docs/decisions/002-catchment-precedence.md.
    const side = Math.max(4, Math.min(MAX_SIDE, 6 * Math.ceil(Math.sqrt(vertices))));
    const w = this.maxX - this.minX;
    const h = this.maxY - this.minY;
    this.cols = w > 0 ? side : 1;
    this.rows = h > 0 ? side : 1;
    this.sx = w > 0 ? this.cols / w : 0;
    this.sy = h > 0 ? this.rows / h : 0;
    this.cells = new Uint8Array(this.cols * this.rows);
    const unknown = 255;
    this.cells.fill(unknown);
    for (const ring of part) {
      for (let i = 0; i + 1 < ring.length; i++) {
        this.markSegment(ring[i]?.[0] ?? 0, ring[i]?.[1] ?? 0, ring[i + 1]?.[0] ?? 0, ring[i + 1]?.[1] ?? 0);
      }
    }
    // Runs of pure cells between two mixed cells of a row share one status: one exact test per run.
    const scratch = [0, 0];
    for (let r = 0; r < this.rows; r++) {
      let status = unknown;
      for (let c = 0; c < this.cols; c++) {
        const k = r * this.cols + c;
        if (this.cells[k] === CELL_MIXED) {
          status = unknown;
          continue;
        }
        if (status === unknown) {
          scratch[0] = this.minX + (c + 0.5) / this.sx;
          scratch[1] = this.minY + (r + 0.5) / this.sy;
          const where = inside(scratch, part);
          status = where === 0 ? CELL_MIXED : where ? CELL_INSIDE : CELL_OUTSIDE;
        }
        this.cells[k] = status;
      }
    }
  }

  /** 1 inside, 0 on the boundary, -1 outside; same answer as `locatePoint`. */
  locate(x: number, y: number, scratch: number[]): 1 | 0 | -1 {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return -1;
    const cell =
      this.cells[
        this.clampRow(Math.floor((y - this.minY) * this.sy)) * this.cols +
          this.clampCol(Math.floor((x - this.minX) * this.sx))
      ];
    if (cell === CELL_INSIDE) return 1;
    if (cell === CELL_OUTSIDE) return -1;
    scratch[0] = x;
    scratch[1] = y;
    const r = inside(scratch, this.part);
    return r === 0 ? 0 : r ? 1 : -1;
  }

  /**
   * Marks as mixed every cell the segment passes through: column by column, the rows between the
   * segment's heights at the column's two sides. Cell coordinates carry a margin of a millionth of a
   * cell so that rounding never leaves a boundary point in a cell marked pure.
   */
  private markSegment(x1: number, y1: number, x2: number, y2: number): void {
    const margin = 1e-6;
    // Segment in cell units.
    const u1 = (x1 - this.minX) * this.sx;
    const v1 = (y1 - this.minY) * this.sy;
    const u2 = (x2 - this.minX) * this.sx;
    const v2 = (y2 - this.minY) * this.sy;
    const uMin = Math.min(u1, u2);
    const uMax = Math.max(u1, u2);
    const c0 = this.clampCol(Math.floor(uMin - margin));
    const c1 = this.clampCol(Math.floor(uMax + margin));
    for (let c = c0; c <= c1; c++) {
      // Part of the segment whose u lies in this column, widened by the margin.
      const ua = Math.max(uMin, c - margin);
      const ub = Math.min(uMax, c + 1 + margin);
      let va: number;
      let vb: number;
      if (u2 === u1) {
        va = v1;
        vb = v2;
      } else {
        va = v1 + ((v2 - v1) * (ua - u1)) / (u2 - u1);
        vb = v1 + ((v2 - v1) * (ub - u1)) / (u2 - u1);
      }
      const r0 = this.clampRow(Math.floor(Math.min(va, vb) - margin));
      const r1 = this.clampRow(Math.floor(Math.max(va, vb) + margin));
      for (let r = r0; r <= r1; r++) this.cells[r * this.cols + c] = CELL_MIXED;
    }
  }

  private clampCol(c: number): number {
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private clampRow(r: number): number {
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }
}
