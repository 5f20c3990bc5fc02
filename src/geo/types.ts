/**
 * Types of the pure catchment engine. Nothing here knows about the database or HTTP: the server loads
 * zones from the database, hands them to `CatchmentIndex`, and asks it which service area is competent
 * for a located address.
 */

/** GeoJSON geometry accepted for polygon zones (WGS84 lon/lat). */
export type PolygonGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** Which parity of house numbers a number-range zone covers. */
export type Parity = 'even' | 'odd' | 'both';

/**
 * The shape of a catchment zone. Precedence (most specific wins): number_range > street > polygon >
 * commune. See docs/decisions/002-catchment-precedence.md.
 */
export type ZoneShape =
  | { kind: 'commune'; citycode: string }
  | { kind: 'polygon'; geometry: PolygonGeometry; label?: string }
  /** `street` is a normalised street key (see `streetKey()` in normalize.ts) or a BAN street id. */
  | { kind: 'street'; citycode: string; street: string }
  | { kind: 'number_range'; citycode: string; street: string; from: number; to: number; parity: Parity };

export type ZoneKind = ZoneShape['kind'];

export const ZONE_PRECEDENCE: Record<ZoneKind, number> = {
  commune: 1,
  polygon: 2,
  street: 3,
  number_range: 4,
};

/**
 * A zone as the engine sees it. `areaId` is the service area it belongs to (a psychiatric sector, a
 * social-service office...), `layer` is what competes: only areas of the same layer exclude each other
 * (an adult sector never conflicts with a child sector or a social-service office).
 * `mode: 'exclude'` removes the shape from the area's catchment.
 */
export interface EngineZone {
  id: string;
  areaId: string;
  layer: string;
  mode: 'include' | 'exclude';
  shape: ZoneShape;
}

/** A located address, as a geocoder or a map click gives it. Only lon/lat are mandatory. */
export interface LookupPoint {
  lon: number;
  lat: number;
  /** INSEE code of the commune or municipal arrondissement (75120, not 75056). */
  citycode?: string | null;
  /** Street name as written (it is normalised by the engine) or a BAN street id. */
  street?: string | null;
  /** BAN street id (`id_fantoir`/ `id` of the street), tried before the name when present. */
  streetId?: string | null;
  housenumber?: number | null;
}

/** Why a zone matched the point: shown in the admin screen « Tester une adresse ». */
export interface ZoneMatch {
  zoneId: string;
  areaId: string;
  kind: ZoneKind;
  mode: 'include' | 'exclude';
  precedence: number;
  reason: string;
}

export type LayerResult =
  | { status: 'matched'; areaId: string; zone: ZoneMatch; considered: ZoneMatch[] }
  | { status: 'none'; considered: ZoneMatch[] }
  | { status: 'conflict'; areaIds: string[]; zones: ZoneMatch[]; considered: ZoneMatch[] };

/** A conflict found statically among zones: two zones of the same kind and layer that overlap. */
export interface ZoneConflict {
  layer: string;
  kind: ZoneKind;
  zoneIds: [string, string];
  areaIds: [string, string];
  message: string;
}
