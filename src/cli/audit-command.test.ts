import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { openDatabase, type Database } from '../server/db/client';
import { recordAudit } from '../server/platform/audit';
import { resolveSecretKey } from '../server/platform/secrets';
import { runCli, tempWorkdir } from './testing';

interface JsonReport {
  ok: boolean;
  events: number;
  problems: { seq: number | null; kind: string; message: string }[];
}

describe('passerelle audit verify', () => {
  const { dir, env } = tempWorkdir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runCli(argv, { env: { ...env, ...extraEnv }, cwd: dir });

  /** Works on the CLI's embedded database the way the server would, then lets go of its folder. */
  async function withServerDatabase(fn: (database: Database, key: string) => Promise<void>): Promise<void> {
    const config = loadConfig(env);
    const database = await openDatabase({ dataDir: config.DATA_DIR });
    try {
      await fn(database, resolveSecretKey(config));
    } finally {
      await database.close();
    }
  }

  it('says an empty trail is intact', async () => {
    expect(await cli(['audit', 'verify'])).toEqual({
      code: 0,
      stdout: 'Journal d’audit intègre : 0 événement vérifié.\n',
      stderr: '',
    });
  });

  it('verifies the events the server recorded with its key', async () => {
    await withServerDatabase(async ({ db }, key) => {
      for (const action of ['partner.create', 'member.invite', 'member.role_grant', 'charter.publish']) {
        await db.transaction((tx) => recordAudit(tx, key, { action, territoryId: 'paris-20' }));
      }
    });
    expect(await cli(['audit', 'verify'])).toEqual({
      code: 0,
      stdout: 'Journal d’audit intègre : 4 événements vérifiés.\n',
      stderr: '',
    });
    const json = await cli(['audit', 'verify', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, events: 4, problems: [] });
  });

  it('reports every event as altered when checked with another key than the server’s', async () => {
    const r = await cli(['audit', 'verify'], {
      SECRET_KEY: 'une-autre-cle-de-serveur-de-32-caracteres-au-moins',
    });
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      'événement 1 : contenu modifié : son empreinte ne correspond plus à son contenu',
      'événement 2 : contenu modifié : son empreinte ne correspond plus à son contenu',
    ]);
  });

  it('exits 3 and says where the trail was edited, and where rows were deleted', async () => {
    await withServerDatabase(async ({ db }) => {
      await db.execute(sql`UPDATE audit_events SET action = 'member.read' WHERE seq = 2`);
      await db.execute(sql`DELETE FROM audit_events WHERE seq = 4`);
    });
    const r = await cli(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'Journal d’audit altéré : 2 problèmes (3 événements vérifiés).',
        'événement 2 : contenu modifié : son empreinte ne correspond plus à son contenu',
        'événement 4 : fin du journal supprimée : la tête du journal le désigne comme dernier, mais le dernier présent est l’événement 3',
        '',
      ].join('\n'),
    );
    const json = await cli(['audit', 'verify', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      events: 3,
      problems: [
        { seq: 2, kind: 'content', message: expect.stringMatching(/^contenu modifié/) as string },
        { seq: 4, kind: 'head', message: expect.stringMatching(/^fin du journal supprimée/) as string },
      ],
    } satisfies JsonReport);
  });

  it('documents its exit codes in the help', async () => {
    const r = await cli(['audit', 'verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Codes de sortie :');
    expect(r.stdout).toContain('3  journal altéré');
    expect(r.stdout).toContain('--json');
  });
});
