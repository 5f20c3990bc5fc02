import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  addressPoints,
  boundaries,
  careSiteAreas,
  careSites,
  catchmentZones,
  serviceAreas,
  territories,
} from '../../db/schema/index';

export type TerritoryRow = typeof territories.$inferSelect;
export type ServiceAreaRow = typeof serviceAreas.$inferSelect;
export type ZoneRow = typeof catchmentZones.$inferSelect;
export type CareSiteRow = typeof careSites.$inferSelect;
export type BoundaryRow = typeof boundaries.$inferSelect;
export type AddressPointRow = typeof addressPoints.$inferSelect;

export interface TerritorialData {
  territories: TerritoryRow[];
  areas: ServiceAreaRow[];
  zones: ZoneRow[];
  sites: CareSiteRow[];
  siteAreas: { siteId: string; areaId: string; position: number }[];
  boundaries: BoundaryRow[];
}

/** Loads every territorial row: the in-memory catalogue is rebuilt from this when catchments change. */
export async function loadTerritorialData(db: Db): Promise<TerritorialData> {
  const [t, a, z, s, sa, b] = await Promise.all([
    db.select().from(territories).orderBy(asc(territories.name)),
    db.select().from(serviceAreas).orderBy(asc(serviceAreas.code)),
    db.select().from(catchmentZones).orderBy(asc(catchmentZones.id)),
    db.select().from(careSites).orderBy(asc(careSites.name)),
    db.select().from(careSiteAreas).orderBy(asc(careSiteAreas.position)),
    db.select().from(boundaries).orderBy(asc(boundaries.code)),
  ]);
  return { territories: t, areas: a, zones: z, sites: s, siteAreas: sa, boundaries: b };
}

export async function loadAddressPoints(db: Db): Promise<AddressPointRow[]> {
  return db.select().from(addressPoints);
}

export async function countTerritories(db: Db): Promise<number> {
  const rows = await db.select({ id: territories.id }).from(territories).limit(1);
  return rows.length;
}
