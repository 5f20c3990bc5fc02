/**
 * Address text normalisation shared by the catchment engine and the geocoders. Street names reach us
 * written by hand (« R. du Télégraphe »), by the BAN (« Rue du Télégraphe ») or by a landlord's
 * software in capitals without accents (« R DU TELEGRAPHE »): a catchment rule written one way must
 * match an address written another way.
 */

/**
 * Abbreviations of French street types and of the titles that appear in street names, as found in
 * La Poste's AFNOR NF Z 10-011 list and in landlord exports. Keys are normalised tokens (see
 * `normalizeText`); a value may hold several words (« rpt » → « rond point »). A Map, not an object:
 * a street called « Constructor » must not find `Object.prototype.constructor`.
 */
export const STREET_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  // street types
  ['r', 'rue'],
  ['av', 'avenue'],
  ['ave', 'avenue'],
  ['avn', 'avenue'],
  ['bd', 'boulevard'],
  ['bld', 'boulevard'],
  ['blvd', 'boulevard'],
  ['boul', 'boulevard'],
  ['bvd', 'boulevard'],
  ['pl', 'place'],
  ['sq', 'square'],
  ['all', 'allee'],
  ['al', 'allee'],
  ['imp', 'impasse'],
  ['ch', 'chemin'],
  ['chem', 'chemin'],
  ['che', 'chemin'],
  ['chs', 'chaussee'],
  ['rte', 'route'],
  ['pass', 'passage'],
  ['pas', 'passage'],
  ['psg', 'passage'],
  ['qu', 'quai'],
  ['qua', 'quai'],
  ['crs', 'cours'],
  ['fg', 'faubourg'],
  ['fbg', 'faubourg'],
  ['prom', 'promenade'],
  ['pro', 'promenade'],
  ['sent', 'sentier'],
  ['sen', 'sentier'],
  ['cit', 'cite'],
  ['res', 'residence'],
  ['vla', 'villa'],
  ['ham', 'hameau'],
  ['hle', 'halle'],
  ['lot', 'lotissement'],
  ['mte', 'montee'],
  ['esp', 'esplanade'],
  ['trav', 'traverse'],
  ['tra', 'traverse'],
  ['carr', 'carrefour'],
  ['rpt', 'rond point'],
  ['rdpt', 'rond point'],
  ['pte', 'porte'],
  ['pkg', 'parking'],
  ['prv', 'parvis'],
  ['vc', 'voie communale'],
  ['zi', 'zone industrielle'],
  ['za', 'zone activite'],
  ['zac', 'zone amenagement concerte'],
  // titles and saints
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
  ['gal', 'general'],
  ['gen', 'general'],
  ['gl', 'general'],
  ['mal', 'marechal'],
  ['pdt', 'president'],
  ['pres', 'president'],
  ['dr', 'docteur'],
  ['doct', 'docteur'],
  ['pr', 'professeur'],
  ['prof', 'professeur'],
  ['cdt', 'commandant'],
  ['cmdt', 'commandant'],
  ['cne', 'capitaine'],
  ['cap', 'capitaine'],
  ['lt', 'lieutenant'],
  ['col', 'colonel'],
  ['adj', 'adjudant'],
  ['mgr', 'monseigneur'],
  ['nd', 'notre dame'],
  ['gde', 'grande'],
  ['gd', 'grand'],
  // ordinals written in digits
  ['1er', 'premier'],
  ['1ere', 'premiere'],
]);

/** Words dropped from street keys: « rue de la Paix » and « rue Paix » are the same street. */
export const STREET_STOP_WORDS: ReadonlySet<string> = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'a',
  'au',
  'aux',
]);

const COMBINING_MARKS = /\p{M}+/gu;

/** The slow, obviously right path, for text with characters beyond Latin Extended-A. */
function foldUnicode(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/**
 * What each character up to U+017F (Latin-1 and Latin Extended-A: every letter of French) becomes:
 * lower-case letters without accent, '' for nothing, ' ' for a word break. Computed once from
 * `foldUnicode` so that both paths agree.
 */
const FOLD: readonly string[] = Array.from({ length: 0x180 }, (_, c) => {
  const folded = foldUnicode(String.fromCharCode(c));
  return /^[a-z0-9]+$/.test(folded) ? folded : ' ';
});

/**
 * The words of a string: lower case, no accents, split on every character other than a–z / 0–9
 * (apostrophes, hyphens, dots, commas…). A table-driven scan rather than NFD and regular expressions:
 * it runs for every address of a batch file.
 */
function words(s: string): string[] {
  const out: string[] = [];
  let word = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let f: string;
    if (c < 0x180) f = FOLD[c] ?? ' ';
    else if (c >= 0x300 && c <= 0x36f)
      continue; // combining accent of already decomposed text
    else if (c >= 0x2000 && c <= 0x206f)
      f = ' '; // typographic apostrophes, dashes, spaces
    else return foldedWords(s);
    if (f === ' ') {
      if (word !== '') out.push(word);
      word = '';
    } else {
      word += f;
    }
  }
  if (word !== '') out.push(word);
  return out;
}

function foldedWords(s: string): string[] {
  return foldUnicode(s)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Lower case, no accents (NFD then combining marks removed; « œ » → « oe »), every run of characters
 * other than a–z / 0–9 (apostrophes, hyphens, dots, commas…) becomes one space, trimmed.
 */
export function normalizeText(s: string): string {
  return words(s).join(' ');
}

/**
 * Normalised tokens with abbreviations expanded (a multi-word expansion gives several tokens) and stop
 * words left out. Expansion applies at any position so that both sides of a comparison are treated
 * the same way (« Pl. du Gal de Gaulle » and « Place du Général de Gaulle »).
 */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  for (const raw of words(s)) {
    const expanded = STREET_ABBREVIATIONS.get(raw);
    if (expanded === undefined) {
      if (!STREET_STOP_WORDS.has(raw)) out.push(raw);
      continue;
    }
    for (const word of expanded.split(' ')) if (!STREET_STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

/**
 * Canonical key of a French street name: « Rue du Télégraphe », « R DU TELEGRAPHE » and
 * « r. du telegraphe » all give « rue telegraphe ». Two different streets can share a key only when
 * they differ by stop words or by an abbreviation, which does not happen within one commune in BAN.
 */
export function streetKey(name: string): string {
  return tokenize(name).join(' ');
}

/** Repetition indices (indices de répétition) used by the BAN after a house number. */
const REPETITION_SUFFIXES: ReadonlyMap<string, string> = new Map([
  ['b', 'bis'],
  ['bi', 'bis'],
  ['bis', 'bis'],
  ['t', 'ter'],
  ['ter', 'ter'],
  ['q', 'quater'],
  ['qua', 'quater'],
  ['quater', 'quater'],
  ['quinquies', 'quinquies'],
  ['sexies', 'sexies'],
]);

export interface HouseNumber {
  number: number;
  /** « bis », « ter », « quater »…, or a letter (« a », « c ») as some communes number; null if none. */
  suffix: string | null;
}

const HOUSE_NUMBER = /^(?:n\s*o?\s*)?(\d{1,5})\s*([a-z]*)/;

/**
 * Reads the house number at the start of a string: « 12 bis » → 12 / « bis », « 12B » → 12 / « bis »,
 * « 3 ter » → 3 / « ter », « 7 A » → 7 / « a », « n° 4 » → 4, « 12-14 » → 12 (the first number of a
 * span, which is what the BAN indexes). Returns null when there is no number.
 */
export function parseHouseNumber(input: string | number | null | undefined): HouseNumber | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0 ? { number: input, suffix: null } : null;
  }
  const text = normalizeText(input.replace(/°/g, 'o'));
  const m = HOUSE_NUMBER.exec(text);
  if (!m) return null;
  const number = Number(m[1]);
  let rest = m[2] ?? '';
  if (rest === '') {
    // « 12 bis »: the suffix is the next word, if it is one.
    const next = text.slice(m[0].length).trim().split(' ')[0] ?? '';
    rest = REPETITION_SUFFIXES.has(next) || /^[a-z]$/.test(next) ? next : '';
  }
  if (rest === '') return { number, suffix: null };
  const known = REPETITION_SUFFIXES.get(rest);
  if (known !== undefined) return { number, suffix: known };
  if (/^[a-z]$/.test(rest)) return { number, suffix: rest };
  // « 12rue de … » written without a space: the letters are a word, not a suffix.
  return { number, suffix: null };
}
