import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import lockfile from 'proper-lockfile';
import pg from 'pg';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** The one database type the code sees, whether PGlite or PostgreSQL is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The driver under Drizzle, for libraries that bring their own SQL (the job queue). */
  driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `Une autre instance de Passerelle utilise déjà le dossier de données « ${dir} ». ` +
        `Arrêtez-la, ou choisissez un autre dossier avec DATA_DIR.`,
    );
  }
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite folder, or ':memory:'. */
  dataDir?: string;
  migrate?: boolean;
  /** Told when an idle PostgreSQL connection breaks (the pool replaces it). */
  onIdleClientError?: (err: Error) => void;
  /** Clone of an already migrated PGlite (fast test isolation). */
  pglite?: PGlite;
}

/** Opens the configured database and applies committed migrations. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const shouldMigrate = opts.migrate ?? true;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client whose connection the server closes (restart, failover, admin command) emits 'error'
    // on the pool; unhandled, that would crash the process. The pool drops that client by itself, and
    // queries in progress on other clients report their own errors.
    pool.on('error', (err) => opts.onIdleClientError?.(err));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    try {
      if (shouldMigrate) await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_DIR });
    } catch (err) {
      await pool.end();
      throw err;
    }
    return { db, kind: 'postgres', driver: { kind: 'postgres', pool }, close: () => pool.end() };
  }

  let release: (() => Promise<void>) | null = null;
  let client = opts.pglite;
  if (!client) {
    const dataDir = opts.dataDir ?? ':memory:';
    if (dataDir === ':memory:') {
      client = new PGlite();
    } else {
      const dir = resolve(dataDir);
      mkdirSync(dir, { recursive: true });
      // Two processes on one PGlite folder silently lose writes: hold an exclusive lock.
      try {
        release = await lockfile.lock(dir, { lockfilePath: join(dir, 'passerelle.lock'), stale: 15_000 });
      } catch (err) {
        if ((err as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dir);
        throw err;
      }
      try {
        client = new PGlite(join(dir, 'pgdata'));
        await client.waitReady;
      } catch (err) {
        await release();
        throw err;
      }
    }
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const pgl = client;
  try {
    if (shouldMigrate) await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
  } catch (err) {
    if (!opts.pglite) await pgl.close();
    if (release) await release();
    throw err;
  }
  return {
    db,
    kind: 'pglite',
    driver: { kind: 'pglite', client: pgl },
    close: async () => {
      await pgl.close();
      if (release) await release();
    },
  };
}
