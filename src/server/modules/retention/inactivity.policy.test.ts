import { describe, expect, it } from 'vitest';
import {
  decideAdminDisabling,
  disablingDate,
  inactivityCutoffs,
  inactivityWarningMail,
} from './inactivity.policy';

const config = {
  INACTIVE_ACCOUNT_WARN_DAYS: 365,
  INACTIVE_ACCOUNT_GRACE_DAYS: 30,
  PUBLIC_URL: 'https://passerelle.exemple.fr',
};

describe('inactivity policy', () => {
  it('measures inactivity and the grace period back from the run instant', () => {
    const now = new Date('2026-03-31T01:30:00Z');
    expect(inactivityCutoffs(now, config)).toEqual({
      inactiveBefore: new Date('2025-03-31T01:30:00Z'),
      warnedBefore: new Date('2026-03-01T01:30:00Z'),
    });
  });

  it('never disables the last active instance administrator', () => {
    expect(decideAdminDisabling(0)).toBe('keep_last_admin');
    expect(decideAdminDisabling(1)).toBe('disable');
  });

  it('tells the member in French from which day, in Paris, the account may be disabled', () => {
    // 30 days after 1 March 23:30 UTC is 31 March 00:30 in Paris (summer time).
    const warnedAt = new Date('2026-03-01T23:30:00Z');
    expect(disablingDate(warnedAt, 30)).toEqual(new Date('2026-03-31T23:30:00Z'));
    const mail = inactivityWarningMail({
      to: 'a@exemple.test',
      displayName: 'Alex Martin',
      warnedAt,
      config,
    });
    expect(mail.to).toBe('a@exemple.test');
    expect(mail.subject).toBe('Passerelle : votre compte sera bientôt désactivé');
    expect(mail.text).toContain('Bonjour Alex Martin,');
    expect(mail.text).toContain('depuis plus de 365 jours');
    expect(mail.text).toContain('désactivé à partir du 1er avril 2026');
    expect(mail.text).toContain('https://passerelle.exemple.fr');
  });
});
