import { describe, expect, it } from 'vitest';
import type { MapResponse } from '../../lib/schemas';
import { buildMapStyle, fillLayerId, mapBounds } from './map-style';

const data: MapResponse = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [2.38, 48.86],
            [2.41, 48.86],
            [2.41, 48.88],
            [2.38, 48.86],
          ],
        ],
      },
      properties: {
        type: 'zone',
        layer: 'adult',
        areaId: 'a',
        areaCode: '75G27',
        areaName: 'Secteur 27',
        zoneId: 'z1',
        zoneKind: 'polygon',
        demo: true,
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.37, 48.87] },
      properties: {
        type: 'site',
        id: 's',
        name: 'CMP',
        kind: 'cmp',
        sectorCodes: ['75G27'],
        public: 'adult',
      },
    },
  ],
};

const allVisible = { adult: true, child: true, social: true, sites: true };

describe('buildMapStyle', () => {
  it('works with no base map: background first, then our layers, no glyphs or sprite', () => {
    const style = buildMapStyle({ data, tileUrl: null, attribution: null, visibility: allVisible });
    expect(style.layers[0]).toMatchObject({ type: 'background' });
    expect(Object.keys(style.sources)).not.toContain('fond_de_carte');
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
  });

  it('puts the raster base map under the zones when a tile URL is configured', () => {
    const style = buildMapStyle({
      data,
      tileUrl: 'https://tiles.example/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap',
      visibility: allVisible,
    });
    const ids = style.layers.map((layer) => layer.id);
    expect(ids.indexOf('fond-de-carte')).toBeLessThan(ids.indexOf(fillLayerId('adult')));
    expect(style.sources.fond_de_carte).toMatchObject({ type: 'raster', attribution: '© OpenStreetMap' });
  });

  it('hides the layers that are switched off', () => {
    const style = buildMapStyle({
      data,
      tileUrl: null,
      attribution: null,
      visibility: { ...allVisible, child: false },
    });
    const child = style.layers.find((layer) => layer.id === fillLayerId('child'));
    expect(child).toMatchObject({ layout: { visibility: 'none' } });
  });
});

describe('mapBounds', () => {
  it('uses the bbox sent by the server', () => {
    expect(mapBounds({ ...data, bbox: [1, 2, 3, 4] })).toEqual([1, 2, 3, 4]);
  });

  it('falls back to the extent of the geometries', () => {
    expect(mapBounds(data)).toEqual([2.37, 48.86, 2.41, 48.88]);
  });

  it('returns null for an empty collection', () => {
    expect(mapBounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
