/**
 * Text helpers of the local geocoder. Folding, abbreviations and articles come from the shared
 * `src/geo/normalize.ts`, so that the geocoder and the catchment rules read street names the same way;
 * this file adds what only the geocoder needs: street types, glued forms, similarity, trigrams.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeText, tokenize } from '../normalize';

/** Lower case, no diacritics, punctuation as single spaces (the shared `normalizeText`). */
export const foldText: (s: string) => string = normalizeText;

/** Folded words with abbreviations expanded and articles removed (the shared `tokenize`). */
export const expandWords: (s: string) => string[] = tokenize;

/** Street types recognised at the start of a name (after abbreviation expansion). */
export const STREET_TYPES = new Set([
  'rue',
  'avenue',
  'boulevard',
  'place',
  'square',
  'allee',
  'impasse',
  'passage',
  'promenade',
  'quai',
  'villa',
  'voie',
  'chemin',
  'route',
  'cours',
  'cour',
  'cite',
  'hameau',
  'residence',
  'lotissement',
  'sentier',
  'sente',
  'esplanade',
  'parvis',
  'galerie',
  'mail',
  'ruelle',
  'venelle',
  'traverse',
  'rampe',
  'pont',
  'port',
  'carrefour',
  'rond',
  'chaussee',
  'domaine',
  'clos',
  'parc',
  'jardin',
  'tour',
  'faubourg',
  'montee',
  'halle',
]);

/** Expanded words of a street or commune name, without articles: the words that identify it. */
export function streetWords(name: string): string[] {
  return tokenize(name);
}

export interface StreetForms {
  /** Type word when the name starts with one (`rue`), else ''. */
  type: string;
  /** Words without type and articles, glued: « marcopolo ». */
  core: string;
  /** Type + core glued: « ruemarcopolo ». Glued forms make missing or extra spaces free. */
  full: string;
}

export function streetForms(words: readonly string[]): StreetForms {
  const first = words[0] ?? '';
  const type = words.length > 1 && STREET_TYPES.has(first) ? first : '';
  const core = (type ? words.slice(1) : words).join('');
  return { type, core, full: type + core };
}

/** 1 - normalised Levenshtein distance: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const m = Math.max(a.length, b.length);
  if (m === 0) return 1;
  return 1 - distance(a, b) / m;
}

/** Character trigrams of a glued form, padded so that short names still have some. */
export function trigrams(s: string): string[] {
  const p = `^${s}$`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return [...out];
}
