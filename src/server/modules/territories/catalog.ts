import { CatchmentIndex } from '../../../geo/catchment-index';
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

export function toEngineZone(z: ZoneRow, area: ServiceAreaRow): EngineZone {
  return { id: z.id, areaId: z.areaId, layer: area.layer, mode: z.mode, shape: zoneShape(z) };
}

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
      if (area) engineZones.push(toEngineZone(z, area));
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
  }

  /** INSEE code of the commune or arrondissement containing the point, from shipped boundaries. */
  locate(lon: number, lat: number): string | null {
    const r = this.adminIndex.lookupLayer({ lon, lat }, ADMIN_LAYER);
    return r.status === 'matched' ? r.areaId : null;
  }

  territoryFor(citycode: string | null): TerritoryRow | null {
    return citycode ? (this.territoryByCitycode.get(citycode) ?? null) : null;
  }

  boundaryName(citycode: string): string | null {
    return this.boundaries.find((b) => b.citycode === citycode && b.kind !== 'quartier')?.name ?? null;
  }

  /** Competent service areas for a located point, layer by layer. */
  resolve(point: LookupPoint): Resolution {
    const citycode = point.citycode ?? this.locate(point.lon, point.lat);
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
