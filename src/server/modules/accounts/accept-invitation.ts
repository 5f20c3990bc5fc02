import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AcceptNext, InvitationPreview, SetPasswordBody } from '../../../contracts/onboarding';
import type { Db } from '../../db/client';
import { authTokens, members, partners } from '../../db/schema/access';
import { createSession, needsSecondFactor, type NewSession } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { checkPasswordPolicy, hashPassword } from '../../platform/passwords';
import { sha256 } from '../../platform/secrets';
import { rolesOf, type MemberRow } from './actor.repository';
import type { OnboardingContext } from './invite-member';

type Purpose = 'invitation' | 'password_reset';
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** j•••@bailleur.fr: enough for the person to recognise their address, not enough to harvest it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

export interface UsableToken {
  tokenId: string;
  expiresAt: Date;
  member: MemberRow;
  partnerName: string;
}

/** The token's member if the link is still good: known, unused, not expired, member not disabled. */
export async function findUsableToken(
  db: Db,
  token: string,
  purpose: Purpose,
  now: Date,
): Promise<UsableToken | null> {
  const [row] = await db
    .select({
      tokenId: authTokens.id,
      expiresAt: authTokens.expiresAt,
      member: members,
      partnerName: partners.name,
    })
    .from(authTokens)
    .innerJoin(members, eq(members.id, authTokens.memberId))
    .innerJoin(partners, eq(partners.id, members.partnerId))
    .where(
      and(
        eq(authTokens.tokenHash, sha256(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    );
  if (!row || row.member.disabledAt) return null;
  return row;
}

/**
 * Marks the token used inside the caller's transaction. Conditional on `used_at IS NULL`: of two
 * simultaneous submissions, the second waits for the first's row lock, then finds nothing to update.
 */
export async function consumeToken(tx: Tx, tokenId: string, now: Date): Promise<void> {
  const used = await tx
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.id, tokenId), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)))
    .returning({ id: authTokens.id });
  if (used.length === 0) throw new AppError('not_found', 'TOKEN_INVALID');
}

/**
 * The password policy. Without a member (before the token is looked up) it checks length and common
 * passwords; with one, also what anyone who knows the person would try first (name, e-mail).
 */
export function refuseWeakPassword(
  password: string,
  member?: Pick<MemberRow, 'displayName' | 'email'>,
): void {
  const problem = checkPasswordPolicy(password, member ? [member.displayName, member.email] : []);
  if (problem) throw new AppError('invalid', problem);
}

/** Who an invitation link is for, shown before the person chooses a password. */
export async function previewInvitation(ctx: OnboardingContext, token: string): Promise<InvitationPreview> {
  const found = await findUsableToken(ctx.db, token, 'invitation', ctx.now);
  if (!found) throw new AppError('not_found', 'TOKEN_INVALID');
  return {
    displayName: found.member.displayName,
    email: maskEmail(found.member.email),
    partnerName: found.partnerName,
    expiresAt: found.expiresAt.toISOString(),
  };
}

/** Accepts an invitation: sets the first password, uses up the link and opens a first-factor session. */
export async function acceptInvitation(
  ctx: OnboardingContext,
  input: SetPasswordBody & { userAgent: string | undefined },
): Promise<{ session: NewSession; next: AcceptNext }> {
  refuseWeakPassword(input.password);
  const found = await findUsableToken(ctx.db, input.token, 'invitation', ctx.now);
  if (!found) throw new AppError('not_found', 'TOKEN_INVALID');
  const { member } = found;
  refuseWeakPassword(input.password, member);
  const passwordHash = await hashPassword(input.password);
  const roles = await rolesOf(ctx.db, member.id);
  const session = await ctx.db.transaction(async (tx) => {
    await consumeToken(tx, found.tokenId, ctx.now);
    await tx
      .update(members)
      .set({
        passwordHash,
        passwordChangedAt: ctx.now,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: ctx.now,
        inactivityWarnedAt: null,
      })
      .where(eq(members.id, member.id));
    await ctx.audit(tx, {
      action: 'member.invitation.accept',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId: ctx.requestId,
    });
    return createSession(tx, {
      memberId: member.id,
      method: 'password',
      secondFactor: false,
      userAgent: input.userAgent,
      now: ctx.now,
      absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS,
    });
  });
  return { session, next: needsSecondFactor(member, roles) ? 'enrol_second_factor' : 'done' };
}
