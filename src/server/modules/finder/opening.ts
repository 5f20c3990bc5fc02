import OpeningHours from 'opening_hours';

export interface OpeningState {
  isOpen: boolean | null;
  nextChange: string | null;
  text: string;
}

const TIME_ZONE = 'Europe/Paris';
// Public holidays (PH) are French ones; the library needs a country and a region to know them.
const NOMINATIM = { lat: 48.85, lon: 2.35, address: { country_code: 'fr', state: 'Île-de-France' } };
const DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * The library reads a Date through its local getters, while the server may run in UTC: we hand it a
 * "wall clock" Date whose local fields are Paris time, and convert its answers back to real instants.
 */
function toParisWallClock(instant: Date): Date {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return new Date(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
}

function wallClockToInstant(wall: Date, reference: Date, referenceWall: Date): Date {
  return new Date(reference.getTime() + (wall.getTime() - referenceWall.getTime()));
}

const hhmm = (d: Date) => `${d.getHours()} h ${String(d.getMinutes()).padStart(2, '0')}`;

function sameDay(a: Date, b: Date) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function when(next: Date, now: Date): string {
  if (sameDay(next, now)) return `à ${hhmm(next)}`;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (sameDay(next, tomorrow)) return `demain à ${hhmm(next)}`;
  return `${DAYS[next.getDay()]} à ${hhmm(next)}`;
}

// Parsing is the costly part and values repeat across sites: keep parsed values (bounded cache).
const parsed = new Map<string, OpeningHours | null>();
function parse(value: string): OpeningHours | null {
  let oh = parsed.get(value);
  if (oh === undefined) {
    try {
      oh = new OpeningHours(value, NOMINATIM as never);
    } catch {
      oh = null;
    }
    if (parsed.size > 1000) parsed.clear();
    parsed.set(value, oh);
  }
  return oh;
}

// The state only changes from one minute to the next: every lookup of the same minute shares it.
const stateCache = new Map<string, OpeningState>();

/** Evaluates OSM `opening_hours` at `now` (Paris time): open or not, next change, French sentence. */
export function openingState(value: string | null, now: Date = new Date()): OpeningState {
  if (!value) return evaluate(value, now);
  const minute = Math.floor(now.getTime() / 60_000);
  const key = `${minute}|${value}`;
  let state = stateCache.get(key);
  if (!state) {
    // Evaluated at the start of the minute, so the shared state does not depend on who asked first.
    state = evaluate(value, new Date(minute * 60_000));
    if (stateCache.size > 5000) stateCache.clear();
    stateCache.set(key, state);
  }
  return state;
}

function evaluate(value: string | null, now: Date): OpeningState {
  if (!value) return { isOpen: null, nextChange: null, text: 'Horaires non renseignés' };
  const oh = parse(value);
  if (!oh) return { isOpen: null, nextChange: null, text: 'Horaires illisibles' };
  const wall = toParisWallClock(now);
  if (oh.getUnknown(wall)) return { isOpen: null, nextChange: null, text: 'Horaires à confirmer' };
  const isOpen = oh.getState(wall);
  const next = oh.getNextChange(wall);
  if (!next) {
    return { isOpen, nextChange: null, text: isOpen ? 'Ouvert 24 h/24, 7 j/7' : 'Fermé' };
  }
  const nextChange = wallClockToInstant(next, now, wall).toISOString();
  const text = isOpen ? `Ouvert — ferme ${when(next, wall)}` : `Fermé — ouvre ${when(next, wall)}`;
  return { isOpen, nextChange, text };
}

/** Checks a value before it is stored: returns a French error message, or null when valid. */
export function validateOpeningHours(value: string): string | null {
  try {
    new OpeningHours(value, NOMINATIM as never);
    return null;
  } catch (err) {
    return `Horaires invalides (format OpenStreetMap opening_hours) : ${String((err as Error).message ?? err).split('\n')[0]}`;
  }
}
