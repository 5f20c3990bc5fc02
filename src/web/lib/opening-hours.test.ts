import { describe, expect, it } from 'vitest';
import { describeOpeningHours } from './opening-hours';

describe('describeOpeningHours', () => {
  it('writes a weekday range and the public-holiday rule in French', () => {
    expect(describeOpeningHours('Mo-Fr 09:00-18:00; PH off')).toEqual([
      'Du lundi au vendredi, de 9 h 00 à 18 h 00',
      'Fermé les jours fériés',
    ]);
  });

  it('writes round-the-clock opening', () => {
    expect(describeOpeningHours('24/7')).toEqual(['Ouvert 24 h sur 24, 7 jours sur 7']);
  });

  it('handles split days and split hours', () => {
    expect(describeOpeningHours('Mo,We,Fr 09:30-12:00,14:00-17:00; Sa off')).toEqual([
      'Lundi, mercredi et vendredi, de 9 h 30 à 12 h 00 et de 14 h 00 à 17 h 00',
      'Fermé le samedi',
    ]);
  });

  it('gives up on syntax it does not understand rather than guessing', () => {
    expect(describeOpeningHours('Mo-Fr 09:00-18:00; week 1-53/2 Sa 10:00-12:00')).toBeNull();
    expect(describeOpeningHours('sunrise-sunset')).toBeNull();
  });

  it('returns null when there are no hours', () => {
    expect(describeOpeningHours(null)).toBeNull();
    expect(describeOpeningHours('  ')).toBeNull();
  });
});
