import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  charterHistorySchema,
  charterVersionSchema,
  conventionListSchema,
  conventionSchema,
  currentCharterSchema,
  memberDetailSchema,
  memberListSchema,
  memberRolesResponseSchema,
  partnerListSchema,
  partnerSchema,
  sessionListSchema,
} from '../../../contracts/admin';
import { auditListResponseSchema } from '../../../contracts/audit';
import { invitationSentResponseSchema } from '../../../contracts/onboarding';
import { ApiError, getJson } from '../../lib/api';
import { sendJson, useMe } from '../../lib/session';
import { useTerritories } from '../territories/queries';
import { adminAccessOf } from './helpers';

type Params = Record<string, string | number | undefined>;

/** Every administration query starts with this key: a write invalidates them all (counts, lists, pages). */
const ADMIN_KEY = 'admin';

export function usePartners(params: Params, enabled = true) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'partners', params],
    queryFn: ({ signal }) => getJson('/admin/partners', partnerListSchema, params, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function usePartner(id: string | undefined) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'partner', id],
    queryFn: ({ signal }) => getJson(`/admin/partners/${id ?? ''}`, partnerSchema, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useMembers(params: Params, enabled = true) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'members', params],
    queryFn: ({ signal }) => getJson('/admin/members', memberListSchema, params, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useMember(id: string) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'member', id],
    queryFn: ({ signal }) => getJson(`/admin/members/${id}`, memberDetailSchema, undefined, signal),
    // Each read of a member page is audited: do not read it again behind the user's back.
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useMemberSessions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'member-sessions', id],
    queryFn: ({ signal }) => getJson(`/admin/members/${id}/sessions`, sessionListSchema, undefined, signal),
    enabled,
  });
}

export function useConventions(params: Params, enabled = true) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'conventions', params],
    queryFn: ({ signal }) => getJson('/admin/conventions', conventionListSchema, params, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** The charter in force, or null when none has been published yet (404 CHARTER_NOT_FOUND). */
export function useCurrentCharter(territoryId: string) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'charter-current', territoryId],
    queryFn: async ({ signal }) => {
      try {
        return await getJson(`/territories/${territoryId}/charter`, currentCharterSchema, undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CHARTER_NOT_FOUND') return null;
        throw error;
      }
    },
    enabled: territoryId !== '',
  });
}

export function useCharterHistory(territoryId: string) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'charter-history', territoryId],
    queryFn: ({ signal }) =>
      getJson(`/admin/territories/${territoryId}/charters`, charterHistorySchema, undefined, signal),
    enabled: territoryId !== '',
  });
}

export function useAuditEvents(params: Params) {
  return useQuery({
    queryKey: [ADMIN_KEY, 'audit', params],
    queryFn: ({ signal }) => getJson('/audit', auditListResponseSchema, params, signal),
    placeholderData: (previous) => previous,
    // Reading the trail is itself audited.
    refetchOnWindowFocus: false,
  });
}

/** A write whose success refreshes every administration query. */
export function useAdminMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: [ADMIN_KEY] }),
  });
}

export const adminApi = {
  createPartner: (body: unknown) => sendJson('POST', '/admin/partners', body, partnerSchema),
  updatePartner: (id: string, body: unknown) =>
    sendJson('PATCH', `/admin/partners/${id}`, body, partnerSchema),
  invite: (body: unknown) => sendJson('POST', '/members/invitations', body, invitationSentResponseSchema),
  resendInvitation: (id: string) =>
    sendJson('POST', `/members/${id}/invitations`, undefined, invitationSentResponseSchema),
  updateMember: (id: string, body: unknown) =>
    sendJson('PATCH', `/admin/members/${id}`, body, memberDetailSchema),
  grantRole: (id: string, body: unknown) =>
    sendJson('POST', `/admin/members/${id}/roles`, body, memberRolesResponseSchema),
  revokeRole: (id: string, territoryId: string, role: string) =>
    sendJson(
      'DELETE',
      `/admin/members/${id}/roles/${encodeURIComponent(territoryId)}/${role}`,
      undefined,
      memberRolesResponseSchema,
    ),
  unlock: (id: string) => sendJson('POST', `/admin/members/${id}/unlock`),
  resetSecondFactor: (id: string) => sendJson('POST', `/admin/members/${id}/second-factor/reset`),
  revokeSession: (id: string, sessionId: string) =>
    sendJson('DELETE', `/admin/members/${id}/sessions/${sessionId}`),
  publishCharter: (territoryId: string, body: unknown) =>
    sendJson('POST', `/admin/territories/${territoryId}/charters`, body, charterVersionSchema),
  createConvention: (form: FormData) => sendJson('POST', '/admin/conventions', form, conventionSchema),
  updateConvention: (id: string, body: unknown) =>
    sendJson('PATCH', `/admin/conventions/${id}`, body, conventionSchema),
};

/**
 * The signed-in member, the territories they administer and their names: what every administration page
 * needs first. `status` is `loading` until both the session and the territory list are known.
 */
export function useAdminScope() {
  const me = useMe();
  const territories = useTerritories();
  const all = territories.data?.territories ?? [];
  const names = new Map(all.map((t) => [t.id, t.name]));
  if (me.isPending || (me.data && territories.isPending)) return { status: 'loading' as const };
  if (me.isError) return { status: 'error' as const, error: me.error };
  if (territories.isError) return { status: 'error' as const, error: territories.error };
  const access = adminAccessOf(
    me.data ?? null,
    all.map((t) => t.id),
  );
  const territoryName = (id: string) => names.get(id) ?? id;
  return { status: 'ready' as const, access, me: me.data ?? null, territoryName };
}
