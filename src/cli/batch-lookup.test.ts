import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeocodeResult } from '../geo/geocoder/port';
import { TerritoryCatalog } from '../server/modules/territories/catalog';
import { seedDemo } from '../server/modules/territories/seed-demo';
import { loadTerritorialData } from '../server/modules/territories/territories.repository';
import { openTestDatabase } from '../server/test/databases';
import { splitCommuneData } from '../server/test/catalog-fixture';
import { detectCsvDelimiter, parseCoordinate, readableOf, RowResolver, runBatchLookup } from './batch-lookup';

describe('batch lookup pipeline', () => {
  let resolver: RowResolver;
  let catalog: TerritoryCatalog;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const database = await openTestDatabase('pglite');
    close = database.close;
    await seedDemo(database.db);
    catalog = new TerritoryCatalog(await loadTerritorialData(database.db));
    resolver = new RowResolver(catalog, null);
  });
  afterAll(async () => close());

  it('reads the input no faster than a slow output takes the rows (backpressure, flat memory)', async () => {
    const chunks = 400;
    const rowsPerChunk = 250;
    let pulled = 0;
    async function* input() {
      yield 'id;lat;lon\n';
      for (let c = 0; c < chunks; c++) {
        let text = '';
        for (let i = 0; i < rowsPerChunk; i++) text += `${c * rowsPerChunk + i};48.8717488;2.3998439\n`;
        pulled += rowsPerChunk;
        yield text;
      }
    }
    let written = 0;
    let maxAhead = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        for (const b of chunk) if (b === 0x0a) written++;
        maxAhead = Math.max(maxAhead, pulled - written);
        setImmediate(cb);
      },
    });
    const stats = await runBatchLookup(input(), slow, resolver, { latColumn: 'lat', lonColumn: 'lon' });
    expect(stats.rows).toBe(chunks * rowsPerChunk);
    expect(stats.byStatus.ok).toBe(chunks * rowsPerChunk);
    expect(written).toBe(chunks * rowsPerChunk + 1);
    // Only the streams' small buffers sit between reading and writing, never the whole file.
    expect(maxAhead).toBeLessThan(chunks * rowsPerChunk * 0.1);
  });

  it('reports progress by rows and input bytes', async () => {
    const seen: number[] = [];
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const text = `lat,lon\n${'48.86,2.40\n'.repeat(25)}`;
    await runBatchLookup(
      readableOf(text),
      sink,
      resolver,
      { latColumn: 'lat', lonColumn: 'lon' },
      {
        progressEvery: 10,
        onProgress: ({ rows, bytes }) => {
          seen.push(rows);
          expect(bytes).toBe(text.length);
        },
      },
    );
    expect(seen).toEqual([10, 20, 25]);
  });

  it('counts a commune-only or low-score geocoding answer as not found', async () => {
    const base = {
      citycode: '94022',
      postcode: '94600',
      city: 'Choisy-le-Roi',
      streetId: null,
      housenumber: null,
    };
    const answers: Record<string, GeocodeResult> = {
      sure: {
        ...base,
        label: 'Rue Marco Polo',
        lon: 2.4137,
        lat: 48.7527,
        street: 'Rue Marco Polo',
        number: null,
        score: 0.9,
        type: 'street',
      },
      doubtful: {
        ...base,
        label: 'Rue Pasteur',
        lon: 2.4137,
        lat: 48.7527,
        street: 'Rue Pasteur',
        number: null,
        score: 0.6,
        type: 'street',
      },
      commune: {
        ...base,
        label: 'Choisy-le-Roi',
        lon: 2.41,
        lat: 48.76,
        street: null,
        number: null,
        score: 0.98,
        type: 'municipality',
      },
    };
    const geocoder = {
      searchSync: (q: string) => (answers[q] ? [answers[q]] : []),
      search: () => Promise.resolve([]),
    };
    const statuses = async (r: RowResolver) => {
      const out: string[] = [];
      const sink = new Writable({
        write: (c: Buffer, _e, cb) => {
          out.push(c.toString());
          cb();
        },
      });
      await runBatchLookup(readableOf('adresse\nsure\ndoubtful\ncommune\nnone\n'), sink, r);
      return out
        .join('')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(';').at(-1));
    };
    expect(await statuses(new RowResolver(catalog, geocoder))).toEqual([
      'ok',
      'adresse_introuvable',
      'adresse_introuvable',
      'adresse_introuvable',
    ]);
    expect(await statuses(new RowResolver(catalog, geocoder, 0.5))).toEqual([
      'ok',
      'ok',
      'adresse_introuvable',
      'adresse_introuvable',
    ]);
  });

  it('reads coordinates written with a point or a decimal comma, and nothing else', () => {
    expect(parseCoordinate('48.8717488')).toBe(48.8717488);
    expect(parseCoordinate(' 48,87 ')).toBe(48.87);
    expect(parseCoordinate('-2.5')).toBe(-2.5);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate(undefined)).toBeNull();
    for (const bad of ['n/a', '48.8.7', '0x10', '1e3', '-', '48°52′']) expect(parseCoordinate(bad)).toBeNaN();
  });

  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectCsvDelimiter('nom;adresse;ville')).toBe(';');
    expect(detectCsvDelimiter('"nom;complet",adresse')).toBe(',');
    expect(detectCsvDelimiter('nom\tadresse')).toBe('\t');
    expect(detectCsvDelimiter('adresse')).toBe(';');
  });
});

describe('batch precision', () => {
  it('blanks a layer that coordinates alone cannot decide, and says so in the status', () => {
    const resolver = new RowResolver(new TerritoryCatalog(splitCommuneData), null);
    const row: string[] = [];
    // Adult sectors of commune 99001 are split by streets: a point cannot choose; the child layer can.
    expect(resolver.appendPoint(row, 1.5, 1.5)).toBe('adresse_imprecise');
    expect(row.slice(0, 4)).toEqual(['', '', 'D', 'd']);
  });
});
