import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { INFO_CATEGORIES, OIDC_PROVIDERS, PARTNER_TYPES, ROLES } from '../../../contracts/access';
import { territories } from './territories';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const at = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => at('created_at').notNull().defaultNow();

/** A partner organisation (landlord, psychiatric sector, social service, town, association...). */
export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  type: text('type', { enum: PARTNER_TYPES }).notNull(),
  siret: text('siret'),
  finess: text('finess'),
  createdAt: createdAt(),
  archivedAt: at('archived_at'),
});

export const partnerTerritories = pgTable(
  'partner_territories',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.territoryId] })],
);

/** A person working for a partner. E-mail is stored lower-cased. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    jobTitle: text('job_title'),
    isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
    /** argon2id (PHC string); null until the invitation is accepted or for SSO-only members. */
    passwordHash: text('password_hash'),
    passwordChangedAt: at('password_changed_at'),
    /** TOTP secret, encrypted with the server key (AES-256-GCM); null until enrolment. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: at('totp_enabled_at'),
    /** Last TOTP time step accepted: a code is never accepted twice (replay). */
    totpLastStep: integer('totp_last_step'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: at('locked_until'),
    disabledAt: at('disabled_at'),
    disabledReason: text('disabled_reason'),
    lastLoginAt: at('last_login_at'),
    inactivityWarnedAt: at('inactivity_warned_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('members_email_idx').on(t.email), index('members_partner_idx').on(t.partnerId)],
);

/** A role in one territory, with the category of information it may receive. */
export const memberRoles = pgTable(
  'member_roles',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    infoCategory: text('info_category', { enum: INFO_CATEGORIES }).notNull(),
    grantedAt: createdAt(),
    grantedBy: uuid('granted_by'),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.territoryId, t.role] })],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** SHA-256 of the code: codes are random, a slow hash adds nothing. */
    codeHash: text('code_hash').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_member_idx').on(t.memberId)],
);

/** Single-use links sent by e-mail: invitations and password resets. Only the token's hash is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('auth_tokens_hash_idx').on(t.tokenHash),
    index('auth_tokens_member_idx').on(t.memberId),
  ],
);

/** An OpenID Connect identity linked to an invited member (never creates access by itself). */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    provider: text('provider', { enum: OIDC_PROVIDERS }).notNull(),
    subject: text('subject').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    linkedAt: createdAt(),
    lastLoginAt: at('last_login_at'),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.subject] }),
    index('oidc_identities_member_idx').on(t.memberId),
  ],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored (`id`). */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    method: text('method', { enum: ['password', ...OIDC_PROVIDERS] }).notNull(),
    /** When the second factor was checked; null = first factor only (may only enrol or verify TOTP). */
    secondFactorAt: at('second_factor_at'),
    csrfToken: text('csrf_token').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('sessions_member_idx').on(t.memberId)],
);

/** Versioned confidentiality charter of a territory, published by its coordinator. */
export const charters = pgTable(
  'charters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    publishedAt: createdAt(),
    publishedBy: uuid('published_by'),
  },
  (t) => [uniqueIndex('charters_territory_version_idx').on(t.territoryId, t.version)],
);

export const charterAcceptances = pgTable(
  'charter_acceptances',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    charterId: uuid('charter_id')
      .notNull()
      .references(() => charters.id, { onDelete: 'cascade' }),
    acceptedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.charterId] })],
);

/** Partnership convention of a partner on a territory, with its signed document. */
export const conventions = pgTable(
  'conventions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    /** Last day of validity (inclusive). */
    endsOn: date('ends_on').notNull(),
    signedOn: date('signed_on'),
    documentName: text('document_name'),
    documentType: text('document_type'),
    documentSha256: text('document_sha256'),
    document: bytea('document'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('conventions_partner_idx').on(t.partnerId, t.territoryId)],
);

/**
 * Tamper-evident audit trail: each event's hash covers its content and the previous event's hash.
 * Never holds personal or clinical content: ids, role, action, subject type and id only.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    territoryId: text('territory_id'),
    actorMemberId: uuid('actor_member_id'),
    actorPartnerId: uuid('actor_partner_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    outcome: text('outcome', { enum: ['ok', 'denied'] })
      .notNull()
      .default('ok'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_territory_idx').on(t.territoryId, t.at),
    index('audit_events_actor_idx').on(t.actorMemberId),
    uniqueIndex('audit_events_hash_idx').on(t.hash),
  ],
);

/** One row: the head of the audit chain, locked while an event is appended so the chain stays linear. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey().default(1),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
