import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditRoleLabel, auditSubjectTypeLabel } from '../../../contracts/audit';
import { parisMidnight } from './audit.repository';
import { neutraliseFormula } from './export-audit-events';

describe('audit labels and CSV cells', () => {
  it('labels known codes in French and shows unknown ones as they are', () => {
    expect(auditActionLabel('member.role_grant')).toBe('Attribution d’un rôle');
    expect(auditActionLabel('situation.something_new')).toBe('situation.something_new');
    expect(auditRoleLabel('landlord_staff')).toBe('Personnel de bailleur');
    expect(auditRoleLabel('system')).toBe('system');
    expect(auditSubjectTypeLabel('convention')).toBe('Convention');
  });

  it('never takes a property of Object.prototype for a label', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(auditActionLabel(code)).toBe(code);
      expect(auditRoleLabel(code)).toBe(code);
      expect(auditSubjectTypeLabel(code)).toBe(code);
    }
  });

  it('turns cells a spreadsheet would run as formulas into text', () => {
    for (const cell of ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
    expect(neutraliseFormula('Membre d’essai')).toBe('Membre d’essai');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });

  it('starts a Paris day at local midnight, in winter and in summer, on the days the clocks change', () => {
    expect(parisMidnight('2025-01-15').toISOString()).toBe('2025-01-14T23:00:00.000Z');
    expect(parisMidnight('2025-07-15').toISOString()).toBe('2025-07-14T22:00:00.000Z');
    expect(parisMidnight('2025-03-30').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(parisMidnight('2025-03-31').toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(parisMidnight('2025-10-26').toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(parisMidnight('2025-10-27').toISOString()).toBe('2025-10-26T23:00:00.000Z');
  });
});
