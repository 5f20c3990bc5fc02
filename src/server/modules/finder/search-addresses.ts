import type { GeocodeResponse } from '../../../contracts/finder';
import { geocode, type FinderContext } from './lookup-address';

/** Address suggestions for the finder's autocomplete. */
export async function searchAddresses(
  ctx: FinderContext,
  query: { q: string; limit: number },
): Promise<GeocodeResponse> {
  const { results, source } = await geocode(ctx, query.q, query.limit);
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
}
