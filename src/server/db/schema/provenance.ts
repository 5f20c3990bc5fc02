import { boolean, date, text } from 'drizzle-orm/pg-core';

/** Provenance columns carried by every sector, zone, site and office (see data/PROVENANCE.md). */
export const provenanceColumns = () => ({
  source: text('source').notNull(),
  sourceUrl: text('source_url'),
  effectiveDate: date('effective_date', { mode: 'string' }),
  verifiedAt: date('verified_at', { mode: 'string' }),
  verifiedBy: text('verified_by'),
  confidence: text('confidence', { enum: ['high', 'medium', 'low'] }).notNull(),
  demo: boolean('demo').notNull().default(false),
});
