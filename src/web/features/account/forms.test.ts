import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../../../contracts/auth';
import {
  blocksOthersMustFix,
  checkNewPassword,
  describeUserAgent,
  formatDateTime,
  formatSecret,
  normaliseCode,
  sessionMethodLabel,
  territoryName,
} from './forms';

describe('checkNewPassword', () => {
  it('asks for 12 characters and the same confirmation', () => {
    expect(checkNewPassword('court', 'court').password).toMatch(/12 caractères/);
    expect(checkNewPassword('x'.repeat(129), 'x'.repeat(129)).password).toMatch(/128/);
    expect(checkNewPassword('une phrase assez longue', 'une phrase assez longe').confirmation).toMatch(
      /pas identiques/,
    );
    expect(checkNewPassword('une phrase assez longue', 'une phrase assez longue')).toEqual({});
  });
});

describe('codes and secrets', () => {
  it('shows the secret in groups of four and reads a code typed with spaces', () => {
    expect(formatSecret('JBSWY3DPEHPK3PXPJBSW')).toBe('JBSW Y3DP EHPK 3PXP JBSW');
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('123-456')).toBe('123456');
  });
});

describe('account page helpers', () => {
  const me = {
    roles: [
      {
        territoryId: 'paris-20',
        territoryName: 'Paris 20e',
        role: 'reader',
        roleLabel: 'Lecteur',
        infoCategory: 'other',
      },
    ],
    access: [
      {
        territoryId: 'paris-20',
        confidential: false,
        blocks: [
          { code: 'charter_not_accepted', message: 'charte' },
          { code: 'convention_expired', message: 'convention expirée' },
        ],
      },
      {
        territoryId: 'choisy',
        confidential: false,
        blocks: [{ code: 'no_charter', message: 'pas de charte' }],
      },
    ],
  } as unknown as MeResponse;

  it('names territories from the roles and lists the blocks only a coordinator can lift', () => {
    expect(territoryName(me, 'paris-20')).toBe('Paris 20e');
    expect(territoryName(me, 'inconnu')).toBe('inconnu');
    expect(blocksOthersMustFix(me)).toEqual([
      { territoryId: 'paris-20', code: 'convention_expired', message: 'convention expirée' },
      { territoryId: 'choisy', code: 'no_charter', message: 'pas de charte' },
    ]);
  });

  it('describes sessions in French', () => {
    expect(formatDateTime('2026-03-12T13:05:00Z')).toBe('12 mars 2026 à 14:05');
    expect(sessionMethodLabel('psc')).toBe('Pro Santé Connect');
    expect(sessionMethodLabel('password')).toBe('Mot de passe');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      ),
    ).toBe('Chrome sous Linux');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox sous Windows',
    );
    expect(describeUserAgent(null)).toBe('Appareil inconnu');
    expect(describeUserAgent('curl/8.0')).toBe('Autre appareil');
  });
});
