import { describe, expect, it } from 'vitest';
import type { RoleAssignment } from '../../../contracts/access';
import { AppError } from '../../platform/errors';
import type { Actor, ActorRole } from '../../platform/policy';
import { isUniqueViolation, planRoleGrants, publicLink } from './invite-member';

const actor = (roles: ActorRole[], isInstanceAdmin = false): Actor => ({
  memberId: 'm1',
  partnerId: 'p1',
  sessionId: 's1',
  displayName: 'Coordinatrice',
  email: 'c@exemple.test',
  isInstanceAdmin,
  roles,
  secondFactor: true,
  blocks: {},
});
const coordinatorA = actor([{ territoryId: 'a', role: 'coordinator', infoCategory: 'social' }]);
const admin = actor([], true);

function refusal(fn: () => unknown): { kind: string; code: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { kind: err.kind, code: err.code };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('planRoleGrants', () => {
  const reader = (territoryId: string): RoleAssignment => ({
    territoryId,
    role: 'reader',
    infoCategory: 'other',
  });

  it('lets a coordinator grant ordinary roles in the territory they coordinate', () => {
    expect(planRoleGrants(coordinatorA, 'psychiatry', [reader('a')])).toEqual([reader('a')]);
  });

  it('answers NOT_FOUND for a territory the coordinator does not coordinate', () => {
    expect(refusal(() => planRoleGrants(coordinatorA, 'psychiatry', [reader('a'), reader('b')]))).toEqual({
      kind: 'not_found',
      code: 'TERRITORY_NOT_FOUND',
    });
  });

  it('keeps admin and coordinator roles for instance administrators', () => {
    for (const role of ['admin', 'coordinator'] as const) {
      const r: RoleAssignment = { territoryId: 'a', role, infoCategory: 'social' };
      expect(refusal(() => planRoleGrants(coordinatorA, 'other', [r]))).toEqual({
        kind: 'forbidden',
        code: 'FORBIDDEN',
      });
      expect(planRoleGrants(admin, 'other', [r])).toEqual([r]);
    }
  });

  it('refuses members who coordinate nothing', () => {
    const readerA = actor([{ territoryId: 'a', role: 'reader', infoCategory: 'other' }]);
    expect(refusal(() => planRoleGrants(readerA, 'other', [reader('a')])).kind).toBe('forbidden');
  });

  it('forces the landlord category on landlord staff and on every role of a social landlord', () => {
    expect(
      planRoleGrants(admin, 'association', [
        { territoryId: 'a', role: 'landlord_staff', infoCategory: 'health' },
      ]),
    ).toEqual([{ territoryId: 'a', role: 'landlord_staff', infoCategory: 'landlord' }]);
    expect(
      planRoleGrants(admin, 'social_landlord', [
        { territoryId: 'a', role: 'commission_member', infoCategory: 'health' },
      ]),
    ).toEqual([{ territoryId: 'a', role: 'commission_member', infoCategory: 'landlord' }]);
  });

  it('gives one category per territory, the most restrictive asked there, and drops repeated roles', () => {
    expect(
      planRoleGrants(admin, 'psychiatry', [
        { territoryId: 'a', role: 'partner_professional', infoCategory: 'health' },
        { territoryId: 'a', role: 'reader', infoCategory: 'social' },
        { territoryId: 'a', role: 'reader', infoCategory: 'social' },
        { territoryId: 'b', role: 'partner_professional', infoCategory: 'health' },
      ]),
    ).toEqual([
      { territoryId: 'a', role: 'partner_professional', infoCategory: 'social' },
      { territoryId: 'a', role: 'reader', infoCategory: 'social' },
      { territoryId: 'b', role: 'partner_professional', infoCategory: 'health' },
    ]);
  });
});

describe('publicLink', () => {
  it('keeps a path prefix of PUBLIC_URL and tolerates a trailing slash', () => {
    expect(publicLink('https://x.example/clsm/', '/invitation', 'abc-_1')).toBe(
      'https://x.example/clsm/invitation?token=abc-_1',
    );
    expect(publicLink('http://localhost:3000', '/mot-de-passe/nouveau', 'a b')).toBe(
      'http://localhost:3000/mot-de-passe/nouveau?token=a%20b',
    );
  });
});

describe('isUniqueViolation', () => {
  it('finds SQLSTATE 23505 on the error or on a wrapped cause', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation(new Error('query failed', { cause: { code: '23505' } }))).toBe(true);
    expect(isUniqueViolation(new Error('other', { cause: { code: '23503' } }))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
