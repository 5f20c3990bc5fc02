// Child process of the HTTP benchmark: `app` = Passerelle on PGlite with the demo, `bare` = a bare Fastify
// route answering a constant JSON. Prints the listening URL on stdout.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

const mode = process.argv[2] ?? 'app';
if (mode === 'bare' || mode === 'bare-payload') {
  // bare-payload answers the very JSON a real lookup returns (file given as 2nd argument), to separate
  // the cost of moving ~10 kB per answer from the cost of Passerelle's own work.
  const payload = mode === 'bare-payload' ? readFileSync(process.argv[3] ?? '', 'utf8') : null;
  const app = Fastify();
  app.get('/api/v1/lookup', async (_req, reply) =>
    payload
      ? reply.type('application/json').send(payload)
      : { status: 'ok', sectors: { adult: null, child: null } },
  );
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
