/**
 * Parsing of a typed French address into what the local index needs: house number and suffix,
 * postcode, Paris/Lyon/Marseille arrondissement, and the remaining words (street and commune, in that
 * order but with no separator we can trust). Postal noise is removed first, as addok does: CEDEX, BP,
 * CS, apartment, building, staircase, floor, « chez … ».
 */
import { expandWords, foldText } from './text';

export interface ParsedQuery {
  number: number | null;
  /** Normalised suffix: bis, ter, quater, quinquies or a single letter. */
  rep: string | null;
  postcode: string | null;
  /** Arrondissement number when the query says « Paris 20e », « Lyon 3 », « Marseille 1er ». */
  arrondissement: { city: 'paris' | 'lyon' | 'marseille'; n: number } | null;
  /** The query said CEDEX: its postcode is then a mail sorting code, not the commune's postcode. */
  cedex: boolean;
  /** Remaining folded words, abbreviations expanded and articles removed, in query order. */
  words: string[];
}

const REP_WORDS: Record<string, string> = {
  bis: 'bis',
  b: 'bis',
  ter: 'ter',
  t: 'ter',
  quater: 'quater',
  qua: 'quater',
  q: 'quater',
  quinquies: 'quinquies',
  a: 'a',
  c: 'c',
  d: 'd',
};

/** Folded suffix of a BAN `rep` value: « B » and « bis » are the same thing to someone typing. */
export function normalizeRep(rep: string | null | undefined): string | null {
  if (!rep) return null;
  const f = foldText(rep).replace(/ /g, '');
  if (f === '') return null;
  return REP_WORDS[f] ?? f;
}

/** Segments (between commas) that are only a recipient or a delivery detail are dropped whole. */
const NOISE_SEGMENT = /^(chez|c o|a l attention|attn|mme|mlle|m|mr|monsieur|madame|mademoiselle)\b/;

const ORDINAL = /^(\d{1,2})(e|er|ere|eme|ieme|em)$/;
const POSTCODE = /^(?!00)\d{5}$/;
const ARRONDISSEMENT_COUNT = { paris: 20, lyon: 9, marseille: 16 } as const;

/** Words that introduce a detail to drop together with the word (or number) that follows. */
const DETAIL_WITH_VALUE = new Set([
  'cedex',
  'bp',
  'cs',
  'tsa',
  'appartement',
  'appart',
  'appt',
  'apt',
  'app',
  'logement',
  'lgt',
  'batiment',
  'bat',
  'bt',
  'bats',
  'immeuble',
  'imm',
  'escalier',
  'esc',
  'etage',
  'etg',
  'porte',
]);

/** Words dropped alone. */
const DETAIL_ALONE = new Set(['rdc', 'france', 'no', 'n', 'numero', 'lieudit', 'ld']);

function splitDigitsLetters(t: string): string[] {
  if (ORDINAL.test(t)) return [t];
  const m = /^(\d+)([a-z]+)$/.exec(t);
  if (m?.[1] && m[2]) return [m[1], m[2]];
  const m2 = /^([a-z]+)(\d{5})$/.exec(t);
  if (m2?.[1] && m2[2]) return [m2[1], m2[2]];
  return [t];
}

function cleanSegment(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (DETAIL_WITH_VALUE.has(t)) {
      // « porte » is also a word of street names (« avenue de la Porte de Choisy »): only a short value
      // after it (a door number or letter) makes it a delivery detail.
      const valuePattern = t === 'porte' ? /^\d{1,3}[a-z]?$/ : /^(\d{1,3}[a-z]?|[a-z]|[a-z]\d{1,3})$/;
      const isValue = next !== undefined && valuePattern.test(next);
      if (t === 'porte' && !isValue) {
        out.push(t);
        continue;
      }
      if (t === 'cedex' && next !== undefined && !/^\d{1,2}$/.test(next)) continue;
      if (isValue || (t !== 'cedex' && next !== undefined && /^\d+$/.test(next))) i++;
      continue;
    }
    // « 3e étage », « 2eme etage »
    if (ORDINAL.test(t) && (next === 'etage' || next === 'etg')) {
      i++;
      continue;
    }
    if (t === 'rez' && next === 'de' && tokens[i + 2] === 'chaussee') {
      i += 2;
      continue;
    }
    if (t === 'lieu' && next === 'dit') {
      i++;
      continue;
    }
    if (DETAIL_ALONE.has(t) && !(t === 'n' && next !== undefined && !/^\d/.test(next))) continue;
    out.push(t);
  }
  return out;
}

export function parseQuery(q: string): ParsedQuery {
  // Commas separate address lines; a line that starts with a house number is the street line and goes
  // first, so « Résidence Les Lilas, 12 rue X » and « 12 rue X, 94600 Choisy » read the same way.
  let segments = q
    .split(/[,\n;]+/)
    // « desPeupliers », « duMal Foch »: a capital inside a word starts a new word.
    .map((s) => foldText(s.replace(/n°/gi, ' ').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')))
    .map((s) => {
      if (!NOISE_SEGMENT.test(s)) return s;
      // A recipient line: keep only what follows its first number (« Mme Dupont 4 rue X » → « 4 rue X »).
      const m = / (\d.*)$/.exec(s);
      return m?.[1] ?? '';
    })
    .filter((s) => s !== '');
  if (segments.length === 0) segments = [foldText(q)];
  const streetLine = segments.findIndex((s) => /^\d{1,4}( ?[a-z]{0,9})? [a-z]/.test(s));
  if (streetLine > 0) {
    const [line] = segments.splice(streetLine, 1);
    if (line !== undefined) segments.unshift(line);
  }
  const tokens: string[] = [];
  const cedex = segments.some((s) => /\bcedex\b/.test(s));
  for (const s of segments) {
    const raw = s.split(' ').flatMap(splitDigitsLetters);
    // « chez Mme Dupont 4 rue X » without a comma: drop from « chez » to the next number.
    const chez = raw.indexOf('chez');
    if (chez >= 0) {
      const nextNumber = raw.findIndex((t, i) => i > chez && /^\d/.test(t));
      raw.splice(chez, nextNumber < 0 ? raw.length - chez : nextNumber - chez);
    }
    tokens.push(...cleanSegment(raw));
  }

  let postcode: string | null = null;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] ?? '';
    if (POSTCODE.test(t)) {
      postcode = t;
      tokens.splice(i, 1);
      break;
    }
  }

  let arrondissement: ParsedQuery['arrondissement'] = null;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const city = tokens[i];
    if (city !== 'paris' && city !== 'lyon' && city !== 'marseille') continue;
    const m = /^(\d{1,2})(e|er|ere|eme|ieme|em)?$/.exec(tokens[i + 1] ?? '');
    const after = tokens.slice(i + 2);
    const onlyArrWord = after.every((t) => t === 'arrondissement' || t === 'arr' || t === 'ardt');
    if (m?.[1] && onlyArrWord) {
      const n = Number(m[1]);
      if (n >= 1 && n <= ARRONDISSEMENT_COUNT[city]) {
        arrondissement = { city, n };
        tokens.splice(i + 1);
      }
    }
    break;
  }
  // « 20e arrondissement » without the city name.
  if (!arrondissement) {
    const k = tokens.findIndex(
      (t, i) => ORDINAL.test(t) && /^(arrondissement|arr|ardt)$/.test(tokens[i + 1] ?? ''),
    );
    const m = k >= 0 ? ORDINAL.exec(tokens[k] ?? '') : null;
    if (m?.[1]) {
      arrondissement = { city: 'paris', n: Number(m[1]) };
      tokens.splice(k, 2);
    }
  }

  let number: number | null = null;
  let rep: string | null = null;
  const first = tokens[0];
  if (first !== undefined && /^\d{1,4}$/.test(first) && tokens.length > 1) {
    number = Number(first);
    tokens.shift();
    // « 12-14 rue … », « 12 à 14 »: the second number of a range is not part of the street name.
    if (tokens[0] === 'a' && /^\d{1,4}$/.test(tokens[1] ?? '')) tokens.splice(0, 2);
    const maybeRep = tokens[0];
    if (maybeRep !== undefined && REP_WORDS[maybeRep] !== undefined && tokens.length > 1) {
      rep = REP_WORDS[maybeRep] ?? null;
      tokens.shift();
    }
    if (/^\d{1,4}$/.test(tokens[0] ?? '') && tokens.length > 1 && !/^\d/.test(tokens[1] ?? ''))
      tokens.shift();
  }

  return { number, rep, postcode, arrondissement, cedex, words: expandWords(tokens.join(' ')) };
}
