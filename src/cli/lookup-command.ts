import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { buildLocalIndex } from '../server/platform/geocoder-factory';
import { TerritoryCatalog } from '../server/modules/territories/catalog';
import { loadTerritorialData } from '../server/modules/territories/territories.repository';
import {
  BatchInputError,
  DEFAULT_MIN_SCORE,
  LOOKUP_STATUSES,
  RowResolver,
  runBatchLookup,
  type BatchLookupOptions,
  type BatchLookupStats,
} from './batch-lookup';
import { withDatabase } from './database';
import { CliError, frNumber, writeLine, type CliIo } from './io';

export interface LookupCommandOptions {
  input: string;
  output: string;
  addressColumn?: string;
  lat?: string;
  lon?: string;
  delimiter?: string;
  minScore?: string;
}

function delimiterOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '\\t' || raw.toLowerCase() === 'tab' || raw === '\t') return '\t';
  if (raw.length !== 1 || /["\r\n]/.test(raw))
    throw new CliError(
      `Séparateur invalide « ${raw} » : un seul caractère, par exemple « ; », « , » ou « tab ».`,
    );
  return raw;
}

/** Checks the input before opening the database: a typo in a path should not cost a database start. */
function checkInput(path: string, shown: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`Fichier introuvable : ${shown}`);
  }
  if (!isFile) throw new CliError(`« ${shown} » n’est pas un fichier.`);
}

export function printSummary(io: CliIo, stats: BatchLookupStats): void {
  const unmatched = LOOKUP_STATUSES.filter((s) => s !== 'ok');
  const lines = [
    `Terminé : ${frNumber(stats.rows)} lignes en ${frNumber(stats.seconds, 1)} s (${frNumber(stats.rowsPerSecond)} lignes/s).`,
    `  trouvées (ok) : ${frNumber(stats.byStatus.ok)}`,
    `  non trouvées : ${frNumber(unmatched.reduce((n, s) => n + stats.byStatus[s], 0))}${unmatched
      .filter((s) => stats.byStatus[s] > 0)
      .map((s) => `\n    ${s} : ${frNumber(stats.byStatus[s])}`)
      .join('')}`,
  ];
  if (stats.encoding !== 'utf-8') lines.push(`  (fichier lu en ${stats.encoding}, écrit en UTF-8)`);
  for (const l of lines) writeLine(io.stderr, l);
}

/** `passerelle lookup`: appends the competent sectors to every row of a CSV file. */
export async function lookupCommand(io: CliIo, opts: LookupCommandOptions): Promise<number> {
  const fromStdin = opts.input === '-';
  const toStdout = opts.output === '-';
  const inputPath = fromStdin ? null : resolve(io.cwd, opts.input);
  const outputPath = toStdout ? null : resolve(io.cwd, opts.output);
  if (inputPath) checkInput(inputPath, opts.input);
  if (inputPath && outputPath === inputPath)
    throw new CliError('Le fichier de sortie doit être différent du fichier d’entrée.');
  const options: BatchLookupOptions = {
    addressColumn: opts.addressColumn,
    latColumn: opts.lat,
    lonColumn: opts.lon,
    delimiter: delimiterOf(opts.delimiter),
  };
  const minScore = opts.minScore === undefined ? DEFAULT_MIN_SCORE : Number(opts.minScore.replace(',', '.'));
  if (!(minScore >= 0 && minScore <= 1))
    throw new CliError(
      `Score minimal invalide « ${opts.minScore ?? ''} » : un nombre entre 0 et 1, par exemple 0,7.`,
    );
  if ((options.latColumn === undefined) !== (options.lonColumn === undefined))
    throw new CliError('Indiquez les deux colonnes de coordonnées : --lat et --lon.');

  return withDatabase(io, async ({ db }) => {
    const catalog = new TerritoryCatalog(await loadTerritorialData(db));
    const geocoder = await buildLocalIndex(db);
    const resolver = new RowResolver(catalog, geocoder, minScore);

    // A file is written under a temporary name and renamed at the end: an interrupted run never leaves
    // a half-written file that looks complete.
    const tmpPath = outputPath
      ? join(dirname(outputPath), `.${basename(outputPath)}.${process.pid}.tmp`)
      : null;
    const output: Writable = tmpPath ? createWriteStream(tmpPath) : io.stdout;
    const total = inputPath ? statSync(inputPath).size : 0;
    const bar =
      io.stderr.isTTY && total > 0
        ? new cliProgress.SingleBar(
            {
              stream: io.stderr as NodeJS.WritableStream,
              format: '{bar} {percentage} % | {rows} lignes | {rate} lignes/s',
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
    const started = Date.now();
    bar?.start(total, 0, { rows: '0', rate: '0' });
    try {
      const input = inputPath ? createReadStream(inputPath) : io.stdin;
      const stats = await runBatchLookup(input, output, resolver, options, {
        progressEvery: 5000,
        keepOutputOpen: toStdout,
        onProgress: ({ rows, bytes }) =>
          bar?.update(Math.min(bytes, total), {
            rows: frNumber(rows),
            rate: frNumber(rows / Math.max(0.001, (Date.now() - started) / 1000)),
          }),
      });
      bar?.stop();
      if (tmpPath && outputPath) renameSync(tmpPath, outputPath);
      printSummary(io, stats);
      return 0;
    } catch (err) {
      bar?.stop();
      if (tmpPath) {
        output.destroy();
        rmSync(tmpPath, { force: true });
      }
      if (err instanceof BatchInputError)
        throw new CliError(`${opts.input === '-' ? 'Entrée standard' : opts.input} : ${err.message}`);
      throw err;
    }
  });
}
