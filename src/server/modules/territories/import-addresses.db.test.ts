import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BanCsvError } from '../../../geo/geocoder/ban-csv';
import type { Database } from '../../db/client';
import { addressPoints } from '../../db/schema/index';
import { buildLocalIndex } from '../../platform/geocoder-factory';
import { DATABASE_KINDS, openTestDatabase } from '../../test/databases';
import { importAddressPoints } from './import-addresses';
import { seedDemo } from './seed-demo';

const FIXTURE = join(import.meta.dirname, '../../../geo/fixtures/adresses-fixture.csv');
const fixture = readFileSync(FIXTURE);
const [HEADER = ''] = fixture.toString('utf8').split('\n');

describe.each(DATABASE_KINDS)('BAN address import on %s', (kind) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
    await seedDemo(database.db);
  });
  afterEach(async () => database.close());

  const total = async () => (await database.db.select({ n: count() }).from(addressPoints))[0]?.n ?? 0;
  const inCommune = async (citycode: string) =>
    (
      await database.db.select({ n: count() }).from(addressPoints).where(eq(addressPoints.citycode, citycode))
    )[0]?.n ?? 0;

  it('streams the fixture in batches and replaces the previous addresses of the same communes', async () => {
    await database.db.insert(addressPoints).values({
      id: '94022_old_00001',
      number: 1,
      street: 'Rue disparue',
      citycode: '94022',
      city: 'Choisy-le-Roi',
      lon: 2.41,
      lat: 48.76,
      source: 'ancien import',
    });
    const progress: number[] = [];
    const result = await importAddressPoints(database.db, gzipSync(fixture), {
      source: 'BAN adresses-fixture.csv.gz',
      batchSize: 10,
      onProgress: (n) => progress.push(n),
    });
    expect(result).toMatchObject({ rows: 65, imported: 65, rejected: 0 });
    expect(result.citycodes).toContain('94022');
    expect(result.replaced).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThanOrEqual(7);
    expect(await inCommune('94022')).toBe(4);
    const rows = await database.db.select().from(addressPoints).where(eq(addressPoints.citycode, '94022'));
    expect(rows.every((r) => r.source === 'BAN adresses-fixture.csv.gz')).toBe(true);

    const index = await buildLocalIndex(database.db);
    const [hit] = await index.search('4 rue Marco Polo, Choisy-le-Roi', { limit: 1 });
    expect(hit).toMatchObject({ citycode: '94022', number: 4 });

    // Importing the same file again changes nothing.
    const before = await total();
    await importAddressPoints(database.db, fixture, { source: 'BAN adresses-fixture.csv.gz' });
    expect(await total()).toBe(before);
  });

  it('counts rejected rows and keeps the others', async () => {
    const text = [
      HEADER,
      '75120_t_00001;;1;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;2.4;48.87;;;;;;;;;',
      '75120_t_00002;;2;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;abc;48.87;;;;;;;;;',
    ].join('\n');
    const result = await importAddressPoints(database.db, Buffer.from(text), { source: 'test' });
    expect(result).toMatchObject({ imported: 1, rejected: 1, citycodes: ['75120'] });
    expect(result.rejections).toEqual(['Coordonnées invalides : lon « abc », lat « 48.87 » (ligne 3)']);
    expect(await inCommune('75120')).toBe(1);
  });

  it('leaves the previous addresses in place when the file fails half-way', async () => {
    const before = await total();
    const lines = fixture.toString('utf8').trimEnd().split('\n');
    async function* failing() {
      yield `${lines.slice(0, 40).join('\n')}\n`;
      await Promise.resolve();
      throw new Error('disque débranché');
    }
    await expect(
      importAddressPoints(database.db, failing(), { source: 'test', batchSize: 10 }),
    ).rejects.toThrow(/disque débranché/);
    expect(await total()).toBe(before);
  });

  it('refuses a file that is not a BAN export without touching the table', async () => {
    const before = await total();
    await expect(
      importAddressPoints(database.db, Buffer.from('nom;prenom\nDupont;Jean\n'), { source: 'test' }),
    ).rejects.toBeInstanceOf(BanCsvError);
    expect(await total()).toBe(before);
  });
});
