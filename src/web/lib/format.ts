const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** « 23 novembre 2026 » from an ISO date or date-time; the input itself when it is not a date. */
export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(DATE_ONLY.test(value) ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: DATE_ONLY.test(value) ? 'UTC' : 'Europe/Paris',
  }).format(date);
}

/**
 * `tel:` URI for a French phone number as people write it (« 01 43 58 10 80 », « 3114 »).
 * Ten-digit national numbers get the +33 prefix so that they also work from a foreign SIM.
 */
export function telHref(phone: string): string {
  const compact = phone.replace(/[^\d+]/g, '');
  if (/^0\d{9}$/.test(compact)) return `tel:+33${compact.slice(1)}`;
  return `tel:${compact}`;
}

/** « 48,8566 » style coordinates for display. */
export function formatCoordinate(value: number): string {
  return value.toLocaleString('fr-FR', { maximumFractionDigits: 5 });
}

/** « 12 rue X, 75020 Paris » from optional parts. */
export function joinAddress(parts: (string | null | undefined)[]): string {
  return parts
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join(', ');
}
