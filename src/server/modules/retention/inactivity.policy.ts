import type { MailMessage } from '../../platform/mail';
import type { RetentionConfig } from './context';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The stored reason of an account disabled by the inactivity rule (shown to administrators). */
export const INACTIVITY_DISABLED_REASON = 'inactivité';

export interface InactivityCutoffs {
  /** A member whose last activity is at or before this instant is inactive. */
  inactiveBefore: Date;
  /** A warning sent at or before this instant has run its grace period out. */
  warnedBefore: Date;
}

/** The two instants the inactivity rule compares with, for a run at `now`. */
export function inactivityCutoffs(
  now: Date,
  config: Pick<RetentionConfig, 'INACTIVE_ACCOUNT_WARN_DAYS' | 'INACTIVE_ACCOUNT_GRACE_DAYS'>,
): InactivityCutoffs {
  return {
    inactiveBefore: new Date(now.getTime() - config.INACTIVE_ACCOUNT_WARN_DAYS * DAY_MS),
    warnedBefore: new Date(now.getTime() - config.INACTIVE_ACCOUNT_GRACE_DAYS * DAY_MS),
  };
}

/** The earliest moment an account warned at `warnedAt` may be disabled, if its holder does not sign in. */
export function disablingDate(warnedAt: Date, graceDays: number): Date {
  return new Date(warnedAt.getTime() + graceDays * DAY_MS);
}

export type AdminDisabling = 'disable' | 'keep_last_admin';

/**
 * An instance administrator is disabled like anyone else, except the last active one: disabling them would
 * leave the instance with nobody able to enable accounts again.
 */
export function decideAdminDisabling(otherActiveAdmins: number): AdminDisabling {
  return otherActiveAdmins > 0 ? 'disable' : 'keep_last_admin';
}

const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
/** « 1er avril 2026 », « 2 avril 2026 », in Paris time. */
export const frenchDate = (d: Date) => longDate.format(d).replace(/^1 /, '1er ');

/** The warning sent before an inactive account is disabled (French, plain text). */
export function inactivityWarningMail(input: {
  to: string;
  displayName: string;
  warnedAt: Date;
  config: Pick<RetentionConfig, 'INACTIVE_ACCOUNT_WARN_DAYS' | 'INACTIVE_ACCOUNT_GRACE_DAYS' | 'PUBLIC_URL'>;
}): MailMessage {
  const { config } = input;
  const deadline = frenchDate(disablingDate(input.warnedAt, config.INACTIVE_ACCOUNT_GRACE_DAYS));
  return {
    to: input.to,
    subject: 'Passerelle : votre compte sera bientôt désactivé',
    text: [
      `Bonjour ${input.displayName},`,
      '',
      `Vous ne vous êtes pas connecté(e) à Passerelle depuis plus de ${config.INACTIVE_ACCOUNT_WARN_DAYS} jours.`,
      `Sans connexion de votre part, votre compte sera désactivé à partir du ${deadline}.`,
      'Les comptes inutilisés sont désactivés pour protéger les informations confidentielles partagées sur la plateforme.',
      '',
      `Pour garder votre accès, il suffit de vous connecter : ${config.PUBLIC_URL}`,
      '',
      'Si vous n’avez plus besoin de ce compte, vous pouvez ignorer ce message. Un compte désactivé peut être réactivé par un administrateur ou un coordinateur de votre territoire.',
      '',
      'Passerelle',
    ].join('\n'),
  };
}
