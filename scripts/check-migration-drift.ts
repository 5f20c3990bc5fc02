// Fails when the Drizzle schema has changes that no committed migration contains.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const committed = join(root, 'src/server/db/migrations');
const tmp = mkdtempSync(join(tmpdir(), 'drift-'));
try {
  const out = join(tmp, 'migrations');
  cpSync(committed, out, { recursive: true });
  const config = join(tmp, 'drizzle.config.mjs');
  writeFileSync(
    config,
    `export default { dialect: 'postgresql', schema: ${JSON.stringify(join(root, 'src/server/db/schema/index.ts'))}, out: ${JSON.stringify(out)} };\n`,
  );
  const before = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  execFileSync(
    join(root, 'node_modules/.bin/drizzle-kit'),
    ['generate', '--config', config, '--name', 'drift'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const after = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  if (after !== before) {
    console.error(
      'Migration drift: the schema differs from the committed migrations. Run `npm run db:generate`.',
    );
    process.exit(1);
  }
  console.log(`No migration drift (${before} migration(s)).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
