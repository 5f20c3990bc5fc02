import { loadConfig } from './config';
import { buildApp } from './app';
import { DataDirLockedError } from './db/client';

async function main() {
  const config = loadConfig();
  let app;
  try {
    app = await buildApp(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const close = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  await app.listen({ host: config.HOST, port: config.PORT });
  const where = config.DATABASE_URL ? 'PostgreSQL' : `PGlite (${config.DATA_DIR})`;
  app.log.info(`Passerelle écoute sur http://${config.HOST}:${config.PORT} — base : ${where}`);
}

main().catch((err: unknown) => {
  console.error('Démarrage impossible :', err instanceof Error ? err.message : err);
  process.exit(1);
});
