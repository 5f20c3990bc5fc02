import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BanApiGeocoder } from './ban-api';
import { loadBanCsv } from './ban-csv';
import { GeocoderChain, LruCache } from './chain';
import { LocalAddressIndex } from './local-index';
import { GeocoderUnavailableError, type GeocodeResult, type Geocoder, type GeocoderName } from './port';

function result(label: string, score: number): GeocodeResult {
  return {
    label,
    lon: 2.4,
    lat: 48.8,
    citycode: '94022',
    postcode: '94600',
    city: 'Choisy-le-Roi',
    street: 'Rue X',
    streetId: null,
    housenumber: null,
    number: null,
    score,
    type: 'street',
  };
}

/** A geocoder that answers with a fixed score (or fails) and counts its calls. */
function fake(name: GeocoderName, answer: number | 'down' | 'none', reverse?: GeocodeResult | null | 'down') {
  const geocoder = {
    name,
    calls: 0,
    reverseCalls: 0,
    search(q: string): Promise<GeocodeResult[]> {
      geocoder.calls++;
      if (answer === 'down') return Promise.reject(new GeocoderUnavailableError(`${name} en panne`));
      return Promise.resolve(answer === 'none' ? [] : [result(`${name}: ${q}`, answer)]);
    },
    ...(reverse === undefined
      ? {}
      : {
          reverse(): Promise<GeocodeResult | null> {
            geocoder.reverseCalls++;
            return reverse === 'down'
              ? Promise.reject(new GeocoderUnavailableError(`${name} en panne`))
              : Promise.resolve(reverse);
          },
        }),
  };
  return geocoder satisfies Geocoder;
}

describe('GeocoderChain', () => {
  it('keeps a good local answer and does not call the online geocoder', async () => {
    const local = fake('local', 0.95);
    const ban = fake('ban', 0.99);
    const chain = new GeocoderChain([local, ban]);
    const answer = await chain.searchWithSource('4 rue marco polo choisy');
    expect(answer.source).toBe('local');
    expect(answer.results[0]?.label).toBe('local: 4 rue marco polo choisy');
    expect(ban.calls).toBe(0);
  });

  it('asks the next geocoder when the first finds nothing good enough', async () => {
    const local = fake('local', 0.4);
    const ban = fake('ban', 0.9);
    const answer = await new GeocoderChain([local, ban]).searchWithSource('12 rue inconnue');
    expect(answer).toMatchObject({ source: 'ban', results: [{ label: 'ban: 12 rue inconnue' }] });
  });

  it('keeps the best of weak answers', async () => {
    const answer = await new GeocoderChain([fake('local', 0.5), fake('ban', 0.3)]).searchWithSource('x y z');
    expect(answer.source).toBe('local');
  });

  it('goes online first when configured so, and falls back to the local index when the API is down', async () => {
    const ban = fake('ban', 'down');
    const local = fake('local', 0.9);
    const chain = new GeocoderChain([ban, local]);
    expect((await chain.searchWithSource('4 rue marco polo')).source).toBe('local');
    // A degraded answer is not cached: the API is asked again next time.
    expect((await chain.searchWithSource('4 rue marco polo')).source).toBe('local');
    expect(ban.calls).toBe(2);
  });

  it('serves a repeated search from the cache, whatever its case and accents', async () => {
    const local = fake('local', 0.9);
    const chain = new GeocoderChain([local]);
    await chain.searchWithSource('9 Rue du Télégraphe');
    const again = await chain.searchWithSource('9 rue du telegraphe');
    expect(again.source).toBe('cache');
    expect(again.results[0]?.label).toBe('local: 9 Rue du Télégraphe');
    expect(local.calls).toBe(1);
    expect((await chain.searchWithSource('9 rue du telegraphe', { limit: 1 })).source).toBe('local');
  });

  it('forgets the least recently used search when the cache is full, and stale ones after the TTL', async () => {
    let now = 0;
    const local = fake('local', 0.9);
    const chain = new GeocoderChain([local], { cacheSize: 2, cacheTtlMs: 1000, now: () => now });
    await chain.search('a a a');
    await chain.search('b b b');
    await chain.search('a a a'); // a is now the most recent
    await chain.search('c c c'); // evicts b
    expect(local.calls).toBe(3);
    expect((await chain.searchWithSource('a a a')).source).toBe('cache');
    expect((await chain.searchWithSource('b b b')).source).toBe('local');
    now = 5000;
    expect((await chain.searchWithSource('b b b')).source).toBe('local');
  });

  it('throws GeocoderUnavailableError when no geocoder could answer', async () => {
    const chain = new GeocoderChain([fake('local', 'down'), fake('ban', 'down')]);
    await expect(chain.search('4 rue marco polo')).rejects.toThrow(
      new GeocoderUnavailableError(
        'Aucun service d’adresses n’a pu répondre : local en panne ; ban en panne',
      ),
    );
  });

  it('answers an empty list, from the first geocoder, when nobody knows the address', async () => {
    expect(
      await new GeocoderChain([fake('local', 'none'), fake('ban', 'none')]).searchWithSource('zzz zzz'),
    ).toEqual({
      results: [],
      source: 'local',
    });
  });

  it('reverse-geocodes with the first geocoder that knows a nearby address', async () => {
    const near = result('proche', 0.9);
    const local = fake('local', 0.9, null);
    const ban = fake('ban', 0.9, near);
    expect(await new GeocoderChain([local, ban]).reverse(2.4, 48.8)).toEqual(near);
    await expect(new GeocoderChain([fake('ban', 0.9, 'down')]).reverse(2.4, 48.8)).rejects.toBeInstanceOf(
      GeocoderUnavailableError,
    );
  });

  it('works with the real local index and an unreachable BAN API', async () => {
    const { rows } = await loadBanCsv(join(import.meta.dirname, '../fixtures/adresses-fixture.csv'));
    const chain = new GeocoderChain([
      LocalAddressIndex.fromRows(rows),
      new BanApiGeocoder({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }),
    ]);
    const good = await chain.searchWithSource('4 r marco polo choisy');
    expect(good.source).toBe('local');
    expect(good.results[0]).toMatchObject({ citycode: '94022', number: 4 });
    const weak = await chain.searchWithSource('10 downing street london');
    expect(weak.source).toBe('local');
    expect(weak.results.every((r) => r.score < 0.6)).toBe(true);
  });
});

describe('LruCache', () => {
  it('never holds more than its capacity', () => {
    const cache = new LruCache<number, number>(3);
    for (let i = 0; i < 10; i++) cache.set(i, i);
    expect(cache.size).toBe(3);
    expect(cache.get(9)).toBe(9);
    expect(cache.get(6)).toBeUndefined();
  });
});
