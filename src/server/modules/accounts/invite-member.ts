import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { type InfoCategory, type PartnerType, type RoleAssignment } from '../../../contracts/access';
import type { InvitationSentResponse, InviteMemberBody } from '../../../contracts/onboarding';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import {
  authTokens,
  memberRoles,
  members,
  oidcIdentities,
  partners,
  partnerTerritories,
} from '../../db/schema/access';
import { territories } from '../../db/schema/territories';
import type { AuditEvent, recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { Mailer, MailMessage } from '../../platform/mail';
import { administeredTerritories, type Actor } from '../../platform/policy';
import { randomToken, sha256 } from '../../platform/secrets';

type AuditTx = Parameters<typeof recordAudit>[0];
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What the onboarding use cases need, whether called by a route or by the CLI. */
export interface OnboardingContext {
  db: Db;
  now: Date;
  config: Pick<
    Config,
    'PUBLIC_URL' | 'INVITATION_VALID_DAYS' | 'PASSWORD_RESET_VALID_MINUTES' | 'SESSION_ABSOLUTE_HOURS'
  >;
  audit(tx: AuditTx, event: AuditEvent): Promise<void>;
  /** Null: no mail is sent (the CLI without SMTP_URL prints the link instead). */
  mailer: Mailer | null;
  log: { error(obj: object, msg: string): void };
  requestId: string | null;
}

/** Roles only an instance administrator may grant: they open every screen of a territory. */
const ADMIN_ONLY_ROLES = new Set(['admin', 'coordinator']);

/** Lower is more restrictive: when the same role is asked twice, the safer category wins. */
const RESTRICTIVENESS: Record<InfoCategory, number> = { landlord: 0, other: 1, social: 2, health: 3 };

/**
 * Which roles an invitation grants, or why it may not. Coordinators invite only into territories they
 * coordinate (another territory answers NOT_FOUND, as if it did not exist) and never grant admin or
 * coordinator. Landlords never receive health information (CSP L1110-4): a landlord_staff role and any
 * role of a social landlord's member carry the `landlord` category whatever was asked. A member has one
 * category per territory, the most restrictive of those asked there.
 */
export function planRoleGrants(
  actor: Actor,
  partnerType: PartnerType,
  requested: RoleAssignment[],
): RoleAssignment[] {
  const coordinated = new Set(administeredTerritories(actor, []));
  if (!actor.isInstanceAdmin && coordinated.size === 0) throw new AppError('forbidden', 'FORBIDDEN');
  const category = new Map<string, InfoCategory>();
  for (const r of requested) {
    if (!actor.isInstanceAdmin && !coordinated.has(r.territoryId))
      throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
    if (!actor.isInstanceAdmin && ADMIN_ONLY_ROLES.has(r.role)) throw new AppError('forbidden', 'FORBIDDEN');
    const forced = r.role === 'landlord_staff' || partnerType === 'social_landlord';
    const asked: InfoCategory = forced ? 'landlord' : r.infoCategory;
    const previous = category.get(r.territoryId);
    if (!previous || RESTRICTIVENESS[asked] < RESTRICTIVENESS[previous]) category.set(r.territoryId, asked);
  }
  const grants = new Map<string, RoleAssignment>();
  for (const r of requested) {
    grants.set(`${r.territoryId}\u0000${r.role}`, {
      territoryId: r.territoryId,
      role: r.role,
      // Always set by the loop above; landlord is the safe fallback.
      infoCategory: category.get(r.territoryId) ?? 'landlord',
    });
  }
  return [...grants.values()];
}

/** Both drivers report a unique violation as SQLSTATE 23505, possibly wrapped by Drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A single-use link token: the e-mail carries it, the database keeps only its SHA-256. */
export async function issueAuthToken(
  tx: Pick<Db, 'insert'>,
  opts: {
    memberId: string;
    purpose: 'invitation' | 'password_reset';
    now: Date;
    validMs: number;
    createdBy: string | null;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(opts.now.getTime() + opts.validMs);
  await tx.insert(authTokens).values({
    memberId: opts.memberId,
    purpose: opts.purpose,
    tokenHash: sha256(token),
    expiresAt,
    createdBy: opts.createdBy,
    createdAt: opts.now,
  });
  return { token, expiresAt };
}

/** Earlier links stop working when a new one is sent: only the latest e-mail is good. */
export async function expirePendingTokens(
  tx: Pick<Db, 'update'>,
  memberId: string,
  purpose: 'invitation' | 'password_reset',
  now: Date,
): Promise<void> {
  await tx
    .update(authTokens)
    .set({ expiresAt: now })
    .where(
      and(
        eq(authTokens.memberId, memberId),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    );
}

/** A page of the web app with a token, under PUBLIC_URL (which may carry a path prefix). */
export function publicLink(publicUrl: string, path: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}

const parisDateTime = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(d);

export function invitationMail(opts: {
  to: string;
  displayName: string;
  partnerName: string;
  link: string;
  expiresAt: Date;
}): MailMessage {
  return {
    to: opts.to,
    subject: 'Votre invitation à rejoindre Passerelle',
    text: [
      `Bonjour ${opts.displayName},`,
      '',
      `Vous êtes invité(e) à rejoindre Passerelle, l’outil de la commission logement et santé mentale du CLSM, au titre de « ${opts.partnerName} ».`,
      '',
      `Pour activer votre compte, choisissez votre mot de passe en ouvrant ce lien (valable jusqu’au ${parisDateTime(opts.expiresAt)}, utilisable une seule fois) :`,
      opts.link,
      '',
      'Vous activerez ensuite la double authentification avec une application sur votre téléphone.',
      '',
      'Si vous n’attendiez pas cette invitation, ignorez ce message : aucun compte ne sera activé sans vous.',
      '',
      '— Passerelle',
    ].join('\n'),
  };
}

/**
 * Sends a message after the commit. A refused message does not undo the change (the link can be sent
 * again); the log keeps the failure code only, as mail errors may quote the recipient's address.
 */
export async function sendAfterCommit(ctx: OnboardingContext, message: MailMessage): Promise<boolean> {
  if (!ctx.mailer) return false;
  try {
    await ctx.mailer.send(message);
    return true;
  } catch (err) {
    const e = err as { code?: unknown; responseCode?: unknown };
    ctx.log.error(
      { mailError: typeof e.code === 'string' ? e.code : 'unknown', responseCode: e.responseCode ?? null },
      'onboarding e-mail not sent',
    );
    return false;
  }
}

export function invitationValidMs(ctx: OnboardingContext): number {
  return ctx.config.INVITATION_VALID_DAYS * 86_400_000;
}

const actorRole = (actor: Actor) => (actor.isInstanceAdmin ? 'admin' : 'coordinator');

/** Invites a person: creates the member (no password yet) and their roles, and e-mails a single-use link. */
export async function inviteMember(
  ctx: OnboardingContext,
  actor: Actor,
  input: InviteMemberBody,
): Promise<InvitationSentResponse> {
  const [partner] = await ctx.db
    .select({ id: partners.id, name: partners.name, type: partners.type })
    .from(partners)
    .where(and(eq(partners.id, input.partnerId), isNull(partners.archivedAt)));
  if (!partner) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
  const grants = planRoleGrants(actor, partner.type, input.roles);
  const territoryIds = [...new Set(grants.map((g) => g.territoryId))];
  if (actor.isInstanceAdmin) {
    const found = await ctx.db
      .select({ id: territories.id })
      .from(territories)
      .where(inArray(territories.id, territoryIds));
    if (found.length !== territoryIds.length) throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  }
  const linked = new Set(
    (
      await ctx.db
        .select({ territoryId: partnerTerritories.territoryId })
        .from(partnerTerritories)
        .where(
          and(
            eq(partnerTerritories.partnerId, partner.id),
            inArray(partnerTerritories.territoryId, territoryIds),
          ),
        )
    ).map((r) => r.territoryId),
  );
  // A coordinator sees the partners of the territories they coordinate, and no other.
  if (!actor.isInstanceAdmin && linked.size === 0) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
  if (territoryIds.some((t) => !linked.has(t))) throw new AppError('invalid', 'PARTNER_NOT_IN_TERRITORY');
  const [taken] = await ctx.db.select({ id: members.id }).from(members).where(eq(members.email, input.email));
  if (taken) throw new AppError('conflict', 'EMAIL_TAKEN');

  let created: { memberId: string; token: string; expiresAt: Date };
  try {
    created = await ctx.db.transaction(async (tx) => {
      const memberId = randomUUID();
      await tx.insert(members).values({
        id: memberId,
        partnerId: partner.id,
        email: input.email,
        displayName: input.displayName,
        jobTitle: input.jobTitle || null,
        createdAt: ctx.now,
      });
      await tx
        .insert(memberRoles)
        .values(grants.map((g) => ({ memberId, ...g, grantedAt: ctx.now, grantedBy: actor.memberId })));
      const issued = await issueAuthToken(tx, {
        memberId,
        purpose: 'invitation',
        now: ctx.now,
        validMs: invitationValidMs(ctx),
        createdBy: actor.memberId,
      });
      for (const t of territoryIds) {
        await ctx.audit(tx, {
          action: 'member.invite',
          territoryId: t,
          actorMemberId: actor.memberId,
          actorPartnerId: actor.partnerId,
          actorRole: actorRole(actor),
          subjectType: 'member',
          subjectId: memberId,
          requestId: ctx.requestId,
        });
      }
      return { memberId, ...issued };
    });
  } catch (err) {
    // Two invitations of the same address at once: the unique index decides, the loser is told so.
    if (isUniqueViolation(err)) throw new AppError('conflict', 'EMAIL_TAKEN');
    throw err;
  }
  const mailSent = await sendAfterCommit(
    ctx,
    invitationMail({
      to: input.email,
      displayName: input.displayName,
      partnerName: partner.name,
      link: publicLink(ctx.config.PUBLIC_URL, '/invitation', created.token),
      expiresAt: created.expiresAt,
    }),
  );
  return { memberId: created.memberId, mailSent };
}

async function hasAccepted(db: Db | Tx, memberId: string, passwordHash: string | null): Promise<boolean> {
  if (passwordHash) return true;
  const [linked] = await db
    .select({ memberId: oidcIdentities.memberId })
    .from(oidcIdentities)
    .where(eq(oidcIdentities.memberId, memberId))
    .limit(1);
  return linked !== undefined;
}

/** Sends a new invitation link to a member who has not activated their account; earlier links stop working. */
export async function resendInvitation(
  ctx: OnboardingContext,
  actor: Actor,
  memberId: string,
): Promise<InvitationSentResponse> {
  const [found] = await ctx.db
    .select({ member: members, partnerName: partners.name })
    .from(members)
    .innerJoin(partners, eq(partners.id, members.partnerId))
    .where(eq(members.id, memberId));
  const roleTerritories = found
    ? [
        ...new Set(
          (
            await ctx.db
              .select({ territoryId: memberRoles.territoryId })
              .from(memberRoles)
              .where(eq(memberRoles.memberId, memberId))
          ).map((r) => r.territoryId),
        ),
      ]
    : [];
  const coordinated = new Set(administeredTerritories(actor, roleTerritories));
  const shared = roleTerritories.filter((t) => coordinated.has(t));
  // Someone outside the coordinator's territories is answered as if unknown.
  if (!found || (!actor.isInstanceAdmin && shared.length === 0))
    throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const { member } = found;
  if (member.disabledAt) throw new AppError('conflict', 'ACCOUNT_DISABLED');
  if (await hasAccepted(ctx.db, member.id, member.passwordHash))
    throw new AppError('conflict', 'INVITATION_ALREADY_ACCEPTED');

  const issued = await ctx.db.transaction(async (tx) => {
    await expirePendingTokens(tx, member.id, 'invitation', ctx.now);
    const token = await issueAuthToken(tx, {
      memberId: member.id,
      purpose: 'invitation',
      now: ctx.now,
      validMs: invitationValidMs(ctx),
      createdBy: actor.memberId,
    });
    for (const t of shared.length > 0 ? shared : [null]) {
      await ctx.audit(tx, {
        action: 'member.invitation.resend',
        territoryId: t,
        actorMemberId: actor.memberId,
        actorPartnerId: actor.partnerId,
        actorRole: actorRole(actor),
        subjectType: 'member',
        subjectId: member.id,
        requestId: ctx.requestId,
      });
    }
    return token;
  });
  const mailSent = await sendAfterCommit(
    ctx,
    invitationMail({
      to: member.email,
      displayName: member.displayName,
      partnerName: found.partnerName,
      link: publicLink(ctx.config.PUBLIC_URL, '/invitation', issued.token),
      expiresAt: issued.expiresAt,
    }),
  );
  return { memberId: member.id, mailSent };
}
