import { and, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { CONVENTION_EXPIRING_DAYS, type ConventionStatus } from '../../../contracts/admin';
import { conventions } from '../../db/schema/access';

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The one status of a convention on a given Paris calendar day (its last day is valid all day). */
export function conventionStatus(
  c: { startsOn: string; endsOn: string; revokedAt: Date | null },
  today: string,
): ConventionStatus {
  if (c.revokedAt) return 'revoked';
  if (c.endsOn < today) return 'expired';
  if (c.startsOn > today) return 'upcoming';
  if (c.endsOn <= addDays(today, CONVENTION_EXPIRING_DAYS)) return 'expiring';
  return 'active';
}

/** The same rule as `conventionStatus`, as a SQL condition for list filters. */
export function conventionStatusCondition(status: ConventionStatus, today: string): SQL {
  const soon = addDays(today, CONVENTION_EXPIRING_DAYS);
  const live = isNull(conventions.revokedAt);
  const started = sql`${conventions.startsOn} <= ${today}::date`;
  switch (status) {
    case 'revoked':
      return isNotNull(conventions.revokedAt);
    case 'expired':
      return and(live, sql`${conventions.endsOn} < ${today}::date`) as SQL;
    case 'upcoming':
      return and(
        live,
        sql`${conventions.startsOn} > ${today}::date`,
        sql`${conventions.endsOn} >= ${today}::date`,
      ) as SQL;
    case 'expiring':
      return and(
        live,
        started,
        sql`${conventions.endsOn} >= ${today}::date`,
        sql`${conventions.endsOn} <= ${soon}::date`,
      ) as SQL;
    case 'active':
      return and(live, started, sql`${conventions.endsOn} > ${soon}::date`) as SQL;
  }
}
