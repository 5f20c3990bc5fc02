import { z } from 'zod';
import { roleAssignmentSchema } from './access';

/** E-mail addresses are compared lower-cased: one address, one member. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('adresse e-mail invalide').max(254));

export const inviteMemberBodySchema = z.object({
  partnerId: z.uuid('identifiant de partenaire invalide'),
  email: emailSchema,
  displayName: z.string().trim().min(1, 'le nom est obligatoire').max(200),
  jobTitle: z.string().trim().max(200).optional(),
  roles: z.array(roleAssignmentSchema).min(1, 'au moins un rôle').max(50),
});
export type InviteMemberBody = z.infer<typeof inviteMemberBodySchema>;

export const memberIdParamsSchema = z.object({ id: z.uuid('identifiant de membre invalide') });

/** The invitation link itself is never returned: it reaches the invited person by e-mail only. */
export const invitationSentResponseSchema = z.object({
  memberId: z.string(),
  /** False when the mail server refused the message; the invitation can be sent again. */
  mailSent: z.boolean(),
});
export type InvitationSentResponse = z.infer<typeof invitationSentResponseSchema>;

export const tokenParamsSchema = z.object({ token: z.string().min(1).max(200) });

export const invitationPreviewSchema = z.object({
  displayName: z.string(),
  /** Masked (j•••@bailleur.fr): the link may have been forwarded. */
  email: z.string(),
  partnerName: z.string(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/** Long enough for any passphrase the policy accepts, short enough to bound argon2's input. */
const passwordSchema = z.string().min(1, 'le mot de passe est obligatoire').max(1024);

export const setPasswordBodySchema = z.object({
  token: z.string().min(1).max(200),
  password: passwordSchema,
});
export type SetPasswordBody = z.infer<typeof setPasswordBodySchema>;

export const ACCEPT_NEXT = ['enrol_second_factor', 'done'] as const;
export type AcceptNext = (typeof ACCEPT_NEXT)[number];

export const acceptInvitationResponseSchema = z.object({
  next: z.enum(ACCEPT_NEXT),
  csrfToken: z.string(),
});
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponseSchema>;

export const passwordResetRequestBodySchema = z.object({ email: emailSchema });

export const passwordResetRequestedSchema = z.object({ message: z.string() });
export type PasswordResetRequested = z.infer<typeof passwordResetRequestedSchema>;

/** Same words whether or not the address has an account: the answer must not reveal it. */
export function passwordResetRequestedMessage(validMinutes: number): string {
  return (
    'Si un compte actif correspond à cette adresse, un lien pour choisir un nouveau mot de passe vient ' +
    `d’y être envoyé. Il est valable ${validMinutes} minutes et ne sert qu’une fois.`
  );
}
