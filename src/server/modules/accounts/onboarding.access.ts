import type { RouteAccess } from '../../test/access-matrix';

const WEAK = { token: 'lien-inconnu', password: 'court' };

/**
 * Invitations are sent by the territory's coordinator (or an instance admin). The links' own routes are
 * open to anyone: the token is the credential. The matrix cannot hold a real token, so it sends an unknown
 * one: the preview then answers every caller the same TOKEN_INVALID (404), and the password routes refuse
 * the weak password first (422), before looking at the token.
 */
export const onboardingAccess: RouteAccess[] = [
  {
    method: 'POST',
    route: '/api/v1/members/invitations',
    audience: 'coordinator',
    request: (f) => ({
      url: '/api/v1/members/invitations',
      payload: {
        partnerId: f.partnerA,
        email: `invitation-${f.self ?? 'anonyme'}@exemple.test`,
        displayName: 'Personne invitée',
        roles: [{ territoryId: f.territoryA, role: 'reader', infoCategory: 'other' }],
      },
    }),
    // 409: the same actor's invitation already made in an earlier round.
    alsoAllowed: [409],
  },
  {
    method: 'POST',
    route: '/api/v1/members/:id/invitations',
    audience: 'coordinator',
    request: (f) => ({ url: `/api/v1/members/${f.memberA}/invitations` }),
    // 409: memberA has already activated their account.
    alsoAllowed: [409],
  },
  {
    method: 'GET',
    route: '/api/v1/onboarding/invitations/:token',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/onboarding/invitations/lien-inconnu' }),
    alsoAllowed: [404],
  },
  {
    method: 'POST',
    route: '/api/v1/onboarding/invitations/accept',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/onboarding/invitations/accept', payload: WEAK }),
    alsoAllowed: [422],
  },
  {
    method: 'POST',
    route: '/api/v1/onboarding/password-reset',
    audience: 'anyone',
    request: () => ({
      url: '/api/v1/onboarding/password-reset',
      payload: { email: 'personne@exemple.test' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/onboarding/password-reset/confirm',
    audience: 'anyone',
    request: () => ({ url: '/api/v1/onboarding/password-reset/confirm', payload: WEAK }),
    alsoAllowed: [422],
  },
];
