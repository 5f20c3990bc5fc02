import type { LookupTarget } from './api';

/** A lookup target read from the URL, with an optional display name for a chosen place. */
export type UrlTarget = LookupTarget & { placeName?: string };

function parseNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || value.trim() === '') return null;
  const number = Number(value.replace(',', '.'));
  return Number.isFinite(number) && number >= min && number <= max ? number : null;
}

/** `?q=…` or `?lat=…&lon=…` (plus `lieu=` for a place chosen in the list); null when absent or invalid. */
export function readTarget(params: URLSearchParams): UrlTarget | null {
  const q = params.get('q')?.trim();
  if (q) return { kind: 'address', q };
  const lat = parseNumber(params.get('lat'), -90, 90);
  const lon = parseNumber(params.get('lon'), -180, 180);
  if (lat === null || lon === null) return null;
  const placeName = params.get('lieu')?.trim();
  const place = params.get('lieu_id')?.trim();
  return {
    kind: 'point',
    lat,
    lon,
    ...(placeName ? { placeName } : {}),
    ...(place ? { place } : {}),
  };
}

/** The URL parameters that encode a target (the inverse of `readTarget`). */
export function targetSearch(target: UrlTarget): Record<string, string> {
  if (target.kind === 'address') return { q: target.q };
  const search: Record<string, string> = {
    lat: roundCoordinate(target.lat),
    lon: roundCoordinate(target.lon),
  };
  if (target.placeName) search.lieu = target.placeName;
  if (target.place) search.lieu_id = target.place;
  return search;
}

/** Six decimals (≈ 10 cm) keep shared URLs short without moving the point across a boundary. */
export function roundCoordinate(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** The API part of a URL target (the place name only serves the display). */
export function toLookupTarget(target: UrlTarget): LookupTarget {
  return target.kind === 'address'
    ? { kind: 'address', q: target.q }
    : { kind: 'point', lat: target.lat, lon: target.lon, ...(target.place ? { place: target.place } : {}) };
}
