import type { z } from 'zod';
import {
  geocodeResponseSchema,
  lookupResponseSchema,
  type GeocodeResponse,
  type LookupResponse,
} from '../../contracts/finder';
import {
  explainResponseSchema,
  placesResponseSchema,
  territoriesResponseSchema,
  type ExplainResponse,
  type TerritoriesResponse,
} from '../../contracts/territories';
import { configResponseSchema, mapResponseSchema, type ConfigResponse, type MapResponse } from './schemas';

const API_BASE = '/api/v1';

/** An API failure with a French message that can be shown to the user as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

export const NETWORK_ERROR_MESSAGE =
  'Le serveur Passerelle ne répond pas. Vérifiez votre connexion puis réessayez.';
export const INVALID_RESPONSE_MESSAGE = 'Le serveur a renvoyé une réponse inattendue. Réessayez plus tard.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads `{ error: { code, message, requestId } }`; anything else becomes a generic French message. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = error && typeof error.code === 'string' ? error.code : `HTTP_${status}`;
  const message =
    error && typeof error.message === 'string' && error.message.length > 0
      ? error.message
      : status >= 500
        ? 'Le service est momentanément indisponible. Réessayez plus tard.'
        : 'La demande n’a pas pu aboutir.';
  const requestId = error && typeof error.requestId === 'string' ? error.requestId : null;
  return new ApiError(status, code, message, requestId);
}

type Params = Record<string, string | number | undefined | null>;

function buildUrl(path: string, params?: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `${API_BASE}${path}${query ? `?${query}` : ''}`;
}

/** GET a JSON resource and validate it with its contract; every failure is an `ApiError`. */
export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  params?: Params,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, params), { headers: { Accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw toApiError(response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // The path only: its query string may hold an address typed by the user.
    console.error('Unexpected API response', path.split('?')[0], parsed.error.issues);
    throw new ApiError(response.status, 'INVALID_RESPONSE', INVALID_RESPONSE_MESSAGE);
  }
  return parsed.data;
}

/** What to look up: a typed address, or a point (map click, chosen place). */
/** `place` is the id of a commune, arrondissement or quartier picked in the list (its point alone is not enough). */
export type LookupTarget =
  { kind: 'address'; q: string } | { kind: 'point'; lat: number; lon: number; place?: string };

function targetParams(target: LookupTarget): Params {
  if (target.kind === 'address') return { q: target.q };
  return target.place
    ? { lat: target.lat, lon: target.lon, place: target.place }
    : { lat: target.lat, lon: target.lon };
}

export const api = {
  lookup: (target: LookupTarget, signal?: AbortSignal): Promise<LookupResponse> =>
    getJson('/lookup', lookupResponseSchema, targetParams(target), signal),
  geocode: (q: string, signal?: AbortSignal): Promise<GeocodeResponse> =>
    getJson('/geocode', geocodeResponseSchema, { q, limit: 5 }, signal),
  places: (signal?: AbortSignal) => getJson('/places', placesResponseSchema, undefined, signal),
  territories: (signal?: AbortSignal): Promise<TerritoriesResponse> =>
    getJson('/territories', territoriesResponseSchema, undefined, signal),
  map: (signal?: AbortSignal): Promise<MapResponse> => getJson('/map', mapResponseSchema, undefined, signal),
  config: (signal?: AbortSignal): Promise<ConfigResponse> =>
    getJson('/config', configResponseSchema, undefined, signal),
  explain: (target: LookupTarget, signal?: AbortSignal): Promise<ExplainResponse> =>
    getJson('/admin/test-address', explainResponseSchema, targetParams(target), signal),
};

/** Message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Une erreur inattendue est survenue. Réessayez plus tard.';
}
