import { z } from 'zod';

/** Largest file accepted (bytes): a landlord's whole stock fits many times over. */
export const CROSSWALK_MAX_BYTES = 5 * 1024 * 1024;
/** Largest number of buildings (data rows) in one file. */
export const CROSSWALK_MAX_ROWS = 20_000;
/** Rows of the completed file sent back for the on-screen preview (the download holds them all). */
export const CROSSWALK_PREVIEW_ROWS = 200;

/** Row statuses of the batch lookup (the CLI's `statut` column, same codes). */
export const CROSSWALK_STATUSES = [
  'ok',
  'adresse_introuvable',
  'hors_territoire',
  'sans_secteur',
  'adresse_imprecise',
  'conflit',
  'coordonnees_invalides',
] as const;
export type CrosswalkStatus = (typeof CROSSWALK_STATUSES)[number];

export const CROSSWALK_STATUS_LABELS: Record<CrosswalkStatus, string> = {
  ok: 'Secteurs trouvés',
  adresse_introuvable: 'Adresse introuvable',
  hors_territoire: 'Hors des territoires couverts',
  sans_secteur: 'Aucun secteur renseigné',
  adresse_imprecise: 'Adresse imprécise (numéro ou rue manquant)',
  conflit: 'Zones en conflit (à trancher par le coordinateur)',
  coordonnees_invalides: 'Coordonnées invalides',
};

/** Columns added after the batch lookup's own: the main CMP of each sector and its phone. */
export const CROSSWALK_SITE_COLUMNS = [
  'cmp_adulte',
  'cmp_adulte_telephone',
  'cmp_enfant',
  'cmp_enfant_telephone',
] as const;

const columnName = z.string().trim().min(1).max(200);

/** Which column holds the address, or which two hold coordinates; all absent = guessed from the header. */
export const crosswalkOptionsSchema = z.object({
  addressColumn: columnName
    .optional()
    .describe('colonne de l’adresse (par défaut « adresse » ou « address »)'),
  latColumn: columnName.optional().describe('colonne de la latitude (WGS84)'),
  lonColumn: columnName.optional().describe('colonne de la longitude (WGS84)'),
});
export type CrosswalkOptions = z.infer<typeof crosswalkOptionsSchema>;

/** JSON variant of the upload: the CSV as text. */
export const crosswalkJsonBodySchema = crosswalkOptionsSchema.extend({
  csv: z.string().describe('contenu du fichier CSV'),
});

export const crosswalkQuerySchema = z.object({
  format: z
    .enum(['csv', 'json'])
    .default('csv')
    .describe('csv : le fichier complété en pièce jointe ; json : résumé, aperçu et fichier complété'),
});

export const crosswalkSummarySchema = z.object({
  rows: z.number().int().nonnegative(),
  byStatus: z.record(z.enum(CROSSWALK_STATUSES), z.number().int().nonnegative()),
});
export type CrosswalkSummary = z.infer<typeof crosswalkSummarySchema>;

export const crosswalkResultSchema = z.object({
  fileName: z.string(),
  delimiter: z.string(),
  columns: z.array(z.string()),
  summary: crosswalkSummarySchema,
  /** The first CROSSWALK_PREVIEW_ROWS data rows, with the added cells. */
  rows: z.array(z.array(z.string())),
  /** The whole completed file (UTF-8, without BOM: the page adds it to the download). */
  csv: z.string(),
});
export type CrosswalkResult = z.infer<typeof crosswalkResultSchema>;

/** The most frequent of `;`, `,` and tab outside quotes (`;` when none), as the batch lookup chooses. */
export function headerDelimiter(line: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  let best = ';';
  let max = 0;
  for (const d of [';', ',', '\t']) {
    const n = counts[d] ?? 0;
    if (n > max) {
      best = d;
      max = n;
    }
  }
  return best;
}

/** The column names of a CSV header line (quotes removed, BOM and spaces trimmed). */
export function headerColumns(text: string): string[] {
  const line = (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').trimEnd();
  if (line.trim() === '') return [];
  const delimiter = headerDelimiter(line);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delimiter && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const ADDRESS_NAMES = ['adresse', 'address', 'adresse_postale', 'adresse postale'];
const LAT_NAMES = ['lat', 'latitude'];
const LON_NAMES = ['lon', 'lng', 'long', 'longitude'];

/**
 * The column choice made when the user names none: a column called « adresse » (or « address »), else a
 * pair of coordinate columns. Null when neither is found: the user must choose.
 */
export function guessColumns(columns: readonly string[]): CrosswalkOptions | null {
  const find = (names: string[]) => columns.find((c) => names.includes(c.trim().toLowerCase()));
  const address = find(ADDRESS_NAMES);
  if (address) return { addressColumn: address };
  const lat = find(LAT_NAMES);
  const lon = find(LON_NAMES);
  if (lat && lon) return { latColumn: lat, lonColumn: lon };
  return null;
}
