import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { changeLog } from '../../db/schema/index';
import { AppError } from '../../platform/errors';
import type { TerritoryCatalog } from './catalog';

export const zoneHistorySchema = z.object({
  zoneId: z.string(),
  entries: z.array(
    z.object({
      action: z.enum(['create', 'update', 'delete']),
      changedAt: z.string(),
      changedBy: z.string(),
      reason: z.string().nullable(),
      /** Fields whose value differs between the snapshots before and after the change. */
      fields: z.array(z.string()),
    }),
  ),
});
export type ZoneHistory = z.infer<typeof zoneHistorySchema>;

function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
}

/** Versions of one catchment zone: who changed it, when, and which fields (deleted zones included). */
export async function getZoneHistory(
  db: Db,
  catalog: TerritoryCatalog,
  zoneId: string,
): Promise<ZoneHistory> {
  const rows = await db
    .select()
    .from(changeLog)
    .where(and(eq(changeLog.entityType, 'catchment_zone'), eq(changeLog.entityId, zoneId)))
    .orderBy(asc(changeLog.id));
  if (rows.length === 0 && !catalog.zones.has(zoneId)) throw new AppError('not_found', 'ZONE_NOT_FOUND');
  return {
    zoneId,
    entries: rows.map((r) => ({
      action: r.action,
      changedAt: r.changedAt.toISOString(),
      changedBy: r.changedBy,
      reason: r.reason,
      fields: r.action === 'update' ? changedFields(r.before, r.after) : [],
    })),
  };
}
