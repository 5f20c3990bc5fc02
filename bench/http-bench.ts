import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { mulberry32 } from './prng';

// 2,000 distinct points drawn (deterministic seed) over boxes covering the demo territories and their
// surroundings (Paris 20e; Choisy-le-Roi, Orly, Villeneuve-le-Roi): no two requests in a row repeat.
const BOXES = [
  [48.848, 2.38, 48.878, 2.417],
  [48.72, 2.37, 48.775, 2.43],
] as const;
const random = mulberry32(20261123);
const POINTS = Array.from({ length: 2_000 }, (_, i) => {
  const [lat0, lon0, lat1, lon1] = BOXES[i % BOXES.length]!;
  return [lat0 + (lat1 - lat0) * random(), lon0 + (lon1 - lon0) * random()].map((v) => v.toFixed(6));
});

type Mode = 'app' | 'bare' | 'bare-payload';

async function startServer(mode: Mode, arg?: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/http-server.ts', mode, ...(arg ? [arg] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const rl = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server ${mode} exited with ${code}`)));
  });
  return { url, child };
}

async function load(url: string, seconds: number) {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: POINTS.map(([lat, lon]) => ({ method: 'GET', path: `/api/v1/lookup?lat=${lat}&lon=${lon}` })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** HTTP lookup by lat/lon under autocannon, against a bare Fastify route in the same run. */
export async function runHttpBench(seconds = 10): Promise<{ markdown: string }> {
  const rows: string[] = [];
  const results: Partial<Record<Mode, Awaited<ReturnType<typeof load>>>> = {};
  const payloadFile = join(mkdtempSync(join(tmpdir(), 'passerelle-http-')), 'lookup.json');
  for (const mode of ['bare', 'app', 'bare-payload'] as const) {
    const { url, child } = await startServer(mode, mode === 'bare-payload' ? payloadFile : undefined);
    try {
      if (mode === 'app') {
        const [lat, lon] = POINTS[0]!;
        writeFileSync(payloadFile, await (await fetch(`${url}/api/v1/lookup?lat=${lat}&lon=${lon}`)).text());
      }
      await load(url, 2); // warm-up
      results[mode] = await load(url, seconds);
    } finally {
      child.kill('SIGTERM');
    }
  }
  const app = results.app!;
  const bare = results.bare!;
  const barePayload = results['bare-payload']!;
  const size = statSync(payloadFile).size;
  rows.push(
    '| server | req/s | p50 (ms) | p99 (ms) | errors |',
    '|---|---|---|---|---|',
    `| bare Fastify route (constant JSON) | ${bare.rps.toFixed(0)} | ${bare.p50} | ${bare.p99} | ${bare.errors} |`,
    `| bare Fastify route sending a stored lookup answer (${(size / 1024).toFixed(1)} kB) | ${barePayload.rps.toFixed(0)} | ${barePayload.p50} | ${barePayload.p99} | ${barePayload.errors} |`,
    `| Passerelle \`GET /api/v1/lookup?lat&lon\` (PGlite, demo) | ${app.rps.toFixed(0)} | ${app.p50} | ${app.p99} | ${app.errors} |`,
    '',
    `Ratio Passerelle / bare route: **${(app.rps / bare.rps).toFixed(2)}×** (target ≥ 0.6×); against the bare route sending the same answer: **${(app.rps / barePayload.rps).toFixed(2)}×**; p99 **${app.p99} ms** (target < 20 ms).`,
    `autocannon: 10 connections, ${seconds} s per server after a 2 s warm-up, ${POINTS.length.toLocaleString('en')} distinct points in rotation; server and load generator share the 2 cores.`,
  );
  return { markdown: rows.join('\n') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await runHttpBench()).markdown);
}
