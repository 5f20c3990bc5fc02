import type { GeocodeOptions, GeocodeResult, GeocodeSource } from '../../geo/geocoder/port';

export type { GeocodeSource };

/**
 * Below this score the best candidate is more likely another street than the one typed (e.g. « 40 rue
 * des Pyrénées » matched to « rue de Varenne » when the offline index does not know the street): saying
 * "not found" and offering the commune/map fallback is safer than a wrong sector. The chain uses the same
 * threshold to decide when to ask the next geocoder.
 */
export const MIN_GEOCODE_SCORE = 0.7;

/** What the use cases need from geocoding (implemented by GeocoderChain). */
export interface AddressSearch {
  searchWithSource(
    q: string,
    opts?: GeocodeOptions,
  ): Promise<{ results: GeocodeResult[]; source: GeocodeSource }>;
}
