import type { ConfidentialBlock } from '../../../contracts/access';
import type { MeResponse } from '../../../contracts/auth';

/** Client-side checks of a new password: the server's length rule, and the confirmation. */
export function checkNewPassword(
  password: string,
  confirmation: string,
): { password?: string; confirmation?: string } {
  const errors: { password?: string; confirmation?: string } = {};
  if (password.length < 12) errors.password = 'Le mot de passe doit contenir au moins 12 caractères.';
  else if (password.length > 128) errors.password = 'Le mot de passe ne doit pas dépasser 128 caractères.';
  if (confirmation !== password) errors.confirmation = 'Les deux mots de passe ne sont pas identiques.';
  return errors;
}

/** Groups TOTP secrets in fours, as authenticator apps display them, for manual entry. */
export function formatSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** A 6-digit code as typed: spaces and dashes some apps show are dropped. */
export function normaliseCode(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Browser and system from a User-Agent string, in a few words (for the list of active sessions). */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Appareil inconnu';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const system = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (browser && system) return `${browser} sous ${system}`;
  return browser ?? system ?? 'Autre appareil';
}

/** The territory's name as the member's roles give it (its id when the member holds no role there). */
export function territoryName(me: Pick<MeResponse, 'roles'>, territoryId: string): string {
  return me.roles.find((r) => r.territoryId === territoryId)?.territoryName ?? territoryId;
}

/** Blocks only a coordinator can lift (no charter published, no valid convention), per territory. */
const FIXED_BY_OTHERS: readonly ConfidentialBlock[] = [
  'no_charter',
  'convention_missing',
  'convention_expired',
];

export function blocksOthersMustFix(
  me: Pick<MeResponse, 'access'>,
): { territoryId: string; code: ConfidentialBlock; message: string }[] {
  return me.access.flatMap((a) =>
    a.blocks
      .filter((b) => FIXED_BY_OTHERS.includes(b.code))
      .map((b) => ({ territoryId: a.territoryId, code: b.code, message: b.message })),
  );
}

/** « 12 mars 2026 à 14:05 » (Paris time) from an ISO date-time. */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(date);
}

const METHOD_LABELS: Record<string, string> = {
  password: 'Mot de passe',
  proconnect: 'ProConnect',
  psc: 'Pro Santé Connect',
};

/** How a session was opened, in French. */
export function sessionMethodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method;
}
