import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from '../../../contracts/audit';
import { createPartnerSchema, publishCharterSchema } from '../../../contracts/admin';
import type { MeResponse } from '../../../contracts/auth';
import {
  adminAccessOf,
  auditActionOptions,
  auditExportHref,
  charterParagraphs,
  cleanParams,
  countLabel,
  daysUntil,
  fieldErrors,
  forcedCategory,
  formatBytes,
  grantableRoles,
  pageFromParam,
  pageInfo,
  parisToday,
} from './helpers';

function me(overrides: {
  isInstanceAdmin?: boolean;
  roles?: { territoryId: string; role: string }[];
}): MeResponse {
  return {
    member: {
      id: 'm1',
      displayName: 'Camille',
      email: 'camille@example.org',
      jobTitle: null,
      isInstanceAdmin: overrides.isInstanceAdmin ?? false,
      partner: { id: 'p1', name: 'Ville', type: 'town_housing' },
    },
    roles: (overrides.roles ?? []).map((r) => ({
      territoryId: r.territoryId,
      territoryName: r.territoryId,
      role: r.role as MeResponse['roles'][number]['role'],
      roleLabel: r.role,
      infoCategory: 'social',
    })),
    secondFactor: { enabled: true, verified: true, required: true },
    access: [],
    csrfToken: 'x',
    session: { method: 'password', expiresAt: '2026-12-01T00:00:00Z' },
  } as MeResponse;
}

describe('adminAccessOf', () => {
  const all = ['paris-20', 'choisy-vlr-orly'];

  it('sends a signed-out visitor to the login page', () => {
    expect(adminAccessOf(null, all)).toEqual({ kind: 'signed_out' });
  });

  it('gives an instance admin every territory', () => {
    expect(adminAccessOf(me({ isInstanceAdmin: true }), all)).toEqual({
      kind: 'allowed',
      isInstanceAdmin: true,
      territoryIds: all,
    });
  });

  it('gives a coordinator only the territories they coordinate, once each', () => {
    const coordinator = me({
      roles: [
        { territoryId: 'paris-20', role: 'coordinator' },
        { territoryId: 'paris-20', role: 'commission_member' },
        { territoryId: 'choisy-vlr-orly', role: 'reader' },
      ],
    });
    expect(adminAccessOf(coordinator, all)).toEqual({
      kind: 'allowed',
      isInstanceAdmin: false,
      territoryIds: ['paris-20'],
    });
  });

  it('refuses a member whose roles administer nothing', () => {
    expect(adminAccessOf(me({ roles: [{ territoryId: 'paris-20', role: 'landlord_staff' }] }), all)).toEqual({
      kind: 'forbidden',
    });
  });
});

describe('roles and information categories', () => {
  it('lets only an instance admin grant admin and coordinator', () => {
    expect(grantableRoles(false)).not.toContain('coordinator');
    expect(grantableRoles(false)).not.toContain('admin');
    expect(grantableRoles(false)).toContain('landlord_staff');
    expect(grantableRoles(true)).toContain('coordinator');
  });

  it('forces the landlord category for landlord staff and for any social landlord member', () => {
    expect(forcedCategory('social_landlord', 'commission_member')).toBe('landlord');
    expect(forcedCategory('association', 'landlord_staff')).toBe('landlord');
    expect(forcedCategory(undefined, 'landlord_staff')).toBe('landlord');
    expect(forcedCategory('psychiatry', 'partner_professional')).toBeNull();
    expect(forcedCategory(undefined, undefined)).toBeNull();
  });
});

describe('pagination', () => {
  it('describes a middle page, the last page and an empty list', () => {
    expect(pageInfo(2, 50, 230)).toEqual({
      pageCount: 5,
      first: 51,
      last: 100,
      hasPrevious: true,
      hasNext: true,
    });
    expect(pageInfo(5, 50, 230)).toMatchObject({ first: 201, last: 230, hasNext: false });
    expect(pageInfo(1, 50, 0)).toEqual({
      pageCount: 1,
      first: 0,
      last: 0,
      hasPrevious: false,
      hasNext: false,
    });
  });

  it('reads a page number from the URL and falls back to 1', () => {
    expect(pageFromParam('3')).toBe(3);
    expect(pageFromParam(null)).toBe(1);
    expect(pageFromParam('0')).toBe(1);
    expect(pageFromParam('2.5')).toBe(1);
    expect(pageFromParam('abc')).toBe(1);
  });

  it('counts in French with singular and plural', () => {
    expect(countLabel(0, 'membre', 'membres')).toBe('Aucun membre');
    expect(countLabel(1, 'membre', 'membres')).toBe('1 membre');
    expect(countLabel(1200, 'membre', 'membres')).toMatch(/^1\s200 membres$/);
  });
});

describe('filters in URLs', () => {
  it('drops empty values and trims the others', () => {
    expect(cleanParams({ q: '  dupont ', type: '', page: 2, territoryId: null, x: undefined })).toEqual({
      q: 'dupont',
      page: '2',
    });
  });

  it('builds the CSV export link with the list filters but without its cursor', () => {
    expect(
      auditExportHref({ territory: 'paris-20', action: 'member.', before: '120', limit: '50', to: '' }),
    ).toBe('/api/v1/audit/export.csv?territory=paris-20&action=member.');
    expect(auditExportHref({})).toBe('/api/v1/audit/export.csv');
  });

  it('offers each action family before its actions, family values ending with a dot', () => {
    const options = auditActionOptions(AUDIT_ACTION_LABELS);
    const family = options.findIndex((o) => o.value === 'member.');
    const invite = options.findIndex((o) => o.value === 'member.invite');
    expect(family).toBeGreaterThanOrEqual(0);
    expect(invite).toBeGreaterThan(family);
    expect(options[invite]?.label).toBe('Membres — Invitation d’un membre');
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
  });
});

describe('form errors', () => {
  it('keeps the contract’s French messages and translates zod’s generic ones', () => {
    const parsed = createPartnerSchema.safeParse({
      name: '',
      type: 'association',
      siret: '123',
      territoryIds: [],
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = fieldErrors(parsed.error);
    expect(errors.name).toBe('Ce champ est obligatoire.');
    expect(errors.siret).toBe('SIRET invalide : 14 chiffres attendus, clé de contrôle incorrecte.');
    expect(errors.territoryIds).toBe('Choisissez au moins un territoire.');
  });

  it('reports only the first problem of a field', () => {
    const parsed = publishCharterSchema.safeParse({ title: '', body: '' });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(fieldErrors(parsed.error)).sort()).toEqual(['body', 'title']);
  });
});

describe('dates, sizes and text', () => {
  it('counts the days left before a convention ends', () => {
    expect(daysUntil('2026-12-31', '2026-11-23')).toBe(38);
    expect(daysUntil('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysUntil('2026-11-20', '2026-11-23')).toBe(-3);
    // Across the change to winter time: still whole days.
    expect(daysUntil('2026-11-01', '2026-10-20')).toBe(12);
  });

  it('gives today in Paris, which differs from UTC late in the evening', () => {
    expect(parisToday(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(parisToday(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01');
  });

  it('formats document sizes in French units', () => {
    expect(formatBytes(900)).toBe('900 o');
    expect(formatBytes(2048)).toBe('2 ko');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1,5 Mo');
  });

  it('splits a charter into paragraphs on blank lines and keeps its text as is', () => {
    expect(charterParagraphs('Article 1\r\nSecret partagé.\r\n\r\n  \n<b>Article 2</b>\n\n')).toEqual([
      'Article 1\nSecret partagé.',
      '<b>Article 2</b>',
    ]);
    expect(charterParagraphs('   ')).toEqual([]);
  });
});
