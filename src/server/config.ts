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
