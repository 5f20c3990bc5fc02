/**
 * Catchment files (« fichiers de zones »): the CSV and GeoJSON layouts a coordinator exports, edits and
 * imports back. One row (CSV) or one feature (GeoJSON) per catchment zone. Pure: no database here; the
 * import and export use cases (`import-catchments.ts`, `export-catchments.ts`) do the I/O.
 * See docs/decisions/003-catchment-files.md.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { PolygonGeometry } from '../../../geo/types';
import { SERVICE_LAYERS, type ServiceLayer } from './catalog';
import type { ServiceAreaRow, ZoneRow } from './territories.repository';

/** Columns of the CSV layout, in the order export writes them (also the GeoJSON property names). */
export const CATCHMENT_COLUMNS = [
  'zone_id',
  'territory_id',
  'area_code',
  'layer',
  'mode',
  'kind',
  'label',
  'citycode',
  'street',
  'street_id',
  'from',
  'to',
  'parity',
  'geometry',
  'source',
  'source_url',
  'effective_date',
  'verified_at',
  'verified_by',
  'confidence',
  'demo',
  // Not in the original brief: two service areas of one territory and layer may share a code (the two
  // EDS offices of Choisy / Orly / Villeneuve-le-Roi are both « EDS »); the id removes the ambiguity.
  'area_id',
] as const;
export type CatchmentColumn = (typeof CATCHMENT_COLUMNS)[number];

/** A file without these columns is refused as a whole; the other columns may be left out (empty). */
export const REQUIRED_COLUMNS: readonly CatchmentColumn[] = [
  'zone_id',
  'territory_id',
  'area_code',
  'layer',
  'kind',
  'label',
  'source',
  'confidence',
];

export const ZONE_MODES = ['include', 'exclude'] as const;
export const ZONE_KINDS = ['commune', 'polygon', 'street', 'number_range'] as const;
export const PARITIES = ['even', 'odd', 'both'] as const;
export const CONFIDENCES = ['high', 'medium', 'low'] as const;

export type CatchmentFormat = 'csv' | 'geojson';

/** One zone as a catchment file describes it, values already checked and normalised. */
export interface CatchmentRecord {
  zoneId: string;
  territoryId: string;
  areaCode: string;
  layer: ServiceLayer;
  /** Only when the file names the area by id (see CATCHMENT_COLUMNS). */
  areaId: string | null;
  mode: (typeof ZONE_MODES)[number];
  kind: (typeof ZONE_KINDS)[number];
  label: string;
  citycode: string | null;
  street: string | null;
  streetId: string | null;
  fromNumber: number | null;
  toNumber: number | null;
  parity: (typeof PARITIES)[number] | null;
  geometry: PolygonGeometry | null;
  source: string;
  sourceUrl: string | null;
  effectiveDate: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  confidence: (typeof CONFIDENCES)[number];
  demo: boolean;
}

/** A problem found in a file, located by line (CSV) or by feature number (GeoJSON). */
export interface CatchmentIssue {
  /** « ligne 12 », « objet 3 », or « fichier » for the file as a whole. */
  where: string;
  message: string;
}

export interface LocatedRecord {
  where: string;
  record: CatchmentRecord;
}

export interface ParsedCatchmentFile {
  format: CatchmentFormat;
  records: LocatedRecord[];
  errors: CatchmentIssue[];
}

export const formatIssue = (i: CatchmentIssue): string => `${i.where} : ${i.message}`;

// ---------------------------------------------------------------------------------------------------
// Field validation. Every cell arrives as trimmed text (or undefined when empty/absent), whether it
// came from a CSV cell or a GeoJSON property, so that both formats share one set of rules and messages.

type Cell = string | undefined;

const quoted = (v: unknown) => `« ${String(v)} »`;
const choice = (values: readonly string[]) => `attendu : ${values.join(', ')}`;

function enumField<const T extends readonly [string, ...string[]]>(
  values: T,
  what: string,
  unknownWord: string,
) {
  return z.enum(values, {
    error: (iss) =>
      iss.input === undefined
        ? `${what} manquant(e)`
        : `${what} ${unknownWord} ${quoted(iss.input)} (${choice(values)})`,
  });
}

const text = (what: string, max = 500) =>
  z
    .string({ error: `${what} manquant(e)` })
    .max(max, { error: `${what} trop long(ue) (${max} caractères au plus)` });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** ISO dates; also the JJ/MM/AAAA that a spreadsheet opened in French writes back. */
const dateField = (what: string) =>
  z.string().transform((v, ctx) => {
    const fr = FRENCH_DATE.exec(v);
    const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : v;
    const m = ISO_DATE.exec(iso);
    const d = m ? new Date(`${iso}T00:00:00Z`) : null;
    if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} invalide ${quoted(v)} (format attendu : AAAA-MM-JJ)`,
      });
      return z.NEVER;
    }
    return iso;
  });

const houseNumber = (what: string) =>
  z.string().transform((v, ctx) => {
    if (!/^\d{1,6}$/.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} invalide ${quoted(v)} : un nombre entier positif est attendu`,
      });
      return z.NEVER;
    }
    return Number(v);
  });

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  vrai: true,
  faux: false,
  oui: true,
  non: false,
  '1': true,
  '0': false,
};

/** Rules for each column; `undefined` means an empty or absent cell. */
const FIELDS = {
  zone_id: z
    .string({ error: 'identifiant de zone (zone_id) manquant' })
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:/-]{0,199}$/u, {
      error: (iss) =>
        `identifiant de zone invalide ${quoted(iss.input)} (lettres, chiffres, « . _ : / - », sans espace)`,
    }),
  territory_id: text('territoire (territory_id)', 100),
  area_code: text('code du secteur (area_code)', 100),
  layer: enumField(SERVICE_LAYERS, 'couche (layer)', 'inconnue'),
  area_id: text('identifiant du secteur (area_id)', 200).optional(),
  mode: enumField(ZONE_MODES, 'mode', 'inconnu').default('include'),
  kind: enumField(ZONE_KINDS, 'type de zone (kind)', 'inconnu'),
  label: text('libellé (label)'),
  citycode: z
    .string()
    // A spreadsheet drops the leading zero of 01053: INSEE codes always have five characters.
    .transform((v) => (/^\d{4}$/.test(v) ? `0${v}` : v.toUpperCase()))
    .pipe(
      z.string().regex(/^(\d{5}|2[AB]\d{3})$/, {
        error: (iss) =>
          `code INSEE (citycode) invalide ${quoted(iss.input)} : cinq caractères, par ex. 94022`,
      }),
    )
    // Addresses in Paris, Lyon and Marseille carry their arrondissement's code: a zone on the whole city
    // would never match anything.
    .refine((v) => !['75056', '69123', '13055'].includes(v), {
      error: (iss) =>
        `code INSEE ${quoted(iss.input)} : pour Paris, Lyon et Marseille, indiquez le code de l’arrondissement (75101 à 75120, 69381 à 69389, 13201 à 13216)`,
    })
    .optional(),
  street: text('rue (street)').optional(),
  street_id: text('identifiant de voie (street_id)', 100).optional(),
  from: houseNumber('numéro de début (from)').optional(),
  to: houseNumber('numéro de fin (to)').optional(),
  parity: enumField(PARITIES, 'parité', 'inconnue').optional(),
  source: text('source'),
  source_url: z
    .url({
      protocol: /^https?$/,
      error: (iss) => `adresse de la source (source_url) invalide ${quoted(iss.input)}`,
    })
    .optional(),
  effective_date: dateField("date d'effet (effective_date)").optional(),
  verified_at: dateField('date de vérification (verified_at)').optional(),
  verified_by: text('vérifié par (verified_by)', 200).optional(),
  confidence: enumField(CONFIDENCES, 'niveau de confiance (confidence)', 'inconnu'),
  demo: z
    .string()
    .transform((v, ctx) => {
      const b = BOOLEAN_WORDS[v.toLowerCase()];
      if (b === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `valeur de « demo » invalide ${quoted(v)} (attendu : true ou false)`,
        });
        return z.NEVER;
      }
      return b;
    })
    .default(false),
} satisfies Record<Exclude<CatchmentColumn, 'geometry'>, z.ZodType>;

type Fields = { [K in keyof typeof FIELDS]: z.output<(typeof FIELDS)[K]> };

// ---------------------------------------------------------------------------------------------------
// Geometry

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) &&
  (p.length === 2 || p.length === 3) &&
  p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
  Math.abs(p[0] as number) <= 180 &&
  Math.abs(p[1] as number) <= 90;

function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring) || !ring.every(isPosition))
    return 'coordonnées invalides (paires [longitude, latitude] attendues)';
  if (ring.length < 4) return 'un anneau du polygone a moins de 4 points';
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1])
    return 'un anneau du polygone n’est pas fermé (premier point ≠ dernier)';
  return null;
}

function polygonProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'polygone sans anneau';
  for (const ring of rings) {
    const p = ringProblem(ring);
    if (p) return p;
  }
  return null;
}

/** Checks a GeoJSON geometry: only Polygon and MultiPolygon in WGS84 make a polygon zone. */
export function geometryProblem(g: unknown): string | null {
  if (typeof g !== 'object' || g === null || Array.isArray(g))
    return 'géométrie invalide (objet GeoJSON attendu)';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return polygonProblem(coordinates);
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'multipolygone sans polygone';
    for (const poly of coordinates) {
      const p = polygonProblem(poly);
      if (p) return p;
    }
    return null;
  }
  return `type de géométrie ${quoted(type)} non pris en charge (attendu : Polygon, MultiPolygon)`;
}

/** Keys sorted at every level: PostgreSQL's jsonb reorders keys, so equality is checked on this form. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** What the change log keeps of a geometry: enough to tell two versions apart, not megabytes of points. */
export function geometrySummary(g: unknown): { type: string; sha256: string; bytes: number } | null {
  if (g === null || g === undefined) return null;
  const json = canonicalJson(g);
  return {
    type: String((g as { type?: unknown }).type),
    sha256: createHash('sha256').update(json).digest('hex'),
    bytes: Buffer.byteLength(json),
  };
}

// ---------------------------------------------------------------------------------------------------
// One record

interface RawRecord {
  where: string;
  cells: Partial<Record<CatchmentColumn, Cell>>;
  /** The geometry as found: parsed JSON (CSV) or the feature's geometry (GeoJSON); null/undefined when none. */
  geometry: unknown;
  /** Set when the CSV geometry cell is not JSON. */
  geometryError?: string;
}

function validateRecord(raw: RawRecord): { record?: CatchmentRecord; errors: string[] } {
  const errors: string[] = [];
  const values: Partial<Record<keyof Fields, unknown>> = {};
  for (const [name, schema] of Object.entries(FIELDS) as [keyof typeof FIELDS, z.ZodType][]) {
    const r = schema.safeParse(raw.cells[name]);
    if (r.success) values[name] = r.data;
    else errors.push(...r.error.issues.map((i) => i.message));
  }
  const v = values as Partial<Fields>;
  const kind = v.kind;
  const has = (name: CatchmentColumn) => raw.cells[name] !== undefined;

  if (raw.geometryError) errors.push(raw.geometryError);
  const hasGeometry = raw.geometry !== null && raw.geometry !== undefined;
  if (kind === 'polygon') {
    if (!hasGeometry && !raw.geometryError)
      errors.push('zone polygon sans géométrie (colonne geometry vide)');
    if (hasGeometry) {
      const p = geometryProblem(raw.geometry);
      if (p) errors.push(`géométrie : ${p}`);
    }
  } else if (kind && hasGeometry) {
    errors.push(`une géométrie n’est admise que pour une zone polygon (type de zone : ${kind})`);
  }
  if ((kind === 'commune' || kind === 'street' || kind === 'number_range') && !has('citycode'))
    errors.push(`code INSEE (citycode) obligatoire pour une zone ${kind}`);
  if (kind === 'street' || kind === 'number_range') {
    if (!has('street') && !has('street_id'))
      errors.push(`rue (street) ou street_id obligatoire pour une zone ${kind}`);
  } else if (kind && (has('street') || has('street_id'))) {
    errors.push(`rue (street, street_id) inattendue pour une zone ${kind}`);
  }
  if (kind === 'number_range') {
    if (!has('from')) errors.push('numéro de début (from) obligatoire pour une zone number_range');
    if (!has('to')) errors.push('numéro de fin (to) obligatoire pour une zone number_range');
    if (!has('parity')) errors.push('parité obligatoire pour une zone number_range (even, odd ou both)');
    if (typeof v.from === 'number' && typeof v.to === 'number' && v.from > v.to)
      errors.push(`plage de numéros inversée : de ${v.from} à ${v.to}`);
  } else if (kind && (has('from') || has('to') || has('parity'))) {
    errors.push(`numéros (from, to, parity) inattendus pour une zone ${kind}`);
  }
  if (errors.length > 0) return { errors };

  const f = v as Fields;
  return {
    errors,
    record: {
      zoneId: f.zone_id,
      territoryId: f.territory_id,
      areaCode: f.area_code,
      layer: f.layer,
      areaId: f.area_id ?? null,
      mode: f.mode,
      kind: f.kind,
      label: f.label,
      citycode: f.citycode ?? null,
      street: f.street ?? null,
      streetId: f.street_id ?? null,
      fromNumber: f.from ?? null,
      toNumber: f.to ?? null,
      parity: f.parity ?? null,
      geometry: f.kind === 'polygon' ? (raw.geometry as PolygonGeometry) : null,
      source: f.source,
      sourceUrl: f.source_url ?? null,
      effectiveDate: f.effective_date ?? null,
      verifiedAt: f.verified_at ?? null,
      verifiedBy: f.verified_by ?? null,
      confidence: f.confidence,
      demo: f.demo,
    },
  };
}

function validateAll(
  format: CatchmentFormat,
  raws: RawRecord[],
  fileErrors: CatchmentIssue[],
): ParsedCatchmentFile {
  const errors = [...fileErrors];
  const records: LocatedRecord[] = [];
  const seen = new Map<string, string>();
  for (const raw of raws) {
    const r = validateRecord(raw);
    for (const message of r.errors) errors.push({ where: raw.where, message });
    if (!r.record) continue;
    const previous = seen.get(r.record.zoneId);
    if (previous) {
      errors.push({
        where: raw.where,
        message: `zone_id ${quoted(r.record.zoneId)} déjà utilisé (${previous})`,
      });
      continue;
    }
    seen.set(r.record.zoneId, raw.where);
    records.push({ where: raw.where, record: r.record });
  }
  return { format, records, errors };
}

const cellOf = (v: unknown): Cell => {
  if (v === null || v === undefined) return undefined;
  const s = (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
  return s === '' ? undefined : s;
};

// ---------------------------------------------------------------------------------------------------
// CSV

/** `;` (French spreadsheets) or `,`, whichever the header line uses more, outside quotes. */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let inQuotes = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  const best = (Object.entries(counts) as [';' | ',' | '\t', number][]).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ';';
}

export function parseCatchmentCsv(input: string): ParsedCatchmentFile {
  const textBody = input.replace(/^\uFEFF/, '');
  const fail = (message: string): ParsedCatchmentFile => ({
    format: 'csv',
    records: [],
    errors: [{ where: 'fichier', message }],
  });
  if (textBody.trim() === '') return fail('fichier vide');
  const firstLine = textBody.slice(0, textBody.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(textBody, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof rows;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return {
      format: 'csv',
      records: [],
      errors: [{ where: e.lines ? `ligne ${e.lines}` : 'fichier', message: `CSV illisible (${e.message})` }],
    };
  }
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return fail('fichier vide');
  const header = headerRow.record.map((h) => h.trim().toLowerCase());
  const fileErrors: CatchmentIssue[] = [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    fileErrors.push({
      where: 'ligne 1',
      message: `colonne(s) obligatoire(s) absente(s) : ${missing.join(', ')} (séparateur détecté : ${quoted(delimiter === '\t' ? 'tabulation' : delimiter)})`,
    });
  const duplicated = header.filter((h, i) => h !== '' && header.indexOf(h) !== i);
  if (duplicated.length > 0)
    fileErrors.push({
      where: 'ligne 1',
      message: `colonne(s) en double : ${[...new Set(duplicated)].join(', ')}`,
    });
  if (fileErrors.length > 0) return { format: 'csv', records: [], errors: fileErrors };

  const known = new Set<string>(CATCHMENT_COLUMNS);
  const raws: RawRecord[] = [];
  for (const { record, info } of dataRows) {
    const where = `ligne ${info.lines}`;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length) {
      fileErrors.push({ where, message: `${record.length} valeurs pour ${header.length} colonnes` });
      continue;
    }
    const cells: Partial<Record<CatchmentColumn, Cell>> = {};
    header.forEach((h, i) => {
      if (known.has(h)) cells[h as CatchmentColumn] = cellOf(record[i]);
    });
    const raw: RawRecord = { where, cells, geometry: null };
    const g = cells.geometry;
    if (g !== undefined) {
      try {
        raw.geometry = JSON.parse(g) as unknown;
      } catch {
        raw.geometryError = 'géométrie : texte JSON (GeoJSON) illisible';
      }
    }
    raws.push(raw);
  }
  return validateAll('csv', raws, fileErrors);
}

// ---------------------------------------------------------------------------------------------------
// GeoJSON

export function parseCatchmentGeoJson(input: string): ParsedCatchmentFile {
  const fail = (message: string): ParsedCatchmentFile => ({
    format: 'geojson',
    records: [],
    errors: [{ where: 'fichier', message }],
  });
  let doc: unknown;
  try {
    doc = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fail(`JSON illisible (${(err as Error).message})`);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (
    typeof doc !== 'object' ||
    doc === null ||
    fc.type !== 'FeatureCollection' ||
    !Array.isArray(fc.features)
  )
    return fail('un GeoJSON de type FeatureCollection est attendu');
  const raws: RawRecord[] = [];
  const fileErrors: CatchmentIssue[] = [];
  fc.features.forEach((feature: unknown, i) => {
    const where = `objet ${i + 1}`;
    const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown };
    if (typeof feature !== 'object' || feature === null || f.type !== 'Feature') {
      fileErrors.push({ where, message: 'un objet GeoJSON de type Feature est attendu' });
      return;
    }
    const props = (f.properties ?? {}) as Record<string, unknown>;
    if (typeof props !== 'object' || Array.isArray(props)) {
      fileErrors.push({ where, message: 'les propriétés doivent être un objet' });
      return;
    }
    const cells: Partial<Record<CatchmentColumn, Cell>> = {};
    for (const c of CATCHMENT_COLUMNS) if (c !== 'geometry') cells[c] = cellOf(props[c]);
    raws.push({
      where: `${where}${cells.zone_id ? ` (${cells.zone_id})` : ''}`,
      cells,
      geometry: f.geometry ?? null,
    });
  });
  return validateAll('geojson', raws, fileErrors);
}

/** GeoJSON when the name says so or the text starts with `{`; CSV otherwise. */
export function detectFormat(input: string, fileName?: string): CatchmentFormat {
  if (fileName && /\.(geo)?json$/i.test(fileName)) return 'geojson';
  if (fileName && /\.(csv|txt)$/i.test(fileName)) return 'csv';
  return input
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'geojson'
    : 'csv';
}

/** Parses and validates a whole catchment file; `errors` lists every problem, in French, located. */
export function parseCatchmentFile(
  input: string,
  opts: { format?: CatchmentFormat; fileName?: string } = {},
): ParsedCatchmentFile {
  const format = opts.format ?? detectFormat(input, opts.fileName);
  return format === 'geojson' ? parseCatchmentGeoJson(input) : parseCatchmentCsv(input);
}

// ---------------------------------------------------------------------------------------------------
// Rows ↔ records, and writing

/** The file view of a stored zone. */
export function recordFromZone(zone: ZoneRow, area: ServiceAreaRow): CatchmentRecord {
  return {
    zoneId: zone.id,
    territoryId: area.territoryId,
    areaCode: area.code,
    layer: area.layer,
    areaId: area.id,
    mode: zone.mode,
    kind: zone.kind,
    label: zone.label,
    citycode: zone.citycode,
    street: zone.street,
    streetId: zone.streetId,
    fromNumber: zone.fromNumber,
    toNumber: zone.toNumber,
    parity: zone.parity,
    geometry: (zone.geometry ?? null) as PolygonGeometry | null,
    source: zone.source,
    sourceUrl: zone.sourceUrl,
    effectiveDate: zone.effectiveDate,
    verifiedAt: zone.verifiedAt,
    verifiedBy: zone.verifiedBy,
    confidence: zone.confidence,
    demo: zone.demo,
  };
}

function propertiesOf(
  r: CatchmentRecord,
): Record<Exclude<CatchmentColumn, 'geometry'>, string | number | boolean | null> {
  return {
    zone_id: r.zoneId,
    territory_id: r.territoryId,
    area_code: r.areaCode,
    layer: r.layer,
    mode: r.mode,
    kind: r.kind,
    label: r.label,
    citycode: r.citycode,
    street: r.street,
    street_id: r.streetId,
    from: r.fromNumber,
    to: r.toNumber,
    parity: r.parity,
    source: r.source,
    source_url: r.sourceUrl,
    effective_date: r.effectiveDate,
    verified_at: r.verifiedAt,
    verified_by: r.verifiedBy,
    confidence: r.confidence,
    demo: r.demo,
    area_id: r.areaId,
  };
}

/**
 * CSV with `;` and a BOM: the layout French spreadsheets open correctly with a double click. Import
 * accepts `,` too, with or without BOM.
 */
export function writeCatchmentsCsv(
  records: readonly CatchmentRecord[],
  opts: { bom?: boolean } = {},
): string {
  const rows = records.map((r) => {
    const p = propertiesOf(r);
    return CATCHMENT_COLUMNS.map((c) => {
      if (c === 'geometry') return r.geometry ? JSON.stringify(r.geometry) : '';
      const v = p[c];
      return v === null ? '' : String(v);
    });
  });
  return stringify([[...CATCHMENT_COLUMNS], ...rows], {
    delimiter: ';',
    bom: opts.bom ?? true,
    record_delimiter: 'unix',
  });
}

/** A FeatureCollection with one feature per line: readable diffs, and no megabytes of indentation. */
export function writeCatchmentsGeoJson(records: readonly CatchmentRecord[]): string {
  const features = records.map((r) =>
    JSON.stringify({ type: 'Feature', id: r.zoneId, properties: propertiesOf(r), geometry: r.geometry }),
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

export function writeCatchments(records: readonly CatchmentRecord[], format: CatchmentFormat): string {
  return format === 'geojson' ? writeCatchmentsGeoJson(records) : writeCatchmentsCsv(records);
}
