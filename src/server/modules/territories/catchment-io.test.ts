import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  detectDelimiter,
  formatIssue,
  geometryProblem,
  parseCatchmentFile,
  writeCatchmentsCsv,
  writeCatchmentsGeoJson,
  type CatchmentRecord,
} from './catchment-io';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [2.39, 48.87],
      [2.4, 48.87],
      [2.4, 48.88],
      [2.39, 48.88],
      [2.39, 48.87],
    ],
  ],
};

const record: CatchmentRecord = {
  zoneId: 'z-1',
  territoryId: 'paris-20',
  areaCode: '75G28',
  layer: 'adult',
  areaId: 'paris-20-g28',
  mode: 'include',
  kind: 'polygon',
  label: 'Saint-Fargeau ; « quartier »',
  citycode: null,
  street: null,
  streetId: null,
  fromNumber: null,
  toNumber: null,
  parity: null,
  geometry: square,
  source: 'Arrêté, "version 2"',
  sourceUrl: 'https://example.org/secteurs',
  effectiveDate: '2024-01-01',
  verifiedAt: '2024-03-12',
  verifiedBy: 'Équipe',
  confidence: 'medium',
  demo: true,
};

const header =
  'zone_id,territory_id,area_code,layer,mode,kind,label,citycode,street,from,to,parity,source,confidence';

describe('catchment files', () => {
  it('reads back what it writes, in CSV and in GeoJSON', () => {
    const numberRange: CatchmentRecord = {
      ...record,
      zoneId: 'z-2',
      kind: 'number_range',
      geometry: null,
      citycode: '94022',
      street: 'Rue Marco Polo',
      streetId: '94022_0580',
      fromNumber: 1,
      toNumber: 21,
      parity: 'odd',
      sourceUrl: null,
      demo: false,
    };
    for (const text of [
      writeCatchmentsCsv([record, numberRange]),
      writeCatchmentsGeoJson([record, numberRange]),
    ]) {
      const parsed = parseCatchmentFile(text);
      expect(parsed.errors).toEqual([]);
      expect(parsed.records.map((r) => r.record)).toEqual([record, numberRange]);
    }
  });

  it('accepts a comma-separated file with a BOM, and French dates and booleans from a spreadsheet', () => {
    const text = `\uFEFF${header},verified_at,demo\nz-1,paris-20,75G28,adult,,commune,Paris 20e,75120,,,,,"Arrêté, 2024",high,12/03/2024,VRAI\n`;
    const parsed = parseCatchmentFile(text);
    expect(parsed.format).toBe('csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]?.record).toMatchObject({
      mode: 'include',
      source: 'Arrêté, 2024',
      verifiedAt: '2024-03-12',
      demo: true,
    });
  });

  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('a\tb')).toBe('\t');
  });

  it('collects every error of every line, in French, before refusing the file', () => {
    const text = [
      header,
      'z-1,paris-20,75G28,adulte,include,commune,Paris 20e,75120,,,,,src,high',
      'z 2,paris-20,75G28,adult,include,number_range,Rue,75120,Rue X,30,10,pair,src,sure',
      'z-3,paris-20,75G28,adult,include,street,Rue,,,,,,src,high',
      'z-1,paris-20,75G28,adult,include,commune,Paris 20e,7512,,4,,,src,high',
      'z-5,paris-20,75G28,adult,include,commune,Paris 20e,75120,,,,,src,high,extra',
    ].join('\n');
    expect(parseCatchmentFile(text).errors.map(formatIssue)).toEqual([
      'ligne 6 : 15 valeurs pour 14 colonnes',
      'ligne 2 : couche (layer) inconnue « adulte » (attendu : adult, child, social)',
      'ligne 3 : identifiant de zone invalide « z 2 » (lettres, chiffres, « . _ : / - », sans espace)',
      'ligne 3 : parité inconnue « pair » (attendu : even, odd, both)',
      'ligne 3 : niveau de confiance (confidence) inconnu « sure » (attendu : high, medium, low)',
      'ligne 3 : plage de numéros inversée : de 30 à 10',
      'ligne 4 : code INSEE (citycode) obligatoire pour une zone street',
      'ligne 4 : rue (street) ou street_id obligatoire pour une zone street',
      'ligne 5 : numéros (from, to, parity) inattendus pour une zone commune',
    ]);
  });

  it('reports a duplicate zone id with the line of its first use', () => {
    const row = 'z-1,paris-20,75G28,adult,include,commune,Paris 20e,75120,,,,,src,high';
    expect(parseCatchmentFile([header, row, row].join('\n')).errors.map(formatIssue)).toEqual([
      'ligne 3 : zone_id « z-1 » déjà utilisé (ligne 2)',
    ]);
  });

  it('refuses a zone on the whole of Paris, whose addresses all carry an arrondissement code', () => {
    const text = `${header}\nz-1,paris-20,75G28,adult,include,commune,Paris,75056,,,,,src,high`;
    expect(parseCatchmentFile(text).errors.map(formatIssue)).toEqual([
      expect.stringMatching(/^ligne 2 : code INSEE « 75056 » : pour Paris, Lyon et Marseille/),
    ]);
  });

  it('pads a citycode a spreadsheet stripped of its leading zero', () => {
    const text = `${header}\nz-1,t,A,adult,include,commune,Ambérieu,1004,,,,,src,high`;
    expect(parseCatchmentFile(text).records[0]?.record.citycode).toBe('01004');
  });

  it('checks polygon geometries: closed rings of longitude/latitude pairs', () => {
    expect(geometryProblem(square)).toBeNull();
    expect(geometryProblem({ type: 'Point', coordinates: [2, 48] })).toMatch(/non pris en charge/);
    expect(
      geometryProblem({
        type: 'Polygon',
        coordinates: [
          [
            [2, 48],
            [3, 48],
            [3, 49],
            [2, 49],
          ],
        ],
      }),
    ).toMatch(/pas fermé/);
    expect(
      geometryProblem({
        type: 'Polygon',
        coordinates: [
          [
            [200, 48],
            [3, 48],
            [3, 49],
            [200, 48],
          ],
        ],
      }),
    ).toMatch(/coordonnées invalides/);
    const csv = `${header},geometry\nz-1,p,A,adult,include,polygon,Q,,,,,,src,high,"{""type"":""Polygon"""\nz-2,p,A,adult,include,commune,Q,75120,,,,,src,high,"${JSON.stringify(square).replace(/"/g, '""')}"`;
    expect(parseCatchmentFile(csv).errors.map(formatIssue)).toEqual([
      'ligne 2 : géométrie : texte JSON (GeoJSON) illisible',
      'ligne 3 : une géométrie n’est admise que pour une zone polygon (type de zone : commune)',
    ]);
  });

  it('locates GeoJSON problems by feature number and zone id', () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            zone_id: 'z-1',
            territory_id: 't',
            area_code: 'A',
            layer: 'adult',
            kind: 'polygon',
            label: 'Q',
            source: 's',
            confidence: 'high',
          },
          geometry: null,
        },
        {
          type: 'Feature',
          properties: {
            zone_id: 'z-2',
            territory_id: 't',
            area_code: 'A',
            layer: 'adult',
            kind: 'number_range',
            label: 'R',
            citycode: '75120',
            street: 'Rue X',
            from: 2,
            to: 8,
            parity: 'even',
            source: 's',
            confidence: 'high',
            demo: false,
          },
          geometry: null,
        },
        { type: 'Point' },
      ],
    };
    const parsed = parseCatchmentFile(JSON.stringify(doc));
    expect(parsed.format).toBe('geojson');
    expect(parsed.errors.map(formatIssue)).toEqual([
      'objet 3 : un objet GeoJSON de type Feature est attendu',
      'objet 1 (z-1) : zone polygon sans géométrie (colonne geometry vide)',
    ]);
    expect(parsed.records[0]?.record).toMatchObject({ fromNumber: 2, toNumber: 8, demo: false });
    expect(parseCatchmentFile('{"type":"Feature"}').errors.map(formatIssue)).toEqual([
      'fichier : un GeoJSON de type FeatureCollection est attendu',
    ]);
  });

  it('refuses an empty file and a file that is not CSV', () => {
    expect(parseCatchmentFile('').errors.map(formatIssue)).toEqual(['fichier : fichier vide']);
    expect(parseCatchmentFile('\u0000\u0001PK binary').errors[0]?.message).toMatch(
      /colonne\(s\) obligatoire/,
    );
  });

  it('compares geometries whatever the order of their keys', () => {
    expect(canonicalJson({ type: 'Polygon', coordinates: [[1, 2]] })).toBe(
      canonicalJson({ coordinates: [[1, 2]], type: 'Polygon' }),
    );
  });
});
