import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { meResponseSchema, type MeResponse } from '../../contracts/auth';
import { ApiError, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, getJson, toApiError } from './api';

/** The CSRF token of the current session, echoed on every state-changing request. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** The signed-in member, or null when nobody is signed in (401). */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse | null> {
  try {
    const me = await getJson('/auth/me', meResponseSchema, undefined, signal);
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: ({ signal }) => fetchMe(signal), staleTime: 30_000 });
}

/**
 * POST/PUT/PATCH/DELETE with JSON (or FormData) and the CSRF header; validates the answer when a schema is
 * given. Every failure is an ApiError with a French message.
 */
export async function sendJson<S extends z.ZodType | undefined = undefined>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  schema?: S,
): Promise<S extends z.ZodType ? z.infer<S> : null> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload ?? null });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  let data: unknown = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw toApiError(response.status, data);
  if (!schema) return null as never;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(response.status, 'INVALID_RESPONSE', INVALID_RESPONSE_MESSAGE);
  // A response carrying a new CSRF token (login, second factor) replaces the old one.
  const maybe = parsed.data as { csrfToken?: unknown };
  if (typeof maybe?.csrfToken === 'string') setCsrfToken(maybe.csrfToken);
  return parsed.data as never;
}
