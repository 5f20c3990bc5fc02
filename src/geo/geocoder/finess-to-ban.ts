/**
 * Turns the FINESS extract shipped in `data/psychiatry/finess_psy_75_94.csv` (establishments with an
 * address and WGS84 coordinates) into BAN-shaped address rows, so that the demo geocoder can be seeded
 * with real addresses and real coordinates without downloading a BAN export.
 *
 * FINESS writes « 4 R MARCO POLO », « 29 R DU FBG ST-ANTOINE »: the street type and title abbreviations
 * are expanded and the case restored BAN style (« Rue du Faubourg Saint-Antoine »). Accents missing in
 * FINESS are not invented. Ids are synthetic (`<citycode>_x<hash>`), never real BAN ids.
 */
import { parse } from 'csv-parse/sync';
import type { BanAddressRow } from './ban-csv';
import { foldText } from './text';

export interface CommuneName {
  /** INSEE code (arrondissements for Paris: 75101…75120). */
  code: string;
  nom: string;
  codesPostaux?: string[];
}

export interface FinessToBanOptions {
  /** Official commune names (e.g. `data/admin/communes_75_94.json`); without them names are rebuilt from FINESS. */
  communes?: readonly CommuneName[];
  /** Called for each FINESS row that cannot become an address, with its 1-based line number. */
  onSkipped?: (line: number, reason: string) => void;
}

const STREET_TYPES: Record<string, string> = {
  R: 'Rue',
  RUE: 'Rue',
  AV: 'Avenue',
  AVE: 'Avenue',
  BD: 'Boulevard',
  PL: 'Place',
  SQ: 'Square',
  ALL: 'Allée',
  IMP: 'Impasse',
  PAS: 'Passage',
  PROM: 'Promenade',
  QU: 'Quai',
  QUA: 'Quai',
  QUAI: 'Quai',
  VLA: 'Villa',
  VOI: 'Voie',
  CITE: 'Cité',
  COUR: 'Cour',
  CRS: 'Cours',
  TOUR: 'Tour',
  RTE: 'Route',
  CHE: 'Chemin',
  CHEM: 'Chemin',
  HAM: 'Hameau',
  RES: 'Résidence',
  SEN: 'Sentier',
  ESP: 'Esplanade',
  LOT: 'Lotissement',
  RPT: 'Rond-Point',
  GR: 'Grande Rue',
};

const WORDS: Record<string, string> = {
  ST: 'Saint',
  STE: 'Sainte',
  FBG: 'Faubourg',
  PDT: 'Président',
  PR: 'Professeur',
  GAL: 'Général',
  GEN: 'Général',
  MAL: 'Maréchal',
  DR: 'Docteur',
  CDT: 'Commandant',
  MGR: 'Monseigneur',
};

const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'et',
  'au',
  'aux',
  'sur',
  'sous',
  'en',
  'lès',
]);

const REP_LETTERS: Record<string, string> = { B: 'bis', T: 'ter', Q: 'quater' };

function capitalize(word: string): string {
  const lower = word.toLocaleLowerCase('fr');
  return lower.charAt(0).toLocaleUpperCase('fr') + lower.slice(1);
}

/** « ST-GERVAIS » → « Saint-Gervais », « D'ALÉSIA » → « d'Alésia », « DU » → « du ». */
function caseWord(word: string, isFirst: boolean): string {
  if (word.includes('-')) {
    return word
      .split('-')
      .map((w, i) => caseWord(w, isFirst && i === 0))
      .map((w, i) => (i === 0 ? w : capitalize(w)))
      .join('-');
  }
  const elided = /^([DL])['’](.+)$/i.exec(word);
  if (elided?.[1] && elided[2]) return `${elided[1].toLowerCase()}'${capitalize(elided[2])}`;
  const expanded = WORDS[word.toUpperCase()];
  if (expanded) return expanded;
  const lower = word.toLocaleLowerCase('fr');
  if (!isFirst && PARTICLES.has(lower)) return lower;
  return capitalize(word);
}

/** « R DU FBG ST-ANTOINE » → « Rue du Faubourg Saint-Antoine ». */
export function expandFinessStreet(raw: string): string {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  const first = words[0]?.toUpperCase();
  let i = 0;
  if (first !== undefined && STREET_TYPES[first] && words.length > 1) {
    out.push(STREET_TYPES[first]);
    i = 1;
    // « 20B R RUE DE DOUAI »: the type written twice.
    if (words[1]?.toUpperCase() === 'RUE' && first === 'R') i = 2;
  }
  for (; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    // « R D HAUTEVILLE »: a lone D or L is an elided article.
    if ((w === 'D' || w === 'L') && next !== undefined) {
      out.push(`${w.toLowerCase()}'${caseWord(next, false)}`);
      i++;
      continue;
    }
    out.push(caseWord(w, out.length === 0));
  }
  return out.join(' ');
}

/** « CHOISY LE ROI » → « Choisy-le-Roi », used only when no official name is given. */
function communeNameFromFiness(ville: string): string {
  const words = ville
    .replace(/\bCEDEX\b.*$/i, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return words
    .map((w, i) => {
      if (w === 'L' || w === 'D') return `${w}'`;
      const e = WORDS[w.toUpperCase()];
      if (e) return e;
      const lower = w.toLocaleLowerCase('fr');
      return i > 0 && PARTICLES.has(lower) ? lower : capitalize(w);
    })
    .join('-')
    .replace(/'-/g, "'");
}

function parisArrondissement(citycode: string): number | null {
  const m = /^751(\d\d)$/.exec(citycode);
  const n = m?.[1] ? Number(m[1]) : 0;
  return n >= 1 && n <= 20 ? n : null;
}

function parisName(n: number): string {
  return `Paris ${n}${n === 1 ? 'er' : 'e'} Arrondissement`;
}

function hash36(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0').slice(0, 5);
}

type FinessRecord = Record<string, string | undefined>;

export interface FinessAddress {
  number: number | null;
  rep: string | null;
  street: string;
  /** « 145 bis Rue d'Alésia ». */
  label: string;
}

const FINESS_ADDRESS = /^\s*(\d+)([A-Z])?\s+(.+)$/i;

/** « 145B R D'ALÉSIA » → number 145, rep bis, street « Rue d'Alésia ». */
export function expandFinessAddress(adresse: string): FinessAddress {
  const m = FINESS_ADDRESS.exec(adresse);
  if (!m?.[1] || !m[3]) {
    const street = expandFinessStreet(adresse);
    return { number: null, rep: null, street, label: street };
  }
  const letter = m[2]?.toUpperCase();
  const rep = letter ? (REP_LETTERS[letter] ?? letter.toLowerCase()) : null;
  const street = expandFinessStreet(m[3]);
  const number = Number(m[1]);
  return { number, rep, street, label: `${number}${rep ? ` ${rep}` : ''} ${street}` };
}

/**
 * Converts the FINESS CSV text to BAN rows: one row per distinct (commune, number, suffix, street);
 * rows without a number, without coordinates or whose commune cannot be determined are skipped.
 * CEDEX postcodes are replaced by the commune's ordinary postcode when it can be known.
 */
export function finessToBanRows(csvText: string, options: FinessToBanOptions = {}): BanAddressRow[] {
  const records = parse(csvText, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as FinessRecord[];
  const skip = (line: number, reason: string): void => options.onSkipped?.(line, reason);
  const communes = new Map((options.communes ?? []).map((c) => [c.code, c]));

  const isCedex = (r: FinessRecord): boolean => /\bCEDEX\b/i.test(r.ville ?? '');
  const communesByPostcode = new Map<string, string[]>();
  for (const c of options.communes ?? []) {
    for (const p of c.codesPostaux ?? [])
      communesByPostcode.set(p, [...(communesByPostcode.get(p) ?? []), c.code]);
  }

  const cityCodeOf = (r: FinessRecord): string | null => {
    const code = (r.code_insee ?? '').trim();
    if (/^\d[\dAB]\d{3}$/.test(code)) return code;
    const postcode = (r.code_postal ?? '').trim();
    const ville = (r.ville ?? '').toUpperCase();
    const parisCedex = /^PARIS\b.*\bCEDEX\s+(\d{1,2})\b/.exec(ville);
    if (parisCedex?.[1]) return `751${parisCedex[1].padStart(2, '0')}`;
    if (/^PARIS\b/.test(ville) && /^75(0(0[1-9]|1\d|20)|116)$/.test(postcode)) {
      return postcode === '75116' ? '75116' : `751${postcode.slice(3)}`;
    }
    const candidates = isCedex(r) ? [] : (communesByPostcode.get(postcode) ?? []);
    return candidates.length === 1 ? (candidates[0] ?? null) : null;
  };

  // Ordinary postcode of each commune, learnt from the non-CEDEX rows (a CEDEX code is a mail sorting
  // code, not the postcode of the place).
  const knownPostcode = new Map<string, string>();
  for (const r of records) {
    const citycode = cityCodeOf(r);
    const postcode = (r.code_postal ?? '').trim();
    if (citycode && !isCedex(r) && /^\d{5}$/.test(postcode) && !knownPostcode.has(citycode)) {
      knownPostcode.set(citycode, postcode);
    }
  }
  const postcodeOf = (r: FinessRecord, citycode: string): string | null => {
    const postcode = (r.code_postal ?? '').trim();
    const official = communes.get(citycode)?.codesPostaux ?? [];
    if (!isCedex(r) && /^\d{5}$/.test(postcode) && (official.length === 0 || official.includes(postcode)))
      return postcode;
    const arr = parisArrondissement(citycode);
    if (arr !== null) return `750${String(arr).padStart(2, '0')}`;
    if (official.length === 1) return official[0] ?? null;
    return knownPostcode.get(citycode) ?? null;
  };

  const rows: BanAddressRow[] = [];
  const seen = new Set<string>();
  records.forEach((r, index) => {
    const line = index + 2;
    const address = expandFinessAddress(r.adresse ?? '');
    const { number, rep, street } = address;
    if (number === null || street === '') {
      skip(line, `adresse sans numéro : « ${r.adresse ?? ''} »`);
      return;
    }
    const lat = Number(r.lat);
    const lon = Number(r.lon);
    if (
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      (r.lat ?? '').trim() === '' ||
      (r.lon ?? '').trim() === ''
    ) {
      skip(line, 'coordonnées absentes');
      return;
    }
    const citycode = cityCodeOf(r);
    if (!citycode) {
      skip(line, `commune indéterminée : « ${r.code_postal ?? ''} ${r.ville ?? ''} »`);
      return;
    }
    const postcode = postcodeOf(r, citycode);
    if (!postcode) {
      skip(line, `code postal indéterminé (CEDEX) : « ${r.code_postal ?? ''} ${r.ville ?? ''} »`);
      return;
    }
    const key = `${citycode}|${number}|${rep ?? ''}|${foldText(street)}`;
    if (seen.has(key)) {
      skip(line, 'adresse en double');
      return;
    }
    seen.add(key);
    const arr = parisArrondissement(citycode);
    const city =
      communes.get(citycode)?.nom ?? (arr !== null ? parisName(arr) : communeNameFromFiness(r.ville ?? ''));
    const streetId = `${citycode}_x${hash36(foldText(street))}`;
    rows.push({
      id: `${streetId}_${String(number).padStart(5, '0')}${rep ? `_${rep}` : ''}`,
      streetId,
      number,
      rep,
      street,
      postcode,
      citycode,
      city,
      lon,
      lat,
    });
  });
  return rows;
}
