import { z } from 'zod';

/** Kinds of partner organisations of a CLSM housing group. */
export const PARTNER_TYPES = [
  'social_landlord',
  'psychiatry',
  'social_service',
  'town_housing',
  'savs_samsah',
  'association',
  'unafam',
  'other',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  social_landlord: 'Bailleur social',
  psychiatry: 'Secteur / hôpital psychiatrique',
  social_service: 'Service social',
  town_housing: 'Mairie / service logement',
  savs_samsah: 'SAVS / SAMSAH',
  association: 'Association',
  unafam: 'UNAFAM',
  other: 'Autre',
};

/** Roles a member holds in one territory. `admin` is the instance administrator's role. */
export const ROLES = [
  'admin',
  'coordinator',
  'commission_member',
  'partner_professional',
  'landlord_staff',
  'reader',
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  coordinator: 'Coordinateur CLSM',
  commission_member: 'Membre de la commission',
  partner_professional: 'Professionnel partenaire',
  landlord_staff: 'Personnel de bailleur',
  reader: 'Lecteur',
};

/**
 * What kind of information a role may receive. Code de la santé publique L1110-4: health information is
 * shared only between professionals taking part in the person's care; landlords never receive it.
 */
export const INFO_CATEGORIES = ['health', 'social', 'landlord', 'other'] as const;
export type InfoCategory = (typeof INFO_CATEGORIES)[number];
export const INFO_CATEGORY_LABELS: Record<InfoCategory, string> = {
  health: 'Professionnel de santé',
  social: 'Professionnel du social',
  landlord: 'Bailleur (aucune information de santé)',
  other: 'Autre',
};

/** Roles that can see situations: they must enrol a second factor. */
export const ROLES_SEEING_SITUATIONS: readonly Role[] = [
  'admin',
  'coordinator',
  'commission_member',
  'partner_professional',
  'landlord_staff',
];

export const OIDC_PROVIDERS = ['proconnect', 'psc'] as const;
export type OidcProvider = (typeof OIDC_PROVIDERS)[number];
export const OIDC_PROVIDER_LABELS: Record<OidcProvider, string> = {
  proconnect: 'ProConnect',
  psc: 'Pro Santé Connect',
};

export const roleAssignmentSchema = z.object({
  territoryId: z.string(),
  role: z.enum(ROLES),
  infoCategory: z.enum(INFO_CATEGORIES),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

/** Why a member may or may not open confidential screens in a territory. */
export const CONFIDENTIAL_BLOCKS = [
  'charter_not_accepted',
  'no_charter',
  'convention_missing',
  'convention_expired',
  'second_factor_missing',
  'partner_inactive',
] as const;
export type ConfidentialBlock = (typeof CONFIDENTIAL_BLOCKS)[number];
export const CONFIDENTIAL_BLOCK_LABELS: Record<ConfidentialBlock, string> = {
  charter_not_accepted: 'Vous devez accepter la charte de confidentialité en vigueur.',
  no_charter: 'Le coordinateur n’a pas encore publié de charte de confidentialité pour ce territoire.',
  convention_missing: 'Votre organisation n’a pas de convention de partenariat en cours sur ce territoire.',
  convention_expired:
    'La convention de partenariat de votre organisation a expiré : l’accès aux situations est suspendu.',
  second_factor_missing: 'Activez la double authentification pour accéder aux informations confidentielles.',
  partner_inactive:
    'Votre organisation n’est plus partenaire sur ce territoire (archivée ou retirée) : l’accès aux situations est fermé.',
};
