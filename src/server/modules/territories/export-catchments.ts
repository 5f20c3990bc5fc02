import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { catchmentZones, serviceAreas, territories } from '../../db/schema/index';
import { AppError } from '../../platform/errors';
import { recordFromZone, writeCatchments, type CatchmentFormat, type CatchmentRecord } from './catchment-io';

export interface ExportOptions {
  /** Only the zones of this territory; every territory when absent. */
  territoryId?: string | undefined;
}

const LAYER_ORDER: Record<string, number> = { adult: 0, child: 1, social: 2 };

/** Lists the stored zones as catchment-file records, ordered by territory, layer, sector code and zone id. */
export async function listCatchmentRecords(db: Db, opts: ExportOptions = {}): Promise<CatchmentRecord[]> {
  if (opts.territoryId) {
    const found = await db
      .select({ id: territories.id })
      .from(territories)
      .where(eq(territories.id, opts.territoryId));
    if (found.length === 0) throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  }
  const query = db
    .select({ zone: catchmentZones, area: serviceAreas })
    .from(catchmentZones)
    .innerJoin(serviceAreas, eq(serviceAreas.id, catchmentZones.areaId));
  const rows = await (
    opts.territoryId ? query.where(eq(serviceAreas.territoryId, opts.territoryId)) : query
  ).orderBy(asc(serviceAreas.territoryId), asc(serviceAreas.code), asc(catchmentZones.id));
  return rows
    .map((r) => recordFromZone(r.zone, r.area))
    .sort(
      (a, b) =>
        a.territoryId.localeCompare(b.territoryId) ||
        (LAYER_ORDER[a.layer] ?? 9) - (LAYER_ORDER[b.layer] ?? 9) ||
        a.areaCode.localeCompare(b.areaCode) ||
        (a.areaId ?? '').localeCompare(b.areaId ?? '') ||
        a.zoneId.localeCompare(b.zoneId),
    );
}

/** Writes the stored zones as a catchment file (CSV or GeoJSON) that `import` reads back unchanged. */
export async function exportCatchments(
  db: Db,
  opts: ExportOptions & { format: CatchmentFormat },
): Promise<{ content: string; count: number; fileName: string; contentType: string }> {
  const records = await listCatchmentRecords(db, opts);
  const isCsv = opts.format === 'csv';
  return {
    content: writeCatchments(records, opts.format),
    count: records.length,
    fileName: `zones-${opts.territoryId ?? 'tous-territoires'}.${isCsv ? 'csv' : 'geojson'}`,
    contentType: isCsv ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8',
  };
}
