import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../app';
import { loadConfig, type Config } from '../config';
import { openTestDatabase, type DatabaseKind } from './databases';

export interface TestApp {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The real application on a fresh database of the given kind, with the demo territories seeded. */
export async function buildTestApp(
  kind: DatabaseKind,
  overrides: Partial<Config> = {},
  deps: Omit<AppDeps, 'database'> = {},
): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const config = loadConfig(
    {},
    { LOG_LEVEL: 'silent', NODE_ENV: 'test', WEB_DIST: '/nonexistent', JOBS_ENABLED: false, ...overrides },
  );
  const app = await buildApp(config, { ...deps, database });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
