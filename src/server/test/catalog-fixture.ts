import type { TerritorialData, ZoneRow, ServiceAreaRow } from '../modules/territories/territories.repository';

const prov = {
  source: 'essai',
  sourceUrl: null,
  effectiveDate: null,
  verifiedAt: null,
  verifiedBy: null,
  confidence: 'low' as const,
  demo: true,
};
const now = new Date();
const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

function area(id: string, layer: 'adult' | 'child'): ServiceAreaRow {
  return {
    id,
    territoryId: 't',
    layer,
    code: id.toUpperCase(),
    kind: 'psychiatric_sector',
    name: id,
    establishmentName: null,
    establishmentFiness: null,
    address: null,
    phone: null,
    openingHours: null,
    note: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...prov,
  };
}

function zone(id: string, areaId: string, fields: Partial<ZoneRow>): ZoneRow {
  return {
    id,
    areaId,
    mode: 'include',
    kind: 'commune',
    label: id,
    citycode: null,
    street: null,
    streetId: null,
    fromNumber: null,
    toNumber: null,
    parity: null,
    geometry: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...prov,
    ...fields,
  };
}

// Commune 99001 is the square (0,0)-(2,2). Adult: sector A covers the commune, B one street by BAN id
// and name, C numbers 2–20 (even) of another street. Child: D covers the commune, E half of it by polygon.
export const splitCommuneData: TerritorialData = {
  territories: [{ id: 't', name: 'Essai', citycodes: ['99001'], demo: true, createdAt: now, updatedAt: now }],
  areas: [area('a', 'adult'), area('b', 'adult'), area('c', 'adult'), area('d', 'child'), area('e', 'child')],
  zones: [
    zone('za', 'a', { kind: 'commune', citycode: '99001' }),
    zone('zb', 'b', {
      kind: 'street',
      citycode: '99001',
      street: 'Rue du Télégraphe',
      streetId: '99001_0420',
    }),
    zone('zc', 'c', {
      kind: 'number_range',
      citycode: '99001',
      street: 'Avenue Gambetta',
      fromNumber: 2,
      toNumber: 20,
      parity: 'even',
    }),
    zone('zd', 'd', { kind: 'commune', citycode: '99001' }),
    zone('ze', 'e', { kind: 'polygon', geometry: square(0, 0, 1, 2) }),
  ],
  sites: [],
  siteAreas: [],
  boundaries: [
    {
      id: 'com-99001',
      kind: 'commune',
      code: '99001',
      name: 'Essai-sur-Mer',
      citycode: '99001',
      geometry: square(0, 0, 2, 2),
      centreLon: 1,
      centreLat: 1,
      source: 'essai',
    },
  ],
};
