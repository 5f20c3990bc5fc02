import { z } from 'zod';
import { ROLE_LABELS } from './access';

/**
 * French labels of the audit actions Passerelle records. An action missing here is still listed, under
 * its code: the trail never hides an event because nobody named it.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'audit.read': 'Consultation du journal d’audit',
  'audit.export': 'Export du journal d’audit',
  'auth.login': 'Connexion',
  'auth.second_factor_setup': 'Double authentification : nouveau secret généré',
  'crosswalk.run': 'Correspondances : fichier d’immeubles traité',
  'auth.login_failed': 'Échec de connexion',
  'auth.locked': 'Blocage temporaire du compte (trop de tentatives)',
  'auth.logout': 'Déconnexion',
  'auth.logout_all': 'Déconnexion de toutes les sessions',
  'auth.second_factor': 'Vérification de la double authentification',
  'auth.second_factor_failed': 'Échec de la double authentification',
  'auth.second_factor_enabled': 'Activation de la double authentification',
  'auth.recovery_code_used': 'Utilisation d’un code de secours',
  'auth.recovery_codes_regenerate': 'Nouveaux codes de secours',
  'auth.oidc_link': 'Liaison d’une identité ProConnect / Pro Santé Connect',
  'auth.oidc_refused': 'Identité ProConnect / Pro Santé Connect refusée',
  'auth.password_change': 'Changement de mot de passe',
  'member.invite': 'Invitation d’un membre',
  'member.invitation.resend': 'Nouvel envoi d’une invitation',
  'member.invitation.accept': 'Acceptation d’une invitation',
  'member.password_reset.request': 'Demande de réinitialisation du mot de passe',
  'member.password_reset': 'Réinitialisation du mot de passe',
  'member.create_admin': 'Création d’un administrateur de l’instance',
  'member.read': 'Consultation d’une fiche membre',
  'member.update': 'Modification d’un membre',
  'member.disable': 'Désactivation d’un membre',
  'member.enable': 'Réactivation d’un membre',
  'member.role_grant': 'Attribution d’un rôle',
  'member.role_revoke': 'Retrait d’un rôle',
  'member.unlock': 'Déblocage d’un compte',
  'member.second_factor_reset': 'Réinitialisation de la double authentification',
  'member.export': 'Export des données d’un membre (RGPD)',
  'partner.create': 'Création d’un partenaire',
  'partner.update': 'Modification d’un partenaire',
  'partner.archive': 'Archivage d’un partenaire',
  'session.revoke': 'Fermeture d’une session',
  'charter.publish': 'Publication de la charte de confidentialité',
  'charter.accept': 'Acceptation de la charte de confidentialité',
  'convention.create': 'Enregistrement d’une convention',
  'convention.update': 'Modification d’une convention',
  'convention.revoke': 'Résiliation d’une convention',
  'convention.document_read': 'Consultation du document d’une convention',
  'retention.member_warned': 'Avertissement d’inactivité envoyé',
  'retention.member_warning_withdrawn': 'Avertissement d’inactivité levé (membre revenu)',
  'retention.member_disabled': 'Compte désactivé pour inactivité',
  'retention.auth_tokens_purged': 'Purge des liens d’invitation et de réinitialisation expirés',
  'retention.sessions_purged': 'Purge des sessions expirées',
  'retention.situation_anonymised': 'Situation anonymisée (durée de conservation)',
};

// Own keys only: a code such as `constructor` must not pick up a property of Object.prototype.
const labelOf = (labels: Record<string, string>, code: string): string =>
  Object.hasOwn(labels, code) ? (labels[code] ?? code) : code;

/** The French label of an action, or its code when it has none. */
export function auditActionLabel(action: string): string {
  return labelOf(AUDIT_ACTION_LABELS, action);
}

export const AUDIT_SUBJECT_TYPE_LABELS: Record<string, string> = {
  audit: 'Journal d’audit',
  member: 'Membre',
  partner: 'Partenaire',
  session: 'Session',
  charter: 'Charte',
  convention: 'Convention',
  territory: 'Territoire',
  situation: 'Situation',
  alert: 'Signalement',
};

export const AUDIT_OUTCOMES = ['ok', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  ok: 'Effectué',
  denied: 'Refusé',
};

/** The French label of a role code recorded in the trail, or the code when it is not a role we know. */
export function auditRoleLabel(role: string): string {
  return labelOf(ROLE_LABELS, role);
}

/** The French label of a subject type, or the code when it has none. */
export function auditSubjectTypeLabel(subjectType: string): string {
  return labelOf(AUDIT_SUBJECT_TYPE_LABELS, subjectType);
}

/** `2025-03-01` (a calendar day in Paris) or a full ISO date-time. */
const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Filters of the audit log, shared by the list and the CSV export. */
export const auditFiltersSchema = z.object({
  territory: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'identifiant de territoire invalide')
    .optional()
    .describe('territoire (identifiant)'),
  actor: z.uuid('identifiant de membre invalide').optional().describe('membre auteur (identifiant)'),
  action: z
    .string()
    .regex(/^[a-z0-9_.]{1,64}$/, 'action invalide')
    .optional()
    .describe('début du code de l’action (« member. » pour toutes les actions sur les membres)'),
  subjectType: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, 'type d’objet invalide')
    .optional(),
  subjectId: z.string().min(1).max(200).optional(),
  from: dateOrDateTime.optional().describe('à partir de (jour de Paris inclus, ou date-heure ISO)'),
  to: dateOrDateTime.optional().describe('jusqu’à (jour de Paris inclus, ou date-heure ISO incluse)'),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const AUDIT_PAGE_MAX = 200;

export const auditListQuerySchema = auditFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  /** Keyset cursor: events older than this sequence number (the `nextBefore` of the previous page). */
  before: z.coerce.number().int().min(1).optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export const auditEventSchema = z.object({
  seq: z.number(),
  at: z.string(),
  territoryId: z.string().nullable(),
  actor: z.object({
    memberId: z.string().nullable(),
    /** Joined from the member at read time: the trail itself stores ids only. */
    displayName: z.string().nullable(),
    partnerId: z.string().nullable(),
    partnerName: z.string().nullable(),
    role: z.string().nullable(),
    roleLabel: z.string().nullable(),
  }),
  action: z.string(),
  actionLabel: z.string(),
  subjectType: z.string().nullable(),
  subjectTypeLabel: z.string().nullable(),
  subjectId: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  requestId: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const auditListResponseSchema = z.object({
  events: z.array(auditEventSchema),
  /** Events matching the filters, all pages together. */
  total: z.number(),
  /** Cursor of the next (older) page, null on the last one. */
  nextBefore: z.number().nullable(),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;

/** Column headers of the CSV export, in order. */
export const AUDIT_CSV_HEADERS = [
  'N°',
  'Date et heure (Paris)',
  'Territoire',
  'Membre (identifiant)',
  'Membre',
  'Partenaire',
  'Rôle',
  'Action (code)',
  'Action',
  'Type d’objet',
  'Objet (identifiant)',
  'Résultat',
  'Identifiant de requête',
] as const;
