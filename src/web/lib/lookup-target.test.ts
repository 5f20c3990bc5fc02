import { describe, expect, it } from 'vitest';
import { readTarget, targetSearch } from './lookup-target';

describe('readTarget', () => {
  it('reads an address query', () => {
    expect(readTarget(new URLSearchParams('q=12+rue+des+Pyr%C3%A9n%C3%A9es'))).toEqual({
      kind: 'address',
      q: '12 rue des Pyrénées',
    });
  });

  it('reads a point with the name of a chosen place', () => {
    expect(readTarget(new URLSearchParams('lat=48.86&lon=2.39&lieu=Belleville'))).toEqual({
      kind: 'point',
      lat: 48.86,
      lon: 2.39,
      placeName: 'Belleville',
    });
  });

  it('ignores blank or out-of-range coordinates', () => {
    expect(readTarget(new URLSearchParams('lat=&lon=2.3'))).toBeNull();
    expect(readTarget(new URLSearchParams('lat=120&lon=2.3'))).toBeNull();
    expect(readTarget(new URLSearchParams(''))).toBeNull();
  });

  it('prefers the address when both are present', () => {
    expect(readTarget(new URLSearchParams('q=Orly&lat=48.8&lon=2.3'))?.kind).toBe('address');
  });
});

describe('targetSearch', () => {
  it('rounds coordinates to six decimals and round-trips through readTarget', () => {
    const search = targetSearch({ kind: 'point', lat: 48.123456789, lon: 2.987654321 });
    expect(search).toEqual({ lat: '48.123457', lon: '2.987654' });
    expect(readTarget(new URLSearchParams(search))).toEqual({ kind: 'point', lat: 48.123457, lon: 2.987654 });
  });
});
