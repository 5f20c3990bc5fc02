import { z } from 'zod';
import { INFO_CATEGORIES, OIDC_PROVIDERS, PARTNER_TYPES, ROLES } from './access';

/**
 * SIRET check: 14 digits whose Luhn sum is a multiple of 10. La Poste (SIREN 356000000) has more
 * establishments than Luhn keys allow: INSEE also accepts theirs when the digit sum is a multiple of 5.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  const digits = [...siret].map(Number);
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = digits[i] ?? 0;
    // From the right, every second digit is doubled: with 14 digits those are the even indexes.
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  if (sum % 10 === 0) return true;
  return siret.startsWith('356000000') && digits.reduce((s, d) => s + d, 0) % 5 === 0;
}

const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const isoDate = z.iso.date({ error: 'Date attendue au format AAAA-MM-JJ.' });
const territoryIdSchema = z.string().trim().min(1).max(100);

export const siretSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, ''))
  .refine(isValidSiret, { error: 'SIRET invalide : 14 chiffres attendus, clé de contrôle incorrecte.' });
/** FINESS: 9 characters, the first two being the département (2A / 2B in Corsica). */
export const finessSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{2}|2A|2B)\d{7}$/, { error: 'FINESS invalide : 9 caractères attendus.' });

export const paginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// ---------------------------------------------------------------------------------------------- partners

export const partnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(PARTNER_TYPES),
  siret: z.string().nullable(),
  finess: z.string().nullable(),
  territoryIds: z.array(z.string()),
  memberCount: z.number().int(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type PartnerView = z.infer<typeof partnerSchema>;

export const listPartnersQuerySchema = paginationSchema.extend({
  q: z.preprocess(blankAsMissing, z.string().trim().max(200).optional()),
  type: z.preprocess(blankAsMissing, z.enum(PARTNER_TYPES).optional()),
  territoryId: z.preprocess(blankAsMissing, territoryIdSchema.optional()),
  /** Archived partners are hidden unless asked for. */
  archived: z.preprocess(blankAsMissing, z.enum(['active', 'archived', 'all']).default('active')),
});
export type ListPartnersQuery = z.infer<typeof listPartnersQuerySchema>;

export const partnerListSchema = z.object({
  items: z.array(partnerSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const createPartnerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.enum(PARTNER_TYPES),
  siret: siretSchema.nullish(),
  finess: finessSchema.nullish(),
  territoryIds: z.array(territoryIdSchema).min(1, { error: 'Choisissez au moins un territoire.' }).max(50),
});
export type CreatePartnerInput = z.infer<typeof createPartnerSchema>;

export const updatePartnerSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  type: z.enum(PARTNER_TYPES).optional(),
  siret: siretSchema.nullable().optional(),
  finess: finessSchema.nullable().optional(),
  territoryIds: z
    .array(territoryIdSchema)
    .min(1, { error: 'Choisissez au moins un territoire.' })
    .max(50)
    .optional(),
  archived: z.boolean().optional(),
});
export type UpdatePartnerInput = z.infer<typeof updatePartnerSchema>;

// ----------------------------------------------------------------------------------------------- members

export const MEMBER_STATUSES = ['active', 'disabled', 'invited'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  active: 'Actif',
  disabled: 'Désactivé',
  invited: 'Invité (compte non activé)',
};

export const memberRoleSchema = z.object({
  territoryId: z.string(),
  role: z.enum(ROLES),
  infoCategory: z.enum(INFO_CATEGORIES),
  grantedAt: z.string(),
});

const partnerRefSchema = z.object({ id: z.string(), name: z.string(), type: z.enum(PARTNER_TYPES) });

export const memberSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  jobTitle: z.string().nullable(),
  partner: partnerRefSchema,
  isInstanceAdmin: z.boolean(),
  status: z.enum(MEMBER_STATUSES),
  roles: z.array(memberRoleSchema),
  lastLoginAt: z.string().nullable(),
});
export type MemberSummary = z.infer<typeof memberSummarySchema>;

export const listMembersQuerySchema = paginationSchema.extend({
  q: z.preprocess(blankAsMissing, z.string().trim().max(200).optional()),
  partnerId: z.preprocess(blankAsMissing, z.uuid().optional()),
  territoryId: z.preprocess(blankAsMissing, territoryIdSchema.optional()),
  role: z.preprocess(blankAsMissing, z.enum(ROLES).optional()),
  status: z.preprocess(blankAsMissing, z.enum(MEMBER_STATUSES).optional()),
});
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

export const memberListSchema = z.object({
  items: z.array(memberSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** Acceptance of the current charter of one territory where the member holds a role. */
export const charterStatusSchema = z.object({
  territoryId: z.string(),
  currentVersion: z.number().int().nullable(),
  acceptedVersion: z.number().int().nullable(),
  acceptedAt: z.string().nullable(),
  upToDate: z.boolean(),
});

export const memberDetailSchema = memberSummarySchema.extend({
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  hasPassword: z.boolean(),
  passwordChangedAt: z.string().nullable(),
  secondFactorEnabled: z.boolean(),
  secondFactorEnabledAt: z.string().nullable(),
  failedLogins: z.number().int(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  charters: z.array(charterStatusSchema),
  oidcLinks: z.array(
    z.object({
      provider: z.enum(OIDC_PROVIDERS),
      linkedAt: z.string(),
      lastLoginAt: z.string().nullable(),
    }),
  ),
});
export type MemberDetail = z.infer<typeof memberDetailSchema>;

export const updateMemberSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    jobTitle: z.string().trim().max(200).nullable().optional(),
    /** true disables the account (a reason is required) and ends its sessions; false enables it again. */
    disabled: z.boolean().optional(),
    disabledReason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((v) => v.disabled !== true || v.disabledReason !== undefined, {
    error: 'Indiquez le motif de la désactivation.',
    path: ['disabledReason'],
  });
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const grantRoleSchema = z.object({
  territoryId: territoryIdSchema,
  role: z.enum(ROLES),
  infoCategory: z.enum(INFO_CATEGORIES),
});
export type GrantRoleInput = z.infer<typeof grantRoleSchema>;

export const memberRolesResponseSchema = z.object({ roles: z.array(memberRoleSchema) });

// ---------------------------------------------------------------------------------------------- sessions

export const sessionViewSchema = z.object({
  /** A public handle derived from the session; never the cookie token nor its stored hash. */
  id: z.string(),
  method: z.enum(['password', ...OIDC_PROVIDERS]),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  secondFactor: z.boolean(),
  userAgent: z.string().nullable(),
});
export const sessionListSchema = z.object({ sessions: z.array(sessionViewSchema) });

// ----------------------------------------------------------------------------------------------- charter

export const currentCharterSchema = z.object({
  id: z.string(),
  territoryId: z.string(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  accepted: z.boolean(),
  acceptedAt: z.string().nullable(),
});
export type CurrentCharter = z.infer<typeof currentCharterSchema>;

export const publishCharterSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(100_000),
});
export type PublishCharterInput = z.infer<typeof publishCharterSchema>;

export const charterVersionSchema = z.object({
  id: z.string(),
  territoryId: z.string(),
  version: z.number().int(),
  title: z.string(),
  publishedAt: z.string(),
  /** Members who accepted this version. */
  acceptances: z.number().int(),
});
export const charterHistorySchema = z.object({
  territoryId: z.string(),
  /** Members holding a role in the territory (who must accept the current version). */
  members: z.number().int(),
  versions: z.array(charterVersionSchema),
});

export const acceptCharterSchema = z.object({ version: z.number().int().min(1) });
export const charterAcceptanceSchema = z.object({
  territoryId: z.string(),
  version: z.number().int(),
  acceptedAt: z.string(),
});

// ------------------------------------------------------------------------------------------- conventions

/** `expiring`: valid today and ending within 60 days. Each convention has exactly one status. */
export const CONVENTION_STATUSES = ['upcoming', 'active', 'expiring', 'expired', 'revoked'] as const;
export type ConventionStatus = (typeof CONVENTION_STATUSES)[number];
export const CONVENTION_STATUS_LABELS: Record<ConventionStatus, string> = {
  upcoming: 'À venir',
  active: 'En cours',
  expiring: 'Expire dans moins de 60 jours',
  expired: 'Expirée',
  revoked: 'Révoquée',
};
export const CONVENTION_EXPIRING_DAYS = 60;
export const CONVENTION_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export const conventionSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  territoryId: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  signedOn: z.string().nullable(),
  status: z.enum(CONVENTION_STATUSES),
  document: z
    .object({ name: z.string(), type: z.string(), size: z.number().int(), sha256: z.string() })
    .nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ConventionView = z.infer<typeof conventionSchema>;

export const listConventionsQuerySchema = paginationSchema.extend({
  partnerId: z.preprocess(blankAsMissing, z.uuid().optional()),
  territoryId: z.preprocess(blankAsMissing, territoryIdSchema.optional()),
  status: z.preprocess(blankAsMissing, z.enum(CONVENTION_STATUSES).optional()),
});
export type ListConventionsQuery = z.infer<typeof listConventionsQuerySchema>;
export const conventionListSchema = z.object({
  items: z.array(conventionSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** Fields of a new convention, sent as JSON or as the fields of a multipart form with its PDF. */
export const createConventionSchema = z.object({
  partnerId: z.uuid(),
  territoryId: territoryIdSchema,
  title: z.string().trim().min(1).max(200),
  startsOn: isoDate,
  endsOn: isoDate,
  signedOn: z.preprocess(blankAsMissing, isoDate.nullish()),
});
export type CreateConventionInput = z.infer<typeof createConventionSchema>;

export const updateConventionSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  startsOn: isoDate.optional(),
  endsOn: isoDate.optional(),
  signedOn: isoDate.nullable().optional(),
  /** true revokes the convention at once (its partner's members lose access); false restores it. */
  revoked: z.boolean().optional(),
});
export type UpdateConventionInput = z.infer<typeof updateConventionSchema>;

// ----------------------------------------------------------------------------------------- GDPR export

/** Everything Passerelle holds about one member (RGPD art. 15). Secrets and their hashes are left out. */
export const memberExportSchema = z.object({
  exportedAt: z.string(),
  member: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    jobTitle: z.string().nullable(),
    isInstanceAdmin: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
    passwordChangedAt: z.string().nullable(),
    secondFactorEnabledAt: z.string().nullable(),
    failedLogins: z.number().int(),
    lockedUntil: z.string().nullable(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable(),
    inactivityWarnedAt: z.string().nullable(),
  }),
  partner: z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(PARTNER_TYPES),
    siret: z.string().nullable(),
    finess: z.string().nullable(),
  }),
  roles: z.array(memberRoleSchema.extend({ grantedBy: z.string().nullable() })),
  charterAcceptances: z.array(
    z.object({
      territoryId: z.string(),
      version: z.number().int(),
      title: z.string(),
      acceptedAt: z.string(),
    }),
  ),
  sessions: z.array(sessionViewSchema.extend({ revokedAt: z.string().nullable() })),
  oidcIdentities: z.array(
    z.object({
      provider: z.enum(OIDC_PROVIDERS),
      subject: z.string(),
      linkedAt: z.string(),
      lastLoginAt: z.string().nullable(),
    }),
  ),
  emailLinks: z.array(
    z.object({
      purpose: z.enum(['invitation', 'password_reset']),
      createdAt: z.string(),
      expiresAt: z.string(),
      usedAt: z.string().nullable(),
    }),
  ),
  recoveryCodes: z.array(z.object({ createdAt: z.string(), usedAt: z.string().nullable() })),
  auditEvents: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      action: z.string(),
      territoryId: z.string().nullable(),
      role: z.string().nullable(),
      subjectType: z.string().nullable(),
      subjectId: z.string().nullable(),
      outcome: z.string(),
      requestId: z.string().nullable(),
    }),
  ),
});
export type MemberExport = z.infer<typeof memberExportSchema>;
