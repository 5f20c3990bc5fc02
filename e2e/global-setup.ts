import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let app: FastifyInstance | undefined;
let dataDir: string | undefined;

/** Starts the real server (built web app, embedded PGlite with the demo) on a free loopback port. */
export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-'));
  const config = loadConfig({}, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: 0, HOST: '127.0.0.1' });
  app = await buildApp(config);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  project.provide('baseUrl', address);
}

export async function teardown() {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
