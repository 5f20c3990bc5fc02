/**
 * Adapter for the official address API of the Base Adresse Nationale, served by the IGN Géoplateforme
 * (https://data.geopf.fr/geocodage, successor of api-adresse.data.gouv.fr, same request and response
 * shape). Network problems become `GeocoderUnavailableError` so that the chain can fall back to the
 * local index; the response is validated, never trusted.
 */
import { z } from 'zod';
import { streetIdFromAddressId } from './ban-csv';
import {
  GeocoderResponseError,
  GeocoderUnavailableError,
  type GeocodeOptions,
  type GeocodeResult,
  type GeocodeResultType,
  type Geocoder,
} from './port';

export const BAN_API_DEFAULT_URL = 'https://data.geopf.fr/geocodage';

export interface BanApiOptions {
  /** Default `https://data.geopf.fr/geocodage`. */
  baseUrl?: string;
  /** Whole request budget, body included (default 3000 ms). */
  timeoutMs?: number;
  /** Injected for tests or proxies; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

const featureSchema = z.object({
  geometry: z.object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number(), z.number()]).rest(z.number()),
  }),
  properties: z.object({
    label: z.string(),
    score: z.number(),
    type: z.string(),
    id: z.string().nullish(),
    name: z.string().nullish(),
    housenumber: z.string().nullish(),
    street: z.string().nullish(),
    postcode: z.string().nullish(),
    citycode: z.string().nullish(),
    city: z.string().nullish(),
  }),
});

const collectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(featureSchema),
});

type Feature = z.infer<typeof featureSchema>;

/** « 12bis » → « 12 bis »: the spelling of our `housenumber` field. */
function splitHousenumber(raw: string | null | undefined): {
  housenumber: string | null;
  number: number | null;
} {
  if (!raw) return { housenumber: null, number: null };
  const m = /^\s*(\d+)\s*(.*?)\s*$/.exec(raw);
  if (!m?.[1]) return { housenumber: raw, number: null };
  return { housenumber: m[2] ? `${m[1]} ${m[2]}` : m[1], number: Number(m[1]) };
}

function resultType(type: string): GeocodeResultType {
  if (type === 'housenumber' || type === 'municipality') return type;
  // `street` and `locality` (lieu-dit): both locate a way or a place without a number.
  return 'street';
}

function toResult(f: Feature): GeocodeResult {
  const p = f.properties;
  const [lon, lat] = f.geometry.coordinates;
  const type = resultType(p.type);
  const { housenumber, number } =
    type === 'housenumber' ? splitHousenumber(p.housenumber) : { housenumber: null, number: null };
  const street = p.street ?? (type === 'street' ? (p.name ?? null) : null);
  let streetId: string | null = null;
  if (p.id && type === 'housenumber') streetId = streetIdFromAddressId(p.id);
  else if (p.id && type === 'street') streetId = p.id;
  return {
    label: p.label,
    lon,
    lat,
    citycode: p.citycode ?? null,
    postcode: p.postcode ?? null,
    city: p.city ?? null,
    street,
    streetId,
    housenumber,
    number,
    score: Math.max(0, Math.min(1, p.score)),
    type,
  };
}

export class BanApiGeocoder implements Geocoder {
  readonly name = 'ban' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: BanApiOptions = {}) {
    this.baseUrl = (options.baseUrl ?? BAN_API_DEFAULT_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async search(q: string, opts: GeocodeOptions = {}): Promise<GeocodeResult[]> {
    const text = q.trim().replace(/\s+/g, ' ').slice(0, 200);
    // The API refuses queries under 3 characters (HTTP 400): nothing to look for.
    if (text.length < 3) return [];
    const params = new URLSearchParams({
      q: text,
      limit: String(Math.max(1, Math.min(opts.limit ?? 5, 20))),
    });
    if (opts.citycode) params.set('citycode', opts.citycode);
    if (opts.postcode) params.set('postcode', opts.postcode);
    const body = await this.get(`/search/?${params.toString()}`, opts.signal);
    return body.features.map(toResult);
  }

  async reverse(lon: number, lat: number, signal?: AbortSignal): Promise<GeocodeResult | null> {
    const params = new URLSearchParams({ lon: String(lon), lat: String(lat), limit: '1' });
    const body = await this.get(`/reverse/?${params.toString()}`, signal);
    const first = body.features[0];
    return first ? toResult(first) : null;
  }

  private async get(path: string, signal?: AbortSignal): Promise<z.infer<typeof collectionSchema>> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let status = 0;
    let json: unknown;
    try {
      const res = await this.fetchFn(`${this.baseUrl}${path}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      status = res.status;
      if (status === 429 || status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        throw new GeocoderUnavailableError(
          status === 429
            ? 'Le service d’adresses de la BAN limite le nombre de requêtes (HTTP 429) : réessayez dans un instant.'
            : `Le service d’adresses de la BAN est en erreur (HTTP ${status}).`,
        );
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new GeocoderResponseError(
          `Le service d’adresses de la BAN a refusé la requête (HTTP ${status}).`,
        );
      }
      json = await res.json();
    } catch (error) {
      if (error instanceof GeocoderUnavailableError || error instanceof GeocoderResponseError) throw error;
      if (signal?.aborted) throw signal.reason;
      if (timedOut) {
        throw new GeocoderUnavailableError(
          `Le service d’adresses de la BAN n’a pas répondu en ${this.timeoutMs} ms.`,
          {
            cause: error,
          },
        );
      }
      if (status !== 0) {
        throw new GeocoderResponseError('Le service d’adresses de la BAN a renvoyé une réponse illisible.', {
          cause: error,
        });
      }
      throw new GeocoderUnavailableError('Le service d’adresses de la BAN est injoignable (réseau).', {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const parsed = collectionSchema.safeParse(json);
    if (!parsed.success) {
      throw new GeocoderResponseError('Le service d’adresses de la BAN a renvoyé une réponse inattendue.', {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}
