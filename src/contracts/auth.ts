import { z } from 'zod';
import { CONFIDENTIAL_BLOCKS, INFO_CATEGORIES, PARTNER_TYPES, ROLES } from './access';

export const loginBodySchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const LOGIN_NEXT = ['done', 'second_factor', 'enrol_second_factor'] as const;
export type LoginNext = (typeof LOGIN_NEXT)[number];

export const loginResponseSchema = z.object({
  next: z.enum(LOGIN_NEXT),
  csrfToken: z.string(),
});

export const totpCodeBodySchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'le code comporte 6 chiffres')
      .optional(),
    recoveryCode: z.string().trim().min(8).max(32).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'indiquez soit un code à 6 chiffres, soit un code de secours',
  });

export const totpEnableBodySchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'le code comporte 6 chiffres'),
});

export const totpSetupResponseSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  /** QR code of otpauthUri, as an SVG document. */
  qrSvg: z.string(),
});

export const totpEnableResponseSchema = z.object({
  csrfToken: z.string(),
  /** Shown once: ten single-use codes for when the phone is lost. */
  recoveryCodes: z.array(z.string()),
});

export const csrfResponseSchema = z.object({ csrfToken: z.string() });

export const meResponseSchema = z.object({
  member: z.object({
    id: z.string(),
    displayName: z.string(),
    email: z.string(),
    jobTitle: z.string().nullable(),
    isInstanceAdmin: z.boolean(),
    partner: z.object({ id: z.string(), name: z.string(), type: z.enum(PARTNER_TYPES) }),
  }),
  roles: z.array(
    z.object({
      territoryId: z.string(),
      territoryName: z.string(),
      role: z.enum(ROLES),
      roleLabel: z.string(),
      infoCategory: z.enum(INFO_CATEGORIES),
    }),
  ),
  secondFactor: z.object({ enabled: z.boolean(), verified: z.boolean(), required: z.boolean() }),
  /** Per territory: can confidential data be opened, and if not, why (French messages). */
  access: z.array(
    z.object({
      territoryId: z.string(),
      confidential: z.boolean(),
      blocks: z.array(z.object({ code: z.enum(CONFIDENTIAL_BLOCKS), message: z.string() })),
    }),
  ),
  csrfToken: z.string(),
  session: z.object({ method: z.string(), expiresAt: z.string() }),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const ownSessionSchema = z.object({
  id: z.string(),
  method: z.string(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean(),
});
export const ownSessionsResponseSchema = z.object({ sessions: z.array(ownSessionSchema) });
