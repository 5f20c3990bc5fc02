import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { registerErrorHandling } from './platform/errors';
import type { AddressSearch } from './platform/geocoding';
import { buildGeocoder } from './platform/geocoder-factory';
import { loggerOptions } from './platform/logger';
import { registerSecurityHeaders } from './platform/security-headers';
import { registerAuth } from './platform/auth';
import { recordAudit, type AuditEvent } from './platform/audit';
import { createMailer, type Mailer } from './platform/mail';
import { JobQueue } from './platform/jobs';
import { retentionContextOf } from './modules/retention/context';
import { registerRetentionRules } from './modules/retention/retention-jobs';
import { resolveSecretKey, SecretBox } from './platform/secrets';
import { authRoutes } from './modules/accounts/auth.routes';
import { oidcRoutes } from './modules/accounts/oidc.routes';
import { onboardingRoutes } from './modules/accounts/onboarding.routes';
import { adminRoutes } from './modules/admin/admin.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { crosswalkRoutes } from './modules/crosswalk/crosswalk.routes';
import { finderRoutes } from './modules/finder/finder.routes';
import { ficheRoutes } from './modules/finder/fiche.routes';
import type { FinderContext } from './modules/finder/lookup-address';
import { healthRoutes } from './modules/health/health.routes';
import { CatalogHolder, TerritoryCatalog } from './modules/territories/catalog';
import { watchDataVersion } from './modules/territories/data-version';
import { seedDemo } from './modules/territories/seed-demo';
import { loadTerritorialData, countTerritories } from './modules/territories/territories.repository';
import { territoriesRoutes } from './modules/territories/territories.routes';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    catalog: CatalogHolder;
    geocoder: AddressSearch;
    finderContext(): FinderContext;
    /** Reloads zones and addresses if another process changed them; true when something was reloaded. */
    refreshData(): Promise<boolean>;
    /** Server secret: keys the audit chain and (through secretBox) encrypts TOTP seeds. */
    secretKey: string;
    secretBox: SecretBox;
    mailer: Mailer;
    /** The application clock (fixed in tests). */
    now(): Date;
    /** Every route registered (method and pattern): the authorisation matrix test walks them all. */
    routeList: { method: string; url: string }[];
    /** Appends an audit event inside the caller's transaction (see platform/audit.ts). */
    audit(tx: Parameters<typeof recordAudit>[0], event: AuditEvent): Promise<void>;
  }
}

export interface AppDeps {
  /** An already opened database (tests); otherwise opened from the config. */
  database?: Database;
  geocoder?: AddressSearch;
  /** Fixed clock (tests of opening hours, expiries). */
  now?: () => Date;
  mailer?: Mailer;
  /** Where logs go (tests capture them to prove nothing personal is logged). */
  logStream?: NodeJS.WritableStream;
}

/** Builds the whole application: platform plugins, then each module registered explicitly. */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const database =
    deps.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      onIdleClientError: (err) => console.error(`Connexion PostgreSQL inactive perdue : ${err.message}`),
    }));
  let catalog: CatalogHolder;
  let geocoder: AddressSearch;
  try {
    if (config.SEED_DEMO && (await countTerritories(database.db)) === 0) await seedDemo(database.db);
    catalog = new CatalogHolder(new TerritoryCatalog(await loadTerritorialData(database.db)), () =>
      loadTerritorialData(database.db),
    );
    geocoder = deps.geocoder ?? (await buildGeocoder(config, database.db));
  } catch (err) {
    // Do not keep the data folder locked (or a pool open) when start-up fails.
    if (!deps.database) await database.close();
    throw err;
  }
  const now = deps.now ?? (() => new Date());

  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // Only the configured number of proxy hops is trusted: a client-set X-Forwarded-For must not choose
    // its own address (the rate limit is keyed on it).
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY_HOPS,
  }).withTypeProvider<ZodTypeProvider>();
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeList.push({ method, url: route.url });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('catalog', catalog);
  app.decorate('geocoder', { getter: () => geocoder });
  app.decorate('finderContext', () => ({ catalog: catalog.get(), geocoder, now: now() }));
  const watcher = watchDataVersion(
    database.db,
    async () => {
      await catalog.reload();
      if (!deps.geocoder) geocoder = await buildGeocoder(config, database.db);
      app.log.info('territorial data or addresses changed: reloaded');
    },
    {
      intervalMs: config.DATA_RELOAD_SECONDS * 1000,
      onError: (err) => app.log.error({ err }, 'data reload failed'),
    },
  );
  await watcher.ready;
  app.decorate('refreshData', watcher.check);
  const secretKey = resolveSecretKey(config);
  app.decorate('secretKey', secretKey);
  app.decorate('secretBox', new SecretBox(secretKey));
  app.decorate('now', now);
  app.decorate('audit', (tx: Parameters<typeof recordAudit>[0], event: AuditEvent) =>
    recordAudit(tx, secretKey, event),
  );
  const mailer = deps.mailer ?? createMailer(config, app.log);
  app.decorate('mailer', mailer);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onClose', async () => {
    watcher.stop();
    if (!deps.mailer) mailer.close();
    if (!deps.database) await database.close();
  });

  registerErrorHandling(app);
  // MapLibre fetches raster tiles: their origin must be allowed for connect-src as well as img-src.
  const tileOrigin = config.TILE_URL ? [new URL(config.TILE_URL.replace(/[{}]/g, '')).origin] : [];
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", ...tileOrigin],
      },
    },
  });
  await app.register(rateLimit, { max: config.RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' });
  await registerAuth(app, now);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Passerelle API',
        description:
          'Logement et santé mentale : « Où s’adresser ? », territoires et secteurs de psychiatrie.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes);
  await app.register(finderRoutes);
  await app.register(ficheRoutes);
  await app.register(territoriesRoutes);
  await app.register(authRoutes);
  await app.register(onboardingRoutes);
  await app.register(oidcRoutes);
  await app.register(adminRoutes);
  await app.register(auditRoutes);
  await app.register(crosswalkRoutes);

  if (config.JOBS_ENABLED) {
    // Retention rules run on their schedules from the server process (pg-boss keeps one run per slot
    // even with several servers on one PostgreSQL).
    const queue = new JobQueue(database, { log: app.log, background: true });
    await queue.start();
    await registerRetentionRules(queue, retentionContextOf(app), { schedule: true });
    app.addHook('onClose', async () => queue.stop());
  }

  const webDist = resolve(config.WEB_DIST);
  if (existsSync(resolve(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    // Client-side routes (/carte, /admin/tester…) all serve the single-page app.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      // A missing asset or API route is a 404, not the app shell served as text/html.
      if (req.url.startsWith('/api/') || req.url.startsWith('/assets/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}
