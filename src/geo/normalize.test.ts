import { describe, expect, it } from 'vitest';
import { normalizeText, parseHouseNumber, STREET_ABBREVIATIONS, streetKey, tokenize } from './normalize';

describe('normalizeText', () => {
  it('lowercases, strips accents and turns punctuation into single spaces', () => {
    expect(normalizeText("  Rue de l'Église--Saint-Étienne, n°3 ")).toBe('rue de l eglise saint etienne n 3');
  });

  it('spells out ligatures so that « Cœur » and « Coeur » compare equal', () => {
    expect(normalizeText('Rue du Sacré-Cœur')).toBe('rue du sacre coeur');
    expect(normalizeText('Lætitia')).toBe('laetitia');
  });

  it('folds every Latin-1 and Latin Extended-A character exactly like NFD followed by mark removal', () => {
    const reference = (s: string): string =>
      s
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/œ/g, 'oe')
        .replace(/æ/g, 'ae')
        .replace(/ß/g, 'ss')
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    for (let c = 0; c < 0x180; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(normalizeText(s)).toBe(reference(s));
    }
    for (const s of ['Ÿvette–Øster', 'Straße Ĳssel', 'Rue Δelta', 'e\u0301cole', 'Łódź']) {
      expect(normalizeText(s)).toBe(reference(s));
    }
  });

  it('treats typographic apostrophes like straight ones', () => {
    expect(normalizeText('Quai d’Austerlitz')).toBe(normalizeText("Quai d'Austerlitz"));
  });
});

describe('streetKey', () => {
  it.each([
    ['Rue du Télégraphe', 'R DU TELEGRAPHE', 'r. du telegraphe', 'rue telegraphe'],
    ['Avenue Gambetta', 'AV GAMBETTA', 'ave. Gambetta', 'avenue gambetta'],
    ['Boulevard Voltaire', 'BD VOLTAIRE', 'bld Voltaire', 'boulevard voltaire'],
    ['Boulevard de Belleville', 'Boul. de Belleville', 'BLVD BELLEVILLE', 'boulevard belleville'],
    ['Place de la Nation', 'PL DE LA NATION', 'pl. Nation', 'place nation'],
    ['Square des Cardeurs', 'SQ DES CARDEURS', 'sq. des Cardeurs', 'square cardeurs'],
    ['Allée Louis Aragon', 'ALL LOUIS ARAGON', 'all. Louis-Aragon', 'allee louis aragon'],
    ['Impasse Lamier', 'IMP LAMIER', 'imp. Lamier', 'impasse lamier'],
    ['Chemin du Moulin', 'CH DU MOULIN', 'chem. du Moulin', 'chemin moulin'],
    ['Route de Choisy', 'RTE DE CHOISY', 'rte Choisy', 'route choisy'],
    ['Passage Gambetta', 'PASS GAMBETTA', 'pass. Gambetta', 'passage gambetta'],
    ['Quai de la Rapée', 'QU DE LA RAPEE', 'qu. Rapée', 'quai rapee'],
    ['Cours de Vincennes', 'CRS DE VINCENNES', 'crs Vincennes', 'cours vincennes'],
    ['Rue du Faubourg du Temple', 'R DU FG DU TEMPLE', 'r. fbg du Temple', 'rue faubourg temple'],
    ['Rue Saint-Blaise', 'R ST BLAISE', 'r. St-Blaise', 'rue saint blaise'],
    ['Rue Sainte-Marthe', 'R STE MARTHE', 'rue Ste Marthe', 'rue sainte marthe'],
    ['Avenue du Général Leclerc', 'AV DU GAL LECLERC', 'av. du Gén. Leclerc', 'avenue general leclerc'],
    ['Boulevard du Maréchal Lyautey', 'BD DU MAL LYAUTEY', 'bd Mal Lyautey', 'boulevard marechal lyautey'],
    ['Avenue du Président Wilson', 'AV DU PDT WILSON', 'av. Pdt Wilson', 'avenue president wilson'],
    ['Promenade des Anglais', 'PROM DES ANGLAIS', 'prom. Anglais', 'promenade anglais'],
    ['Sentier des Vignes', 'SENT DES VIGNES', 'sent. des Vignes', 'sentier vignes'],
    ['Résidence Les Lilas', 'RES LES LILAS', 'Rés. Lilas', 'residence lilas'],
    ['Cité Leclaire', 'CITE LECLAIRE', 'cite Leclaire', 'cite leclaire'],
    ['Villa Gagliardini', 'VLA GAGLIARDINI', 'villa Gagliardini', 'villa gagliardini'],
    ['Hameau du Bois', 'HAM DU BOIS', 'hameau Bois', 'hameau bois'],
    ['Rue du 1er Mai', 'R DU PREMIER MAI', 'rue 1er-Mai', 'rue premier mai'],
    ["Rue de l'Ermitage", 'R DE L ERMITAGE', 'r. Ermitage', 'rue ermitage'],
    ["Avenue d'Italie", 'AV D ITALIE', 'Av. d’Italie', 'avenue italie'],
  ])('gives the same key to « %s », « %s » and « %s »', (a, b, c, key) => {
    expect(streetKey(a)).toBe(key);
    expect(streetKey(b)).toBe(key);
    expect(streetKey(c)).toBe(key);
  });

  it('keeps different streets apart', () => {
    expect(streetKey('Rue des Pyrénées')).not.toBe(streetKey('Avenue des Pyrénées'));
    expect(streetKey('Rue Saint-Fargeau')).not.toBe(streetKey('Rue Saint-Blaise'));
  });

  it('does not mistake words for properties of a JavaScript object', () => {
    expect(streetKey('Rue Constructor')).toBe('rue constructor');
    expect(streetKey('toString')).toBe('tostring');
    expect(parseHouseNumber('12 constructor')).toEqual({ number: 12, suffix: null });
  });

  it('gives an empty key to a name made only of stop words', () => {
    expect(streetKey('de la')).toBe('');
  });
});

describe('tokenize', () => {
  it('expands abbreviations, including multi-word ones, and leaves stop words out', () => {
    expect(tokenize('12 bd du Gal de Gaulle')).toEqual(['12', 'boulevard', 'general', 'gaulle']);
    expect(tokenize('RPT de la Liberté')).toEqual(['rond', 'point', 'liberte']);
  });

  it('returns no token for an empty or blank string', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' - ')).toEqual([]);
  });

  it('exports an abbreviation table whose keys are already normalised', () => {
    for (const key of STREET_ABBREVIATIONS.keys()) expect(normalizeText(key)).toBe(key);
  });
});

describe('parseHouseNumber', () => {
  it.each([
    ['12 bis', { number: 12, suffix: 'bis' }],
    ['12bis', { number: 12, suffix: 'bis' }],
    ['12 B', { number: 12, suffix: 'bis' }],
    ['3 ter', { number: 3, suffix: 'ter' }],
    ['3T', { number: 3, suffix: 'ter' }],
    ['5 quater', { number: 5, suffix: 'quater' }],
    ['7 A', { number: 7, suffix: 'a' }],
    ['42', { number: 42, suffix: null }],
    [' n° 4 ', { number: 4, suffix: null }],
    ['12-14', { number: 12, suffix: null }],
    ['12 rue de la Paix', { number: 12, suffix: null }],
    ['12rue de la Paix', { number: 12, suffix: null }],
  ])('reads « %s »', (input, expected) => {
    expect(parseHouseNumber(input)).toEqual(expected);
  });

  it('accepts a non-negative integer and refuses anything else', () => {
    expect(parseHouseNumber(8)).toEqual({ number: 8, suffix: null });
    expect(parseHouseNumber(2.5)).toBeNull();
    expect(parseHouseNumber(-1)).toBeNull();
    expect(parseHouseNumber('bis')).toBeNull();
    expect(parseHouseNumber('')).toBeNull();
    expect(parseHouseNumber(null)).toBeNull();
  });
});
