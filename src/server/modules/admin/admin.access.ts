import type { RouteAccess } from '../../test/access-matrix';

/** Who may call each administration route (see src/server/test/access-matrix.ts). */
export const adminAccess: RouteAccess[] = [
  { method: 'GET', route: '/api/v1/admin/partners', audience: 'any_coordinator' },
  {
    method: 'POST',
    route: '/api/v1/admin/partners',
    audience: 'coordinator',
    request: (f) => ({
      url: '/api/v1/admin/partners',
      payload: { name: 'Association de la matrice', type: 'association', territoryIds: [f.territoryA] },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/partners/:id',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/partners/${f.partnerA}` }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/admin/partners/:id',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/partners/${f.partnerA}`, payload: {} }),
  },
  { method: 'GET', route: '/api/v1/admin/members', audience: 'any_coordinator' },
  {
    method: 'GET',
    route: '/api/v1/admin/members/:id',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}` }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/admin/members/:id',
    audience: 'coordinator',
    request: (f) => ({
      url: `/api/v1/admin/members/${f.memberA}`,
      payload: { jobTitle: 'Chargée de mission' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/admin/members/:id/roles',
    audience: 'coordinator',
    request: (f) => ({
      url: `/api/v1/admin/members/${f.memberA}/roles`,
      payload: { territoryId: f.territoryA, role: 'commission_member', infoCategory: 'social' },
    }),
    // 409: memberA already has another information category in territory A; 422: memberA works for a
    // social landlord (category 'landlord' required).
    alsoAllowed: [409, 422],
  },
  {
    method: 'DELETE',
    route: '/api/v1/admin/members/:id/roles/:territoryId/:role',
    audience: 'coordinator',
    // Idempotent: 200 whether or not memberA held the role.
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/roles/${f.territoryA}/commission_member` }),
  },
  {
    method: 'POST',
    route: '/api/v1/admin/members/:id/unlock',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/unlock` }),
  },
  {
    method: 'POST',
    route: '/api/v1/admin/members/:id/second-factor/reset',
    audience: 'admin',
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/second-factor/reset` }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/members/:id/sessions',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/sessions` }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/admin/members/:id/sessions/:sessionId',
    audience: 'coordinator',
    // Idempotent: no such session is 204 too, once the caller is allowed to manage memberA's sessions.
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/sessions/${'0'.repeat(32)}` }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/members/:id/export',
    audience: 'admin',
    request: (f) => ({ url: `/api/v1/admin/members/${f.memberA}/export` }),
  },
  { method: 'GET', route: '/api/v1/me/export', audience: 'member' },
  {
    method: 'GET',
    route: '/api/v1/territories/:territoryId/charter',
    // Any member holding a role in the territory, and instance admins.
    audience: 'territory_member',
    request: (f) => ({ url: `/api/v1/territories/${f.territoryA}/charter` }),
  },
  {
    method: 'POST',
    route: '/api/v1/territories/:territoryId/charter/acceptance',
    // Any member holding a role in the territory, and instance admins. 409: the fixture's charter is not
    // the current version any more.
    audience: 'territory_member',
    request: (f) => ({
      url: `/api/v1/territories/${f.territoryA}/charter/acceptance`,
      payload: { version: 1 },
    }),
    alsoAllowed: [409],
  },
  {
    method: 'POST',
    route: '/api/v1/admin/territories/:territoryId/charters',
    audience: 'coordinator',
    request: (f) => ({
      url: `/api/v1/admin/territories/${f.territoryA}/charters`,
      payload: { title: 'Charte de confidentialité', body: 'Texte de la charte (matrice).' },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/territories/:territoryId/charters',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/territories/${f.territoryA}/charters` }),
  },
  { method: 'GET', route: '/api/v1/admin/conventions', audience: 'any_coordinator' },
  {
    method: 'POST',
    route: '/api/v1/admin/conventions',
    audience: 'coordinator',
    request: (f) => ({
      url: '/api/v1/admin/conventions',
      payload: {
        partnerId: f.partnerA,
        territoryId: f.territoryA,
        title: 'Convention de partenariat (matrice)',
        startsOn: '2026-01-01',
        endsOn: '2028-12-31',
      },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/admin/conventions/:id',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/conventions/${f.conventionA}`, payload: {} }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/conventions/:id/document',
    // Also the members of the convention's own partner (none of the matrix actors belongs to it; tested in
    // conventions.routes.test.ts). The matrix fixture's convention carries a document.
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/admin/conventions/${f.conventionA}/document` }),
  },
];
