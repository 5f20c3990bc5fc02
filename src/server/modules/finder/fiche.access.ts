import type { RouteAccess } from '../../test/access-matrix';

/** The printable « fiche réflexe »: the same public answer as the finder, so open to anyone. */
export const ficheAccess: RouteAccess[] = [
  {
    method: 'GET',
    route: '/api/v1/lookup/fiche.pdf',
    audience: 'anyone',
    request: () => ({
      url: '/api/v1/lookup/fiche.pdf?q=' + encodeURIComponent('4 rue Marco Polo, Choisy-le-Roi'),
    }),
  },
];
