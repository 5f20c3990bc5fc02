import { describe, expect, it } from 'vitest';
import { openingState, validateOpeningHours } from './opening';

// 2026-11-23 is a Monday; Paris is UTC+1 in November.
const mondayAt = (hh: number, mm = 0) => new Date(Date.UTC(2026, 10, 23, hh - 1, mm));

describe('opening state of a care site', () => {
  it('says a weekday site is open during its hours and when it closes', () => {
    const s = openingState('Mo-Fr 09:00-18:00', mondayAt(10));
    expect(s.isOpen).toBe(true);
    expect(s.text).toBe('Ouvert — ferme à 18 h 00');
    expect(s.nextChange).toBe('2026-11-23T17:00:00.000Z');
  });

  it('says a closed site opens tomorrow morning, in Paris time whatever the server time zone', () => {
    const s = openingState('Mo-Fr 09:00-18:00', mondayAt(20));
    expect(s.isOpen).toBe(false);
    expect(s.text).toBe('Fermé — ouvre demain à 9 h 00');
    expect(s.nextChange).toBe('2026-11-24T08:00:00.000Z');
  });

  it('names the weekday when the next opening is after the weekend', () => {
    const saturday = new Date(Date.UTC(2026, 10, 28, 11, 0));
    expect(openingState('Mo-Fr 09:00-18:00', saturday).text).toBe('Fermé — ouvre lundi à 9 h 00');
  });

  it('knows French public holidays (Christmas) when the hours say PH off', () => {
    const christmas = new Date(Date.UTC(2026, 11, 25, 10, 0));
    expect(openingState('Mo-Fr 09:00-18:00; PH off', christmas).isOpen).toBe(false);
  });

  it('says a 24/7 unit is always open', () => {
    expect(openingState('24/7', mondayAt(3))).toEqual({
      isOpen: true,
      nextChange: null,
      text: 'Ouvert 24 h/24, 7 j/7',
    });
  });

  it('answers unknown instead of guessing when hours are missing or unreadable', () => {
    expect(openingState(null).isOpen).toBeNull();
    expect(openingState('lundi matin').text).toBe('Horaires illisibles');
  });

  it('rejects an invalid value with a French message', () => {
    expect(validateOpeningHours('Mo-Fr 09:00-18:00')).toBeNull();
    expect(validateOpeningHours('n’importe quoi')).toMatch(/^Horaires invalides/);
  });
});
