import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededWorkdir } from './testing';

const FIXTURE = join(import.meta.dirname, '../geo/fixtures/adresses-fixture.csv');

describe('passerelle geocoder import', () => {
  const { dir, cli } = seededWorkdir();

  it('imports a gzipped BAN export and the batch lookup then finds its addresses', async () => {
    writeFileSync(join(dir, 'adresses-fixture.csv.gz'), gzipSync(readFileSync(FIXTURE)));
    const r = await cli(['geocoder', 'import', 'adresses-fixture.csv.gz']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^adresses-fixture\.csv\.gz : 65 adresses importées, 0 ligne rejetée \(33 communes ; \d+ adresses précédentes remplacées\)\./,
    );

    const lookup = await cli(
      ['lookup', '-i', '-', '-o', '-'],
      'adresse\n24 rue du Fossé Saint-Jacques 75005 Paris\n',
    );
    // Geocoded (in Paris 5e), but no demo territory covers it.
    expect(lookup.stdout.trim().split('\n')[1]).toMatch(/;hors_territoire$/);
  });

  it('exits 1 with a French message for a file that is not a BAN export, and for a missing file', async () => {
    writeFileSync(join(dir, 'pas-la-ban.csv'), 'nom;prenom\nDupont;Jean\n');
    const r = await cli(['geocoder', 'import', 'pas-la-ban.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pas-la-ban.csv : Ce fichier n'est pas un export CSV de la BAN");
    expect(r.stderr).toContain('Rien n’a été importé depuis ce fichier.');
    expect(await cli(['geocoder', 'import', 'absent.csv.gz'])).toMatchObject({
      code: 1,
      stderr: 'Fichier introuvable : absent.csv.gz\n',
    });
  });
});
