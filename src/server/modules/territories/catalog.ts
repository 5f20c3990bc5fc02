import { CatchmentIndex } from '../../../geo/catchment-index';
import { streetKey } from '../../../geo/normalize';
import type { EngineZone, LayerResult, LookupPoint, PolygonGeometry, ZoneShape } from '../../../geo/types';
import type {
  BoundaryRow,
  CareSiteRow,
  ServiceAreaRow,
  TerritorialData,
  TerritoryRow,
  ZoneRow,
} from './territories.repository';

export const SERVICE_LAYERS = ['adult', 'child', 'social'] as const;
export type ServiceLayer = (typeof SERVICE_LAYERS)[number];

export const LAYER_LABELS: Record<ServiceLayer, string> = {
  adult: 'Secteur de psychiatrie adulte',
  child: 'Secteur de psychiatrie infanto-juvénile',
  social: 'Service social',
};

/** Short forms, inside sentences (« conflit adulte », « secteur enfant »). */
export const LAYER_SHORT_LABELS: Record<ServiceLayer, string> = {
  adult: 'adulte',
  child: 'infanto-juvénile',
  social: 'service social',
};

const ADMIN_LAYER = 'admin';

/** Converts a stored zone into the engine's shape; throws on a row the database check should prevent. */
export function zoneShape(z: ZoneRow): ZoneShape {
  switch (z.kind) {
    case 'commune':
      return { kind: 'commune', citycode: z.citycode ?? '' };
    case 'polygon':
      return { kind: 'polygon', geometry: z.geometry as PolygonGeometry, label: z.label };
    case 'street':
      return { kind: 'street', citycode: z.citycode ?? '', street: z.streetId ?? z.street ?? '' };
    case 'number_range':
      return {
        kind: 'number_range',
        citycode: z.citycode ?? '',
        street: z.streetId ?? z.street ?? '',
        from: z.fromNumber ?? 0,
        to: z.toNumber ?? 0,
        parity: z.parity ?? 'both',
      };
  }
}

/**
 * Engine zones of a stored zone. A street zone given both by BAN id and by name is indexed both ways, so
 * an address known by either still matches it.
 */
export function toEngineZones(z: ZoneRow, area: ServiceAreaRow): EngineZone[] {
  const base = { id: z.id, areaId: z.areaId, layer: area.layer, mode: z.mode };
  const shape = zoneShape(z);
  if ((shape.kind === 'street' || shape.kind === 'number_range') && z.streetId && z.street) {
    return [
      { ...base, shape },
      { ...base, shape: { ...shape, street: z.street } },
    ];
  }
  return [{ ...base, shape }];
}

/** How precisely a place is known: a finer zone than this cannot be decided. */
export type Precision = 'housenumber' | 'street' | 'point' | 'municipality';

/** INSEE codes of whole cities split into arrondissements: zones and lookups use the arrondissement. */
const CITIES_WITH_ARRONDISSEMENTS = new Set(['75056', '69123', '13055']);

export interface Resolution {
  citycode: string | null;
  territory: TerritoryRow | null;
  layers: Map<string, LayerResult>;
}

/**
 * The in-memory view of territories, sectors, zones and sites. Immutable: when catchments change a new
 * catalogue is built from the database and swapped in (see CatalogHolder).
 */
export class TerritoryCatalog {
  readonly territories: TerritoryRow[];
  readonly areas = new Map<string, ServiceAreaRow>();
  readonly zones = new Map<string, ZoneRow>();
  readonly sites = new Map<string, CareSiteRow>();
  readonly boundaries: BoundaryRow[];
  private readonly sitesByArea = new Map<string, CareSiteRow[]>();
  private readonly areaIdsBySite = new Map<string, string[]>();
  private readonly territoryByCitycode = new Map<string, TerritoryRow>();
  private readonly zonesByArea = new Map<string, ZoneRow[]>();
  private readonly index: CatchmentIndex;
  private readonly adminIndex: CatchmentIndex;
  /** `${layer}|${citycode}` that have street or number-range zones, and those touched by polygon zones. */
  private readonly streetRuled = new Set<string>();
  private readonly polygonTouched = new Set<string>();
  /** `${layer}|${citycode}|${street key or id}` that have number-range zones. */
  private readonly numberRuled = new Set<string>();

  constructor(data: TerritorialData) {
    this.territories = data.territories;
    this.boundaries = data.boundaries;
    for (const t of data.territories) for (const c of t.citycodes) this.territoryByCitycode.set(c, t);
    for (const a of data.areas) this.areas.set(a.id, a);
    for (const s of data.sites) this.sites.set(s.id, s);
    for (const link of data.siteAreas) {
      const site = this.sites.get(link.siteId);
      if (!site) continue;
      push(this.sitesByArea, link.areaId, site);
      push(this.areaIdsBySite, link.siteId, link.areaId);
    }
    const engineZones: EngineZone[] = [];
    for (const z of data.zones) {
      this.zones.set(z.id, z);
      push(this.zonesByArea, z.areaId, z);
      const area = this.areas.get(z.areaId);
      if (area) engineZones.push(...toEngineZones(z, area));
    }
    this.index = new CatchmentIndex(engineZones);
    // Communes and municipal arrondissements place a clicked point in its citycode.
    this.adminIndex = new CatchmentIndex(
      data.boundaries
        .filter((b) => b.kind !== 'quartier' && b.citycode)
        .map((b) => ({
          id: b.id,
          areaId: b.citycode ?? b.code,
          layer: ADMIN_LAYER,
          mode: 'include' as const,
          shape: { kind: 'polygon' as const, geometry: b.geometry as PolygonGeometry, label: b.name },
        })),
    );
    for (const z of data.zones) {
      const layer = this.areas.get(z.areaId)?.layer;
      if (!layer) continue;
      if ((z.kind === 'street' || z.kind === 'number_range') && z.citycode) {
        this.streetRuled.add(`${layer}|${z.citycode}`);
        if (z.kind === 'number_range') {
          if (z.street) this.numberRuled.add(`${layer}|${z.citycode}|${streetKey(z.street)}`);
          if (z.streetId) this.numberRuled.add(`${layer}|${z.citycode}|${z.streetId}`);
        }
      }
      if (z.kind === 'polygon') {
        for (const c of this.citycodesTouched(z.geometry as PolygonGeometry))
          this.polygonTouched.add(`${layer}|${c}`);
      }
    }
  }

  /** Communes a polygon reaches, sampled on its vertices (a zone inside one commune touches that one only). */
  private citycodesTouched(geometry: PolygonGeometry): Set<string> {
    const found = new Set<string>();
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const poly of polygons)
      for (const ring of poly)
        for (const [lon, lat] of ring) {
          if (lon === undefined || lat === undefined) continue;
          const c = this.locate(lon, lat);
          if (c) found.add(c);
        }
    return found;
  }

  /**
   * Whether a place known only to `precision` is enough to decide `layer` there: a map click cannot pick
   * between street zones, a street without its number cannot pick between number ranges, a commune alone
   * cannot pick between quartiers.
   */
  isPreciseEnough(
    layer: string,
    precision: Precision,
    point: LookupPoint & { citycode: string | null },
  ): boolean {
    if (precision === 'housenumber' || !point.citycode) return true;
    const key = `${layer}|${point.citycode}`;
    if (precision === 'street') {
      const byName = point.street ? this.numberRuled.has(`${key}|${streetKey(point.street)}`) : false;
      const byId = point.streetId ? this.numberRuled.has(`${key}|${point.streetId}`) : false;
      return !byName && !byId;
    }
    if (precision === 'point') return !this.streetRuled.has(key);
    return !this.streetRuled.has(key) && !this.polygonTouched.has(key);
  }

  /** INSEE code of the commune or arrondissement containing the point, from shipped boundaries. */
  locate(lon: number, lat: number): string | null {
    const r = this.adminIndex.lookupLayer({ lon, lat }, ADMIN_LAYER);
    return r.status === 'matched' ? r.areaId : null;
  }

  territoryFor(citycode: string | null): TerritoryRow | null {
    return citycode ? (this.territoryByCitycode.get(citycode) ?? null) : null;
  }

  boundary(id: string): BoundaryRow | null {
    return this.boundaries.find((b) => b.id === id) ?? null;
  }

  boundaryName(citycode: string): string | null {
    return this.boundaries.find((b) => b.citycode === citycode && b.kind !== 'quartier')?.name ?? null;
  }

  /** Competent service areas for a located point, layer by layer. */
  resolve(point: LookupPoint): Resolution {
    const given = point.citycode && !CITIES_WITH_ARRONDISSEMENTS.has(point.citycode) ? point.citycode : null;
    const citycode = given ?? this.locate(point.lon, point.lat);
    const territory = this.territoryFor(citycode);
    const layers = this.index.lookup({ ...point, citycode });
    return { citycode, territory, layers };
  }

  sitesOf(areaId: string): CareSiteRow[] {
    return this.sitesByArea.get(areaId) ?? [];
  }

  areasOfSite(siteId: string): ServiceAreaRow[] {
    return (this.areaIdsBySite.get(siteId) ?? []).flatMap((id) => this.areas.get(id) ?? []);
  }

  zonesOf(areaId: string): ZoneRow[] {
    return this.zonesByArea.get(areaId) ?? [];
  }

  areasOf(territoryId: string): ServiceAreaRow[] {
    return [...this.areas.values()].filter((a) => a.territoryId === territoryId);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Holds the current catalogue; `reload()` swaps in a fresh one after a change of catchments. */
export class CatalogHolder {
  constructor(
    private current: TerritoryCatalog,
    private readonly load: () => Promise<TerritorialData>,
  ) {}
  get(): TerritoryCatalog {
    return this.current;
  }
  async reload(): Promise<void> {
    this.current = new TerritoryCatalog(await this.load());
  }
}
