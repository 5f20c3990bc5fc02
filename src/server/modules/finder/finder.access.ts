import type { RouteAccess } from '../../test/access-matrix';

/** The public finder « Où s'adresser ? »: open to anyone, signed in or not. */
export const finderAccess: RouteAccess[] = [
  { method: 'GET', route: '/api/health', audience: 'anyone' },
  {
    method: 'GET',
    route: '/api/v1/lookup',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/lookup?lat=48.7527341&lon=2.4137017' }),
  },
  {
    method: 'GET',
    route: '/api/v1/geocode',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/geocode?q=marco' }),
  },
];
