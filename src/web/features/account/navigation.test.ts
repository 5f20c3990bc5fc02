import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../../../contracts/auth';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import {
  afterSignInPath,
  canAdminister,
  loginErrorMessage,
  pathForLoginNext,
  pendingStepPath,
  sanitizeReturnPath,
  secondFactorPending,
  territoriesToAcceptCharter,
} from './navigation';

type Access = MeResponse['access'];

const charterBlock = { code: 'charter_not_accepted', message: 'Acceptez la charte.' } as const;
const conventionBlock = { code: 'convention_missing', message: 'Pas de convention.' } as const;

describe('sanitizeReturnPath', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(sanitizeReturnPath('/compte')).toBe('/compte');
    expect(sanitizeReturnPath('/carte?zone=94G10#liste')).toBe('/carte?zone=94G10#liste');
    expect(sanitizeReturnPath('/administration/membres/42')).toBe('/administration/membres/42');
  });

  it('refuses anything that could leave the site', () => {
    for (const value of [
      'https://evil.example/',
      '//evil.example/compte',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/\tevil',
      ' /compte',
      'compte',
      '',
      null,
      undefined,
    ]) {
      expect(sanitizeReturnPath(value), String(value)).toBeNull();
    }
  });

  it('refuses the sign-in pages themselves, which would loop', () => {
    expect(sanitizeReturnPath('/connexion')).toBeNull();
    expect(sanitizeReturnPath('/connexion/double-authentification?retour=/compte')).toBeNull();
    expect(sanitizeReturnPath('/invitation?token=abc')).toBeNull();
    expect(sanitizeReturnPath('/mot-de-passe/nouveau?token=abc')).toBeNull();
    // A page merely starting with the same letters is not one of them.
    expect(sanitizeReturnPath('/connexions-recentes')).toBe('/connexions-recentes');
  });
});

describe('after the login answer', () => {
  it('sends to the second factor or to enrolment, keeping where to return', () => {
    expect(pathForLoginNext('second_factor', null)).toBe('/connexion/double-authentification');
    expect(pathForLoginNext('enrol_second_factor', '/carte')).toBe(
      '/connexion/activer-double-authentification?retour=%2Fcarte',
    );
    expect(pathForLoginNext('done', '/carte')).toBeNull();
  });

  it('lands on the account, the page the member came from, or the charter first when one waits', () => {
    const open: { access: Access } = { access: [{ territoryId: 'a', confidential: true, blocks: [] }] };
    const waiting: { access: Access } = {
      access: [
        { territoryId: 'a', confidential: true, blocks: [] },
        { territoryId: 'b', confidential: false, blocks: [charterBlock, conventionBlock] },
      ],
    };
    expect(afterSignInPath(open, null)).toBe('/compte');
    expect(afterSignInPath(open, '/carte')).toBe('/carte');
    expect(afterSignInPath(null, null)).toBe('/compte');
    expect(territoriesToAcceptCharter(waiting)).toEqual(['b']);
    expect(afterSignInPath(waiting, null)).toBe('/charte');
    expect(afterSignInPath(waiting, '/carte')).toBe('/charte?retour=%2Fcarte');
    expect(afterSignInPath(waiting, '/charte')).toBe('/charte');
  });

  it('finds the missing step of a half-open session', () => {
    const enrolled = { secondFactor: { enabled: true, verified: false, required: true } };
    const notEnrolled = { secondFactor: { enabled: false, verified: false, required: true } };
    const optional = { secondFactor: { enabled: false, verified: false, required: false } };
    expect(secondFactorPending(enrolled)).toBe(true);
    expect(secondFactorPending(optional)).toBe(false);
    expect(pendingStepPath(enrolled, '/compte')).toBe('/connexion/double-authentification?retour=%2Fcompte');
    expect(pendingStepPath(notEnrolled, null)).toBe('/connexion/activer-double-authentification');
  });
});

describe('loginErrorMessage', () => {
  it('maps the codes of failed provider logins to their French messages', () => {
    expect(loginErrorMessage('OIDC_UNKNOWN_IDENTITY')).toBe(ERROR_MESSAGES.OIDC_UNKNOWN_IDENTITY);
    expect(loginErrorMessage('ACCOUNT_DISABLED')).toBe(ERROR_MESSAGES.ACCOUNT_DISABLED);
    expect(loginErrorMessage(null)).toBeNull();
  });

  it('never shows text taken from the address', () => {
    expect(loginErrorMessage('Votre compte est suspendu, appelez le 08 99…')).toBe(
      ERROR_MESSAGES.OIDC_FAILED,
    );
    expect(loginErrorMessage('toString')).toBe(ERROR_MESSAGES.OIDC_FAILED);
    expect(loginErrorMessage('__proto__')).toBe(ERROR_MESSAGES.OIDC_FAILED);
  });
});

describe('canAdminister', () => {
  const member = (isInstanceAdmin: boolean) => ({ isInstanceAdmin }) as unknown as MeResponse['member'];
  const role = (r: MeResponse['roles'][number]['role']) =>
    ({ territoryId: 't', territoryName: 'T', role: r, roleLabel: r, infoCategory: 'social' }) as const;

  it('opens administration to instance admins and coordinators only', () => {
    expect(canAdminister({ member: member(true), roles: [] })).toBe(true);
    expect(canAdminister({ member: member(false), roles: [role('coordinator')] })).toBe(true);
    expect(
      canAdminister({ member: member(false), roles: [role('partner_professional'), role('reader')] }),
    ).toBe(false);
  });
});
