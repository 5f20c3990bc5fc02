/**
 * Batch CLI benchmark: a 1,000,000-row CSV with lat/lon columns spread over the demo territories (and
 * around them), run (a) through csv-parse → csv-stringify alone, then (b) through the very pipeline of
 * `passerelle lookup` (runBatchLookup, in-process, PGlite in memory seeded with the demo). Reports rows/s
 * of both, their ratio (target ≥ 0.5) and the resident memory sampled during each run.
 *
 *   npx tsx bench/batch-bench.ts [rows]
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import inside from 'point-in-polygon-hao';
import { RowResolver, runBatchLookup, type BatchLookupStats } from '../src/cli/batch-lookup';
import { DATA_ROOT } from '../src/server/data-root';
import { openDatabase } from '../src/server/db/client';
import { TerritoryCatalog } from '../src/server/modules/territories/catalog';
import { seedDemo } from '../src/server/modules/territories/seed-demo';
import { loadTerritorialData } from '../src/server/modules/territories/territories.repository';
import { buildLocalIndex } from '../src/server/platform/geocoder-factory';

const ROWS_DEFAULT = 1_000_000;

/** Where the points fall: inside the demo territories' real boundaries, or anywhere around them. */
const PLACES: { weight: number; file: string; property: string; value: string }[] = [
  { weight: 0.45, file: 'boundaries/paris_arrondissements.geojson', property: 'c_arinsee', value: '75120' },
  { weight: 0.2, file: 'boundaries/valdemarne_communes.geojson', property: 'code', value: '94022' },
  { weight: 0.1, file: 'boundaries/valdemarne_communes.geojson', property: 'code', value: '94054' },
  { weight: 0.1, file: 'boundaries/valdemarne_communes.geojson', property: 'code', value: '94077' },
];
/** The remaining 15 %: Paris and the inner suburbs, mostly outside any demo territory. */
const AROUND: [number, number, number, number] = [2.2, 48.7, 2.6, 48.95];

interface Place {
  weight: number;
  rings: number[][][];
  box: [number, number, number, number];
}

function loadPlaces(): Place[] {
  return PLACES.map((p) => {
    const doc = JSON.parse(readFileSync(join(DATA_ROOT, p.file), 'utf8')) as {
      features: {
        properties: Record<string, unknown>;
        geometry: { type: string; coordinates: number[][][] };
      }[];
    };
    const f = doc.features.find((x) => String(x.properties[p.property]) === p.value);
    if (!f || f.geometry.type !== 'Polygon') throw new Error(`bench: no polygon ${p.value} in ${p.file}`);
    const xs = f.geometry.coordinates.flat().map((c) => c[0] ?? 0);
    const ys = f.geometry.coordinates.flat().map((c) => c[1] ?? 0);
    return {
      weight: p.weight,
      rings: f.geometry.coordinates,
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    };
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so that every run reads the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(path: string, rows: number): Promise<number> {
  const rnd = random(20_251_123);
  const places = loadPlaces();
  const pointIn = (box: [number, number, number, number]): [number, number] => [
    box[0] + rnd() * (box[2] - box[0]),
    box[1] + rnd() * (box[3] - box[1]),
  ];
  const out = createWriteStream(path);
  out.write('id;reference;lat;lon;commentaire\n');
  let chunk: string[] = [];
  for (let i = 1; i <= rows; i++) {
    let r = rnd();
    const place = places.find((p) => (r -= p.weight) < 0);
    let point = pointIn(place ? place.box : AROUND);
    // Rejection sampling: a point of the box that is not in the polygon is drawn again.
    while (place && inside(point, place.rings) === false) point = pointIn(place.box);
    const [lon, lat] = point;
    // One row in a thousand has unusable coordinates, as real files do.
    const latText = i % 1000 === 0 ? 'n/a' : lat.toFixed(7);
    chunk.push(`${i};LOG-${(i * 7919) % 100_000};${latText};${lon.toFixed(7)};logement ${i % 97}\n`);
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.join(''));
  await once(out, 'finish');
  return statSync(path).size;
}

interface Memory {
  peak: number;
  at10: number;
  at100: number;
  heapAt10: number;
  heapAt100: number;
  /** Process CPU time of the run, all threads (less sensitive than wall time to a busy machine). */
  cpuSeconds: number;
}

/** Samples RSS every 25 ms and at 10 % / 100 % of the input bytes. */
function memoryProbe(totalBytes: number) {
  const m: Memory = { peak: 0, at10: 0, at100: 0, heapAt10: 0, heapAt100: 0, cpuSeconds: 0 };
  const cpu = process.cpuUsage();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > m.peak) m.peak = rss;
    return rss;
  };
  const timer = setInterval(sample, 25);
  let read = 0;
  return {
    memory: m,
    /** The input file as a pulled byte stream that reports its progress (no 'data' listener: backpressure holds). */
    async *input(path: string): AsyncGenerator<Buffer> {
      for await (const b of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
        const before = read;
        read += b.length;
        if (before < totalBytes * 0.1 && read >= totalBytes * 0.1) {
          m.at10 = sample();
          m.heapAt10 = process.memoryUsage().heapUsed;
        }
        yield b;
      }
    },
    stop() {
      clearInterval(timer);
      m.at100 = sample();
      m.heapAt100 = process.memoryUsage().heapUsed;
      const used = process.cpuUsage(cpu);
      m.cpuSeconds = (used.user + used.system) / 1e6;
      return m;
    },
  };
}

/** A full collection between runs, so that one run does not pay for the garbage of the previous one. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function runBatchBench(rows = ROWS_DEFAULT): Promise<{ markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-batch-bench-'));
  try {
    const input = join(dir, 'input.csv');
    let t = performance.now();
    const bytes = await generate(input, rows);
    const generateSeconds = (performance.now() - t) / 1000;

    // Setup first, so that both runs meet the same heap (catalogue, geocoder index, PGlite leftovers).
    t = performance.now();
    const database = await openDatabase({ dataDir: ':memory:' });
    await seedDemo(database.db);
    const catalog = new TerritoryCatalog(await loadTerritorialData(database.db));
    const resolver = new RowResolver(catalog, await buildLocalIndex(database.db));
    await database.close();
    const setupSeconds = (performance.now() - t) / 1000;

    // (a) parse + stringify only.
    collectGarbage();
    const baseProbe = memoryProbe(bytes);
    t = performance.now();
    await pipeline(
      baseProbe.input(input),
      parse({ delimiter: ';', bom: true }),
      stringify({ delimiter: ';', record_delimiter: 'unix' }),
      createWriteStream(join(dir, 'baseline.csv')),
    );
    const baseSeconds = (performance.now() - t) / 1000;
    const baseMemory = baseProbe.stop();

    // (b) the CLI's pipeline, on the demo data.
    collectGarbage();
    const lookupProbe = memoryProbe(bytes);
    const stats: BatchLookupStats = await runBatchLookup(
      lookupProbe.input(input),
      createWriteStream(join(dir, 'output.csv')),
      resolver,
      { latColumn: 'lat', lonColumn: 'lon' },
    );
    const lookupMemory = lookupProbe.stop();

    const baseRate = rows / baseSeconds;
    const ratio = stats.rowsPerSecond / baseRate;
    const statuses = Object.entries(stats.byStatus)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s} ${fmt(n)}`)
      .join(', ');
    const markdown = [
      `Input: ${fmt(rows)} rows, ${mb(bytes)} (\`id;reference;lat;lon;commentaire\`), generated in ${generateSeconds.toFixed(1)} s;`,
      `85 % inside the demo territories (Paris 20e; Choisy-le-Roi, Orly, Villeneuve-le-Roi: real boundaries), 15 % around them, 0.1 % unusable.`,
      `Lookup setup (PGlite in memory, demo seed, catalogue, local geocoder index), done before both runs: ${setupSeconds.toFixed(1)} s, not counted.`,
      '',
      '| Run | Time | Rows/s | CPU time | RSS at 10 % | RSS at 100 % | Peak RSS | JS heap at 10 % → 100 % |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| (a) csv-parse → csv-stringify only | ${baseSeconds.toFixed(1)} s | ${fmt(baseRate)} | ${baseMemory.cpuSeconds.toFixed(1)} s | ${mb(baseMemory.at10)} | ${mb(baseMemory.at100)} | ${mb(baseMemory.peak)} | ${mb(baseMemory.heapAt10)} → ${mb(baseMemory.heapAt100)} |`,
      `| (b) \`passerelle lookup --lat lat --lon lon\` pipeline | ${stats.seconds.toFixed(1)} s | ${fmt(stats.rowsPerSecond)} | ${lookupMemory.cpuSeconds.toFixed(1)} s | ${mb(lookupMemory.at10)} | ${mb(lookupMemory.at100)} | ${mb(lookupMemory.peak)} | ${mb(lookupMemory.heapAt10)} → ${mb(lookupMemory.heapAt100)} |`,
      '',
      `Ratio (b)/(a) of rows/s: **${ratio.toFixed(2)}×** (target ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'NOT met'}); ` +
        `of CPU time: ${(baseMemory.cpuSeconds / lookupMemory.cpuSeconds).toFixed(2)}×. Statuses: ${statuses}.`,
      'RSS includes the PGlite WebAssembly memory of the setup until the system takes it back; the JS heap',
      'shows what the pipeline itself holds.',
    ].join('\n');
    return { markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? ROWS_DEFAULT);
  const { markdown } = await runBatchBench(rows);
  console.log(markdown);
}
