import type { MeResponse } from '../../../contracts/auth';
import { ERROR_MESSAGES } from '../../../contracts/errors';

export const LOGIN_PATH = '/connexion';
export const SECOND_FACTOR_PATH = '/connexion/double-authentification';
export const ENROL_PATH = '/connexion/activer-double-authentification';
export const ACCOUNT_PATH = '/compte';
export const CHARTER_PATH = '/charte';
export const ADMIN_PATH = '/administration';

/** Where a signed-in member goes when no page to return to was given. */
export const DEFAULT_AFTER_SIGN_IN = ACCOUNT_PATH;

// Pages of the sign-in flow itself: returning to them after signing in would loop.
const SIGN_IN_FLOW = [LOGIN_PATH, '/invitation', '/mot-de-passe'];

/**
 * The `?retour=` parameter as a path of this site, or null. Only same-origin paths are kept: an absolute
 * or protocol-relative address (`//evil.example`, `/\evil.example`) would turn the login page into an
 * open redirect that phishing could use.
 */
export function sanitizeReturnPath(value: string | null | undefined): string | null {
  if (!value) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // Browsers read a backslash as a slash and drop tabs and newlines in URLs: refuse them outright.
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, 'https://passerelle.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'https://passerelle.invalid') return null;
  const inFlow = SIGN_IN_FLOW.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
  if (inFlow) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `?retour=<path>` to append to a sign-in step's address, or '' when there is nowhere to return to. */
export function returnQuery(path: string | null): string {
  return path ? `?retour=${encodeURIComponent(path)}` : '';
}

/** Territories whose current charter the member still has to accept. */
export function territoriesToAcceptCharter(me: Pick<MeResponse, 'access'>): string[] {
  return me.access
    .filter((a) => a.blocks.some((b) => b.code === 'charter_not_accepted'))
    .map((a) => a.territoryId);
}

/** The next page of the sign-in flow from the login (or invitation) answer. */
export function pathForLoginNext(
  next: 'done' | 'second_factor' | 'enrol_second_factor',
  returnTo: string | null,
): string | null {
  if (next === 'second_factor') return `${SECOND_FACTOR_PATH}${returnQuery(returnTo)}`;
  if (next === 'enrol_second_factor') return `${ENROL_PATH}${returnQuery(returnTo)}`;
  return null;
}

/**
 * Where a fully signed-in member lands: the charter first when one is waiting for acceptance (access to
 * situations stays closed until then), otherwise the page they came from, otherwise their account.
 */
export function afterSignInPath(me: Pick<MeResponse, 'access'> | null, returnTo: string | null): string {
  const target = returnTo ?? DEFAULT_AFTER_SIGN_IN;
  if (me && territoriesToAcceptCharter(me).length > 0 && target !== CHARTER_PATH) {
    return `${CHARTER_PATH}${returnQuery(target === DEFAULT_AFTER_SIGN_IN ? null : target)}`;
  }
  return target;
}

/**
 * The French message for `?erreur=CODE` (set by the OIDC callback). Only known codes are shown: the
 * address can be forged, so its text never reaches the page.
 */
export function loginErrorMessage(code: string | null): string | null {
  if (!code) return null;
  if (Object.hasOwn(ERROR_MESSAGES, code)) return ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES];
  return ERROR_MESSAGES.OIDC_FAILED;
}

/** Whether the member may open the administration pages (instance admins and territory coordinators). */
export function canAdminister(me: Pick<MeResponse, 'member' | 'roles'>): boolean {
  return me.member.isInstanceAdmin || me.roles.some((r) => r.role === 'coordinator' || r.role === 'admin');
}

/** Whether the session still lacks its second factor (the member may only finish signing in). */
export function secondFactorPending(me: Pick<MeResponse, 'secondFactor'>): boolean {
  return me.secondFactor.required && !me.secondFactor.verified;
}

/** The sign-in step a half-signed-in member must finish, with where to return afterwards. */
export function pendingStepPath(me: Pick<MeResponse, 'secondFactor'>, returnTo: string | null): string {
  return `${me.secondFactor.enabled ? SECOND_FACTOR_PATH : ENROL_PATH}${returnQuery(returnTo)}`;
}
