import { PARITY_LABELS } from './labels';
import Flatbush from 'flatbush';
import { streetKey } from './normalize';
import { partBBox, polygonParts, type PolygonPart } from './point-in-polygon';
import { pointOnSurface } from './surface-point';
import type { EngineZone, Parity, ZoneConflict, ZoneKind } from './types';

/**
 * Default tolerance of the polygon overlap test, in degrees (≈ 0.1 m in metropolitan France). Real
 * administrative boundaries share their edges, and exports round coordinates to 6 decimals (±0.5e-6°),
 * which moves a vertex lying on a neighbour's edge by less than this. Overlaps thinner than the
 * tolerance are not reported.
 */
export const POLYGON_OVERLAP_TOLERANCE = 1e-6;

export interface FindConflictsOptions {
  /** Polygon overlap tolerance in degrees (see POLYGON_OVERLAP_TOLERANCE). */
  tolerance?: number;
}

type Include<K extends ZoneKind> = EngineZone & { shape: Extract<EngineZone['shape'], { kind: K }> };

/**
 * Static check of a set of zones: two INCLUDE zones of the same kind (hence the same precedence) and the
 * same layer, belonging to different areas, that cover a common place. These are the pairs the lookup
 * would answer `conflict` for. Zones of different kinds never conflict (precedence decides), nor do
 * exclusions, nor areas of different layers. Sorted by layer, kind, then zone order.
 */
export function findConflicts(
  zones: readonly EngineZone[],
  options: FindConflictsOptions = {},
): ZoneConflict[] {
  const tolerance = options.tolerance ?? POLYGON_OVERLAP_TOLERANCE;
  const order = new Map(zones.map((z, i) => [z, i]));
  const communes = new Map<string, Include<'commune'>[]>();
  const streets = new Map<string, Include<'street'>[]>();
  const ranges = new Map<string, Include<'number_range'>[]>();
  const polygons: Include<'polygon'>[] = [];

  for (const zone of zones) {
    if (zone.mode !== 'include') continue;
    const s = zone.shape;
    switch (s.kind) {
      case 'commune':
        push(communes, `${zone.layer}\u0000${s.citycode}`, zone as Include<'commune'>);
        break;
      case 'street':
        push(
          streets,
          `${zone.layer}\u0000${s.citycode}\u0000${streetGroup(s.street)}`,
          zone as Include<'street'>,
        );
        break;
      case 'number_range':
        push(
          ranges,
          `${zone.layer}\u0000${s.citycode}\u0000${streetGroup(s.street)}`,
          zone as Include<'number_range'>,
        );
        break;
      case 'polygon':
        polygons.push(zone as Include<'polygon'>);
        break;
    }
  }

  const found: ZoneConflict[] = [];
  const report = (a: EngineZone, b: EngineZone, message: string): void => {
    const [first, second] = (order.get(a) ?? 0) <= (order.get(b) ?? 0) ? [a, b] : [b, a];
    found.push({
      layer: a.layer,
      kind: a.shape.kind,
      zoneIds: [first.id, second.id],
      areaIds: [first.areaId, second.areaId],
      message,
    });
  };
  const layerText = (layer: string): string => `dans la couche « ${layer} »`;

  for (const group of communes.values()) {
    forPairsOfDifferentAreas(group, (a, b) =>
      report(
        a,
        b,
        `La commune ${a.shape.citycode} est incluse à la fois par ${a.areaId} (zone ${a.id}) et par ${b.areaId} (zone ${b.id}) ${layerText(a.layer)}.`,
      ),
    );
  }
  for (const group of streets.values()) {
    forPairsOfDifferentAreas(group, (a, b) =>
      report(
        a,
        b,
        `La voie « ${a.shape.street} » (commune ${a.shape.citycode}) est incluse à la fois par ${a.areaId} (zone ${a.id}) et par ${b.areaId} (zone ${b.id}) ${layerText(a.layer)}.`,
      ),
    );
  }
  for (const group of ranges.values()) {
    forPairsOfDifferentAreas(group, (a, b) => {
      const common = commonNumber(a.shape, b.shape);
      if (common === null) return;
      report(
        a,
        b,
        `Les plages ${rangeText(a.shape)} (${a.areaId}, zone ${a.id}) et ${rangeText(b.shape)} (${b.areaId}, zone ${b.id}) de « ${a.shape.street} » (commune ${a.shape.citycode}) se chevauchent, par exemple au numéro ${common}, ${layerText(a.layer)}.`,
      );
    });
  }
  for (const [a, b] of overlappingPolygons(polygons, tolerance)) {
    report(
      a,
      b,
      `Les polygones “${a.shape.label ?? a.id}” (${a.areaId}, zone ${a.id}) et “${b.shape.label ?? b.id}” (${b.areaId}, zone ${b.id}) se chevauchent ${layerText(a.layer)}.`,
    );
  }

  const kindOrder: Record<ZoneKind, number> = { commune: 0, polygon: 1, street: 2, number_range: 3 };
  const zoneOrder = new Map(zones.map((z, i) => [z.id, i]));
  return found.sort(
    (x, y) =>
      x.layer.localeCompare(y.layer) ||
      kindOrder[x.kind] - kindOrder[y.kind] ||
      (zoneOrder.get(x.zoneIds[0]) ?? 0) - (zoneOrder.get(y.zoneIds[0]) ?? 0) ||
      (zoneOrder.get(x.zoneIds[1]) ?? 0) - (zoneOrder.get(y.zoneIds[1]) ?? 0),
  );
}

/** Streets are grouped by their key, or by their id when the name gives no key. */
function streetGroup(street: string): string {
  return streetKey(street) || street.trim().toLowerCase();
}

function rangeText(s: { from: number; to: number; parity: Parity }): string {
  return `${Math.min(s.from, s.to)}–${Math.max(s.from, s.to)} (${PARITY_LABELS[s.parity]})`;
}

/**
 * The smallest house number both ranges cover, or null: 2–20 even and 1–9 odd share none, 1–10 both
 * and 4–4 even share 4, 3–3 both and 2–10 even share none.
 */
export function commonNumber(
  a: { from: number; to: number; parity: Parity },
  b: { from: number; to: number; parity: Parity },
): number | null {
  const lo = Math.ceil(Math.max(Math.min(a.from, a.to), Math.min(b.from, b.to)));
  const hi = Math.floor(Math.min(Math.max(a.from, a.to), Math.max(b.from, b.to)));
  if (lo > hi) return null;
  const parities = new Set([a.parity, b.parity].filter((p) => p !== 'both'));
  if (parities.size === 2) return null;
  const [parity] = [...parities];
  if (parity === undefined) return lo;
  const wantEven = parity === 'even';
  const first = (lo % 2 === 0) === wantEven ? lo : lo + 1;
  return first <= hi ? first : null;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function forPairsOfDifferentAreas<T extends EngineZone>(group: T[], visit: (a: T, b: T) => void): void {
  for (let i = 0; i < group.length; i++) {
    for (let j = i + 1; j < group.length; j++) {
      const a = group[i] as T;
      const b = group[j] as T;
      if (a.areaId !== b.areaId) visit(a, b);
    }
  }
}

/** A polygon prepared for overlap tests: its edges in a flat array and a flatbush of their boxes. */
class PreparedPart {
  readonly bbox: [number, number, number, number];
  readonly edges: Float64Array;
  readonly edgeTree: Flatbush;
  private interior: [number, number] | null = null;

  constructor(readonly part: PolygonPart) {
    this.bbox = partBBox(part);
    const count = part.reduce((sum, ring) => sum + ring.length - 1, 0);
    this.edges = new Float64Array(count * 4);
    this.edgeTree = new Flatbush(Math.max(count, 1));
    let k = 0;
    for (const ring of part) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const x1 = ring[i]?.[0] ?? 0;
        const y1 = ring[i]?.[1] ?? 0;
        const x2 = ring[i + 1]?.[0] ?? 0;
        const y2 = ring[i + 1]?.[1] ?? 0;
        this.edges.set([x1, y1, x2, y2], k * 4);
        this.edgeTree.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
        k++;
      }
    }
    if (count === 0) this.edgeTree.add(0, 0, 0, 0);
    this.edgeTree.finish();
  }

  /** A point inside the polygon, to catch two identical polygons (no vertex of one inside the other). */
  interiorPoint(): [number, number] {
    if (this.interior === null) {
      const p = pointOnSurface({ type: 'Polygon', coordinates: this.part });
      this.interior = [p.lon, p.lat];
    }
    return this.interior;
  }

  /**
   * Inside, and farther than `tolerance` from every edge (hole edges included). Uses the edge index for
   * both the distance and the ray crossing count, so that testing every vertex of a large neighbour
   * stays cheap; the exact on-boundary answer does not matter here because of the tolerance.
   */
  isStrictlyInside(x: number, y: number, tolerance: number): boolean {
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x <= minX || x >= maxX || y <= minY || y >= maxY) return false;
    const e = this.edges;
    const near = this.edgeTree.search(x - tolerance, y - tolerance, x + tolerance, y + tolerance);
    if (near.some((i) => segmentDistance(x, y, e, i) <= tolerance)) return false;
    let crossings = 0;
    for (const i of this.edgeTree.search(x, y, maxX, y)) {
      const x1 = e[i * 4] ?? 0;
      const y1 = e[i * 4 + 1] ?? 0;
      const x2 = e[i * 4 + 2] ?? 0;
      const y2 = e[i * 4 + 3] ?? 0;
      if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) crossings++;
    }
    return crossings % 2 === 1;
  }
}

function segmentDistance(x: number, y: number, edges: Float64Array, e: number): number {
  const x1 = edges[e * 4] ?? 0;
  const y1 = edges[e * 4 + 1] ?? 0;
  const dx = (edges[e * 4 + 2] ?? 0) - x1;
  const dy = (edges[e * 4 + 3] ?? 0) - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/**
 * Two polygons overlap when (a) a vertex or an edge midpoint of one lies strictly inside the other,
 * (b) two of their edges cross properly, both far from the other's endpoints, or (c) an interior point
 * of one lies strictly inside the other (identical polygons). "Strictly" means farther than the
 * tolerance from the boundary, so polygons that only share a border do not overlap.
 */
function partsOverlap(a: PreparedPart, b: PreparedPart, tolerance: number): boolean {
  for (const [p, q] of [
    [a, b],
    [b, a],
  ] as const) {
    const e = p.edges;
    for (let i = 0; i < e.length; i += 4) {
      const x1 = e[i] ?? 0;
      const y1 = e[i + 1] ?? 0;
      const x2 = e[i + 2] ?? 0;
      const y2 = e[i + 3] ?? 0;
      if (q.isStrictlyInside(x1, y1, tolerance)) return true;
      if (q.isStrictlyInside((x1 + x2) / 2, (y1 + y2) / 2, tolerance)) return true;
    }
  }
  const ea = a.edges;
  const eb = b.edges;
  for (let i = 0; i < ea.length; i += 4) {
    const x1 = ea[i] ?? 0;
    const y1 = ea[i + 1] ?? 0;
    const x2 = ea[i + 2] ?? 0;
    const y2 = ea[i + 3] ?? 0;
    const candidates = b.edgeTree.search(
      Math.min(x1, x2),
      Math.min(y1, y2),
      Math.max(x1, x2),
      Math.max(y1, y2),
    );
    for (const j of candidates) {
      const k = j * 4;
      if (
        crossesProperly(x1, y1, x2, y2, eb[k] ?? 0, eb[k + 1] ?? 0, eb[k + 2] ?? 0, eb[k + 3] ?? 0, tolerance)
      ) {
        return true;
      }
    }
  }
  const [ax, ay] = a.interiorPoint();
  if (b.isStrictlyInside(ax, ay, tolerance)) return true;
  const [bx, by] = b.interiorPoint();
  return a.isStrictlyInside(bx, by, tolerance);
}

function crossesProperly(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  tolerance: number,
): boolean {
  const lenAB = Math.hypot(bx - ax, by - ay);
  const lenCD = Math.hypot(dx - cx, dy - cy);
  if (lenAB === 0 || lenCD === 0) return false;
  // Signed distances of each endpoint to the other segment's line.
  const c1 = ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / lenAB;
  const c2 = ((bx - ax) * (dy - ay) - (by - ay) * (dx - ax)) / lenAB;
  const c3 = ((dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)) / lenCD;
  const c4 = ((dx - cx) * (by - cy) - (dy - cy) * (bx - cx)) / lenCD;
  return (
    c1 * c2 < 0 &&
    c3 * c4 < 0 &&
    Math.abs(c1) > tolerance &&
    Math.abs(c2) > tolerance &&
    Math.abs(c3) > tolerance &&
    Math.abs(c4) > tolerance
  );
}

/** Pairs of include polygon zones of one layer and different areas that overlap (bbox prefilter first). */
function overlappingPolygons(
  zones: Include<'polygon'>[],
  tolerance: number,
): [Include<'polygon'>, Include<'polygon'>][] {
  const parts: { zone: number; prepared: PreparedPart }[] = [];
  zones.forEach((zone, i) => {
    for (const part of polygonParts(zone.shape.geometry, zone.id))
      parts.push({ zone: i, prepared: new PreparedPart(part) });
  });
  if (parts.length === 0) return [];
  const tree = new Flatbush(parts.length);
  for (const { prepared } of parts) tree.add(...prepared.bbox);
  tree.finish();

  const seen = new Set<string>();
  const pairs: [Include<'polygon'>, Include<'polygon'>][] = [];
  parts.forEach(({ zone: i, prepared }, pi) => {
    const za = zones[i] as Include<'polygon'>;
    const [minX, minY, maxX, maxY] = prepared.bbox;
    for (const pj of tree.search(minX - tolerance, minY - tolerance, maxX + tolerance, maxY + tolerance)) {
      const other = parts[pj];
      if (other === undefined || pj <= pi) continue;
      const zb = zones[other.zone] as Include<'polygon'>;
      if (za.layer !== zb.layer || za.areaId === zb.areaId) continue;
      const pairKey = i < other.zone ? `${i}|${other.zone}` : `${other.zone}|${i}`;
      if (seen.has(pairKey)) continue;
      if (partsOverlap(prepared, other.prepared, tolerance)) {
        seen.add(pairKey);
        pairs.push(i < other.zone ? [za, zb] : [zb, za]);
      }
    }
  });
  return pairs;
}
