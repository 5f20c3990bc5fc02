import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';

describe('password policy', () => {
  const person = ['Jeanne Dupont', 'jeanne.dupont@bailleur.fr'];

  it.each([
    ['court', 'PASSWORD_TOO_SHORT'],
    ['x'.repeat(129), 'PASSWORD_TOO_LONG'],
    ['motdepasse123', 'PASSWORD_TOO_COMMON'],
    ['azertyuiop123', 'PASSWORD_TOO_COMMON'],
    ['jeanne.dupont2024', 'PASSWORD_TOO_COMMON'],
    ['Dupont-Jeanne-1975', 'PASSWORD_TOO_COMMON'],
  ])('refuses %s (%s)', (password, code) => {
    expect(checkPasswordPolicy(password, person)).toBe(code);
  });

  it.each([
    'correct cheval agrafe batterie',
    'jeanne aime les longues randonnées à vélo',
    'Choisy-le-Roi2024',
  ])('accepts a long or unpredictable one: %s', (password) => {
    expect(checkPasswordPolicy(password, person)).toBeNull();
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('une phrase de passe assez longue');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'une phrase de passe assez longue')).toBe(true);
    expect(await verifyPassword(stored, 'une autre phrase')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
