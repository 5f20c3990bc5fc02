// Child process of the HTTP benchmark: `app` = Passerelle on PGlite with the demo, `bare` = a bare Fastify
// route answering a constant JSON. Prints the listening URL on stdout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

const mode = process.argv[2] ?? 'app';
if (mode === 'bare') {
  const app = Fastify();
  app.get('/api/v1/lookup', async () => ({ status: 'ok', sectors: { adult: null, child: null } }));
  console.log(await app.listen({ host: '127.0.0.1', port: 0 }));
} else {
  const config = loadConfig(
    {},
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'passerelle-bench-')),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: 100_000_000,
      WEB_DIST: '/nonexistent',
    },
  );
  const app = await buildApp(config);
  console.log(await app.listen({ host: '127.0.0.1', port: 0 }));
}
