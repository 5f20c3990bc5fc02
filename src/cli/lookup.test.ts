import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client';
import { LOOKUP_COLUMNS } from './batch-lookup';
import { runCli, tempWorkdir } from './testing';

const ROOT = resolve(import.meta.dirname, '../..');

const INPUT = [
  'nom;adresse;lat;lon',
  'CMP de Choisy;4 rue Marco Polo, Choisy-le-Roi;;',
  'Saint-Fargeau;;48.8717488;2.3998439',
  'Perdu;12 rue Imaginaire, Nulle-Part-sur-Mer;;',
  'Faute de frappe;;48,87x;2.39',
  'Lyon;;45,7640;4,8357',
].join('\n');

describe('passerelle lookup', () => {
  const { dir, env } = tempWorkdir();
  const cli = (argv: string[], stdin?: string | Buffer) => runCli(argv, { env, cwd: dir, stdin });
  const rowsOf = (csv: string, delimiter = ';') =>
    parse(csv, { columns: true, delimiter, bom: true }) as Record<string, string>[];

  beforeAll(async () => {
    expect((await cli(['seed'])).code).toBe(0);
    writeFileSync(join(dir, 'in.csv'), INPUT);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('appends the competent sectors and a status to every row, keeping the original cells', async () => {
    const r = await cli([
      'lookup',
      '--input',
      'in.csv',
      '--output',
      'out.csv',
      '--lat',
      'lat',
      '--lon',
      'lon',
    ]);
    expect(r.stderr).toContain('Terminé : 5 lignes');
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(out.split('\n')[0]).toBe(['nom', 'adresse', 'lat', 'lon', ...LOOKUP_COLUMNS].join(';'));
    const rows = rowsOf(out);
    expect(rows.map((x) => [x.nom, x.secteur_adulte, x.secteur_enfant, x.statut])).toEqual([
      ['CMP de Choisy', '94G10', '94I03/04', 'ok'],
      ['Saint-Fargeau', '75G28', '75I12', 'ok'],
      ['Perdu', '', '', 'adresse_introuvable'],
      ['Faute de frappe', '', '', 'coordonnees_invalides'],
      ['Lyon', '', '', 'hors_territoire'],
    ]);
    expect(rows[0]).toMatchObject({
      adresse: '4 rue Marco Polo, Choisy-le-Roi',
      territoire: 'Choisy-le-Roi / Villeneuve-le-Roi / Orly',
      zone_adulte: 'z-cvo-g10-choisy',
      secteur_adulte_nom: expect.stringContaining('94G10') as unknown,
      service_social: expect.stringContaining('EDS') as unknown,
    });
    expect(rows[1]).toMatchObject({
      territoire: 'Paris 20e',
      zone_adulte: 'z-p20-g28-saintfargeau',
      lat: '48.8717488',
    });
    expect(r.stderr).toMatch(
      /trouvées \(ok\) : 2\n {2}non trouvées : 3\n {4}adresse_introuvable : 1\n {4}hors_territoire : 1\n {4}coordonnees_invalides : 1/,
    );
    expect(r.stderr).toMatch(/lignes\/s/);
    expect(r.stderr).not.toContain('\u001b['); // no progress bar when stderr is not a terminal
  });

  it('reads stdin and writes stdout, keeping the comma delimiter, the BOM and quoted cells', async () => {
    const input =
      '\uFEFFid,adresse\n1,"4 rue Marco Polo, Choisy-le-Roi"\n2,"Rue ""sans"" numéro, Nulle-Part"\n';
    const r = await cli(['lookup', '--input', '-', '--output', '-'], input);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\uFEFFid,adresse,secteur_adulte,')).toBe(true);
    const rows = rowsOf(r.stdout, ',');
    expect(rows.map((x) => [x.id, x.adresse, x.secteur_adulte, x.statut])).toEqual([
      ['1', '4 rue Marco Polo, Choisy-le-Roi', '94G10', 'ok'],
      ['2', 'Rue "sans" numéro, Nulle-Part', '', 'adresse_introuvable'],
    ]);
  });

  it('reads a gzipped, Windows-1252 file from a French spreadsheet and writes UTF-8', async () => {
    const latin = Buffer.from('adresse;commentaire\n4 rue Marco Polo Choisy-le-Roi;déjà vu\n', 'latin1');
    writeFileSync(join(dir, 'tableur.csv.gz'), gzipSync(latin));
    const r = await cli(['lookup', '-i', 'tableur.csv.gz', '-o', 'tableur-out.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('windows-1252');
    const rows = rowsOf(readFileSync(join(dir, 'tableur-out.csv'), 'utf8'));
    expect(rows[0]).toMatchObject({ commentaire: 'déjà vu', secteur_adulte: '94G10' });
  });

  it('refuses a minimum geocoding score that is not a number between 0 and 1', async () => {
    const bad = await cli(['lookup', '-i', '-', '-o', '-', '--min-score', 'beaucoup'], 'adresse\nx\n');
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Score minimal invalide') as unknown,
    });
    const lax = await cli(
      ['lookup', '-i', '-', '-o', '-', '--min-score', '0,5'],
      'adresse\n4 rue Marco Polo, Choisy-le-Roi\n',
    );
    expect(rowsOf(lax.stdout)[0]?.statut).toBe('ok');
  });

  it('uses the address column given by name and the delimiter given on the command line', async () => {
    writeFileSync(join(dir, 'pipe.csv'), 'Adresse du logement|x\n4 rue Marco Polo 94600 Choisy-le-Roi|1\n');
    const r = await cli([
      'lookup',
      '-i',
      'pipe.csv',
      '-o',
      '-',
      '--address-column',
      'Adresse du logement',
      '--delimiter',
      '|',
    ]);
    expect(r.code).toBe(0);
    expect(rowsOf(r.stdout, '|')[0]).toMatchObject({ secteur_adulte: '94G10', statut: 'ok' });
  });

  it('exits 1 with a French message when the input cannot be read, and leaves no output file', async () => {
    const missing = await cli(['lookup', '-i', 'absent.csv', '-o', 'never.csv']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Fichier introuvable') as unknown,
    });

    writeFileSync(join(dir, 'sans-adresse.csv'), 'nom;ville\nA;Paris\n');
    const noColumn = await cli(['lookup', '-i', 'sans-adresse.csv', '-o', 'never.csv']);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain(
      "Colonne « adresse » absente de l'en-tête (colonnes trouvées : « nom », « ville »",
    );

    const noLat = await cli([
      'lookup',
      '-i',
      'in.csv',
      '-o',
      'never.csv',
      '--lat',
      'latitude',
      '--lon',
      'lon',
    ]);
    expect(noLat).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Colonne « latitude » absente') as unknown,
    });

    writeFileSync(
      join(dir, 'classeur.xlsx'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
    );
    const binary = await cli(['lookup', '-i', 'classeur.xlsx', '-o', 'never.csv']);
    expect(binary).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('ne semble pas être un CSV') as unknown,
    });

    writeFileSync(join(dir, 'abime.csv'), 'adresse;n\n4 rue Marco Polo Choisy;1\n"guillemet;2\n');
    const broken = await cli(['lookup', '-i', 'abime.csv', '-o', 'never.csv']);
    expect(broken).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/CSV illisible .*guillemet/) as unknown,
    });

    writeFileSync(join(dir, 'vide.csv'), '');
    expect((await cli(['lookup', '-i', 'vide.csv', '-o', 'never.csv'])).stderr).toContain(
      'Le fichier est vide.',
    );

    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('exits 2 with the lock message while another process holds the data folder', async () => {
    const held = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const r = await cli(['lookup', '-i', 'in.csv', '-o', '-']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Une autre instance de Passerelle utilise déjà le dossier de données');
    } finally {
      await held.close();
    }
  });

  it('runs as a real command through bin/passerelle.js', async () => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin/passerelle.js'), 'lookup', '-i', join(dir, 'in.csv'), '--lat', 'lat', '--lon', 'lon'],
      { env: childEnv, cwd: dir },
    );
    expect(rowsOf(stdout).map((x) => x.statut)).toEqual([
      'ok',
      'ok',
      'adresse_introuvable',
      'coordonnees_invalides',
      'hors_territoire',
    ]);
    expect(stderr).toContain('Terminé : 5 lignes');
    const failed = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin/passerelle.js'), 'lookup', '-i', 'absent.csv'],
      {
        env: childEnv,
        cwd: dir,
      },
    ).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Fichier introuvable : absent.csv') as unknown,
    });
  });
});
