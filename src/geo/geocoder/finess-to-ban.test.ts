import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixture } from '../fixtures/make-fixture';
import { expandFinessAddress, expandFinessStreet, finessToBanRows, type CommuneName } from './finess-to-ban';

const ROOT = join(import.meta.dirname, '../../..');
const finessText = readFileSync(join(ROOT, 'data/psychiatry/finess_psy_75_94.csv'), 'utf8');
const communes = JSON.parse(
  readFileSync(join(ROOT, 'data/admin/communes_75_94.json'), 'utf8'),
) as CommuneName[];

describe('finessToBanRows', () => {
  it('expands FINESS street abbreviations to the BAN spelling', () => {
    expect(expandFinessStreet('R MARCO POLO')).toBe('Rue Marco Polo');
    expect(expandFinessStreet('R DU FBG ST-ANTOINE')).toBe('Rue du Faubourg Saint-Antoine');
    expect(expandFinessStreet("R D'ALÉSIA")).toBe("Rue d'Alésia");
    expect(expandFinessStreet('R D HAUTEVILLE')).toBe("Rue d'Hauteville");
    expect(expandFinessStreet('AV DU PDT ROOSEVELT')).toBe('Avenue du Président Roosevelt');
    expect(expandFinessStreet('R DU PR  EINSTEIN')).toBe('Rue du Professeur Einstein');
    expect(expandFinessStreet('PL DU 11 NOVEMBRE 1918')).toBe('Place du 11 Novembre 1918');
    expect(expandFinessStreet('R RUE DE DOUAI')).toBe('Rue de Douai');
  });

  it('splits the number and its suffix from the street', () => {
    expect(expandFinessAddress("145B R D'ALÉSIA")).toEqual({
      number: 145,
      rep: 'bis',
      street: "Rue d'Alésia",
      label: "145 bis Rue d'Alésia",
    });
    expect(expandFinessAddress('31T R DE LIÈGE')).toMatchObject({ number: 31, rep: 'ter' });
    expect(expandFinessAddress('QU DE LA RAPEE')).toEqual({
      number: null,
      rep: null,
      street: 'Quai de la Rapee',
      label: 'Quai de la Rapee',
    });
  });

  it('converts the shipped FINESS extract to distinct addresses with ordinary postcodes', () => {
    const skipped: string[] = [];
    const rows = finessToBanRows(finessText, {
      communes,
      onSkipped: (_line, reason) => skipped.push(reason),
    });
    expect(rows.length).toBeGreaterThan(150);
    const byCode = new Map(communes.map((c) => [c.code, c]));
    for (const r of rows) {
      expect(Number.isFinite(r.lon) && Number.isFinite(r.lat)).toBe(true);
      expect(byCode.get(r.citycode)?.codesPostaux).toContain(r.postcode);
      expect(r.city).toBe(byCode.get(r.citycode)?.nom);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(skipped).toContain('adresse en double');
    expect(skipped.some((s) => s.startsWith('adresse sans numéro'))).toBe(true);
    // « 1 R CABANIS, 75674 PARIS CEDEX 14 » (no INSEE code) is the 14th arrondissement, postcode 75014.
    expect(rows.filter((r) => r.street === 'Rue Cabanis')).toEqual([
      expect.objectContaining({ citycode: '75114', postcode: '75014' }),
    ]);
  });

  it('rebuilds commune names from FINESS when no official list is given', () => {
    const rows = finessToBanRows(finessText);
    expect(rows.find((r) => r.citycode === '94022')?.city).toBe('Choisy-le-Roi');
    expect(rows.find((r) => r.citycode === '75120')?.city).toBe('Paris 20e Arrondissement');
    expect(rows.find((r) => r.citycode === '94037')?.postcode).toBe('94250');
  });

  it('produces exactly the committed fixture', () => {
    expect(readFileSync(join(ROOT, 'src/geo/fixtures/adresses-fixture.csv'), 'utf8')).toBe(buildFixture());
  });
});
