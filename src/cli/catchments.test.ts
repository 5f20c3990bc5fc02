import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededWorkdir } from './testing';

const HEADER =
  'zone_id,territory_id,area_code,layer,kind,label,citycode,street,from,to,parity,source,confidence';

describe('passerelle catchments', () => {
  const { dir, cli } = seededWorkdir();

  it('exports CSV or GeoJSON, for one territory or all, to a file or stdout', async () => {
    const csv = await cli(['catchments', 'export', '--territory', 'choisy-vlr-orly', '-o', 'cvo.csv']);
    expect(csv).toMatchObject({ code: 0, stderr: '9 zones exportées (CSV) dans cvo.csv.\n' });
    expect(readFileSync(join(dir, 'cvo.csv'), 'utf8')).toContain(
      'z-cvo-g10-choisy;choisy-vlr-orly;94G10;adult;',
    );

    const geojson = await cli(['catchments', 'export', '--format', 'geojson']);
    expect(geojson.code).toBe(0);
    expect((JSON.parse(geojson.stdout) as { features: unknown[] }).features).toHaveLength(15);
    expect((await cli(['catchments', 'export', '-o', 'tout.geojson'])).stderr).toContain('(GeoJSON)');

    const unknown = await cli(['catchments', 'export', '--territory', 'lyon']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'Territoire « lyon » introuvable.\n' });
    expect((await cli(['catchments', 'export', '--format', 'kml'])).code).toBe(1);
  });

  it('prints the plan of a dry run, then applies it; the export then re-imports as a no-op', async () => {
    await cli(['catchments', 'export', '--territory', 'choisy-vlr-orly', '-o', 'edit.csv']);
    const edited = readFileSync(join(dir, 'edit.csv'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('z-cvo-gdemo-vlr;'))
      .map((l) =>
        l.startsWith('z-cvo-g10-choisy;') ? l.replace(';Choisy-le-Roi;', ';Choisy-le-Roi (commune);') : l,
      )
      .join('\n');
    writeFileSync(join(dir, 'edit.csv'), edited);

    const dry = await cli(['catchments', 'import', 'edit.csv', '--dry-run', '--prune']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Plan : 0 création, 1 modification, 1 suppression, 7 zones inchangées, 0 conflit.',
    );
    expect(dry.stdout).toContain(
      '  ~ z-cvo-g10-choisy — secteur 94G10 (adulte) (ligne 3) :\n      label : Choisy-le-Roi → Choisy-le-Roi (commune)',
    );
    expect(dry.stdout).toContain(
      '  - z-cvo-gdemo-vlr — secteur 94G-DÉMO (adulte) : zone « Villeneuve-le-Roi » supprimée',
    );
    expect(dry.stdout).toContain('Simulation (--dry-run) : rien n’a été enregistré.');

    const applied = await cli(['catchments', 'import', 'edit.csv', '--prune', '--actor', 'coordinatrice']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      'Enregistré par coordinatrice : 0 création, 1 modification, 1 suppression',
    );

    await cli(['catchments', 'export', '-o', 'after.geojson']);
    const again = await cli(['catchments', 'import', 'after.geojson', '--prune']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'Plan : 0 création, 0 modification, 0 suppression, 14 zones inchangées, 0 conflit.',
    );
    expect(again.stdout).toContain('Rien à enregistrer');
  });

  it('exits 3 when the import creates a conflict, and writes it with --allow-conflicts', async () => {
    const file = [
      HEADER,
      'z-a,choisy-vlr-orly,94G10,adult,number_range,Marco Polo 1-21,94022,Rue Marco Polo,1,21,both,test,high',
      'z-b,choisy-vlr-orly,94G-DÉMO,adult,number_range,Marco Polo pairs,94022,Rue Marco Polo,2,30,even,test,high',
    ].join('\n');
    const refused = await cli(['catchments', 'import', '-'], file);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(
      /! Conflit adulte, plage de numéros : secteur 94G10 .* et secteur 94G-DÉMO/,
    );
    expect(refused.stderr).toContain('Import refusé');

    const dry = await cli(['catchments', 'import', '-', '--dry-run'], file);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('serait refusé');

    const forced = await cli(['catchments', 'import', '-', '--allow-conflicts'], file);
    expect(forced.code).toBe(0);
    const lookup = await cli(['lookup', '-i', '-', '-o', '-'], 'adresse\n4 rue Marco Polo Choisy-le-Roi\n');
    expect(lookup.stdout).toContain(';conflit\n');
  });

  it('exits 1 and lists every error of an invalid file, writing nothing', async () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      [
        HEADER,
        'z-c,choisy-vlr-orly,94G10,adult,number_range,X,94022,Rue X,1,9,pair,test,high',
        'z-d,choisy-vlr-orly,94G10,adult,polygon,Y,,,,,,test,high',
        'z-e,choisy-vlr-orly,94G77,adult,commune,Z,94022,,,,,test,high',
      ].join('\n'),
    );
    const r = await cli(['catchments', 'import', 'bad.csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Le fichier contient 3 erreurs ; rien n’a été enregistré :');
    expect(r.stdout).toContain('ligne 2 : parité inconnue « pair » (attendu : even, odd, both)');
    expect(r.stdout).toContain('ligne 3 : zone polygon sans géométrie');
    expect(r.stdout).toContain(
      'ligne 4 : secteur inconnu (territoire « choisy-vlr-orly », code « 94G77 », couche adult)',
    );

    const missing = await cli(['catchments', 'import', 'absent.csv']);
    expect(missing).toMatchObject({ code: 1, stderr: 'Fichier introuvable : absent.csv\n' });
  });
});
