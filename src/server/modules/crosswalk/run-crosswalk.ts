import { Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  CROSSWALK_MAX_ROWS,
  CROSSWALK_PREVIEW_ROWS,
  CROSSWALK_SITE_COLUMNS,
  guessColumns,
  headerColumns,
  type CrosswalkOptions,
  type CrosswalkResult,
} from '../../../contracts/crosswalk';
import {
  BatchInputError,
  LOOKUP_COLUMNS,
  readableOf,
  RowResolver,
  runBatchLookup,
  type BatchGeocoder,
  type BatchLookupOptions,
} from '../../../cli/batch-lookup';
import type { Db } from '../../db/client';
import type { AuditEvent } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { AddressSearch } from '../../platform/geocoding';
import type { Actor } from '../../platform/policy';
import { parisToday } from '../accounts/actor.repository';
import { geocode } from '../finder/lookup-address';
import type { TerritoryCatalog } from '../territories/catalog';
import type { CareSiteRow } from '../territories/territories.repository';

export interface CrosswalkContext {
  db: Db;
  actor: Actor;
  catalog: TerritoryCatalog;
  geocoder: AddressSearch;
  now: Date;
  requestId: string;
  log: FastifyBaseLogger;
  audit(tx: Parameters<FastifyInstance['audit']>[0], event: AuditEvent): Promise<void>;
}

export interface CrosswalkInput {
  bytes: Buffer;
  options: CrosswalkOptions;
}

/** A file the user must fix: 422 with the precise French reason (which line, which column…). */
export class CrosswalkInputError extends AppError {
  constructor(message: string) {
    super('invalid', 'VALIDATION_FAILED');
    this.message = message;
  }
}

/** More rows than CROSSWALK_MAX_ROWS: answered 413 like a file over the size limit. */
class TooManyRowsError extends Error {
  readonly statusCode = 413;
}

const SNIFF_BYTES = 64 * 1024;

/** Known binary formats people pick by mistake instead of their CSV export, with what to do instead. */
const BINARY_SIGNATURES: { magic: number[]; message: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], message: 'Ce fichier est un PDF, pas un fichier CSV.' },
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    message:
      'Ce fichier est un classeur (Excel, LibreOffice) ou une archive, pas un fichier CSV : enregistrez-le au format « CSV UTF-8 ».',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    message:
      'Ce fichier est un classeur Excel ancien format, pas un fichier CSV : enregistrez-le au format « CSV UTF-8 ».',
  },
  { magic: [0x1f, 0x8b], message: 'Ce fichier est compressé : envoyez le fichier CSV lui-même.' },
  { magic: [0x89, 0x50, 0x4e, 0x47], message: 'Ce fichier est une image, pas un fichier CSV.' },
  { magic: [0xff, 0xd8, 0xff], message: 'Ce fichier est une image, pas un fichier CSV.' },
  { magic: [0x47, 0x49, 0x46, 0x38], message: 'Ce fichier est une image, pas un fichier CSV.' },
];

const NOT_TEXT = 'Ce fichier n’est pas un fichier texte : envoyez un fichier CSV (UTF-8 ou Windows-1252).';

/**
 * Refuses what is not text, whatever its name says: the extension and the browser's content type are the
 * uploader's claim, the bytes are the fact. UTF-16 is let through for the batch lookup's own advice.
 */
export function sniffText(bytes: Buffer): string | null {
  for (const { magic, message } of BINARY_SIGNATURES)
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return message;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return null;
  const head = bytes.subarray(0, SNIFF_BYTES);
  for (const b of head) {
    // Tab, line feed, form feed and carriage return are text; other C0 controls are not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return NOT_TEXT;
  }
  return null;
}

/** The header as the batch lookup will read it: UTF-8 when valid, else Windows-1252 (French spreadsheets). */
function headerOf(bytes: Buffer): string[] {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    text = new TextDecoder('windows-1252').decode(head);
  }
  return headerColumns(text);
}

const shownColumns = (columns: string[]) => columns.map((c) => `« ${c} »`).join(', ');

/** The batch options for this file: the columns asked for, checked against the header, or guessed. */
export function chooseColumns(columns: string[], options: CrosswalkOptions): BatchLookupOptions {
  if (columns.length === 0) throw new CrosswalkInputError('Le fichier est vide.');
  const has = (name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
  const missing = (name: string) =>
    new CrosswalkInputError(
      `Colonne « ${name} » absente de la première ligne du fichier (colonnes trouvées : ${shownColumns(columns)}).`,
    );
  if ((options.latColumn === undefined) !== (options.lonColumn === undefined))
    throw new CrosswalkInputError('Indiquez les deux colonnes de coordonnées : latitude et longitude.');
  for (const name of [options.addressColumn, options.latColumn, options.lonColumn])
    if (name !== undefined && !has(name)) throw missing(name);
  const chosen =
    options.addressColumn !== undefined || options.latColumn !== undefined ? options : guessColumns(columns);
  if (!chosen)
    throw new CrosswalkInputError(
      `Aucune colonne « adresse » ni colonnes « lat » et « lon » dans la première ligne du fichier : choisissez la colonne qui contient l’adresse (colonnes trouvées : ${shownColumns(columns)}).`,
    );
  return {
    addressColumn: chosen.addressColumn,
    latColumn: chosen.latColumn,
    lonColumn: chosen.lonColumn,
  };
}

/** The sector's main CMP: the first CMP in the order the coordinator gave the sector's sites. */
function mainCmp(sites: CareSiteRow[]): CareSiteRow | null {
  return sites.find((s) => s.kind === 'cmp') ?? null;
}

/**
 * Completes each row with the main CMP of its sectors. The batch lookup gives sector codes and the
 * territory name; a code is unique within a territory and a layer, so the three find the sector again.
 */
function siteCells(catalog: TerritoryCatalog) {
  const territoryNames = new Map(catalog.territories.map((t) => [t.id, t.name]));
  const byKey = new Map<string, CareSiteRow | null>();
  for (const area of catalog.areas.values()) {
    if (area.layer === 'social') continue;
    byKey.set(
      `${territoryNames.get(area.territoryId) ?? ''}|${area.layer}|${area.code}`,
      mainCmp(catalog.sitesOf(area.id)),
    );
  }
  const at = (territory: string, layer: 'adult' | 'child', code: string) =>
    code === '' ? null : (byKey.get(`${territory}|${layer}|${code}`) ?? null);
  return (territory: string, adultCode: string, childCode: string): string[] => {
    const adult = at(territory, 'adult', adultCode);
    const child = at(territory, 'child', childCode);
    return [adult?.name ?? '', adult?.phone ?? '', child?.name ?? '', child?.phone ?? ''];
  };
}

/** Collects the batch lookup's output in memory (the file is at most a few megabytes). */
function collector(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
}

/**
 * Runs the batch lookup of `passerelle lookup` on an uploaded file of building addresses: each row comes
 * back with its adult and child sectors, their main CMP and phone, the social-service office and a status.
 */
export async function runCrosswalk(ctx: CrosswalkContext, input: CrosswalkInput): Promise<CrosswalkResult> {
  const notText = sniffText(input.bytes);
  if (notText) throw new CrosswalkInputError(notText);
  const batchOptions = chooseColumns(headerOf(input.bytes), input.options);

  const finder = { catalog: ctx.catalog, geocoder: ctx.geocoder, now: ctx.now };
  const geocoder: BatchGeocoder = {
    search: async (q, opts) => (await geocode(finder, q, opts?.limit ?? 1)).results,
  };
  const resolver = new RowResolver(ctx.catalog, geocoder);
  const chunks: Buffer[] = [];
  let stats;
  try {
    stats = await runBatchLookup(readableOf(input.bytes), collector(chunks), resolver, batchOptions, {
      // Called at row CROSSWALK_MAX_ROWS + 1 only: the file is refused there, without reading the rest.
      progressEvery: CROSSWALK_MAX_ROWS + 1,
      onProgress: ({ rows }) => {
        if (rows > CROSSWALK_MAX_ROWS) throw new TooManyRowsError('too many rows');
      },
    });
  } catch (err) {
    if (err instanceof BatchInputError) throw new CrosswalkInputError(err.message);
    throw err;
  }

  const [header = [], ...rows] = parse(Buffer.concat(chunks).toString('utf8'), {
    delimiter: stats.delimiter,
    bom: true,
    relax_column_count: true,
  }) as string[][];
  const first = header.length - LOOKUP_COLUMNS.length;
  const col = (name: (typeof LOOKUP_COLUMNS)[number]) => first + LOOKUP_COLUMNS.indexOf(name);
  const [adultAt, childAt, territoryAt] = [col('secteur_adulte'), col('secteur_enfant'), col('territoire')];
  const sitesFor = siteCells(ctx.catalog);
  for (const row of rows)
    row.push(...sitesFor(row[territoryAt] ?? '', row[adultAt] ?? '', row[childAt] ?? ''));
  const columns = [...header, ...CROSSWALK_SITE_COLUMNS];
  const csv = stringify([columns, ...rows], { delimiter: stats.delimiter, record_delimiter: 'unix' });

  // The addresses stay in this request: the trail and the log hold who ran it and the counts, nothing else.
  await ctx.db.transaction(async (tx) =>
    ctx.audit(tx, {
      action: 'crosswalk.run',
      territoryId: null,
      actorMemberId: ctx.actor.memberId,
      actorPartnerId: ctx.actor.partnerId,
      actorRole: ctx.actor.isInstanceAdmin ? 'admin' : null,
      requestId: ctx.requestId,
    }),
  );
  ctx.log.info({ crosswalk: { rows: stats.rows, byStatus: stats.byStatus } }, 'crosswalk run');

  return {
    fileName: `correspondances-${parisToday(ctx.now)}.csv`,
    delimiter: stats.delimiter,
    columns,
    summary: { rows: stats.rows, byStatus: stats.byStatus },
    rows: rows.slice(0, CROSSWALK_PREVIEW_ROWS),
    csv,
  };
}
