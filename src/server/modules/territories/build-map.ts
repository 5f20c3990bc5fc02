import type { PolygonGeometry } from '../../../geo/types';
import type { TerritoryCatalog } from './catalog';

interface Feature {
  type: 'Feature';
  geometry: PolygonGeometry | { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

export interface MapCollection {
  type: 'FeatureCollection';
  bbox: [number, number, number, number] | null;
  features: Feature[];
}

type Box = [number, number, number, number];

function extend(bbox: Box, coords: unknown): void {
  if (Array.isArray(coords) && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    const [x, y] = coords as [number, number];
    bbox[0] = Math.min(bbox[0], x);
    bbox[1] = Math.min(bbox[1], y);
    bbox[2] = Math.max(bbox[2], x);
    bbox[3] = Math.max(bbox[3], y);
  } else if (Array.isArray(coords)) {
    for (const c of coords) extend(bbox, c);
  }
}

/**
 * Zones and sites as GeoJSON for the map. Commune zones are drawn with the commune's boundary; street and
 * number-range zones have no surface and are listed in the territories page instead.
 */
export function buildMap(catalog: TerritoryCatalog): MapCollection {
  const features: Feature[] = [];
  const communeGeometry = new Map(
    catalog.boundaries.flatMap((b) =>
      b.kind !== 'quartier' && b.citycode ? [[b.citycode, b.geometry] as const] : [],
    ),
  );
  for (const zone of catalog.zones.values()) {
    const area = catalog.areas.get(zone.areaId);
    if (!area) continue;
    const geometry =
      zone.kind === 'polygon'
        ? (zone.geometry as PolygonGeometry)
        : zone.kind === 'commune' && zone.citycode
          ? (communeGeometry.get(zone.citycode) as PolygonGeometry | undefined)
          : undefined;
    if (!geometry) continue;
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        type: 'zone',
        layer: area.layer,
        areaId: area.id,
        areaCode: area.code,
        areaName: area.name,
        zoneId: zone.id,
        zoneKind: zone.kind,
        zoneLabel: zone.label,
        mode: zone.mode,
        demo: zone.demo || area.demo,
      },
    });
  }
  for (const site of catalog.sites.values()) {
    if (site.lon === null || site.lat === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.lon, site.lat] },
      properties: {
        type: 'site',
        id: site.id,
        name: site.name,
        kind: site.kind,
        public: site.public,
        sectorCodes: catalog.areasOfSite(site.id).map((a) => a.code),
        demo: site.demo,
      },
    });
  }
  const bbox: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) extend(bbox, f.geometry.coordinates);
  return {
    type: 'FeatureCollection',
    bbox: Number.isFinite(bbox[0]) ? bbox : null,
    features,
  };
}
