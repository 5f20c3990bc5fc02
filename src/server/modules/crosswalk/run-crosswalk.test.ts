import { describe, expect, it } from 'vitest';
import { guessColumns, headerColumns } from '../../../contracts/crosswalk';
import { chooseColumns, CrosswalkInputError, sniffText } from './run-crosswalk';

describe('crosswalk file checks', () => {
  it('reads the header line with its delimiter, quotes and BOM', () => {
    expect(headerColumns('\uFEFFréf;"Adresse; complète";lat\r\nA;b;c')).toEqual([
      'réf',
      'Adresse; complète',
      'lat',
    ]);
    expect(headerColumns('id,adresse\n1,x')).toEqual(['id', 'adresse']);
    expect(headerColumns('id\tadresse')).toEqual(['id', 'adresse']);
    expect(headerColumns('\n')).toEqual([]);
  });

  it('guesses an address column first, then a pair of coordinate columns', () => {
    expect(guessColumns(['id', 'Adresse', 'lat', 'lon'])).toEqual({ addressColumn: 'Adresse' });
    expect(guessColumns(['id', 'Latitude', 'Longitude'])).toEqual({
      latColumn: 'Latitude',
      lonColumn: 'Longitude',
    });
    expect(guessColumns(['id', 'lat'])).toBeNull();
  });

  it('checks the chosen columns against the header', () => {
    expect(chooseColumns(['id', 'voie'], { addressColumn: 'VOIE' })).toEqual({
      addressColumn: 'VOIE',
      latColumn: undefined,
      lonColumn: undefined,
    });
    expect(() => chooseColumns(['id', 'lat'], { latColumn: 'lat' })).toThrow(CrosswalkInputError);
    expect(() => chooseColumns(['id'], {})).toThrow(/choisissez la colonne/);
  });

  it('tells text from binary files by their bytes', () => {
    expect(sniffText(Buffer.from('adresse\n4 rue Marco Polo\n'))).toBeNull();
    expect(sniffText(Buffer.from('bâtiment;adresse\n', 'latin1'))).toBeNull();
    expect(sniffText(Buffer.from('%PDF-1.4'))).toContain('PDF');
    expect(sniffText(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toContain('CSV UTF-8');
    expect(sniffText(Buffer.from([0x1f, 0x8b, 0x08]))).toContain('compressé');
    expect(sniffText(Buffer.from([0x61, 0x00, 0x62]))).toContain('pas un fichier texte');
    // UTF-16 goes on to the batch lookup, which explains how to save the file as UTF-8.
    expect(sniffText(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBeNull();
  });
});
