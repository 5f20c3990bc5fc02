/**
 * Tries geocoders in order and keeps the first good enough answer: typically the local index first
 * (fast, offline, no personal address leaves the server) and the BAN API when the index finds nothing
 * convincing, or the other way round when configured online-first. Answers are cached (bounded LRU).
 */
import {
  GeocoderResponseError,
  GeocoderUnavailableError,
  type GeocodeOptions,
  type GeocodeResult,
  type GeocodeSource,
  type Geocoder,
} from './port';
import { foldText } from './text';

export interface GeocoderChainOptions {
  /** A top score at or above this ends the chain (default 0.6). */
  minScore?: number;
  /** Cached searches (default 1000; 0 disables the cache). */
  cacheSize?: number;
  /** Age after which a cached answer is asked again (default 10 minutes). */
  cacheTtlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface SearchWithSource {
  results: GeocodeResult[];
  source: GeocodeSource;
}

/** A bounded map that forgets the least recently used entry first (Map keeps insertion order). */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

function topScore(results: readonly GeocodeResult[]): number {
  return results[0]?.score ?? -1;
}

function isGeocoderFailure(error: unknown): error is Error {
  return error instanceof GeocoderUnavailableError || error instanceof GeocoderResponseError;
}

export class GeocoderChain implements Geocoder {
  readonly name = 'chain' as const;
  private readonly minScore: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly cache: LruCache<string, { at: number; answer: SearchWithSource }>;

  constructor(
    private readonly geocoders: readonly Geocoder[],
    options: GeocoderChainOptions = {},
  ) {
    if (geocoders.length === 0) throw new Error('Chaîne de géocodeurs vide : il en faut au moins un');
    this.minScore = options.minScore ?? 0.6;
    this.ttlMs = options.cacheTtlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.cache = new LruCache(options.cacheSize ?? 1000);
  }

  async search(q: string, opts?: GeocodeOptions): Promise<GeocodeResult[]> {
    return (await this.searchWithSource(q, opts)).results;
  }

  /**
   * The best answer and who gave it. Throws `GeocoderUnavailableError` only when no geocoder could
   * answer at all; a weak local answer is returned (not cached) when the online one is down.
   */
  async searchWithSource(q: string, opts: GeocodeOptions = {}): Promise<SearchWithSource> {
    const key = JSON.stringify([
      foldText(q),
      opts.limit ?? null,
      opts.citycode ?? null,
      opts.postcode ?? null,
    ]);
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at <= this.ttlMs)
      return { results: [...cached.answer.results], source: 'cache' };
    if (cached) this.cache.delete(key);

    let best: SearchWithSource | null = null;
    const failures: Error[] = [];
    for (const geocoder of this.geocoders) {
      opts.signal?.throwIfAborted();
      let answer: SearchWithSource;
      try {
        answer =
          geocoder instanceof GeocoderChain
            ? await geocoder.searchWithSource(q, opts)
            : {
                results: await geocoder.search(q, opts),
                source: geocoder.name === 'chain' ? 'local' : geocoder.name,
              };
      } catch (error) {
        if (!isGeocoderFailure(error)) throw error;
        failures.push(error);
        continue;
      }
      if (!best || topScore(answer.results) > topScore(best.results)) best = answer;
      if (topScore(answer.results) >= this.minScore) break;
    }
    if (!best) {
      throw new GeocoderUnavailableError(
        `Aucun service d’adresses n’a pu répondre : ${failures.map((f) => f.message).join(' ; ')}`,
        { cause: failures[0] },
      );
    }
    // A degraded answer (one geocoder failed) is not kept: the next identical search retries it.
    if (failures.length === 0 && best.source !== 'cache') {
      this.cache.set(key, { at: this.now(), answer: { results: [...best.results], source: best.source } });
    }
    return { results: [...best.results], source: best.source };
  }

  /** The first geocoder that knows a nearby address. */
  async reverse(lon: number, lat: number): Promise<GeocodeResult | null> {
    const failures: Error[] = [];
    let tried = 0;
    for (const geocoder of this.geocoders) {
      if (!geocoder.reverse) continue;
      tried++;
      try {
        const result = await geocoder.reverse(lon, lat);
        if (result) return result;
      } catch (error) {
        if (!isGeocoderFailure(error)) throw error;
        failures.push(error);
      }
    }
    if (tried > 0 && failures.length === tried) {
      throw new GeocoderUnavailableError(
        `Aucun service d’adresses n’a pu répondre : ${failures.map((f) => f.message).join(' ; ')}`,
        { cause: failures[0] },
      );
    }
    return null;
  }

  clearCache(): void {
    this.cache.clear();
  }
}
