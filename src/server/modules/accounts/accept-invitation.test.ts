import { describe, expect, it } from 'vitest';
import { maskEmail } from './accept-invitation';

describe('maskEmail', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('jeanne.dupont@bailleur.fr')).toBe('j•••@bailleur.fr');
    expect(maskEmail('a@b.fr')).toBe('a•••@b.fr');
  });

  it('hides everything of something that is not an address', () => {
    expect(maskEmail('sans-arobase')).toBe('•••');
    expect(maskEmail('@domaine.fr')).toBe('•••');
  });
});
