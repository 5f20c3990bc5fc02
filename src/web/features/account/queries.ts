import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { OIDC_PROVIDERS } from '../../../contracts/access';
import { charterAcceptanceSchema, currentCharterSchema } from '../../../contracts/admin';
import {
  csrfResponseSchema,
  loginResponseSchema,
  ownSessionsResponseSchema,
  totpEnableResponseSchema,
  totpSetupResponseSchema,
  type MeResponse,
} from '../../../contracts/auth';
import {
  acceptInvitationResponseSchema,
  invitationPreviewSchema,
  passwordResetRequestedSchema,
} from '../../../contracts/onboarding';
import { getJson } from '../../lib/api';
import { fetchMe, ME_QUERY_KEY, sendJson, setCsrfToken } from '../../lib/session';

const providersSchema = z.object({
  providers: z.array(z.object({ id: z.enum(OIDC_PROVIDERS), label: z.string(), startUrl: z.string() })),
});

export const SESSIONS_QUERY_KEY = ['auth', 'sessions'] as const;

export const accountApi = {
  login: (email: string, password: string) =>
    sendJson('POST', '/auth/login', { email, password }, loginResponseSchema),
  totpSetup: () => sendJson('POST', '/auth/totp/setup', undefined, totpSetupResponseSchema),
  totpEnable: (code: string) => sendJson('POST', '/auth/totp/enable', { code }, totpEnableResponseSchema),
  totpVerify: (body: { code: string } | { recoveryCode: string }) =>
    sendJson('POST', '/auth/totp/verify', body, csrfResponseSchema),
  logout: () => sendJson('POST', '/auth/logout'),
  logoutAll: () => sendJson('POST', '/auth/logout-all'),
  closeSession: (id: string) => sendJson('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  invitation: (token: string, signal?: AbortSignal) =>
    getJson(
      `/onboarding/invitations/${encodeURIComponent(token)}`,
      invitationPreviewSchema,
      undefined,
      signal,
    ),
  acceptInvitation: (token: string, password: string) =>
    sendJson('POST', '/onboarding/invitations/accept', { token, password }, acceptInvitationResponseSchema),
  requestPasswordReset: (email: string) =>
    sendJson('POST', '/onboarding/password-reset', { email }, passwordResetRequestedSchema),
  confirmPasswordReset: (token: string, password: string) =>
    sendJson('POST', '/onboarding/password-reset/confirm', { token, password }),
  acceptCharter: (territoryId: string, version: number) =>
    sendJson(
      'POST',
      `/territories/${encodeURIComponent(territoryId)}/charter/acceptance`,
      { version },
      charterAcceptanceSchema,
    ),
};

export function useOidcProviders() {
  return useQuery({
    queryKey: ['auth', 'oidc-providers'],
    queryFn: ({ signal }) => getJson('/auth/oidc/providers', providersSchema, undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function useOwnSessions(enabled: boolean) {
  return useQuery({
    queryKey: SESSIONS_QUERY_KEY,
    queryFn: ({ signal }) => getJson('/auth/sessions', ownSessionsResponseSchema, undefined, signal),
    enabled,
  });
}

export function useCharter(territoryId: string) {
  return useQuery({
    queryKey: ['charter', territoryId],
    queryFn: ({ signal }) =>
      getJson(
        `/territories/${encodeURIComponent(territoryId)}/charter`,
        currentCharterSchema,
        undefined,
        signal,
      ),
  });
}

export function useInvitation(token: string | null) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => accountApi.invitation(token ?? '', signal),
    enabled: token !== null && token !== '',
    staleTime: Infinity,
  });
}

/**
 * Reloads the signed-in member now (after a login step, a charter acceptance) and returns it: the next
 * page is chosen from the fresh answer, not from what the cache held before.
 */
export function useRefreshMe(): () => Promise<MeResponse | null> {
  const client = useQueryClient();
  return useCallback(async () => {
    const me = await client.fetchQuery({
      queryKey: ME_QUERY_KEY,
      queryFn: ({ signal }) => fetchMe(signal),
      staleTime: 0,
    });
    await client.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
    return me;
  }, [client]);
}

/** After a logout: nobody is signed in any more, and nothing personal stays in the cache. */
export function useForgetMember(): () => void {
  const client = useQueryClient();
  return useCallback(() => {
    setCsrfToken(null);
    client.setQueryData(ME_QUERY_KEY, null);
    client.removeQueries({ queryKey: SESSIONS_QUERY_KEY });
    client.removeQueries({ queryKey: ['charter'] });
    client.removeQueries({ queryKey: ['admin'] });
  }, [client]);
}
