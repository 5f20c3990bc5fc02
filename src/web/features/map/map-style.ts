import type { MapLayer, MapResponse } from '../../lib/schemas';

/**
 * MapLibre style built in code: a plain background, an optional raster base map, then our GeoJSON.
 * No glyphs or sprites are needed, so the map works offline with no tile server at all.
 * Types are declared locally (a structural subset of the MapLibre style spec) to keep this file pure.
 */

export const ZONE_LAYERS: readonly MapLayer[] = ['social', 'adult', 'child'];

/** Fill colours; each layer also has its own outline pattern so colour is never the only cue. */
export const LAYER_STYLES: Record<MapLayer, { colour: string; dash: number[] | null; legend: string }> = {
  adult: { colour: '#1d4f91', dash: null, legend: 'trait plein' },
  child: { colour: '#b4490c', dash: [4, 2], legend: 'tirets' },
  social: { colour: '#2e7d32', dash: [1, 2], legend: 'pointillés' },
};

export const MAP_LAYER_LABELS: Record<MapLayer, string> = {
  adult: 'Secteurs adultes',
  child: 'Secteurs enfants et adolescents',
  social: 'Services sociaux',
};

export const SOURCE_ID = 'passerelle';
export const PICK_SOURCE_ID = 'point-choisi';
export const SITES_LAYER_ID = 'lieux-de-soins';
export const BACKGROUND_COLOUR = '#eef1f4';

export type Visibility = Record<MapLayer | 'sites', boolean>;

export function fillLayerId(layer: MapLayer): string {
  return `zones-${layer}-remplissage`;
}

export function lineLayerId(layer: MapLayer): string {
  return `zones-${layer}-contour`;
}

interface StyleInput {
  data: MapResponse;
  tileUrl: string | null;
  attribution: string | null;
  visibility: Visibility;
}

type Json = Record<string, unknown>;

export interface BuiltStyle {
  version: 8;
  sources: Record<string, Json>;
  layers: Json[];
}

const visible = (isVisible: boolean) => (isVisible ? 'visible' : 'none');

export const EMPTY_COLLECTION = { type: 'FeatureCollection', features: [] } as const;

export function buildMapStyle({ data, tileUrl, attribution, visibility }: StyleInput): BuiltStyle {
  const sources: Record<string, Json> = {
    [SOURCE_ID]: {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: data.features },
      attribution:
        'Limites : Ville de Paris (ODbL), IGN Admin Express (Licence Ouverte) · Établissements : FINESS (Licence Ouverte)',
    },
    [PICK_SOURCE_ID]: { type: 'geojson', data: EMPTY_COLLECTION },
  };
  const layers: Json[] = [
    { id: 'fond', type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } },
  ];

  if (tileUrl) {
    sources.fond_de_carte = {
      type: 'raster',
      tiles: [tileUrl],
      tileSize: 256,
      ...(attribution ? { attribution } : {}),
    };
    layers.push({
      id: 'fond-de-carte',
      type: 'raster',
      source: 'fond_de_carte',
      paint: { 'raster-opacity': 0.9 },
    });
  }

  for (const layer of ZONE_LAYERS) {
    const style = LAYER_STYLES[layer];
    const filter = ['all', ['==', ['get', 'type'], 'zone'], ['==', ['get', 'layer'], layer]];
    layers.push({
      id: fillLayerId(layer),
      type: 'fill',
      source: SOURCE_ID,
      filter,
      layout: { visibility: visible(visibility[layer]) },
      paint: {
        'fill-color': style.colour,
        'fill-opacity': ['case', ['boolean', ['get', 'demo'], false], 0.12, 0.22],
      },
    });
    layers.push({
      id: lineLayerId(layer),
      type: 'line',
      source: SOURCE_ID,
      filter,
      layout: { visibility: visible(visibility[layer]), 'line-join': 'round' },
      paint: {
        'line-color': style.colour,
        'line-width': 2,
        ...(style.dash ? { 'line-dasharray': style.dash } : {}),
      },
    });
  }

  layers.push({
    id: SITES_LAYER_ID,
    type: 'circle',
    source: SOURCE_ID,
    filter: ['all', ['==', ['get', 'type'], 'site'], ['==', ['geometry-type'], 'Point']],
    layout: { visibility: visible(visibility.sites) },
    paint: {
      'circle-radius': 5,
      'circle-color': '#ffffff',
      'circle-stroke-color': '#1b1b1b',
      'circle-stroke-width': 2,
    },
  });
  layers.push({
    id: 'point-choisi',
    type: 'circle',
    source: PICK_SOURCE_ID,
    paint: {
      'circle-radius': 8,
      'circle-color': '#c1121f',
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 3,
    },
  });

  return { version: 8, sources, layers };
}

type Bbox = [number, number, number, number];

function visitPositions(coordinates: unknown, visit: (lon: number, lat: number) => void): void {
  if (!Array.isArray(coordinates)) return;
  if (coordinates.length >= 2 && typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
    visit(coordinates[0], coordinates[1]);
    return;
  }
  for (const child of coordinates) visitPositions(child, visit);
}

/** The collection's `bbox` when the server sends one, else the extent of its geometries; null when empty. */
export function mapBounds(data: MapResponse): Bbox | null {
  if (data.bbox) return data.bbox;
  let bounds: Bbox | null = null;
  for (const feature of data.features) {
    visitPositions(feature.geometry.coordinates, (lon, lat) => {
      bounds = bounds
        ? [
            Math.min(bounds[0], lon),
            Math.min(bounds[1], lat),
            Math.max(bounds[2], lon),
            Math.max(bounds[3], lat),
          ]
        : [lon, lat, lon, lat];
    });
  }
  return bounds;
}
