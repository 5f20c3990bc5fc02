import type { RouteAccess } from '../../test/access-matrix';

export const auditAccess: RouteAccess[] = [
  {
    method: 'GET',
    route: '/api/v1/audit',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/audit?territory=${f.territoryA}` }),
  },
  {
    method: 'GET',
    route: '/api/v1/audit/export.csv',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/audit/export.csv?territory=${f.territoryA}` }),
  },
];
