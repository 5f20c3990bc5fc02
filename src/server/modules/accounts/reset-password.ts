import { and, eq, isNull } from 'drizzle-orm';
import {
  passwordResetRequestedMessage,
  type PasswordResetRequested,
  type SetPasswordBody,
} from '../../../contracts/onboarding';
import { members, sessions } from '../../db/schema/access';
import type { MailMessage } from '../../platform/mail';
import { hashPassword } from '../../platform/passwords';
import { AppError } from '../../platform/errors';
import { consumeToken, findUsableToken, refuseWeakPassword } from './accept-invitation';
import {
  expirePendingTokens,
  issueAuthToken,
  publicLink,
  sendAfterCommit,
  type OnboardingContext,
} from './invite-member';

function passwordResetMail(opts: {
  to: string;
  displayName: string;
  link: string;
  minutes: number;
}): MailMessage {
  return {
    to: opts.to,
    subject: 'Choisir un nouveau mot de passe Passerelle',
    text: [
      `Bonjour ${opts.displayName},`,
      '',
      'Une demande de nouveau mot de passe a été faite pour votre compte Passerelle.',
      `Pour choisir votre nouveau mot de passe, ouvrez ce lien (valable ${opts.minutes} minutes, utilisable une seule fois) :`,
      opts.link,
      '',
      'Toutes vos sessions ouvertes seront fermées. Votre double authentification reste active.',
      '',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.',
      '',
      '— Passerelle',
    ].join('\n'),
  };
}

/**
 * Sends a password reset link if the address belongs to an active member. The answer, and its timing,
 * are the same either way: the mail leaves in the background so the SMTP round trip does not show.
 */
export async function requestPasswordReset(
  ctx: OnboardingContext,
  input: { email: string },
): Promise<PasswordResetRequested> {
  const minutes = ctx.config.PASSWORD_RESET_VALID_MINUTES;
  const answer = { message: passwordResetRequestedMessage(minutes) };
  const [member] = await ctx.db.select().from(members).where(eq(members.email, input.email));
  if (!member || member.disabledAt) return answer;
  const issued = await ctx.db.transaction(async (tx) => {
    await expirePendingTokens(tx, member.id, 'password_reset', ctx.now);
    const token = await issueAuthToken(tx, {
      memberId: member.id,
      purpose: 'password_reset',
      now: ctx.now,
      validMs: minutes * 60_000,
      createdBy: null,
    });
    await ctx.audit(tx, {
      action: 'member.password_reset.request',
      subjectType: 'member',
      subjectId: member.id,
      requestId: ctx.requestId,
    });
    return token;
  });
  void sendAfterCommit(
    ctx,
    passwordResetMail({
      to: member.email,
      displayName: member.displayName,
      link: publicLink(ctx.config.PUBLIC_URL, '/mot-de-passe/nouveau', issued.token),
      minutes,
    }),
  );
  return answer;
}

/**
 * Sets a new password from a reset link. Whoever held the old password may hold a session too: every
 * session of the member is revoked, and the lockout a guesser may have caused is lifted.
 */
export async function confirmPasswordReset(ctx: OnboardingContext, input: SetPasswordBody): Promise<void> {
  refuseWeakPassword(input.password);
  const found = await findUsableToken(ctx.db, input.token, 'password_reset', ctx.now);
  if (!found) throw new AppError('not_found', 'TOKEN_INVALID');
  const { member } = found;
  refuseWeakPassword(input.password, member);
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    await consumeToken(tx, found.tokenId, ctx.now);
    await tx
      .update(members)
      .set({ passwordHash, passwordChangedAt: ctx.now, failedLogins: 0, lockedUntil: null })
      .where(eq(members.id, member.id));
    await tx
      .update(sessions)
      .set({ revokedAt: ctx.now })
      .where(and(eq(sessions.memberId, member.id), isNull(sessions.revokedAt)));
    await ctx.audit(tx, {
      action: 'member.password_reset',
      actorMemberId: member.id,
      actorPartnerId: member.partnerId,
      subjectType: 'member',
      subjectId: member.id,
      requestId: ctx.requestId,
    });
  });
}
