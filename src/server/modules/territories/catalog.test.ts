import { describe, expect, it } from 'vitest';
import { TerritoryCatalog } from './catalog';
import { splitCommuneData as data } from '../../test/catalog-fixture';

describe('territory catalogue', () => {
  const catalog = new TerritoryCatalog(data);
  const adultOf = (p: Parameters<TerritoryCatalog['resolve']>[0]) => {
    const r = catalog.resolve(p).layers.get('adult');
    return r?.status === 'matched' ? r.areaId : r?.status;
  };

  it('matches a street zone given by BAN id and name on either the id or the name', () => {
    expect(adultOf({ lon: 1.5, lat: 1.5, citycode: '99001', streetId: '99001_0420' })).toBe('b');
    expect(adultOf({ lon: 1.5, lat: 1.5, citycode: '99001', street: 'r du telegraphe' })).toBe('b');
    expect(adultOf({ lon: 1.5, lat: 1.5, citycode: '99001', street: 'Rue de Paris' })).toBe('a');
  });

  it('places a point given with the whole-city code 75056 in its commune from the boundaries', () => {
    expect(catalog.resolve({ lon: 1.5, lat: 1.5, citycode: '75056' }).citycode).toBe('99001');
  });

  it('says a map click cannot decide a layer that has street zones in the commune', () => {
    const p = { lon: 1.5, lat: 1.5, citycode: '99001' };
    expect(catalog.isPreciseEnough('adult', 'point', p)).toBe(false);
    expect(catalog.isPreciseEnough('child', 'point', p)).toBe(true);
    expect(catalog.isPreciseEnough('adult', 'housenumber', p)).toBe(true);
  });

  it('says a street without its number cannot decide where number ranges split that street', () => {
    const gambetta = { lon: 1.5, lat: 1.5, citycode: '99001', street: 'av gambetta' };
    const telegraphe = { lon: 1.5, lat: 1.5, citycode: '99001', street: 'Rue du Télégraphe' };
    expect(catalog.isPreciseEnough('adult', 'street', gambetta)).toBe(false);
    expect(catalog.isPreciseEnough('adult', 'street', telegraphe)).toBe(true);
  });

  it('says a commune alone cannot decide a layer split by polygons inside it', () => {
    const p = { lon: 1, lat: 1, citycode: '99001' };
    expect(catalog.isPreciseEnough('child', 'municipality', p)).toBe(false);
  });
});
