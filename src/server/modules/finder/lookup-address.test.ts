import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app';
import { answerFor, answerJsonFor, locateAddress, locatePoint, type FinderContext } from './lookup-address';

// The HTTP route serves answerJsonFor (body cached per zone combination and minute); it must always say
// exactly what the uncached answerFor says.
describe('cached JSON answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite');
  });
  afterAll(async () => t.close());

  const at = (iso: string): FinderContext => ({ ...t.app.finderContext(), now: new Date(iso) });

  it('match the uncached answer for every point of a grid over both demo territories', () => {
    const ctx = at('2026-11-23T10:15:00+01:00');
    const boxes = [
      [48.85, 2.38, 48.88, 2.42], // Paris 20e and around
      [48.72, 2.37, 48.78, 2.43], // Choisy-le-Roi, Orly, Villeneuve-le-Roi
    ] as const;
    let answered = 0;
    const seen = new Set<string>();
    for (const [lat0, lon0, lat1, lon1] of boxes) {
      for (let i = 0; i <= 20; i++) {
        for (let j = 0; j <= 20; j++) {
          const located = locatePoint(
            ctx.catalog,
            lat0 + ((lat1 - lat0) * i) / 20,
            lon0 + ((lon1 - lon0) * j) / 20,
          );
          const expected = answerFor(ctx, located);
          expect(JSON.parse(answerJsonFor(ctx, located))).toEqual(expected);
          seen.add(
            `${expected.territory?.id}|${expected.sectors.adult?.code}|${expected.sectors.child?.code}`,
          );
          answered++;
        }
      }
    }
    expect(answered).toBe(882);
    // The grid crosses several sectors and the territories' edges, so the cache was exercised across keys.
    expect(seen.size).toBeGreaterThan(4);
  });

  it('match the uncached answer for typed addresses, whose reasons name the house number', async () => {
    const ctx = at('2026-11-23T10:15:00+01:00');
    for (const q of [
      '4 rue Marco Polo, Choisy-le-Roi',
      '2 rue Marco Polo, Choisy-le-Roi',
      'Rue Marco Polo, Choisy-le-Roi',
    ]) {
      const located = await locateAddress(ctx, q);
      expect(JSON.parse(answerJsonFor(ctx, located))).toEqual(answerFor(ctx, located));
    }
  });

  it('give each place its own address even when the zones are the same', () => {
    const ctx = at('2026-11-23T10:15:00+01:00');
    const a = JSON.parse(answerJsonFor(ctx, locatePoint(ctx.catalog, 48.7527341, 2.4137017)));
    const b = JSON.parse(answerJsonFor(ctx, locatePoint(ctx.catalog, 48.7528, 2.4138)));
    expect(a.sectors).toEqual(b.sectors);
    expect(a.address.label).not.toBe(b.address.label);
  });

  it('follow the clock: opening states are those of the minute asked', () => {
    const located = locatePoint(t.app.finderContext().catalog, 48.7527341, 2.4137017);
    for (const iso of [
      '2026-11-23T08:59:00+01:00',
      '2026-11-23T09:00:00+01:00',
      '2026-11-23T23:30:00+01:00',
    ]) {
      const ctx = at(iso);
      const json = JSON.parse(answerJsonFor(ctx, located));
      expect(json).toEqual(answerFor(ctx, located));
    }
    const before = JSON.parse(answerJsonFor(at('2026-11-23T08:59:00+01:00'), located));
    const after = JSON.parse(answerJsonFor(at('2026-11-23T09:00:00+01:00'), located));
    const texts = (a: { sectors: { adult: { sites: { opening: { text: string } }[] } | null } }) =>
      a.sectors.adult?.sites.map((s) => s.opening.text);
    expect(texts(before)).not.toEqual(texts(after));
  });
});
