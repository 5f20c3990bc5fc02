import type { z } from 'zod';
import { ROLES, type InfoCategory, type PartnerType, type Role } from '../../../contracts/access';
import type { ConventionStatus, MemberStatus } from '../../../contracts/admin';
import type { MeResponse } from '../../../contracts/auth';

/** Who may open the administration: nobody signed in, a member without rights, or an administrator. */
export type AdminAccess =
  | { kind: 'signed_out' }
  | { kind: 'forbidden' }
  | { kind: 'allowed'; isInstanceAdmin: boolean; territoryIds: string[] };

/**
 * Mirrors the server's administeredTerritories: an instance admin administers every territory, a
 * coordinator the territories where they hold that role. The server still decides on every request.
 */
export function adminAccessOf(me: MeResponse | null, allTerritoryIds: readonly string[]): AdminAccess {
  if (!me) return { kind: 'signed_out' };
  if (me.member.isInstanceAdmin)
    return { kind: 'allowed', isInstanceAdmin: true, territoryIds: [...allTerritoryIds] };
  const coordinated = [
    ...new Set(me.roles.filter((r) => r.role === 'coordinator').map((r) => r.territoryId)),
  ];
  if (coordinated.length === 0) return { kind: 'forbidden' };
  return { kind: 'allowed', isInstanceAdmin: false, territoryIds: coordinated };
}

/** Only an instance administrator grants `admin` and `coordinator` (the server refuses them otherwise). */
export function grantableRoles(isInstanceAdmin: boolean): Role[] {
  return ROLES.filter((role) => isInstanceAdmin || (role !== 'admin' && role !== 'coordinator'));
}

/**
 * The information category a role must carry whatever is chosen: a social landlord's staff and the
 * landlord_staff role never receive health information (CSP L1110-4); null when the choice is free.
 */
export function forcedCategory(
  partnerType: PartnerType | undefined,
  role: Role | undefined,
): InfoCategory | null {
  return partnerType === 'social_landlord' || role === 'landlord_staff' ? 'landlord' : null;
}

/** « 51 à 100 sur 230 » and the number of pages, for a page of a paginated list. */
export function pageInfo(page: number, pageSize: number, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return { pageCount, first, last, hasPrevious: page > 1, hasNext: page < pageCount };
}

/** « 1 résultat », « 12 résultats », « Aucun résultat ». */
export function countLabel(total: number, singular: string, plural: string): string {
  if (total === 0) return `Aucun ${singular}`;
  return `${total.toLocaleString('fr-FR')} ${total > 1 ? plural : singular}`;
}

/** A positive page number from the URL; anything else is page 1. */
export function pageFromParam(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The non-empty values of a set of filters, in the order given: for the API and for the URL. */
export function cleanParams(
  values: Record<string, string | number | null | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text !== '') out[key] = text;
  }
  return out;
}

/** `/api/v1/audit/export.csv?…`: the same filters as the list, without its cursor and page size. */
export function auditExportHref(filters: Record<string, string | null | undefined>): string {
  const params = cleanParams(filters);
  delete params.before;
  delete params.limit;
  const query = new URLSearchParams(params).toString();
  return `/api/v1/audit/export.csv${query ? `?${query}` : ''}`;
}

/** The first message of each field of a failed zod parse, keyed by its dotted path. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= frenchIssueMessage(issue);
  }
  return out;
}

/** zod's built-in English messages replaced by French ones; our contracts' own messages are kept. */
function frenchIssueMessage(issue: z.core.$ZodIssue): string {
  const message = issue.message;
  if (!/^(Invalid|Too (small|big)|Expected|Required)/i.test(message)) return capitalise(message);
  switch (issue.code) {
    case 'too_small':
      return issue.minimum === 1
        ? 'Ce champ est obligatoire.'
        : `Au moins ${String(issue.minimum)} caractères.`;
    case 'too_big':
      return `Au plus ${String(issue.maximum)} caractères.`;
    case 'invalid_format':
      return issue.format === 'date' ? 'Date attendue au format AAAA-MM-JJ.' : 'Format invalide.';
    default:
      return 'Valeur invalide.';
  }
}

function capitalise(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export type BadgeTone = 'ok' | 'warning' | 'danger' | 'neutral';

export const CONVENTION_STATUS_TONES: Record<ConventionStatus, BadgeTone> = {
  upcoming: 'neutral',
  active: 'ok',
  expiring: 'warning',
  expired: 'danger',
  revoked: 'danger',
};

export const MEMBER_STATUS_TONES: Record<MemberStatus, BadgeTone> = {
  active: 'ok',
  invited: 'neutral',
  disabled: 'danger',
};

/** Whole days from `today` to `endsOn` (both `AAAA-MM-JJ`); negative once the date has passed. */
export function daysUntil(endsOn: string, today: string): number {
  const ms = Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** Today's calendar day in Paris, `AAAA-MM-JJ`: convention dates are Paris days. */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/** « 23 nov. 2026 à 14:05 » in Paris time, for audit events and sessions. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(date);
}

/** « 1,2 Mo », « 830 ko » for a document size. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} o`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} ko`;
  return `${(size / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** A charter's plain text split into paragraphs (blank lines) for the preview; no markup is interpreted. */
export function charterParagraphs(body: string): string[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const ACTION_FAMILY_LABELS: Record<string, string> = {
  auth: 'Connexions',
  onboarding: 'Activation des comptes',
  member: 'Membres',
  partner: 'Partenaires',
  session: 'Sessions',
  charter: 'Charte',
  convention: 'Conventions',
  audit: 'Journal d’audit',
  retention: 'Conservation des données',
};

/**
 * Options of the audit action filter: each family first (« member. » matches every action on members,
 * the API filters by prefix), then its actions.
 */
export function auditActionOptions(labels: Record<string, string>): { value: string; label: string }[] {
  const families = new Map<string, string[]>();
  for (const action of Object.keys(labels)) {
    const family = action.split('.')[0] ?? action;
    families.set(family, [...(families.get(family) ?? []), action]);
  }
  const options: { value: string; label: string }[] = [];
  for (const [family, actions] of families) {
    options.push({
      value: `${family}.`,
      label: `${ACTION_FAMILY_LABELS[family] ?? family} : toutes les actions`,
    });
    for (const action of actions)
      options.push({
        value: action,
        label: `${ACTION_FAMILY_LABELS[family] ?? family} — ${labels[action] ?? action}`,
      });
  }
  return options;
}
