import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { members, partners } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import {
  invitationMail,
  invitationValidMs,
  isUniqueViolation,
  issueAuthToken,
  publicLink,
  sendAfterCommit,
  type OnboardingContext,
} from './invite-member';

export const DEFAULT_ADMIN_PARTNER_NAME = 'Administration de l’instance';

export interface CreateAdminInput {
  /** Already trimmed and lower-cased. */
  email: string;
  displayName: string;
  partnerName?: string | undefined;
}

export interface CreatedAdmin {
  memberId: string;
  partnerId: string;
  /** The single-use invitation link: shown once to whoever runs the command. */
  link: string;
  expiresAt: Date;
  /** Null when no mailer is configured. */
  mailSent: boolean | null;
}

/**
 * Creates an instance administrator with a single-use invitation link: how a fresh install gets its
 * first account, since nobody is signed in yet to invite anyone.
 */
export async function createAdmin(ctx: OnboardingContext, input: CreateAdminInput): Promise<CreatedAdmin> {
  const partnerName = input.partnerName?.trim() || DEFAULT_ADMIN_PARTNER_NAME;
  const [taken] = await ctx.db.select({ id: members.id }).from(members).where(eq(members.email, input.email));
  if (taken) throw new AppError('conflict', 'EMAIL_TAKEN');
  let created: { memberId: string; partnerId: string; token: string; expiresAt: Date };
  try {
    created = await ctx.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: partners.id })
        .from(partners)
        .where(and(eq(partners.name, partnerName), eq(partners.type, 'other'), isNull(partners.archivedAt)))
        .orderBy(asc(partners.createdAt))
        .limit(1);
      let partnerId = existing?.id;
      if (!partnerId) {
        partnerId = randomUUID();
        await tx
          .insert(partners)
          .values({ id: partnerId, name: partnerName, type: 'other', createdAt: ctx.now });
        await ctx.audit(tx, {
          action: 'partner.create',
          subjectType: 'partner',
          subjectId: partnerId,
          requestId: ctx.requestId,
        });
      }
      const memberId = randomUUID();
      await tx.insert(members).values({
        id: memberId,
        partnerId,
        email: input.email,
        displayName: input.displayName,
        isInstanceAdmin: true,
        createdAt: ctx.now,
      });
      const issued = await issueAuthToken(tx, {
        memberId,
        purpose: 'invitation',
        now: ctx.now,
        validMs: invitationValidMs(ctx),
        createdBy: null,
      });
      await ctx.audit(tx, {
        action: 'member.create_admin',
        subjectType: 'member',
        subjectId: memberId,
        requestId: ctx.requestId,
      });
      return { memberId, partnerId, ...issued };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'EMAIL_TAKEN');
    throw err;
  }
  const link = publicLink(ctx.config.PUBLIC_URL, '/invitation', created.token);
  const mailSent = ctx.mailer
    ? await sendAfterCommit(
        ctx,
        invitationMail({
          to: input.email,
          displayName: input.displayName,
          partnerName,
          link,
          expiresAt: created.expiresAt,
        }),
      )
    : null;
  return {
    memberId: created.memberId,
    partnerId: created.partnerId,
    link,
    expiresAt: created.expiresAt,
    mailSent,
  };
}
