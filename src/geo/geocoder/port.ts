/**
 * The geocoding port. The finder, the batch lookup and the admin screens only know this interface; the
 * adapters are the official BAN / Géoplateforme API (`ban-api.ts`) and a local index built from a BAN CSV
 * export (`local-index.ts`), combined by `GeocoderChain` (`chain.ts`).
 */

export type GeocodeResultType = 'housenumber' | 'street' | 'municipality';

export interface GeocodeResult {
  /** Display label, BAN style: « 4 Rue Marco Polo 94600 Choisy-le-Roi ». */
  label: string;
  lon: number;
  lat: number;
  /** INSEE code of the commune or municipal arrondissement (75120, not 75056). */
  citycode: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  /** BAN street id (`id_fantoir` or the street part of the address id). */
  streetId: string | null;
  /** House number as written by the BAN, with its suffix: « 12 bis ». */
  housenumber: string | null;
  number: number | null;
  /** 0..1, higher is better. Comparable between results of one geocoder only. */
  score: number;
  type: GeocodeResultType;
}

export interface GeocodeOptions {
  /** Maximum number of results (default 5). */
  limit?: number;
  /** Only results in this commune (INSEE code). */
  citycode?: string;
  /** Only results with this postcode. */
  postcode?: string;
  signal?: AbortSignal;
}

/**
 * The adapters we have. The name is shown to users (« source : BAN ») and returned by the API, so the
 * set is closed: a new adapter adds its name here.
 */
export type GeocoderName = 'local' | 'ban' | 'chain';

/** Who answered a search: an adapter, or the chain's cache. */
export type GeocodeSource = Exclude<GeocoderName, 'chain'> | 'cache';

export interface Geocoder {
  readonly name: GeocoderName;
  search(q: string, opts?: GeocodeOptions): Promise<GeocodeResult[]>;
  reverse?(lon: number, lat: number): Promise<GeocodeResult | null>;
}

/** The geocoder cannot answer now (network down, timeout, HTTP 5xx or 429): try another one or later. */
export class GeocoderUnavailableError extends Error {
  override readonly name = 'GeocoderUnavailableError';
}

/** The geocoder answered something we cannot use (unexpected 4xx, malformed body). */
export class GeocoderResponseError extends Error {
  override readonly name = 'GeocoderResponseError';
}
