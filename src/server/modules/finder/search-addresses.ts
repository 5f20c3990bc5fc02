import type { GeocodeResponse } from '../../../contracts/finder';
import { GeocoderUnavailableError } from '../../../geo/geocoder/port';
import { AppError } from '../../platform/errors';
import type { FinderContext } from './lookup-address';

/** Address suggestions for the finder's autocomplete. */
export async function searchAddresses(
  ctx: FinderContext,
  query: { q: string; limit: number },
): Promise<GeocodeResponse> {
  try {
    const { results, source } = await ctx.geocoder.searchWithSource(query.q, { limit: query.limit });
    return {
      source,
      results: results.map((r) => ({
        label: r.label,
        lon: r.lon,
        lat: r.lat,
        citycode: r.citycode,
        postcode: r.postcode,
        street: r.street,
        housenumber: r.housenumber,
        score: r.score,
      })),
    };
  } catch (err) {
    if (err instanceof GeocoderUnavailableError) throw new AppError('unavailable', 'GEOCODER_UNAVAILABLE');
    throw err;
  }
}
