/**
 * Best-effort French rendering of the common subset of the OpenStreetMap `opening_hours` syntax used
 * by our data (« Mo-Fr 09:00-18:00; PH off », « 24/7 »). Anything outside that subset returns null so
 * that the caller shows the raw value rather than a wrong sentence.
 */

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
type Day = (typeof DAYS)[number];

const DAY_NAMES: Record<Day, string> = {
  Mo: 'lundi',
  Tu: 'mardi',
  We: 'mercredi',
  Th: 'jeudi',
  Fr: 'vendredi',
  Sa: 'samedi',
  Su: 'dimanche',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatTime(time: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const [, hours, minutes] = match;
  return `${Number(hours)} h ${minutes}`;
}

function formatDays(spec: string): string | null {
  const parts = spec.split(',').map((part) => part.trim());
  const rendered: string[] = [];
  for (const part of parts) {
    const range = /^([A-Z][a-z])-([A-Z][a-z])$/.exec(part);
    if (range) {
      const [, from, to] = range;
      if (!DAYS.includes(from as Day) || !DAYS.includes(to as Day)) return null;
      rendered.push(`du ${DAY_NAMES[from as Day]} au ${DAY_NAMES[to as Day]}`);
      continue;
    }
    if (DAYS.includes(part as Day)) {
      rendered.push(DAY_NAMES[part as Day]);
      continue;
    }
    return null;
  }
  if (rendered.length === 0) return null;
  if (rendered.length === 1) return rendered[0] ?? null;
  return `${rendered.slice(0, -1).join(', ')} et ${rendered[rendered.length - 1]}`;
}

function formatTimes(spec: string): string | null {
  const ranges = spec.split(',').map((part) => part.trim());
  const rendered: string[] = [];
  for (const range of ranges) {
    const [from, to, ...rest] = range.split('-');
    if (!from || !to || rest.length > 0) return null;
    const start = formatTime(from);
    const end = formatTime(to);
    if (!start || !end) return null;
    rendered.push(`${start} à ${end}`);
  }
  return rendered.map((text) => `de ${text}`).join(' et ');
}

function formatRule(rule: string): string | null {
  if (rule === '24/7') return 'Ouvert 24 h sur 24, 7 jours sur 7';
  if (rule === 'PH off') return 'Fermé les jours fériés';
  if (rule === 'PH open' || rule === 'PH') return 'Ouvert les jours fériés';
  const match = /^([A-Za-z,-]+)\s+(.+)$/.exec(rule);
  if (!match) return null;
  const [, daySpec = '', timeSpec = ''] = match;
  const days = formatDays(daySpec);
  if (!days) return null;
  if (timeSpec === 'off' || timeSpec === 'closed') return `Fermé le ${days}`;
  const times = formatTimes(timeSpec);
  if (!times) return null;
  return `${capitalise(days)}, ${times}`;
}

/** French sentences, one per rule, or null when the value is empty or not understood. */
export function describeOpeningHours(value: string | null | undefined): string[] | null {
  if (!value?.trim()) return null;
  const rules = value
    .split(';')
    .map((rule) => rule.trim())
    .filter(Boolean);
  const sentences: string[] = [];
  for (const rule of rules) {
    const sentence = formatRule(rule);
    if (!sentence) return null;
    sentences.push(sentence);
  }
  return sentences;
}
