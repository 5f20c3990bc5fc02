import type { RouteAccess } from '../../test/access-matrix';

/**
 * OIDC login routes are open to anyone. On an instance without providers (the matrix test's), `start`
 * answers 503 OIDC_NOT_CONFIGURED; `callback` always answers a 302 to the login page, never a 404, so a
 * callback without a valid pending login reads as "let through" rather than as a denial.
 */
export const oidcAccess: RouteAccess[] = [
  { method: 'GET', route: '/api/v1/auth/oidc/providers', audience: 'anyone' },
  {
    method: 'GET',
    route: '/api/v1/auth/oidc/:provider/start',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/auth/oidc/proconnect/start' }),
    alsoAllowed: [503],
  },
  {
    method: 'GET',
    route: '/api/v1/auth/oidc/:provider/callback',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/auth/oidc/proconnect/callback?code=x&state=y' }),
  },
];
