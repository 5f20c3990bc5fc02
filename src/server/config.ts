import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database and runtime state; ':memory:' keeps everything in memory. */
  DATA_DIR: z.string().default('.passerelle'),
  /** Load the demo territories into an empty database. */
  SEED_DEMO: bool.default(true),
  /** local: offline index only; ban: official API only; local+ban: local first, then the API. */
  GEOCODER: z.enum(['local', 'ban', 'local+ban']).default('local'),
  BAN_API_URL: z.string().url().default('https://data.geopf.fr/geocodage'),
  BAN_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  /** Raster tile URL template for the map ({z}/{x}/{y}); empty = no base map (works offline). */
  TILE_URL: z.string().optional(),
  TILE_ATTRIBUTION: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the built web app from this folder. */
  WEB_DIST: z.string().default('dist/web'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** How often to check whether another process (the CLI) changed zones or addresses. */
  DATA_RELOAD_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),

  /** Public address of the application, used in links sent by e-mail and as OIDC redirect base. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /**
   * Server secret (≥ 32 characters) encrypting TOTP secrets at rest. Required in production; elsewhere a
   * per-data-folder secret is generated and kept in DATA_DIR.
   */
  SECRET_KEY: z.string().min(32).optional(),
  /** A session ends after this much inactivity... */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** ...and in any case this long after login. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Failed logins before a temporary lockout, and how long the lockout lasts. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Login attempts per minute and per client address (all accounts). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  INVITATION_VALID_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  PASSWORD_RESET_VALID_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),

  /** smtp://user:pass@host:port or smtps://…; empty = mail is written to the log as "not sent". */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Passerelle <no-reply@passerelle.invalid>'),

  /** ProConnect (professionals of public services and landlords), OpenID Connect. */
  PROCONNECT_ISSUER: z.string().url().optional(),
  PROCONNECT_CLIENT_ID: z.string().optional(),
  PROCONNECT_CLIENT_SECRET: z.string().optional(),
  /** Pro Santé Connect (health professionals, e-CPS), OpenID Connect. */
  PSC_ISSUER: z.string().url().optional(),
  PSC_CLIENT_ID: z.string().optional(),
  PSC_CLIENT_SECRET: z.string().optional(),

  /** Retention: closed situations are anonymised after this many days (default 2 years). */
  RETENTION_CLOSED_SITUATION_DAYS: z.coerce.number().int().min(30).default(730),
  /** Inactive accounts are warned after this many days, then disabled after the grace period. */
  INACTIVE_ACCOUNT_WARN_DAYS: z.coerce.number().int().min(1).default(365),
  INACTIVE_ACCOUNT_GRACE_DAYS: z.coerce.number().int().min(1).default(30),
  /** Run scheduled jobs (retention) in this process. */
  JOBS_ENABLED: bool.default(true),
});

export type Config = z.infer<typeof envSchema>;

/** Parses the environment once; fails fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  return { ...parsed.data, ...overrides };
}
