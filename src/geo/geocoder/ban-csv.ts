/**
 * Streaming reader (and a small writer) of the standard BAN CSV export, `adresses-XX.csv(.gz)` from
 * https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/ : `;`-separated, one row per address
 * position, header
 * `id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;
 * nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;
 * source_position;source_nom_voie;certification_commune;cad_parcelles`.
 * A whole department (≈ 1 GB uncompressed for the biggest) never has to sit in memory.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';

export interface BanAddressRow {
  /** BAN address id, e.g. `94022_0580_00004` (`…_00013_bis` with a suffix). */
  id: string;
  /** BAN street id: `id_fantoir` when present, else the street part of `id` (`94022_0580`). */
  streetId: string;
  number: number;
  /** Suffix as in the file (`bis`, `ter`, `a`…) or null. */
  rep: string | null;
  street: string;
  postcode: string;
  citycode: string;
  city: string;
  lon: number;
  lat: number;
}

export const BAN_CSV_COLUMNS = [
  'id',
  'id_fantoir',
  'numero',
  'rep',
  'nom_voie',
  'code_postal',
  'code_insee',
  'nom_commune',
  'code_insee_ancienne_commune',
  'nom_ancienne_commune',
  'x',
  'y',
  'lon',
  'lat',
  'type_position',
  'alias',
  'nom_ld',
  'libelle_acheminement',
  'nom_afnor',
  'source_position',
  'source_nom_voie',
  'certification_commune',
  'cad_parcelles',
] as const;

const REQUIRED_COLUMNS = [
  'id',
  'numero',
  'nom_voie',
  'code_postal',
  'code_insee',
  'nom_commune',
  'lon',
  'lat',
] as const;

/** A problem in a BAN CSV file. `line` is the 1-based line number in the (uncompressed) file. */
export class BanCsvError extends Error {
  override readonly name = 'BanCsvError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (ligne ${line})`);
  }
}

export interface BanCsvStats {
  /** Data rows read (header excluded). */
  rows: number;
  accepted: number;
  rejected: number;
  /** The first rejections, for a readable report (at most `maxRejectionsKept`). */
  rejections: BanCsvError[];
}

export interface ReadBanCsvOptions {
  /** Filled while reading; read it once the iteration is over. */
  stats?: BanCsvStats;
  maxRejectionsKept?: number;
  /** Called for every rejected row. */
  onRejected?: (error: BanCsvError) => void;
}

export function emptyBanCsvStats(): BanCsvStats {
  return { rows: 0, accepted: 0, rejected: 0, rejections: [] };
}

/** A path (`.csv` or `.csv.gz`), the file bytes, or a byte stream. Gzip is detected from the bytes. */
export type BanCsvInput = string | Uint8Array | AsyncIterable<Uint8Array | string>;

async function* bytesOf(input: BanCsvInput): AsyncGenerator<Buffer> {
  if (typeof input === 'string') {
    for await (const chunk of createReadStream(input)) yield chunk as Buffer;
  } else if (input instanceof Uint8Array) {
    yield Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  } else {
    for await (const chunk of input)
      yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
  }
}

/** Puts the first chunk back in front of the stream once we have looked at its first bytes. */
async function peekGzip(source: AsyncGenerator<Buffer>): Promise<{ gzip: boolean; stream: Readable }> {
  let first = await source.next();
  while (!first.done && first.value.length === 0) first = await source.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    yield* source;
  }
  return { gzip, stream: Readable.from(rest()) };
}

function parseNumber(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return Number.NaN;
  return Number(raw.trim().replace(',', '.'));
}

/**
 * Reads BAN address rows one by one. Throws `BanCsvError` when the header lacks a required column (the
 * file is not a BAN export); a row with unusable coordinates or number is counted as rejected and skipped.
 */
export async function* readBanCsv(
  input: BanCsvInput,
  options: ReadBanCsvOptions = {},
): AsyncGenerator<BanAddressRow> {
  const stats = options.stats ?? emptyBanCsvStats();
  const maxKept = options.maxRejectionsKept ?? 100;
  let opened: { gzip: boolean; stream: Readable };
  try {
    opened = await peekGzip(bytesOf(input));
  } catch (error) {
    throw new BanCsvError(`Lecture impossible : ${(error as Error).message}`, 0);
  }
  const { gzip, stream } = opened;
  const parser = parse({
    delimiter: ';',
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const done = (gzip ? pipeline(stream, createGunzip(), parser) : pipeline(stream, parser)).catch(
    (error: unknown) => error,
  );

  const reject = (message: string, line: number): void => {
    const error = new BanCsvError(message, line);
    stats.rejected++;
    if (stats.rejections.length < maxKept) stats.rejections.push(error);
    options.onRejected?.(error);
  };

  let col: Record<string, number> | null = null;
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      const line = info.lines;
      lastLine = line;
      if (col === null) {
        const header = record.map((h) => h.trim().toLowerCase());
        const index: Record<string, number> = {};
        header.forEach((h, i) => (index[h] = i));
        const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
        if (missing.length > 0) {
          throw new BanCsvError(
            `Ce fichier n'est pas un export CSV de la BAN : colonne(s) obligatoire(s) absente(s) : ${missing.join(', ')}`,
            line,
          );
        }
        col = index;
        continue;
      }
      stats.rows++;
      const get = (name: string): string => {
        const i = col?.[name];
        return i === undefined ? '' : (record[i] ?? '').trim();
      };
      const lon = parseNumber(get('lon'));
      const lat = parseNumber(get('lat'));
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        reject(`Coordonnées invalides : lon « ${get('lon')} », lat « ${get('lat')} »`, line);
        continue;
      }
      if (lon === 0 && lat === 0) {
        reject('Coordonnées absentes (0, 0)', line);
        continue;
      }
      const number = parseNumber(get('numero'));
      if (!Number.isInteger(number) || number < 0) {
        reject(`Numéro invalide : « ${get('numero')} »`, line);
        continue;
      }
      const id = get('id');
      const street = get('nom_voie');
      const citycode = get('code_insee');
      if (street === '' || citycode === '' || id === '') {
        reject('Ligne incomplète : id, nom_voie ou code_insee vide', line);
        continue;
      }
      const rep = get('rep');
      stats.accepted++;
      yield {
        id,
        streetId: get('id_fantoir') || streetIdFromAddressId(id),
        number,
        rep: rep === '' ? null : rep,
        street,
        postcode: get('code_postal'),
        citycode,
        city: get('nom_commune'),
        lon,
        lat,
      };
    }
  } catch (error) {
    if (error instanceof BanCsvError) throw error;
    throw new BanCsvError(`Lecture impossible : ${(error as Error).message}`, lastLine + 1);
  } finally {
    // A consumer that stops early leaves the pipeline half read: close it and swallow its premature close.
    if (!parser.destroyed) parser.destroy();
    await done;
  }
}

/** `94022_0580_00004_bis` → `94022_0580`. */
export function streetIdFromAddressId(id: string): string {
  const parts = id.split('_');
  const numberAt = parts.findIndex((p, i) => i >= 2 && /^\d{5}$/.test(p));
  return (numberAt > 0 ? parts.slice(0, numberAt) : parts.slice(0, 2)).join('_');
}

/** Reads a whole (small) file: tests, fixtures, the demo geocoder. */
export async function loadBanCsv(input: BanCsvInput): Promise<{ rows: BanAddressRow[]; stats: BanCsvStats }> {
  const stats = emptyBanCsvStats();
  const rows: BanAddressRow[] = [];
  for await (const row of readBanCsv(input, { stats })) rows.push(row);
  return { rows, stats };
}

function csvCell(v: string): string {
  return /[;"\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function afnor(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** Writes rows in the BAN CSV layout (columns we do not know are left empty). */
export function formatBanCsv(rows: Iterable<BanAddressRow>): string {
  const lines: string[] = [BAN_CSV_COLUMNS.join(';')];
  for (const r of rows) {
    const values: Record<(typeof BAN_CSV_COLUMNS)[number], string> = {
      id: r.id,
      id_fantoir: r.streetId,
      numero: String(r.number),
      rep: r.rep ?? '',
      nom_voie: r.street,
      code_postal: r.postcode,
      code_insee: r.citycode,
      nom_commune: r.city,
      code_insee_ancienne_commune: '',
      nom_ancienne_commune: '',
      x: '',
      y: '',
      lon: String(r.lon),
      lat: String(r.lat),
      type_position: '',
      alias: '',
      nom_ld: '',
      libelle_acheminement: afnor(r.city.replace(/ \d+(er|e) Arrondissement$/, '')),
      nom_afnor: afnor(r.street),
      source_position: '',
      source_nom_voie: '',
      certification_commune: '',
      cad_parcelles: '',
    };
    lines.push(BAN_CSV_COLUMNS.map((c) => csvCell(values[c])).join(';'));
  }
  return `${lines.join('\n')}\n`;
}
