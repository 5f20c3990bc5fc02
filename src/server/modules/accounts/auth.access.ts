import type { RouteAccess } from '../../test/access-matrix';
import { publicSessionId } from '../admin/admin.repository';

export const authAccess: RouteAccess[] = [
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    audience: 'anyone',
    request: () => ({
      url: '/api/v1/auth/login',
      payload: { email: 'personne@exemple.test', password: 'x' },
    }),
    // A wrong password is the route doing its job for anyone.
    alsoAllowed: [401],
  },
  // Enrolment and verification need a session (first factor); "already enabled"/"enrolment required" are
  // the route answering a member whose state does not fit, not a refusal of access.
  { method: 'POST', route: '/api/v1/auth/totp/setup', audience: 'session', alsoAllowed: [409] },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/enable',
    audience: 'session',
    request: () => ({ url: '/api/v1/auth/totp/enable', payload: { code: '000000' } }),
    alsoAllowed: [409, 422],
  },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/verify',
    audience: 'session',
    request: () => ({ url: '/api/v1/auth/totp/verify', payload: { code: '000000' } }),
    alsoAllowed: [409, 422],
  },
  { method: 'POST', route: '/api/v1/auth/logout', audience: 'session' },
  { method: 'POST', route: '/api/v1/auth/logout-all', audience: 'member' },
  { method: 'GET', route: '/api/v1/auth/me', audience: 'session' },
  { method: 'GET', route: '/api/v1/auth/sessions', audience: 'member' },
  {
    method: 'DELETE',
    route: '/api/v1/auth/sessions/:sessionId',
    audience: 'member',
    // The caller's own current session: closing it is allowed to every member.
    request: (f) => ({
      url: `/api/v1/auth/sessions/${f.sessionId ? publicSessionId(f.sessionId) : '0'.repeat(32)}`,
    }),
  },
];
