import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBanCsv, type BanAddressRow } from './ban-csv';
import { LocalAddressIndex } from './local-index';
import { parseQuery } from './query';

const FIXTURE = join(import.meta.dirname, '../fixtures/adresses-fixture.csv');
let rows: BanAddressRow[];
let index: LocalAddressIndex;

beforeAll(async () => {
  rows = (await loadBanCsv(FIXTURE)).rows;
  index = LocalAddressIndex.fromRows(rows);
});

async function top(q: string, opts = {}) {
  const [first] = await index.search(q, opts);
  return first;
}

describe('parseQuery', () => {
  it('takes out the number, its suffix, the postcode and postal noise', () => {
    expect(
      parseQuery(
        'Mme Dupont, appt 12, bât. B, esc 3, 3e étage, 12bis r. du Télégraphe BP 45 75020 Paris CEDEX 20',
      ),
    ).toMatchObject({
      number: 12,
      rep: 'bis',
      postcode: '75020',
      cedex: true,
      words: ['rue', 'telegraphe', 'paris'],
    });
    expect(parseQuery('9 rue du telegraphe paris 20e')).toMatchObject({
      arrondissement: { city: 'paris', n: 20 },
    });
    expect(parseQuery('12-14 av de la porte de choisy')).toMatchObject({
      number: 12,
      words: ['avenue', 'porte', 'choisy'],
    });
    expect(parseQuery('1 pl du 11 novembre 1918')).toMatchObject({
      number: 1,
      words: ['place', '11', 'novembre', '1918'],
    });
  });
});

describe('LocalAddressIndex.search', () => {
  it('finds an exact address with the full score', async () => {
    expect(await top('4 rue Marco Polo, Choisy-le-Roi')).toMatchObject({
      label: '4 Rue Marco Polo 94600 Choisy-le-Roi',
      type: 'housenumber',
      housenumber: '4',
      number: 4,
      citycode: '94022',
      postcode: '94600',
      city: 'Choisy-le-Roi',
      street: 'Rue Marco Polo',
      lon: 2.4137017,
      lat: 48.7527341,
      score: 1,
    });
  });

  it.each([
    '4 r marco polo choisy',
    '4 rue marco pollo 94600',
    '4 ruemarco polo choisy le roi',
    '4 RUE MARCO-POLO CHOISY LE ROI',
    'Mme Dupont, appartement 12, bâtiment B, esc. 3, 4 rue Marco Polo 94600 Choisy-le-Roi CEDEX',
    'chez M. Martin 4 rue marco polo 94600 choisy',
  ])('finds the same address for the sloppy query « %s »', async (q) => {
    const r = await top(q);
    expect(r).toMatchObject({ citycode: '94022', street: 'Rue Marco Polo', number: 4, type: 'housenumber' });
    expect(r?.score).toBeGreaterThan(0.85);
  });

  it('understands « Paris 20e » and tolerates a typo in the street', async () => {
    const r = await top('9 r du telegrahe paris 20e');
    expect(r).toMatchObject({
      citycode: '75120',
      street: 'Rue du Telegraphe',
      number: 9,
      city: 'Paris',
      postcode: '75020',
    });
    expect(r?.score).toBeGreaterThan(0.9);
  });

  it('still finds the address with a wrong postcode, with a lower score', async () => {
    const right = await top('9 rue du Télégraphe 75020');
    const wrong = await top('9 rue du Télégraphe 75019');
    expect(wrong).toMatchObject({ citycode: '75120', number: 9 });
    expect(wrong?.score).toBeLessThan((right?.score ?? 0) - 0.1);
  });

  it('prefers the commune named in the query among streets of the same name', async () => {
    const results = await index.search('65 av de la republique villeneuve le roi');
    expect(results[0]).toMatchObject({ citycode: '94077', number: 65, score: 1 });
    expect(results.slice(1).every((r) => r.score < 0.7)).toBe(true);
    expect(await top('6 avenue de la république, Villeneuve-le-Roi')).toMatchObject({
      citycode: '94077',
      number: 6,
    });
    expect(await top('40 av republique chevilly larue')).toMatchObject({ citycode: '94021', number: 40 });
    expect(await top('73 avenue de la republique 94300')).toMatchObject({ citycode: '94080', number: 73 });
  });

  it('uses the house number to choose between communes when none is given', async () => {
    expect(await top('2 rue marco polo')).toMatchObject({ citycode: '94054', number: 2 });
    expect(await top('4 rue marco polo')).toMatchObject({ citycode: '94022', number: 4 });
  });

  it('answers with the street, lower score, when the number is unknown on it', async () => {
    const r = await top('3 square des cardeurs CEDEX 20');
    expect(r).toMatchObject({
      type: 'street',
      street: 'Square des Cardeurs',
      citycode: '75120',
      number: null,
      housenumber: null,
    });
    expect(r?.score).toBeLessThan(0.85);
    expect(r?.score).toBeGreaterThan(0.6);
    // Placed at the nearest known number on the same side: 13.
    expect(r).toMatchObject({ lon: 2.4074078, lat: 48.858564 });
  });

  it('places a street asked without a number at the mean of its numbers', async () => {
    const r = await top('boulevard jourdan paris 14e');
    expect(r).toMatchObject({ type: 'street', street: 'Boulevard Jourdan' });
    expect(r?.lon).toBeCloseTo((2.3417089 + 2.3325274) / 2, 6);
  });

  it('matches bis and ter suffixes, written glued, spaced or as a letter', async () => {
    expect(await top('31 ter rue de liege paris')).toMatchObject({ housenumber: '31 ter', score: 1 });
    expect(await top('31b r de liège 75008')).toMatchObject({ housenumber: '31 bis' });
    expect(await top('31 B rue de Liège Paris 8e')).toMatchObject({ housenumber: '31 bis' });
    expect(await top('145 bis rue d alesia')).toMatchObject({ housenumber: '145 bis', citycode: '75114' });
    expect(await top('7 bis av du general de gaulle thiais')).toMatchObject({ housenumber: '7 bis' });
  });

  it('falls back to the plain number when the suffix is unknown', async () => {
    const r = await top('13bis sq cardeurs');
    expect(r).toMatchObject({ type: 'housenumber', housenumber: '13', street: 'Square des Cardeurs' });
    expect(r?.score).toBeLessThan(1);
  });

  it('reads commune names with or without hyphens, apostrophes and « St »', async () => {
    expect(await top('2 rue dispan l hay les roses')).toMatchObject({ citycode: '94038' });
    expect(await top("2 rue Dispan, L'Haÿ-les-Roses")).toMatchObject({ citycode: '94038' });
    expect(await top('12 rue du val d osne st maurice')).toMatchObject({ citycode: '94069', number: 12 });
    expect(await top('22 av gambetta villeneuve st georges')).toMatchObject({
      citycode: '94078',
      number: 22,
    });
    expect(await top('72 avenue gambetta maisons alfort')).toMatchObject({ citycode: '94046', number: 72 });
  });

  it('expands title abbreviations and keeps numbers that belong to the street name', async () => {
    expect(await top('29 r du fbg st antoine paris')).toMatchObject({
      citycode: '75111',
      number: 29,
      score: 1,
    });
    expect(await top('73 r du pr einstein fresnes')).toMatchObject({ citycode: '94034', number: 73 });
    expect(await top('71 bis av du pdt roosevelt chevilly')).toMatchObject({
      citycode: '94021',
      housenumber: '71 bis',
    });
    expect(await top('1 pl du 11 novembre 1918 bry sur marne')).toMatchObject({
      citycode: '94015',
      number: 1,
      score: 1,
    });
    expect(await top('13 square du 19 mars 1962 fresnes')).toMatchObject({ citycode: '94034', number: 13 });
  });

  it('does not take a street named after a commune for that commune', async () => {
    expect(await top('15 avenue de la porte de choisy paris')).toMatchObject({
      citycode: '75113',
      number: 15,
    });
    expect(await top('8 bd de champigny saint maur des fosses')).toMatchObject({
      citycode: '94068',
      number: 8,
    });
  });

  it('tells apart a street split between two arrondissements by the postcode', async () => {
    expect(await top('100 rue de la santé 75014')).toMatchObject({ citycode: '75114', number: 100 });
    expect(await top('115 rue de la sante 75013')).toMatchObject({ citycode: '75113', number: 115 });
  });

  it('treats a CEDEX postcode as mail routing, not as a wrong commune', async () => {
    expect(await top('7 rue benserade 94257 gentilly cedex')).toMatchObject({
      citycode: '94037',
      postcode: '94250',
      score: 1,
    });
  });

  it('answers a commune alone, its postcode or an arrondissement with the municipality', async () => {
    expect(await top('Orly')).toMatchObject({
      type: 'municipality',
      citycode: '94054',
      city: 'Orly',
      postcode: '94310',
      lon: 2.4155626,
    });
    expect(await top('choisy le roi')).toMatchObject({ type: 'municipality', citycode: '94022' });
    expect(await top('Villeneuve-le-Roi')).toMatchObject({ type: 'municipality', citycode: '94077' });
    expect(await top('75020')).toMatchObject({ type: 'municipality', citycode: '75120' });
    expect(await top('Paris 20e')).toMatchObject({ type: 'municipality', citycode: '75120', city: 'Paris' });
  });

  it('applies the citycode and postcode filters as hard constraints', async () => {
    const inOrly = await index.search('4 rue marco polo', { citycode: '94054' });
    expect(inOrly.map((r) => r.citycode)).toEqual(['94054']);
    expect(inOrly[0]).toMatchObject({ type: 'street' });
    expect(await index.search('9 rue du telegraphe', { postcode: '94600' })).toEqual([]);
  });

  it('returns nothing convincing for a query that is not an address here', async () => {
    const results = await index.search('10 downing street london');
    expect(results.every((r) => r.score < 0.6)).toBe(true);
    expect(await index.search('')).toEqual([]);
  });

  it('respects the limit and sorts by decreasing score', async () => {
    const results = await index.search('avenue de la republique', { limit: 3 });
    expect(results).toHaveLength(3);
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });
});

describe('LocalAddressIndex serialisation and building', () => {
  it('gives the same answers after a JSON round trip', async () => {
    const restored = LocalAddressIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.size).toEqual(index.size);
    for (const q of [
      '4 r marco polo choisy',
      '31 ter rue de liege',
      'Orly',
      '3 square des cardeurs',
      '9 rue du telegraphe 75019',
    ]) {
      expect(await restored.search(q)).toEqual(await index.search(q));
    }
    expect(await restored.reverse(2.4137, 48.75273)).toEqual(await index.reverse(2.4137, 48.75273));
  });

  it('refuses a serialised index of another format', () => {
    expect(() => LocalAddressIndex.fromJSON({ format: 'autre', version: 1 })).toThrow(
      /format ou version inconnus/,
    );
    const json = index.toJSON();
    json.addresses.lon.pop();
    expect(() => LocalAddressIndex.fromJSON(json)).toThrow(/tailles incohérentes/);
  });

  it('merges two spellings of one street and accepts points without a number', async () => {
    const byHand = new LocalAddressIndex();
    for (const row of rows) byHand.add(row);
    byHand.add({
      streetId: '',
      number: null,
      rep: '',
      street: 'Rue Lespagnol',
      postcode: '75020',
      citycode: '75120',
      city: 'Paris 20e Arrondissement',
      lon: 2.3925,
      lat: 48.8585,
    });
    byHand.build();
    // « Rue de Liège » and « Rue de Liege » are one street with its 31, 31 bis and 31 ter.
    expect(byHand.size.streets).toBe(index.size.streets);
    expect(await byHand.search('31 rue de liege', { limit: 1 })).toEqual([
      expect.objectContaining({ housenumber: '31' }),
    ]);
    expect(await byHand.search('3 rue lespagnol', { limit: 1 })).toEqual([
      expect.objectContaining({ number: 3 }),
    ]);
    expect(() => byHand.add(rows[0] as BanAddressRow)).toThrow(/déjà construit/);
  });
});

describe('LocalAddressIndex.reverse', () => {
  it('returns the nearest address', async () => {
    expect(await index.reverse(2.39985, 48.87176)).toMatchObject({
      label: '9 Rue du Telegraphe 75020 Paris',
      type: 'housenumber',
    });
    expect(await index.reverse(2.41375, 48.75275)).toMatchObject({ citycode: '94022', number: 4 });
  });

  it('returns null far from every address', async () => {
    expect(await index.reverse(5.37, 43.3)).toBeNull();
  });
});
