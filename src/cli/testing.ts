import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from './io';
import { run } from './run';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary folder for the test's files and its PGlite data folder. */
export function tempWorkdir(prefix = 'passerelle-cli-'): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Only what the CLI reads: a DATABASE_URL in the developer's shell must not leak into these tests.
  const env: NodeJS.ProcessEnv = { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  return { dir, env };
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; stdin?: string | Buffer },
): Promise<CapturedRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: CliIo = {
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    stdout,
    stderr,
    env: opts.env,
    cwd: opts.cwd,
  };
  const code = await run(argv, io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A temporary work folder with the demo seeded before the describe block, removed after it. */
export function seededWorkdir(): {
  dir: string;
  cli: (argv: string[], stdin?: string) => Promise<CapturedRun>;
} {
  const { dir, env } = tempWorkdir();
  const cli = (argv: string[], stdin?: string) => runCli(argv, { env, cwd: dir, stdin });
  beforeAll(async () => {
    const seeded = await cli(['seed']);
    if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, cli };
}
