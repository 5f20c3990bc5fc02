import type { RouteAccess } from '../../test/access-matrix';

/** The landlord crosswalk: any signed-in member with a complete session (see crosswalk.routes.ts). */
export const crosswalkAccess: RouteAccess[] = [
  {
    method: 'POST',
    route: '/api/v1/crosswalk',
    audience: 'member',
    request: () => ({
      url: '/api/v1/crosswalk?format=json',
      payload: { csv: 'adresse\n4 rue Marco Polo, Choisy-le-Roi\n' },
    }),
  },
];
