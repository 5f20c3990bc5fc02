import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeocodeResult } from '../geo/geocoder/port';
import { TerritoryCatalog } from '../server/modules/territories/catalog';
import { seedDemo } from '../server/modules/territories/seed-demo';
import { loadTerritorialData } from '../server/modules/territories/territories.repository';
import { openTestDatabase } from '../server/test/databases';
import { splitCommuneData } from '../server/test/catalog-fixture';
import {
  detectCsvDelimiter,
  LOOKUP_COLUMNS,
  parseCoordinate,
  readableOf,
  RowResolver,
  runBatchLookup,
  type BatchPoint,
} from './batch-lookup';

/** Random numbers that are the same on every run (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Collects what is written, as text. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write: (c: Buffer, _e, cb) => {
        chunks.push(c);
        cb();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

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

  it('gives the same cells with answers memoised as without, point after point', () => {
    const rnd = random(7);
    // Around the demo territories (out of territory, polygon edges, every sector), then in them.
    const boxes: [number, number, number, number][] = [
      [2.2, 48.7, 2.6, 48.95],
      [2.377, 48.846, 2.416, 48.878],
      [2.36, 48.72, 2.45, 48.78],
    ];
    const memoised = new RowResolver(catalog, null);
    const plain = new RowResolver(catalog, null, undefined, false);
    const statuses = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const [x0, y0, x1, y1] = boxes[i % boxes.length] ?? [0, 0, 0, 0];
      const lon = x0 + rnd() * (x1 - x0);
      const lat = y0 + rnd() * (y1 - y0);
      const a = ['x'];
      const b = ['x'];
      const status = memoised.appendPoint(a, lon, lat);
      expect(status).toBe(plain.appendPoint(b, lon, lat));
      expect(a).toEqual(b);
      statuses.add(status);
      // Geocoded points go through the same memo (house numbers) or none (streets).
      for (const precision of ['housenumber', 'street'] as const) {
        const point: BatchPoint = {
          lon,
          lat,
          citycode: null,
          street: null,
          streetId: null,
          housenumber: null,
          precision,
        };
        const c: string[] = [];
        const d: string[] = [];
        expect(memoised.append(c, point)).toBe(plain.append(d, point));
        expect(c).toEqual(d);
      }
    }
    expect([...statuses].sort()).toEqual(['hors_territoire', 'ok']);
  });

  it('writes in batches exactly what csv-stringify writes row by row', async () => {
    const rnd = random(11);
    let text = '\uFEFFid;note;lat;lon\n';
    for (let i = 0; i < 1500; i++) {
      const lat = (48.7 + rnd() * 0.25).toFixed(7);
      const lon = (2.2 + rnd() * 0.4).toFixed(7);
      const note =
        ['', 'simple', 'avec; point-virgule', 'avec "guillemets"', 'sur\ndeux lignes'][i % 5] ?? '';
      const cell =
        note.includes(';') || note.includes('"') || note.includes('\n')
          ? `"${note.replaceAll('"', '""')}"`
          : note;
      text += `${i};${cell};${i % 97 === 0 ? 'n/a' : lat.replace('.', i % 2 ? '.' : ',')};${lon}\n`;
    }
    const out = sink();
    const stats = await runBatchLookup(readableOf(text), out.stream, resolver, {
      latColumn: 'lat',
      lonColumn: 'lon',
    });
    expect(stats.rows).toBe(1500);
    expect(stats.byStatus.coordonnees_invalides).toBe(16);

    // The same rows through csv-stringify's stream, one record per write, with an unmemoised resolver.
    const plain = new RowResolver(catalog, null, undefined, false);
    const [header = [], ...rows] = parse(text, { bom: true, delimiter: ';' }) as string[][];
    const expected = sink();
    const stringifier = stringify({ delimiter: ';', bom: true, record_delimiter: 'unix' });
    stringifier.pipe(expected.stream);
    stringifier.write([...header, ...LOOKUP_COLUMNS]);
    for (const row of rows) {
      const lat = parseCoordinate(row[2]) ?? Number.NaN;
      const lon = parseCoordinate(row[3]) ?? Number.NaN;
      if (Number.isFinite(lat)) plain.appendPoint(row, lon, lat);
      else plain.appendFailure(row, 'coordonnees_invalides');
      stringifier.write(row);
    }
    stringifier.end();
    await finished(expected.stream);
    expect(out.text()).toBe(expected.text());
  });

  it('keeps the order of the rows when the geocoder answers asynchronously', async () => {
    const found: GeocodeResult = {
      label: 'Rue Marco Polo',
      lon: 2.4137,
      lat: 48.7527,
      citycode: '94022',
      postcode: '94600',
      city: 'Choisy-le-Roi',
      street: 'Rue Marco Polo',
      streetId: null,
      housenumber: null,
      number: null,
      score: 0.9,
      type: 'street',
    };
    const geocoder = {
      search: (q: string) =>
        new Promise<GeocodeResult[]>((done) =>
          setImmediate(() => done(q.startsWith('connue') ? [found] : [])),
        ),
    };
    let text = 'id;adresse\n';
    for (let i = 0; i < 700; i++) text += `${i};${i % 3 ? 'connue' : 'inconnue'} ${i}\n`;
    const out = sink();
    const stats = await runBatchLookup(readableOf(text), out.stream, new RowResolver(catalog, geocoder));
    expect(stats.rows).toBe(700);
    const lines = out.text().trim().split('\n').slice(1);
    expect(lines.map((l) => l.split(';')[0])).toEqual([...Array(700).keys()].map(String));
    expect(lines.map((l) => l.split(';').at(-1))).toEqual(
      [...Array(700).keys()].map((i) => (i % 3 ? 'ok' : 'adresse_introuvable')),
    );
  });

  it('reads coordinates written with a point or a decimal comma, and nothing else', () => {
    expect(parseCoordinate('48.8717488')).toBe(48.8717488);
    expect(parseCoordinate(' 48,87 ')).toBe(48.87);
    expect(parseCoordinate('-2.5')).toBe(-2.5);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate(undefined)).toBeNull();
    for (const bad of ['n/a', '48.8.7', '48,8.7', '0x10', '1e3', '-', '+', '.', '4-8', '48°52′'])
      expect(parseCoordinate(bad)).toBeNaN();
    expect(Object.is(parseCoordinate('-0'), -0)).toBe(true);
  });

  it('reads a coordinate into the very double Number() reads, whatever its length', () => {
    const rnd = random(3);
    for (let i = 0; i < 10_000; i++) {
      const whole = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 4)));
      let decimals = '';
      for (let d = Math.floor(rnd() * 19); d > 0; d--) decimals += String(Math.floor(rnd() * 10));
      const sign = ['', '-', '+'][i % 3] ?? '';
      const text = `${sign}${i % 7 === 0 ? '00' : ''}${whole}${decimals || i % 2 ? `.${decimals}` : ''}`;
      expect(parseCoordinate(text)).toBe(Number(text));
      expect(parseCoordinate(text.replace('.', ','))).toBe(Number(text));
    }
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

  it('memoises imprecise answers without carrying the blanked layer to other points', () => {
    const catalog = new TerritoryCatalog(splitCommuneData);
    const memoised = new RowResolver(catalog, null);
    const plain = new RowResolver(catalog, null, undefined, false);
    const rnd = random(5);
    const statuses = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      // Commune 99001 is (0,0)-(2,2); zone E covers its west half; around it, no territory.
      const lon = -0.5 + rnd() * 3;
      const lat = -0.5 + rnd() * 3;
      for (const precision of ['point', 'housenumber', 'street'] as const) {
        const a: string[] = [];
        const b: string[] = [];
        const point: BatchPoint = {
          lon,
          lat,
          citycode: null,
          street: i % 2 ? 'Avenue Gambetta' : 'Rue du Télégraphe',
          streetId: null,
          housenumber: i % 3 ? 4 : null,
          precision,
        };
        const status = precision === 'point' ? memoised.appendPoint(a, lon, lat) : memoised.append(a, point);
        expect(status).toBe(precision === 'point' ? plain.appendPoint(b, lon, lat) : plain.append(b, point));
        expect(a).toEqual(b);
        statuses.add(status);
      }
    }
    expect([...statuses].sort()).toEqual(['adresse_imprecise', 'hors_territoire', 'ok']);
  });
});
