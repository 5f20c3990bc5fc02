import { CatchmentIndex, CONFLICT, type ResolvedArea } from '../geo/catchment-index';
import type { EngineZone, LookupPoint, PolygonGeometry } from '../geo/types';
import { toEngineZones, type TerritoryCatalog } from '../server/modules/territories/catalog';
import type { ServiceAreaRow, TerritoryRow } from '../server/modules/territories/territories.repository';

/** Answer for one layer: the competent area, null when none, CONFLICT when several tie. */
export type BatchArea = ServiceAreaRow | null | typeof CONFLICT;

/** Overwritten by every `resolve()` call: read it before the next one. */
export interface BatchResolution {
  citycode: string | null;
  territory: TerritoryRow | null;
  adult: BatchArea;
  child: BatchArea;
  social: BatchArea;
  /** The zone that made the adult sector competent. */
  adultZoneId: string | null;
}

export { CONFLICT };

const ADMIN = 'admin';
const ZONE = 'zone';

/** Side of the cells of the point cache, in degrees (≈ 110 m × 75 m in metropolitan France). */
const CELL = 0.001;
/** Cells crossed by polygon edges we are ready to list; beyond (national boundaries), no point cache. */
const EDGE_CELL_BUDGET = 2_000_000;
const CACHE_LIMIT = 200_000;

type Snapshot = Readonly<BatchResolution>;

/** Cell column → cell rows: two lookups on small integers are cheaper than one on a 37-bit key. */
type CellMap<T> = Map<number, Map<number, T>>;

function cellGet<T>(map: CellMap<T>, cx: number, cy: number): T | undefined {
  return map.get(cx)?.get(cy);
}

function cellSet<T>(map: CellMap<T>, cx: number, cy: number, value: T): void {
  let column = map.get(cx);
  if (!column) {
    column = new Map();
    map.set(cx, column);
  }
  column.set(cy, value);
}

/**
 * The cells (CELL × CELL) that a polygon edge may cross: every cell of each edge's bounding box. In any
 * other cell, every point lies inside the same polygons, so a point alone (no street, no number) gets the
 * same answer everywhere in the cell; a point on an edge always falls in a listed cell. Null when the
 * polygons are too many for the budget.
 */
function edgeCells(geometries: readonly PolygonGeometry[]): CellMap<true> | null {
  const cells: CellMap<true> = new Map();
  let size = 0;
  for (const g of geometries) {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polygons)
      for (const ring of rings)
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1] as number[];
          const b = ring[i] as number[];
          const x0 = Math.floor(Math.min(a[0] ?? 0, b[0] ?? 0) / CELL);
          const x1 = Math.floor(Math.max(a[0] ?? 0, b[0] ?? 0) / CELL);
          const y0 = Math.floor(Math.min(a[1] ?? 0, b[1] ?? 0) / CELL);
          const y1 = Math.floor(Math.max(a[1] ?? 0, b[1] ?? 0) / CELL);
          size += (x1 - x0 + 1) * (y1 - y0 + 1);
          if (size > EDGE_CELL_BUDGET) return null;
          for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) cellSet(cells, x, y, true);
        }
  }
  return cells;
}

/**
 * The answers of `TerritoryCatalog.resolve` for the three layers a batch file needs, through the
 * engine's allocation-free `CatchmentIndex.resolve`: the catalogue's `resolve()` goes through
 * `lookup()`, which writes a French explanation for every matching zone and allocates maps and arrays,
 * 4× the cost of the lookup itself — the difference between meeting the batch target and not (see
 * bench/batch-bench.ts). Built from the catalogue's own rows with the same `toEngineZones` and the same
 * boundary rule as `TerritoryCatalog.locate`; batch-catchments.test.ts checks that both always agree.
 * Not re-entrant: one resolution at a time, results in a reused object.
 */
export class BatchCatchments {
  private readonly index: CatchmentIndex;
  private readonly admin: CatchmentIndex;
  private readonly out: Record<string, ResolvedArea> = {};
  private readonly adminOut: Record<string, ResolvedArea> = {};
  private readonly zoneOut: Record<string, ResolvedArea> = {};
  private readonly point: LookupPoint = {
    lon: 0,
    lat: 0,
    citycode: null,
    street: null,
    streetId: null,
    housenumber: null,
  };
  private readonly result: BatchResolution = {
    citycode: null,
    territory: null,
    adult: null,
    child: null,
    social: null,
    adultZoneId: null,
  };
  /** Per adult area, an index of its zones each as its own « area »: resolve() then names the winning zone. */
  private readonly zoneIndexes = new Map<string, CatchmentIndex>();
  private readonly zonesByArea = new Map<string, EngineZone[]>();
  /** Cells crossed by an edge (answers there are computed each time); null: no point cache. */
  private readonly edgeCells: CellMap<true> | null;
  private cellCache: CellMap<Snapshot> = new Map();
  private cached = 0;

  constructor(private readonly catalog: TerritoryCatalog) {
    const zones: EngineZone[] = [];
    const polygons: PolygonGeometry[] = [];
    for (const z of catalog.zones.values()) {
      const area = catalog.areas.get(z.areaId);
      if (!area) continue;
      for (const zone of toEngineZones(z, area)) {
        zones.push(zone);
        if (zone.shape.kind === 'polygon') polygons.push(zone.shape.geometry);
        if (zone.layer === 'adult') {
          const list = this.zonesByArea.get(zone.areaId) ?? [];
          list.push({ ...zone, areaId: zone.id, layer: ZONE });
          this.zonesByArea.set(zone.areaId, list);
        }
      }
    }
    this.index = new CatchmentIndex(zones);
    const places = catalog.boundaries.filter((b) => b.kind !== 'quartier' && b.citycode);
    for (const b of places) polygons.push(b.geometry as PolygonGeometry);
    this.edgeCells = edgeCells(polygons);
    this.admin = new CatchmentIndex(
      places.map((b) => ({
        id: b.id,
        areaId: b.citycode ?? b.code,
        layer: ADMIN,
        mode: 'include' as const,
        shape: { kind: 'polygon' as const, geometry: b.geometry as PolygonGeometry, label: b.name },
      })),
    );
  }

  /**
   * A point alone (lat/lon column): placed in its commune or arrondissement first. Away from polygon
   * edges the answer is the same for the whole cell and is reused: a file of addresses in a few
   * communes meets the same cells again and again.
   */
  resolvePoint(lon: number, lat: number): BatchResolution {
    const cx = Math.floor(lon / CELL);
    const cy = Math.floor(lat / CELL);
    // Only cells crossed by no edge are ever cached: a hit needs no edge check.
    const hit = cellGet(this.cellCache, cx, cy);
    if (hit) {
      const res = this.result;
      res.citycode = hit.citycode;
      res.territory = hit.territory;
      res.adult = hit.adult;
      res.child = hit.child;
      res.social = hit.social;
      res.adultZoneId = hit.adultZoneId;
      return res;
    }
    const cacheable = this.edgeCells !== null && cellGet(this.edgeCells, cx, cy) === undefined;
    const p = this.point;
    p.lon = lon;
    p.lat = lat;
    p.citycode = null;
    p.street = null;
    p.streetId = null;
    p.housenumber = null;
    const r = this.run(p);
    if (cacheable) {
      if (this.cached >= CACHE_LIMIT) {
        this.cellCache = new Map();
        this.cached = 0;
      }
      cellSet(this.cellCache, cx, cy, { ...r });
      this.cached++;
    }
    return r;
  }

  /** A geocoded address: its citycode, street and number take part in the lookup. */
  resolve(point: LookupPoint): BatchResolution {
    const p = this.point;
    p.lon = point.lon;
    p.lat = point.lat;
    p.citycode = point.citycode ?? null;
    p.street = point.street ?? null;
    p.streetId = point.streetId ?? null;
    p.housenumber = point.housenumber ?? null;
    return this.run(p);
  }

  private run(p: LookupPoint): BatchResolution {
    if (p.citycode === null) {
      const c = this.admin.resolve(p, this.adminOut)[ADMIN];
      p.citycode = typeof c === 'string' ? c : null;
    }
    const r = this.index.resolve(p, this.out);
    const res = this.result;
    res.citycode = p.citycode ?? null;
    res.territory = this.catalog.territoryFor(res.citycode);
    res.adult = this.area(r.adult);
    res.child = this.area(r.child);
    res.social = this.area(r.social);
    res.adultZoneId = res.adult !== null && res.adult !== CONFLICT ? this.winningZone(res.adult.id, p) : null;
    return res;
  }

  private area(r: ResolvedArea | undefined): BatchArea {
    if (r === CONFLICT) return CONFLICT;
    return typeof r === 'string' ? (this.catalog.areas.get(r) ?? null) : null;
  }

  private winningZone(areaId: string, p: LookupPoint): string | null {
    let index = this.zoneIndexes.get(areaId);
    if (!index) {
      index = new CatchmentIndex(this.zonesByArea.get(areaId) ?? []);
      this.zoneIndexes.set(areaId, index);
    }
    const z = index.resolve(p, this.zoneOut)[ZONE];
    if (typeof z === 'string') return z;
    // Two zones of one sector tie (overlapping polygons of the same sector): the full lookup's choice.
    const full = this.catalog.resolve({ ...p }).layers.get('adult');
    return full?.status === 'matched' ? full.zone.zoneId : null;
  }
}
