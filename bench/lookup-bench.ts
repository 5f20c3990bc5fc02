/**
 * Catchment lookup benchmark: a national-scale synthetic catchment map (deterministic, seeded), the
 * indexed engine against the naive scan, on one core. Run alone with `npx tsx bench/lookup-bench.ts`,
 * or through `npm run bench` (bench/run.ts writes bench/RESULTS.md).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CatchmentIndex, CONFLICT, type ResolvedArea } from '../src/geo/catchment-index';
import { NaiveCatchment } from '../src/geo/catchment-naive';
import type { EngineZone, LayerResult, LookupPoint, Parity } from '../src/geo/types';
import { mulberry32 } from './prng';

const TARGET_RATE = 200_000;
const TARGET_RATIO = 50;
const POINTS = 1_000_000;
const NAIVE_POINTS = 2_000;
const RICH_POINTS = 100_000;

/** Metropolitan France, roughly. */
const BOX = { minX: -5, minY: 42, maxX: 9, maxY: 51 };

interface Tiling {
  nx: number;
  ny: number;
  /** Outer ring of cell (i, j) at index j * nx + i, closed. */
  rings: number[][][];
  centres: [number, number][];
}

/**
 * Irregular polygons that tile the box exactly: jittered grid corners, and every edge between two
 * corners a wavy polyline of 6–14 intermediate vertices shared by the two cells it separates, so that
 * each cell has 28–60 vertices and neighbours share their borders like real administrative limits.
 */
function tile(nx: number, ny: number, rand: () => number): Tiling {
  const dx = (BOX.maxX - BOX.minX) / nx;
  const dy = (BOX.maxY - BOX.minY) / ny;
  const corner: [number, number][] = [];
  for (let j = 0; j <= ny; j++)
    for (let i = 0; i <= nx; i++) {
      const jx = i === 0 || i === nx ? 0 : (rand() - 0.5) * 0.4 * dx;
      const jy = j === 0 || j === ny ? 0 : (rand() - 0.5) * 0.4 * dy;
      corner.push([BOX.minX + i * dx + jx, BOX.minY + j * dy + jy]);
    }
  const c = (i: number, j: number): [number, number] => corner[j * (nx + 1) + i] as [number, number];
  const amplitude = 0.12 * Math.min(dx, dy);
  const wavy = (a: [number, number], b: [number, number], outer: boolean): number[][] => {
    const k = 6 + Math.floor(rand() * 9);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const nxp = -(b[1] - a[1]) / len;
    const nyp = (b[0] - a[0]) / len;
    const pts: number[][] = [a];
    for (let m = 1; m <= k; m++) {
      const t = m / (k + 1);
      const d = outer ? 0 : amplitude * Math.sin(Math.PI * t) * (rand() * 2 - 1);
      pts.push([a[0] + (b[0] - a[0]) * t + nxp * d, a[1] + (b[1] - a[1]) * t + nyp * d]);
    }
    pts.push(b);
    return pts;
  };
  // horizontal[j][i]: from corner (i, j) to (i + 1, j); vertical[j][i]: from (i, j) to (i, j + 1).
  const horizontal: number[][][][] = [];
  const vertical: number[][][][] = [];
  for (let j = 0; j <= ny; j++) {
    horizontal.push([]);
    for (let i = 0; i < nx; i++) horizontal[j]?.push(wavy(c(i, j), c(i + 1, j), j === 0 || j === ny));
  }
  for (let j = 0; j < ny; j++) {
    vertical.push([]);
    for (let i = 0; i <= nx; i++) vertical[j]?.push(wavy(c(i, j), c(i, j + 1), i === 0 || i === nx));
  }
  const rings: number[][][] = [];
  const centres: [number, number][] = [];
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const bottom = horizontal[j]?.[i] ?? [];
      const right = vertical[j]?.[i + 1] ?? [];
      const top = [...(horizontal[j + 1]?.[i] ?? [])].reverse();
      const left = [...(vertical[j]?.[i] ?? [])].reverse();
      rings.push([...bottom, ...right.slice(1), ...top.slice(1), ...left.slice(1)]);
      const [a, b, d, e] = [c(i, j), c(i + 1, j), c(i + 1, j + 1), c(i, j + 1)];
      centres.push([(a[0] + b[0] + d[0] + e[0]) / 4, (a[1] + b[1] + d[1] + e[1]) / 4]);
    }
  return { nx, ny, rings, centres };
}

function octagon(cx: number, cy: number, r: number): number[][] {
  const ring: number[][] = [];
  for (let k = 0; k < 8; k++)
    ring.push([cx + r * Math.cos((k * Math.PI) / 4), cy + r * Math.sin((k * Math.PI) / 4)]);
  ring.push(ring[0] as number[]);
  return ring;
}

const STREET_TYPES = [
  'Rue',
  'Avenue',
  'Boulevard',
  'Place',
  'Impasse',
  'Allée',
  'Chemin',
  'Route',
  'Quai',
  'Square',
];
const STREET_NAMES = [
  'du Télégraphe',
  'des Pyrénées',
  'Gambetta',
  'Saint-Blaise',
  'du Général Leclerc',
  'de la République',
  'Victor Hugo',
  'Jean Jaurès',
  'Pasteur',
  'de la Gare',
  'du Maréchal Foch',
  'des Lilas',
  "de l'Église",
  'Sainte-Marthe',
  'du Président Wilson',
  'des Écoles',
  'du Moulin',
  'de Belleville',
  'Émile Zola',
  'du Faubourg Saint-Antoine',
];
const ABBREVIATED: Record<string, string> = {
  Rue: 'R',
  Avenue: 'AV',
  Boulevard: 'BD',
  Place: 'PL',
  Impasse: 'IMP',
  Allée: 'ALL',
  Chemin: 'CH',
  Route: 'RTE',
  Quai: 'QU',
  Square: 'SQ',
};

/** How a landlord export writes the street: capitals, no accents, abbreviated type and titles. */
function shout(type: string, name: string): string {
  const plain = `${ABBREVIATED[type] ?? type} ${name}`
    .replace('Saint-', 'ST ')
    .replace('Sainte-', 'STE ')
    .replace('Général', 'GAL')
    .replace('Maréchal', 'MAL')
    .replace('Président', 'PDT');
  return plain.normalize('NFD').replace(/\p{M}/gu, '').replace(/'/g, ' ').toUpperCase();
}

interface RuleStreet {
  citycode: string;
  id: string;
  /** Official spelling, capitals without accents, lower case with a dotted abbreviation. */
  writings: string[];
}

export interface LookupDataset {
  zones: EngineZone[];
  points: LookupPoint[];
  facts: {
    adultSectors: number;
    childSectors: number;
    polygonVertices: number;
    enclaves: number;
    communeZones: number;
    streetZones: number;
    rangeZones: number;
    exclusions: number;
    ruleStreets: number;
    towns: number;
  };
}

/** Builds the synthetic national map and the points, deterministically from `seed`. */
export function buildDataset(pointCount = POINTS, seed = 20261123): LookupDataset {
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const zones: EngineZone[] = [];
  let zoneId = 0;
  const add = (
    areaId: string,
    layer: string,
    mode: 'include' | 'exclude',
    shape: EngineZone['shape'],
  ): void => {
    zones.push({ id: `z${zoneId++}`, areaId, layer, mode, shape });
  };

  // Psychiatric sectors: adult 35 × 24 = 840, child 20 × 16 = 320. About 4 % of adult sectors hold an
  // enclave (a hole) that belongs to a neighbouring sector, which then is a MultiPolygon.
  const adult = tile(35, 24, rand);
  const child = tile(20, 16, rand);
  const adultParts: number[][][][][] = adult.rings.map((r) => [[r]]);
  let enclaves = 0;
  adult.centres.forEach(([cx, cy], k) => {
    if (rand() >= 0.04) return;
    const neighbour = k % adult.nx < adult.nx - 1 ? k + 1 : k - 1;
    const r = 0.08 * Math.min((BOX.maxX - BOX.minX) / adult.nx, (BOX.maxY - BOX.minY) / adult.ny);
    adultParts[k]?.[0]?.push(octagon(cx, cy, r));
    adultParts[neighbour]?.push([octagon(cx, cy, r)]);
    enclaves++;
  });
  let vertices = 0;
  adultParts.forEach((parts, k) => {
    vertices += parts.reduce((s, p) => s + p.reduce((t, ring) => t + ring.length - 1, 0), 0);
    const geometry =
      parts.length === 1
        ? { type: 'Polygon' as const, coordinates: parts[0] ?? [] }
        : { type: 'MultiPolygon' as const, coordinates: parts };
    add(`A${k}`, 'adult', 'include', { kind: 'polygon', geometry, label: `Secteur adulte ${k}` });
  });
  child.rings.forEach((ring, k) => {
    vertices += ring.length - 1;
    add(`E${k}`, 'child', 'include', {
      kind: 'polygon',
      geometry: { type: 'Polygon', coordinates: [ring] },
      label: `Secteur enfants ${k}`,
    });
  });

  // Communes: a 220 × 160 grid, each commune a zone of a social-service office (10 communes each).
  const cnx = 220;
  const cny = 160;
  const cdx = (BOX.maxX - BOX.minX) / cnx;
  const cdy = (BOX.maxY - BOX.minY) / cny;
  const citycodeOf = (x: number, y: number): string => {
    const i = Math.min(cnx - 1, Math.floor((x - BOX.minX) / cdx));
    const j = Math.min(cny - 1, Math.floor((y - BOX.minY) / cdy));
    return String(10000 + j * cnx + i);
  };
  for (let j = 0; j < cny; j++)
    for (let i = 0; i < cnx; i++) {
      add(`S${Math.floor(i / 5)}-${Math.floor(j / 2)}`, 'social', 'include', {
        kind: 'commune',
        citycode: String(10000 + j * cnx + i),
      });
    }
  const communeCount = cnx * cny;

  // Street rules in ~8,000 towns: whole streets, number ranges splitting a street between two sectors,
  // streets excluded from a sector and given to a social office, child-sector streets.
  const adultCellOf = (x: number, y: number): number => {
    const i = Math.min(adult.nx - 1, Math.floor(((x - BOX.minX) / (BOX.maxX - BOX.minX)) * adult.nx));
    const j = Math.min(adult.ny - 1, Math.floor(((y - BOX.minY) / (BOX.maxY - BOX.minY)) * adult.ny));
    return j * adult.nx + i;
  };
  const ruleStreets: RuleStreet[] = [];
  const streetsByCommune = new Map<string, RuleStreet[]>();
  const towns: { citycode: string; x: number; y: number }[] = [];
  let streetZones = 0;
  let rangeZones = 0;
  let exclusions = 0;
  while (streetZones + rangeZones < 50_000) {
    const ci = Math.floor(rand() * cnx);
    const cj = Math.floor(rand() * cny);
    const citycode = String(10000 + cj * cnx + ci);
    if (streetsByCommune.has(citycode)) continue;
    const x = BOX.minX + (ci + 0.5) * cdx;
    const y = BOX.minY + (cj + 0.5) * cdy;
    towns.push({ citycode, x, y });
    const here = adultCellOf(x, y);
    const sectors = [here, Math.max(0, here - 1), Math.min(adult.rings.length - 1, here + 1)];
    const list: RuleStreet[] = [];
    const used = new Set<string>();
    const count = 2 + Math.floor(rand() * 5);
    for (let s = 0; s < count; s++) {
      const type = pick(STREET_TYPES);
      const name = pick(STREET_NAMES);
      if (used.has(`${type} ${name}`)) continue;
      used.add(`${type} ${name}`);
      const official = `${type} ${name}`;
      const street: RuleStreet = {
        citycode,
        id: `${citycode}_${String(1000 + s * 37).padStart(4, '0')}`,
        writings: [
          official,
          shout(type, name),
          `${(ABBREVIATED[type] ?? type).toLowerCase()}. ${name.toLowerCase()}`,
        ],
      };
      list.push(street);
      ruleStreets.push(street);
      // Rules name the street by its BAN id a third of the time, by its name otherwise.
      const ref = rand() < 0.33 ? street.id : official;
      const roll = rand();
      const sectorA = `A${pick(sectors)}`;
      const sectorB = `A${pick(sectors)}`;
      if (roll < 0.35) {
        add(sectorA, 'adult', 'include', { kind: 'street', citycode, street: ref });
        streetZones++;
      } else if (roll < 0.8) {
        const split = rand() < 0.5;
        const parities: [Parity, Parity] = split ? ['even', 'odd'] : ['both', 'both'];
        const cut = 10 + 2 * Math.floor(rand() * 40);
        const [r1, r2] = split
          ? [[1, 400] as const, [1, 399] as const]
          : [[1, cut] as const, [cut + 1, 400] as const];
        add(sectorA, 'adult', 'include', {
          kind: 'number_range',
          citycode,
          street: ref,
          from: r1[0],
          to: r1[1],
          parity: parities[0],
        });
        add(sectorB, 'adult', 'include', {
          kind: 'number_range',
          citycode,
          street: ref,
          from: r2[0],
          to: r2[1],
          parity: parities[1],
        });
        rangeZones += 2;
      } else if (roll < 0.9) {
        add(`A${here}`, 'adult', 'exclude', { kind: 'street', citycode, street: ref });
        add(`S-rue-${citycode}`, 'social', 'include', { kind: 'street', citycode, street: ref });
        streetZones += 2;
        exclusions++;
      } else {
        add(`E${Math.floor(rand() * child.rings.length)}`, 'child', 'include', {
          kind: 'street',
          citycode,
          street: ref,
        });
        streetZones++;
      }
    }
    streetsByCommune.set(citycode, list);
  }

  // Points: half address-like in a town with rules (street written one of three ways, or its BAN id,
  // or a street without rule; usually a number), 30 % with only a citycode, 20 % map clicks.
  const points: LookupPoint[] = [];
  const otherStreets = STREET_NAMES.map((n) => `Rue ${n} prolongée`);
  for (let p = 0; p < pointCount; p++) {
    const roll = rand();
    if (roll < 0.5) {
      const town = pick(towns);
      const list = streetsByCommune.get(town.citycode) ?? [];
      const lon = town.x + (rand() - 0.5) * cdx;
      const lat = town.y + (rand() - 0.5) * cdy;
      const housenumber = rand() < 0.8 ? 1 + Math.floor(rand() * 200) : null;
      const r = rand();
      if (r < 0.7 && list.length > 0) {
        const s = pick(list);
        points.push({ lon, lat, citycode: town.citycode, street: pick(s.writings), housenumber });
      } else if (r < 0.8 && list.length > 0) {
        points.push({ lon, lat, citycode: town.citycode, streetId: pick(list).id, housenumber });
      } else {
        points.push({ lon, lat, citycode: town.citycode, street: pick(otherStreets), housenumber });
      }
    } else {
      const lon = BOX.minX + rand() * (BOX.maxX - BOX.minX);
      const lat = BOX.minY + rand() * (BOX.maxY - BOX.minY);
      points.push(roll < 0.8 ? { lon, lat, citycode: citycodeOf(lon, lat) } : { lon, lat });
    }
  }

  return {
    zones,
    points,
    facts: {
      adultSectors: adult.rings.length,
      childSectors: child.rings.length,
      polygonVertices: vertices,
      enclaves,
      communeZones: communeCount,
      streetZones,
      rangeZones,
      exclusions,
      ruleStreets: ruleStreets.length,
      towns: towns.length,
    },
  };
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function areaOf(result: LayerResult | undefined): string {
  if (!result || result.status === 'none') return '—';
  return result.status === 'conflict' ? `conflit(${result.areaIds.join(',')})` : result.areaId;
}
const show = (a: ResolvedArea | undefined): string =>
  a === CONFLICT ? 'conflit' : a === null || a === undefined ? '—' : a;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function runLookupBench(): Promise<{ markdown: string }> {
  const t0 = performance.now();
  const data = buildDataset();
  const datasetMs = performance.now() - t0;
  const { zones, points, facts } = data;

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const index = new CatchmentIndex(zones);
  const buildMs = performance.now() - t1;
  collectGarbage();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  // Warm up, then the fast path on every point, reusing one output object.
  const out: Record<string, ResolvedArea> = {};
  for (let i = 0; i < 100_000; i++) index.resolve(points[i % points.length] as LookupPoint, out);
  const outcome = new Map<string, number>();
  const cpu2 = cpuMs();
  const t2 = performance.now();
  let matchedCount = 0;
  let conflicts = 0;
  for (let i = 0; i < points.length; i++) {
    index.resolve(points[i] as LookupPoint, out);
    for (const layer of index.layers) {
      const a = out[layer];
      if (a === CONFLICT) conflicts++;
      else if (a !== null) matchedCount++;
    }
  }
  const resolveMs = performance.now() - t2;
  const resolveCpuMs = cpuMs() - cpu2;
  const resolveRate = (points.length / resolveCpuMs) * 1000;
  const resolveWallRate = (points.length / resolveMs) * 1000;
  for (let i = 0; i < 200_000; i++) {
    index.resolve(points[i] as LookupPoint, out);
    for (const layer of index.layers) {
      const key = `${layer}: ${out[layer] === CONFLICT ? 'conflict' : out[layer] === null ? 'none' : 'matched'}`;
      outcome.set(key, (outcome.get(key) ?? 0) + 1);
    }
  }

  // The rich path (reasons, considered zones), as the admin screen uses it.
  const cpu3 = cpuMs();
  for (let i = 0; i < RICH_POINTS; i++) index.lookup(points[i] as LookupPoint);
  const richRate = (RICH_POINTS / (cpuMs() - cpu3)) * 1000;

  // The naive scan: every polygon tested, every rule compared, on a sample spread over all points.
  const naive = new NaiveCatchment(zones);
  const step = Math.floor(points.length / NAIVE_POINTS);
  const sample = Array.from({ length: NAIVE_POINTS }, (_, i) => points[i * step] as LookupPoint);
  naive.lookup(sample[0] as LookupPoint);
  const naiveResults: Map<string, LayerResult>[] = [];
  const cpu4 = cpuMs();
  for (const p of sample) naiveResults.push(naive.lookup(p));
  const naiveRate = (NAIVE_POINTS / (cpuMs() - cpu4)) * 1000;

  // Agreement on the sample: fast path and rich path against the naive scan.
  let mismatches = 0;
  const examples: string[] = [];
  sample.forEach((p, i) => {
    const expected = naiveResults[i] as Map<string, LayerResult>;
    const rich = index.lookup(p);
    const fast = index.resolve(p);
    for (const layer of index.layers) {
      const want = areaOf(expected.get(layer));
      const gotRich = areaOf(rich.get(layer));
      const gotFast = show(fast[layer]);
      const fastAgrees = want.startsWith('conflit') ? gotFast === 'conflit' : gotFast === want;
      const sameDetail = JSON.stringify(rich.get(layer)) === JSON.stringify(expected.get(layer));
      if (gotRich !== want || !fastAgrees || !sameDetail) {
        mismatches++;
        if (examples.length < 5)
          examples.push(`${JSON.stringify(p)} ${layer}: naive ${want}, index ${gotRich}/${gotFast}`);
      }
    }
  });

  const ratio = resolveRate / naiveRate;
  const polygonZones = facts.adultSectors + facts.childSectors;
  const ok = (pass: boolean): string => (pass ? '✅' : '❌');
  const lines = [
    `Synthetic national map, deterministic seed; one core (${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}). ` +
      'Rates are per CPU second of the process (`process.cpuUsage`, GC threads included), naive and indexed alike: the machine may be shared, and the question is what one core does.',
    '',
    '| Dataset | |',
    '|---|---:|',
    `| Psychiatric sectors (polygons, adult + child) | ${fmt(polygonZones)} (${fmt(facts.adultSectors)} + ${fmt(facts.childSectors)}) |`,
    `| Polygon parts indexed (enclaves → MultiPolygons) | ${fmt(index.polygonPartCount)} (${fmt(facts.enclaves)} enclaves) |`,
    `| Vertices per sector polygon (mean) | ${(facts.polygonVertices / polygonZones).toFixed(1)} |`,
    `| Commune zones (social layer) | ${fmt(facts.communeZones)} |`,
    `| Street zones / number-range zones | ${fmt(facts.streetZones)} / ${fmt(facts.rangeZones)} (${fmt(facts.exclusions)} street exclusions, ${fmt(facts.ruleStreets)} streets in ${fmt(facts.towns)} towns) |`,
    `| Zones in total | ${fmt(zones.length)} |`,
    `| Points (50 % address with street, 30 % citycode only, 20 % map click) | ${fmt(points.length)} |`,
    `| Distinct street spellings in the points (street-key memo: 100,000) | ${fmt(new Set(points.map((p) => p.street).filter(Boolean)).size)} |`,
    '',
    '| Measure | Result | Target |',
    '|---|---:|---|',
    `| Index build | ${buildMs.toFixed(0)} ms | |`,
    `| Heap held by the index | ${heapMb.toFixed(1)} MB | |`,
    `| \`resolve()\` on ${fmt(points.length)} points (3 layers each), per CPU second | **${fmt(resolveRate)} lookups/s** (${((resolveCpuMs * 1000) / points.length).toFixed(2)} µs each) | ≥ ${fmt(TARGET_RATE)}/s ${ok(resolveRate >= TARGET_RATE)} |`,
    `| same, wall clock (${os.loadavg()[0]?.toFixed(1)} load average on ${os.cpus().length} cores) | ${fmt(resolveWallRate)} lookups/s | |`,
    `| \`lookup()\` with reasons, ${fmt(RICH_POINTS)} points | ${fmt(richRate)} lookups/s | |`,
    `| Naive scan, ${fmt(NAIVE_POINTS)} points | ${fmt(naiveRate)} lookups/s | |`,
    `| Speed-up over naive | **${ratio.toFixed(0)}×** | ≥ ${TARGET_RATIO}× ${ok(ratio >= TARGET_RATIO)} |`,
    `| Disagreements with the naive scan (${fmt(NAIVE_POINTS)} points × ${index.layers.length} layers) | ${mismatches} | 0 ${ok(mismatches === 0)} |`,
    '',
    `Layer outcomes over 1,000,000 points: ${fmt(matchedCount)} matched, ${fmt(conflicts)} conflicts (points exactly on a shared border). ` +
      `First 200,000 points: ${[...outcome].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`,
    `Dataset generation took ${(datasetMs / 1000).toFixed(1)} s (not part of the measures).`,
  ];
  if (examples.length > 0) lines.push('', 'Disagreements:', ...examples.map((e) => `- ${e}`));
  const markdown = lines.join('\n') + '\n';
  if (mismatches > 0)
    throw new Error(`The index disagrees with the naive scan on ${mismatches} answers\n${markdown}`);
  return Promise.resolve({ markdown });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLookupBench().then(
    ({ markdown }) => console.log(`## Catchment lookup (\`src/geo/catchment-index.ts\`)\n\n${markdown}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
