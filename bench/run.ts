// `npm run bench`: runs every benchmark and writes bench/RESULTS.md (machine, date, figures).
import { cpus, totalmem, platform, release } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLookupBench } from './lookup-bench';
import { runGeocoderBench } from './geocoder-bench';
import { runBatchBench } from './batch-bench';
import { runHttpBench } from './http-bench';

const only = process.argv.slice(2);
const benches: [string, () => Promise<{ markdown: string }>][] = [
  ['Point → sectors lookups (catchment engine, national scale)', runLookupBench],
  ['Local geocoder', runGeocoderBench],
  ['Batch CLI (1,000,000 rows)', runBatchBench],
  ['HTTP lookup by lat/lon', () => runHttpBench()],
];

const sections: string[] = [];
for (const [title, run] of benches) {
  if (only.length > 0 && !only.some((o) => title.toLowerCase().includes(o.toLowerCase()))) continue;
  console.error(`— ${title}…`);
  const started = Date.now();
  const { markdown } = await run();
  sections.push(`## ${title}\n\n${markdown}\n\n_(${((Date.now() - started) / 1000).toFixed(1)} s)_`);
}

const cpu = cpus();
const header = [
  '# Benchmark results',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}`,
  `- Node.js ${process.version}`,
  `- Command: \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\``,
  '',
].join('\n');
const out = `${header}\n${sections.join('\n\n')}\n`;
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), out);
console.log(out);
