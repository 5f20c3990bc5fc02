import {
  AttributionControl,
  type GeoJSONSource,
  Map as MapLibreMap,
  type MapOptions,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { ConfigResponse, MapResponse } from '../../lib/schemas';
import {
  buildMapStyle,
  EMPTY_COLLECTION,
  fillLayerId,
  lineLayerId,
  mapBounds,
  PICK_SOURCE_ID,
  SITES_LAYER_ID,
  ZONE_LAYERS,
  type Visibility,
} from './map-style';

// MapLibre 6 locates its worker next to its own module, which no longer exists once bundled.
setWorkerUrl(workerUrl);

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

const FRENCH_LOCALE: Record<string, string> = {
  'Map.Title': 'Carte des secteurs et des lieux de soins',
  'NavigationControl.ZoomIn': 'Zoom avant',
  'NavigationControl.ZoomOut': 'Zoom arrière',
  'NavigationControl.ResetBearing': 'Réorienter la carte vers le nord',
  'AttributionControl.ToggleAttribution': 'Afficher ou masquer les crédits de la carte',
  'AttributionControl.MapFeedback': 'Signaler une erreur sur la carte',
  'ScaleControl.Meters': 'm',
  'ScaleControl.Kilometers': 'km',
  'CooperativeGesturesHandler.WindowsHelpText': 'Utilisez Ctrl + molette pour zoomer',
  'CooperativeGesturesHandler.MacHelpText': 'Utilisez ⌘ + molette pour zoomer',
  'CooperativeGesturesHandler.MobileHelpText': 'Utilisez deux doigts pour déplacer la carte',
};

export interface PickedPoint {
  lat: number;
  lon: number;
}

interface ZoneMapProps {
  data: MapResponse;
  config: ConfigResponse;
  visibility: Visibility;
  picked: PickedPoint | null;
  onPick: (point: PickedPoint) => void;
}

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    // Browsers cap live WebGL contexts: release the probe at once.
    context?.getExtension('WEBGL_lose_context')?.loseContext();
    return context !== null;
  } catch {
    return false;
  }
}

/** MapLibre map of catchment zones and care sites; a click (or the centre button) picks a point. */
export function ZoneMap({ data, config, visibility, picked, onPick }: ZoneMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const onPickRef = useRef(onPick);
  const visibilityRef = useRef(visibility);
  const [isLoaded, setIsLoaded] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [isBaseMapDown, setIsBaseMapDown] = useState(false);

  useEffect(() => {
    onPickRef.current = onPick;
    visibilityRef.current = visibility;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    if (!hasWebGl()) {
      setFailure('Votre navigateur ne peut pas afficher la carte (WebGL indisponible).');
      return;
    }
    const bounds = mapBounds(data);
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container,
        style: buildMapStyle({
          data,
          tileUrl: config.tileUrl,
          attribution: config.attribution,
          visibility: visibilityRef.current,
        }) as unknown as StyleSpecification,
        ...(bounds ? { bounds, fitBoundsOptions: { padding: 24 } } : { center: [2.35, 48.85], zoom: 10 }),
        locale: FRENCH_LOCALE,
        attributionControl: false,
        maplibreLogo: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxZoom: 18,
      });
    } catch (error) {
      console.error(error);
      setFailure('La carte n’a pas pu s’afficher.');
      return;
    }
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    map.on('click', (event) => onPickRef.current({ lat: event.lngLat.lat, lon: event.lngLat.lng }));
    map.on('load', () => setIsLoaded(true));
    map.on('error', (event) => {
      // Base-map tiles failing (offline) must not break the map: our own layers still draw.
      if ('sourceId' in event && event.sourceId === 'fond_de_carte') {
        setIsBaseMapDown(true);
        return;
      }
      console.error(event.error);
    });
    for (const layerId of [SITES_LAYER_ID, ...ZONE_LAYERS.map(fillLayerId)]) {
      map.on('mouseenter', layerId, () => map.getCanvas().classList.add('is-pointing'));
      map.on('mouseleave', layerId, () => map.getCanvas().classList.remove('is-pointing'));
    }
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      setIsLoaded(false);
    };
  }, [data, config]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !isLoaded) return;
    for (const layer of ZONE_LAYERS) {
      const value = visibility[layer] ? 'visible' : 'none';
      map.setLayoutProperty(fillLayerId(layer), 'visibility', value);
      map.setLayoutProperty(lineLayerId(layer), 'visibility', value);
    }
    map.setLayoutProperty(SITES_LAYER_ID, 'visibility', visibility.sites ? 'visible' : 'none');
  }, [visibility, isLoaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !isLoaded) return;
    const source = map.getSource<GeoJSONSource>(PICK_SOURCE_ID);
    if (!source) return;
    void source.setData(
      picked
        ? {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: {},
                geometry: { type: 'Point', coordinates: [picked.lon, picked.lat] },
              },
            ],
          }
        : EMPTY_COLLECTION,
    );
  }, [picked, isLoaded]);

  function pickCentre() {
    const map = mapRef.current;
    if (!map) return;
    const centre = map.getCenter();
    onPick({ lat: centre.lat, lon: centre.lng });
  }

  if (failure) {
    return (
      <div className="map-failure" role="status">
        <p>{failure}</p>
        <p>Utilisez la liste des zones sous la carte ou la recherche par adresse.</p>
      </div>
    );
  }

  return (
    <div className="map-frame">
      <div ref={containerRef} className="map-canvas" />
      <span className="map-crosshair" aria-hidden="true" />
      <div className="map-toolbar">
        <button type="button" className="button" onClick={pickCentre} disabled={!isLoaded}>
          Chercher au centre de la carte
        </button>
        <p className="field-hint">
          Au clavier : placez le focus sur la carte, déplacez-la avec les flèches et zoomez avec + et −, puis
          utilisez ce bouton.
        </p>
      </div>
      {isBaseMapDown ? (
        <p className="field-hint" role="status">
          Fond de carte indisponible : seules les zones et les lieux de soins sont affichés.
        </p>
      ) : null}
    </div>
  );
}
