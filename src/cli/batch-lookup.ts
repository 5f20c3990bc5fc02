/**
 * Batch lookup of a CSV file: csv-parse → resolve each row → csv-stringify, as streams, so memory stays
 * flat whatever the size of the file and a slow output slows the reading down (backpressure). Every input
 * row comes out with the same cells plus the LOOKUP_COLUMNS.
 */
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { stringify as stringifyRows } from 'csv-stringify/sync';
import type { GeocodeResult } from '../geo/geocoder/port';
import type { LookupPoint } from '../geo/types';
import {
  SERVICE_LAYERS,
  type Precision,
  type ServiceLayer,
  type TerritoryCatalog,
} from '../server/modules/territories/catalog';
import { toLookupPoint } from '../server/modules/finder/lookup-address';
import { BatchCatchments, CONFLICT, type BatchResolution } from './batch-catchments';

export const LOOKUP_COLUMNS = [
  'secteur_adulte',
  'secteur_adulte_nom',
  'secteur_enfant',
  'secteur_enfant_nom',
  'service_social',
  'territoire',
  'zone_adulte',
  'statut',
] as const;

export const LOOKUP_STATUSES = [
  'ok',
  'adresse_introuvable',
  'hors_territoire',
  'sans_secteur',
  'adresse_imprecise',
  'conflit',
  'coordonnees_invalides',
] as const;
export type LookupStatus = (typeof LOOKUP_STATUSES)[number];

/** Addresses are geocoded synchronously when the geocoder can (the local index): no promise per row. */
export interface BatchGeocoder {
  searchSync?(q: string, opts?: { limit?: number }): GeocodeResult[];
  search(q: string, opts?: { limit?: number }): Promise<GeocodeResult[]>;
}

export interface BatchLookupOptions {
  /** Column holding a postal address (default « adresse »). */
  addressColumn?: string;
  /** Columns holding WGS84 coordinates; used first when both cells are filled. */
  latColumn?: string;
  lonColumn?: string;
  /** Field delimiter; detected from the header line when absent. */
  delimiter?: string;
}

export interface BatchLookupStats {
  rows: number;
  byStatus: Record<LookupStatus, number>;
  seconds: number;
  rowsPerSecond: number;
  delimiter: string;
  encoding: 'utf-8' | 'windows-1252';
}

export interface BatchLookupHooks {
  /** Called every `progressEvery` rows (default 2,000) and at the end. */
  onProgress?: (p: { rows: number; bytes: number }) => void;
  progressEvery?: number;
  /** Leave `output` open at the end (process.stdout must not be ended). */
  keepOutputOpen?: boolean;
}

/** The input cannot be read as the CSV we expect: the message is for the user, in French. */
export class BatchInputError extends Error {
  override readonly name = 'BatchInputError';
}

const HEAD_BYTES = 64 * 1024;
/** Rows stringified and written together (see runBatchLookup). */
const BATCH_ROWS = 256;
const GEOCODE_CACHE_LIMIT = 20_000;
/**
 * Below this local-geocoder score an address counts as not found. Measured on the demo index: wrong
 * streets picked for unknown addresses score 0.55–0.65 (« 10 rue de la Paix, Paris » → « Rue Pasteur »),
 * right ones 0.85 and more. In a batch nobody looks at each answer, so a miss is better than a wrong sector.
 */
export const DEFAULT_MIN_SCORE = 0.7;

type Source = AsyncIterable<Buffer | string | Uint8Array>;

interface OpenedInput {
  stream: Readable;
  delimiter: string;
  bom: boolean;
  encoding: 'utf-8' | 'windows-1252';
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

/**
 * Looks at the first bytes before choosing the parser options: gzip, binary content, BOM, encoding
 * (spreadsheets in France often save CSV in Windows-1252) and delimiter. Bytes are then replayed in
 * front of the rest of the stream, which is still pulled lazily.
 */
async function openInput(source: Source, delimiter: string | undefined, countBytes: (n: number) => void) {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headSize = 0;
  let done = false;
  while (headSize < 2) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const b = toBuffer(next.value);
    countBytes(b.length);
    head.push(b);
    headSize += b.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const b = toBuffer(next.value);
      countBytes(b.length);
      yield b;
    }
  }
  const first = Buffer.concat(head);
  const bytes: AsyncIterable<Buffer> =
    first[0] === 0x1f && first[1] === 0x8b ? piped(Readable.from(replay()), createGunzip()) : replay();
  return peekText(bytes[Symbol.asyncIterator](), delimiter);
}

async function peekText(it: AsyncIterator<Buffer>, delimiter: string | undefined): Promise<OpenedInput> {
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < HEAD_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
    if (next.value.includes(0x0a)) break;
  }
  const first = Buffer.concat(head);
  if (
    first.length === 0 ||
    first
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  )
    throw new BatchInputError('Le fichier est vide.');
  if (first.subarray(0, HEAD_BYTES).includes(0)) {
    const utf16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
    throw new BatchInputError(
      utf16
        ? 'Le fichier est en UTF-16 (« texte Unicode ») : enregistrez-le au format « CSV UTF-8 ».'
        : 'Le fichier ne semble pas être un CSV : il contient des octets binaires (tableur, archive ?). Enregistrez-le au format CSV.',
    );
  }
  const bom = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  let encoding: OpenedInput['encoding'] = 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
  } catch {
    encoding = 'windows-1252';
  }
  const headText = (
    encoding === 'utf-8' ? first.toString('utf8') : new TextDecoder('windows-1252').decode(first)
  )
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0];
  const chosen = delimiter ?? detectCsvDelimiter(headText ?? '');

  async function* replay(): AsyncGenerator<Buffer> {
    yield first;
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  let stream = Readable.from(replay(), { objectMode: false });
  if (encoding === 'windows-1252') stream = piped(stream, windows1252ToUtf8());
  return { stream, delimiter: chosen, bom, encoding };
}

/** `source.pipe(next)`, with the source's errors passed on (a plain pipe drops them). */
function piped<T extends Transform>(source: Readable, next: T): T {
  source.on('error', (err) => next.destroy(err));
  return source.pipe(next);
}

function windows1252ToUtf8(): Transform {
  const decoder = new TextDecoder('windows-1252');
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
  });
}

/** The most frequent of `;`, `,` and tab in the header line, outside quotes (`;` when none). */
export function detectCsvDelimiter(line: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ';';
  let max = 0;
  for (const [d, n] of counts)
    if (n > max) {
      best = d;
      max = n;
    }
  return best;
}

/** 10^0 … 10^22: the powers of ten a double holds exactly (read from text, so exact). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Up to this many digits the digits form an integer a double holds exactly (< 2^53). */
const EXACT_DIGITS = 15;

/**
 * Decimal number, with a point or (French spreadsheets: « 48,8717 ») a comma. NaN when it is not one.
 * Read in one pass: up to 15 digits, the digits as an integer divided by a power of ten — both exact,
 * so the one rounding of the division gives the very double `Number()` gives; longer ones go to `Number()`.
 */
export function parseCoordinate(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const s = raw.trim();
  const length = s.length;
  if (length === 0) return null;
  const first = s.charCodeAt(0);
  const negative = first === 45;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let separator = -1;
  for (let i = negative || first === 43 ? 1 : 0; i < length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      mantissa = mantissa * 10 + (ch - 48);
      digits++;
      if (separator >= 0) decimals++;
    } else if ((ch === 46 || ch === 44) && separator < 0) separator = i;
    else return Number.NaN;
  }
  if (digits === 0) return Number.NaN;
  if (digits <= EXACT_DIGITS) {
    const value = mantissa / (EXACT_POWERS_OF_TEN[decimals] ?? Number.NaN);
    return negative ? -value : value;
  }
  return Number(
    separator >= 0 && s.charCodeAt(separator) === 44
      ? `${s.slice(0, separator)}.${s.slice(separator + 1)}`
      : s,
  );
}

/** A geocoded point and how precisely it is known (see TerritoryCatalog.isPreciseEnough). */
export type BatchPoint = LookupPoint & { precision: Precision };

/** Resolves one row into the appended cells. Kept free of I/O so the bench measures the same code. */
export class RowResolver {
  private readonly cache = new Map<string, BatchPoint | null>();
  private readonly catchments: BatchCatchments;

  /**
   * Cells already worked out, per engine answer. For coordinates (precision « point ») and house numbers
   * the cells depend on nothing but the resolution: the commune decides what is blanked (see
   * impreciseLayers) and nothing is blanked for a number. A file of a million points meets a few dozen
   * answers, so the status logic and the imprecision check run once per answer instead of once per row.
   * Keyed on the engine's own objects (areas, territory) and strings (commune, zone), never on the input.
   */
  private readonly memo: { point: AnswerMemo; housenumber: AnswerMemo } | null;

  /** `memoise: false` works every answer out again (tests compare both ways). */
  constructor(
    private readonly catalog: TerritoryCatalog,
    private readonly geocoder: BatchGeocoder | null,
    private readonly minScore = DEFAULT_MIN_SCORE,
    memoise = true,
  ) {
    this.catchments = new BatchCatchments(catalog);
    this.memo = memoise ? { point: new AnswerMemo(), housenumber: new AnswerMemo() } : null;
  }

  /** Geocodes an address into a point; null when the address is not found at street level. */
  geocodeSync(address: string): BatchPoint | null | undefined {
    const key = address.trim().toLowerCase();
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    if (!this.geocoder?.searchSync) return undefined;
    return this.remember(key, this.geocoder.searchSync(address, { limit: 1 })[0]);
  }

  async geocode(address: string): Promise<BatchPoint | null> {
    const sync = this.geocodeSync(address);
    if (sync !== undefined) return sync;
    if (!this.geocoder) return null;
    const [best] = await this.geocoder.search(address, { limit: 1 });
    return this.remember(address.trim().toLowerCase(), best);
  }

  private remember(key: string, best: GeocodeResult | undefined): BatchPoint | null {
    // A commune alone is not enough: sectors split communes by streets and quartiers, and a wrong sector
    // sends a person to a CMP that will turn them away.
    const point: BatchPoint | null =
      best && best.type !== 'municipality' && best.score >= this.minScore
        ? { ...toLookupPoint(best), precision: best.type === 'street' ? 'street' : 'housenumber' }
        : null;
    if (this.cache.size >= GEOCODE_CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, point);
    return point;
  }

  appendFailure(row: string[], failure: LookupStatus): LookupStatus {
    row.push('', '', '', '', '', '', '', failure);
    return failure;
  }

  /** Appends the LOOKUP_COLUMNS cells for a geocoded point (or « adresse_introuvable » for none). */
  append(row: string[], point: BatchPoint | null): LookupStatus {
    return point
      ? this.appendResolution(row, this.catchments.resolve(point), point, point.precision)
      : this.appendFailure(row, 'adresse_introuvable');
  }

  /** Appends the LOOKUP_COLUMNS cells for WGS84 coordinates. */
  appendPoint(row: string[], lon: number, lat: number): LookupStatus {
    const r = this.catchments.resolvePoint(lon, lat);
    const memo = this.memo?.point;
    if (!memo) return appendAnswer(row, this.answer(r, { lon, lat }, 'point'));
    return appendAnswer(row, memo.find(r) ?? memo.add(this.answer(r, { lon, lat }, 'point')));
  }

  /**
   * Blanks the layers the point is not precise enough to decide (as the API does): a street without its
   * number where number ranges split it, coordinates where street zones split the commune.
   */
  private dropImprecise(r: BatchResolution, point: LookupPoint, precision: Precision): boolean {
    if (precision === 'housenumber') return false;
    const layers = this.impreciseLayers(point, precision, r.citycode);
    let dropped = false;
    for (const layer of layers) {
      if (r[layer] === null) continue;
      r[layer] = null;
      if (layer === 'adult') r.adultZoneId = null;
      dropped = true;
    }
    return dropped;
  }

  // For coordinates the answer depends on the commune only: a million rows must not redo it per row.
  private readonly impreciseByCommune = new Map<string | null, ServiceLayer[]>();

  private impreciseLayers(point: LookupPoint, precision: Precision, citycode: string | null): ServiceLayer[] {
    if (precision !== 'point') return this.computeImpreciseLayers(point, precision, citycode);
    let layers = this.impreciseByCommune.get(citycode);
    if (!layers) {
      layers = this.computeImpreciseLayers(point, precision, citycode);
      this.impreciseByCommune.set(citycode, layers);
    }
    return layers;
  }

  private computeImpreciseLayers(
    point: LookupPoint,
    precision: Precision,
    citycode: string | null,
  ): ServiceLayer[] {
    return SERVICE_LAYERS.filter(
      (layer) => !this.catalog.isPreciseEnough(layer, precision, { ...point, citycode }),
    );
  }

  private appendResolution(
    row: string[],
    r: BatchResolution,
    point: LookupPoint,
    precision: Precision,
  ): LookupStatus {
    const memo = precision === 'housenumber' ? this.memo?.housenumber : undefined;
    if (!memo) return appendAnswer(row, this.answer(r, point, precision));
    return appendAnswer(row, memo.find(r) ?? memo.add(this.answer(r, point, precision)));
  }

  /** The appended cells for one resolution. Reads `r` before blanking its imprecise layers in place. */
  private answer(r: BatchResolution, point: LookupPoint, precision: Precision): Answer {
    const imprecise = this.dropImprecise(r, point, precision);
    const a = r.adult === CONFLICT ? null : r.adult;
    const c = r.child === CONFLICT ? null : r.child;
    const s = r.social === CONFLICT ? null : r.social;
    let status: LookupStatus = 'ok';
    if (r.adult === CONFLICT || r.child === CONFLICT || r.social === CONFLICT) status = 'conflit';
    else if (!r.territory && !a && !c && !s) status = 'hors_territoire';
    else if (imprecise) status = 'adresse_imprecise';
    else if (!a && !c && !s) status = 'sans_secteur';
    return {
      cells: [
        a?.code ?? '',
        a?.name ?? '',
        c?.code ?? '',
        c?.name ?? '',
        s?.name ?? '',
        r.territory?.name ?? '',
        r.adultZoneId ?? '',
        status,
      ],
      status,
    };
  }
}

function appendAnswer(row: string[], answer: Answer): LookupStatus {
  const c = answer.cells;
  row.push(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
  return answer.status;
}

/** The LOOKUP_COLUMNS cells of one answer, in order, and its status (the last cell). */
interface Answer {
  cells: readonly [string, string, string, string, string, string, string, string];
  status: LookupStatus;
}

/** Beyond this many answers the memo starts again (a catalogue with very many zones; memory stays flat). */
const ANSWER_MEMO_LIMIT = 10_000;

/**
 * Answers keyed on the six fields of a BatchResolution, compared by identity: a trie of Maps (territory,
 * adult, child, social, commune, then zone in the leaf), so a hit costs six Map lookups and no allocation.
 */
class AnswerMemo {
  private root: Trie = new Map();
  private size = 0;
  /** Where find() looked last: add() stores there, whatever answer() has since done to the resolution. */
  private leaf: Map<string | null, Answer> = new Map();
  private zone: string | null = null;

  find(r: BatchResolution): Answer | undefined {
    const node = child(
      child(child(child(child(this.root, r.territory), r.adult), r.child), r.social),
      r.citycode,
    );
    this.leaf = node as unknown as Map<string | null, Answer>;
    this.zone = r.adultZoneId;
    return this.leaf.get(this.zone);
  }

  /** Stores the answer to the resolution last given to find(). */
  add(answer: Answer): Answer {
    if (this.size >= ANSWER_MEMO_LIMIT) {
      // Starts again; this last answer is kept in the old trie, which is dropped with it.
      this.root = new Map();
      this.size = 0;
    }
    this.leaf.set(this.zone, answer);
    this.size++;
    return answer;
  }
}

type Trie = Map<unknown, Trie>;

function child(node: Trie, key: unknown): Trie {
  let next = node.get(key);
  if (!next) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}

interface Columns {
  address: number;
  lat: number;
  lon: number;
}

function columnsOf(header: string[], opts: BatchLookupOptions, delimiter: string): Columns {
  const names = header.map((h) => h.trim());
  const find = (name: string) => {
    const exact = names.indexOf(name);
    return exact >= 0 ? exact : names.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  };
  const shown = () =>
    `colonnes trouvées : ${names.map((n) => `« ${n} »`).join(', ')} ; séparateur : « ${delimiter === '\t' ? 'tabulation' : delimiter} »`;
  const wantsPoint = opts.latColumn !== undefined || opts.lonColumn !== undefined;
  if (wantsPoint && (opts.latColumn === undefined || opts.lonColumn === undefined))
    throw new BatchInputError('Indiquez les deux colonnes de coordonnées : --lat et --lon.');
  const lat = opts.latColumn ? find(opts.latColumn) : -1;
  const lon = opts.lonColumn ? find(opts.lonColumn) : -1;
  for (const [name, i] of [
    [opts.latColumn, lat],
    [opts.lonColumn, lon],
  ] as const)
    if (name !== undefined && i < 0)
      throw new BatchInputError(`Colonne « ${name} » absente de l'en-tête (${shown()}).`);
  const addressName = opts.addressColumn ?? 'adresse';
  const address = find(addressName);
  // Without coordinates the address column is needed; with them, only if it was asked for by name.
  if (address < 0 && (!wantsPoint || opts.addressColumn !== undefined))
    throw new BatchInputError(
      `Colonne « ${addressName} » absente de l'en-tête (${shown()}). Choisissez-la avec --address-column, ou donnez --lat et --lon.`,
    );
  return { address, lat, lon };
}

/**
 * Streams `input` (CSV, UTF-8 or Windows-1252, gzip accepted) to `output` with the LOOKUP_COLUMNS
 * appended. Throws BatchInputError with a French message when the input is not a usable CSV.
 */
export async function runBatchLookup(
  input: Source,
  output: Writable,
  resolver: RowResolver,
  opts: BatchLookupOptions = {},
  hooks: BatchLookupHooks = {},
): Promise<BatchLookupStats> {
  const started = process.hrtime.bigint();
  let bytes = 0;
  const opened = await openInput(input, opts.delimiter, (n) => {
    bytes += n;
  });
  const byStatus = Object.fromEntries(LOOKUP_STATUSES.map((s) => [s, 0])) as Record<LookupStatus, number>;
  let rows = 0;
  const every = hooks.progressEvery ?? 2000;
  let columns: Columns | null = null;
  let width = 0;

  const count = (row: string[], status: LookupStatus): string[] => {
    byStatus[status]++;
    rows++;
    if (hooks.onProgress && rows % every === 0) hooks.onProgress({ rows, bytes });
    return row;
  };

  /** One record: the header, or a row completed synchronously when it can be (no promise per row). */
  const step = (row: string[]): string[] | Promise<string[]> => {
    if (columns === null) {
      columns = columnsOf(row, opts, opened.delimiter);
      width = row.length;
      return [...row, ...LOOKUP_COLUMNS];
    }
    while (row.length < width) row.push('');
    const c = columns;
    if (c.lat >= 0) {
      const lat = parseCoordinate(row[c.lat]);
      const lon = parseCoordinate(row[c.lon]);
      if (lat !== null || lon !== null) {
        const valid =
          lat !== null &&
          lon !== null &&
          Number.isFinite(lat) &&
          Number.isFinite(lon) &&
          Math.abs(lat) <= 90 &&
          Math.abs(lon) <= 180;
        return count(
          row,
          valid ? resolver.appendPoint(row, lon, lat) : resolver.appendFailure(row, 'coordonnees_invalides'),
        );
      }
    }
    const address = c.address >= 0 ? (row[c.address] ?? '').trim() : '';
    if (address === '') return count(row, resolver.appendFailure(row, 'adresse_introuvable'));
    const sync = resolver.geocodeSync(address);
    if (sync !== undefined) return count(row, resolver.append(row, sync));
    return resolver.geocode(address).then((point) => count(row, resolver.append(row, point)));
  };

  // Rows are written by csv-stringify in batches of BATCH_ROWS, not through its stream one record at a
  // time: one write per batch instead of one per row, with the same formatting (same library, same
  // options; the BOM goes in front of the first batch only).
  let batch: string[][] = [];
  let firstBatch = true;
  const flushBatch = (to: Transform) => {
    if (batch.length === 0) return;
    const text = stringifyRows(batch, {
      delimiter: opened.delimiter,
      bom: firstBatch && opened.bom,
      record_delimiter: 'unix',
    });
    firstBatch = false;
    batch = [];
    to.push(text);
  };
  // No closure is made per row: the async path alone (a geocoder without searchSync) needs one.
  const transform: Transform = new Transform({
    writableObjectMode: true,
    transform(row: string[], _enc, cb: TransformCallback) {
      let done: string[] | Promise<string[]>;
      try {
        done = step(row);
        if (Array.isArray(done)) add(done);
      } catch (err) {
        cb(err as Error);
        return;
      }
      if (Array.isArray(done)) cb();
      else
        done.then(add).then(
          () => cb(),
          (err: unknown) => cb(err as Error),
        );
    },
    flush(cb: TransformCallback) {
      try {
        flushBatch(transform);
      } catch (err) {
        cb(err as Error);
        return;
      }
      cb();
    },
  });
  const add = (row: string[]) => {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) flushBatch(transform);
  };
  const parser = parse({
    delimiter: opened.delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count_less: true,
  });
  try {
    await pipeline(opened.stream, parser, transform, output, { end: !hooks.keepOutputOpen });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new BatchInputError(
        `CSV illisible${line ? ` à la ligne ${line}` : ''} : ${frenchCsvError(err)} (séparateur : « ${opened.delimiter === '\t' ? 'tabulation' : opened.delimiter} »).`,
      );
    }
    throw err;
  }
  if (columns === null) throw new BatchInputError('Le fichier est vide.');
  hooks.onProgress?.({ rows, bytes });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    rows,
    byStatus,
    seconds,
    rowsPerSecond: seconds > 0 ? rows / seconds : rows,
    delimiter: opened.delimiter,
    encoding: opened.encoding,
  };
}

function frenchCsvError(err: CsvError): string {
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'plus de valeurs que de colonnes dans l’en-tête';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'guillemet ouvert et jamais fermé';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'guillemet mal placé';
    default:
      return err.message;
  }
}

/** A fresh `Readable` from a string or bytes (tests, bench). */
export const readableOf = (data: string | Buffer) =>
  Readable.from([typeof data === 'string' ? Buffer.from(data) : data]);
