import { describe, expect, it } from 'vitest';
import { formatDate, joinAddress, telHref } from './format';

describe('telHref', () => {
  it('turns a spaced French national number into an international tel URI', () => {
    expect(telHref('01 43 58 10 80')).toBe('tel:+33143581080');
  });

  it('keeps short emergency numbers as they are', () => {
    expect(telHref('15')).toBe('tel:15');
    expect(telHref('3114')).toBe('tel:3114');
  });

  it('keeps numbers already written with a country code', () => {
    expect(telHref('+33 1 43 58 10 80')).toBe('tel:+33143581080');
  });
});

describe('formatDate', () => {
  it('writes an ISO date in long French form', () => {
    expect(formatDate('2026-11-23')).toBe('23 novembre 2026');
  });

  it('returns null for a missing date and the input for something that is not a date', () => {
    expect(formatDate(null)).toBeNull();
    expect(formatDate('bientôt')).toBe('bientôt');
  });
});

describe('joinAddress', () => {
  it('skips empty parts', () => {
    expect(joinAddress(['12 rue des Pyrénées', null, '75020 Paris'])).toBe(
      '12 rue des Pyrénées, 75020 Paris',
    );
  });
});
