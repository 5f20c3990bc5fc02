import { loadConfig, type Config } from '../server/config';
import { DataDirLockedError, openDatabase, type Database } from '../server/db/client';
import { seedDemo } from '../server/modules/territories/seed-demo';
import { countTerritories } from '../server/modules/territories/territories.repository';
import { CliError, EXIT, type CliIo } from './io';

export function configOf(io: CliIo): Config {
  try {
    return loadConfig(io.env);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/**
 * Opens the database the server would open (same environment: DATABASE_URL or DATA_DIR), seeds the demo
 * into an empty one as the server does (SEED_DEMO), runs `fn`, and always closes it. A PGlite folder held
 * by a running server gives the French lock message and exit code 2.
 */
export async function withDatabase<T>(
  io: CliIo,
  fn: (database: Database, config: Config) => Promise<T>,
  opts: { seed?: boolean } = {},
): Promise<T> {
  const config = configOf(io);
  let database: Database;
  try {
    // Relative to the process's folder, as for the server (`npm start`), not to the user's files' folder.
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(err.message, EXIT.locked);
    throw err;
  }
  try {
    if ((opts.seed ?? config.SEED_DEMO) && (await countTerritories(database.db)) === 0)
      await seedDemo(database.db);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}
