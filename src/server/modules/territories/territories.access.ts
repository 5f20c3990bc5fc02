import type { RouteAccess } from '../../test/access-matrix';

/**
 * Territories, zones and their provenance are public open data (the finder's explanations): open to
 * anyone. Zone changes are made with the CLI, not through the API.
 */
export const territoriesAccess: RouteAccess[] = [
  { method: 'GET', route: '/api/v1/config', audience: 'anyone' },
  { method: 'GET', route: '/api/v1/territories', audience: 'anyone' },
  { method: 'GET', route: '/api/v1/places', audience: 'anyone' },
  { method: 'GET', route: '/api/v1/map', audience: 'anyone' },
  {
    method: 'GET',
    route: '/api/v1/admin/test-address',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/admin/test-address?lat=48.7527341&lon=2.4137017' }),
  },
  {
    method: 'GET',
    route: '/api/v1/catchments/export',
    audience: 'anyone',
    request: (f) => ({ url: `/api/v1/catchments/export?territory=${f.territoryA}&format=csv` }),
  },
  {
    method: 'GET',
    route: '/api/v1/zones/:zoneId/history',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/zones/zone-inconnue/history' }),
    // An unknown zone id is 404 for everyone alike: the point here is that no one is refused.
    alsoAllowed: [404],
  },
];
