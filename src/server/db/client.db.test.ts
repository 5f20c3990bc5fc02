import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DataDirLockedError, openDatabase, type Database } from './client';

describe('embedded database folder', () => {
  const opened: Database[] = [];
  let dir = '';
  afterEach(async () => {
    for (const d of opened.splice(0)) await d.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second instance on the same folder with a clear French message', async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-lock-'));
    opened.push(await openDatabase({ dataDir: dir }));
    const second = openDatabase({ dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(/Une autre instance de Passerelle utilise déjà le dossier/);
  });

  it('keeps its data across a restart and frees the folder on close', async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-lock-'));
    const first = await openDatabase({ dataDir: dir });
    await first.db.execute(
      sql`insert into territories (id, name, citycodes) values ('t1', 'Essai', '{75120}')`,
    );
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    opened.push(again);
    const rows = (await again.db.execute(sql`select name from territories`)) as { rows: unknown[] };
    expect(rows.rows).toEqual([{ name: 'Essai' }]);
  });
});
