import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BanCsvError,
  emptyBanCsvStats,
  formatBanCsv,
  loadBanCsv,
  readBanCsv,
  streetIdFromAddressId,
} from './ban-csv';

const FIXTURE = join(import.meta.dirname, '../fixtures/adresses-fixture.csv');
const HEADER =
  'id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles';
const tmp = mkdtempSync(join(tmpdir(), 'ban-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readBanCsv', () => {
  it('reads every row of the BAN-format fixture with its fields', async () => {
    const { rows, stats } = await loadBanCsv(FIXTURE);
    expect(stats).toMatchObject({ rows: 65, accepted: 65, rejected: 0 });
    const marcoPolo = rows.find((r) => r.street === 'Rue Marco Polo' && r.citycode === '94022');
    expect(marcoPolo).toMatchObject({
      number: 4,
      rep: null,
      postcode: '94600',
      city: 'Choisy-le-Roi',
      lon: 2.4137017,
      lat: 48.7527341,
    });
    expect(marcoPolo?.streetId).toMatch(/^94022_x/);
    expect(rows.find((r) => r.rep === 'ter')).toMatchObject({ number: 31, street: 'Rue de Liège' });
  });

  it('reads a gzipped export, recognised by its name or by its first bytes', async () => {
    const plain = readFileSync(FIXTURE);
    const gz = join(tmp, 'adresses-fixture.csv.gz');
    writeFileSync(gz, gzipSync(plain));
    const misnamed = join(tmp, 'adresses-sans-extension.csv');
    writeFileSync(misnamed, gzipSync(plain));
    const expected = (await loadBanCsv(FIXTURE)).rows;
    expect((await loadBanCsv(gz)).rows).toEqual(expected);
    expect((await loadBanCsv(misnamed)).rows).toEqual(expected);
    expect((await loadBanCsv(gzipSync(plain))).rows).toEqual(expected);
  });

  it('refuses a file whose header lacks a required column, in French, with the line number', async () => {
    const text =
      'id;numero;nom_voie;code_postal;code_insee;nom_commune;x;y\n1;2;Rue A;75001;75101;Paris;0;0\n';
    const error = await loadBanCsv(Buffer.from(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BanCsvError);
    expect((error as BanCsvError).line).toBe(1);
    expect((error as BanCsvError).message).toContain('colonne(s) obligatoire(s) absente(s) : lon, lat');
  });

  it('counts rows with bad coordinates or numbers as rejected and keeps reading', async () => {
    const text = [
      HEADER,
      '75120_0001_00001;;1;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;2.4;48.87;;;;;;;;;',
      '75120_0001_00002;;2;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;abc;48.87;;;;;;;;;',
      '75120_0001_00003;;3;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;2.4;95;;;;;;;;;',
      '75120_0001_00004;;x;;Rue A;75020;75120;Paris 20e Arrondissement;;;;;2.4;48.87;;;;;;;;;',
      '75120_0001_00005_bis;;5;bis;Rue A;75020;75120;Paris 20e Arrondissement;;;;;2,41;48,871;;;;;;;;;',
    ].join('\n');
    const stats = emptyBanCsvStats();
    const rejected: number[] = [];
    const rows = [];
    for await (const row of readBanCsv(Buffer.from(text), {
      stats,
      onRejected: (e) => rejected.push(e.line),
    }))
      rows.push(row);
    expect(stats).toMatchObject({ rows: 5, accepted: 2, rejected: 3 });
    expect(rejected).toEqual([3, 4, 5]);
    expect(stats.rejections[0]?.message).toBe('Coordonnées invalides : lon « abc », lat « 48.87 » (ligne 3)');
    expect(rows[1]).toMatchObject({ number: 5, rep: 'bis', lon: 2.41, lat: 48.871, streetId: '75120_0001' });
  });

  it('derives the street id from the address id when id_fantoir is empty', () => {
    expect(streetIdFromAddressId('94022_0580_00004')).toBe('94022_0580');
    expect(streetIdFromAddressId('94022_0580_00013_bis')).toBe('94022_0580');
    expect(streetIdFromAddressId('94022_0580')).toBe('94022_0580');
  });

  it('can be stopped early without leaving the file open', async () => {
    let n = 0;
    for await (const _row of readBanCsv(FIXTURE)) if (++n === 3) break;
    expect(n).toBe(3);
  });

  it('reports a missing file as a BanCsvError', async () => {
    await expect(loadBanCsv(join(tmp, 'absent.csv'))).rejects.toBeInstanceOf(BanCsvError);
  });

  it('writes rows back in the BAN layout', async () => {
    const { rows } = await loadBanCsv(FIXTURE);
    const again = await loadBanCsv(Buffer.from(formatBanCsv(rows)));
    expect(again.rows).toEqual(rows);
  });
});
