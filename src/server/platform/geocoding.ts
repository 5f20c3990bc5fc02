import type { GeocodeOptions, GeocodeResult } from '../../geo/geocoder/port';

export type GeocodeSource = 'local' | 'ban' | 'cache';

/** What the use cases need from geocoding (implemented by GeocoderChain). */
export interface AddressSearch {
  searchWithSource(
    q: string,
    opts?: GeocodeOptions,
  ): Promise<{ results: GeocodeResult[]; source: GeocodeSource }>;
}
