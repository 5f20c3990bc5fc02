import { count, inArray, sql } from 'drizzle-orm';
import { emptyBanCsvStats, readBanCsv, type BanCsvInput } from '../../../geo/geocoder/ban-csv';
import type { Db } from '../../db/client';
import { addressPoints } from '../../db/schema/index';

export interface AddressImportOptions {
  /** Stored in address_points.source, e.g. « BAN adresses-94.csv.gz ». */
  source: string;
  /** Rows per INSERT (default 2,000: 22,000 parameters, far below PostgreSQL's 65,535). */
  batchSize?: number;
  /** Called after each batch with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

export interface AddressImportResult {
  /** Data rows read (header excluded). */
  rows: number;
  imported: number;
  rejected: number;
  /** The first rejections, « reason (ligne N) ». */
  rejections: string[];
  /** Communes (INSEE codes) whose previous address points were replaced. */
  citycodes: string[];
  /** Address points that were there before for those communes. */
  replaced: number;
}

type AddressInsert = typeof addressPoints.$inferInsert;

/**
 * Streams a BAN CSV export (`adresses-XX.csv[.gz]`) into `address_points`, in batches, in ONE
 * transaction: a failure (unreadable file, database error) leaves the previous addresses in place. The
 * addresses of every commune present in the file replace that commune's previous ones; other communes
 * are left alone, so departments can be imported one file at a time.
 */
export async function importAddressPoints(
  db: Db,
  input: BanCsvInput,
  opts: AddressImportOptions,
): Promise<AddressImportResult> {
  const batchSize = opts.batchSize ?? 2000;
  const stats = emptyBanCsvStats();
  const citycodes = new Set<string>();
  let replaced = 0;
  await db.transaction(async (tx) => {
    // One file may list an address twice (same BAN id): the last one wins, within and across batches.
    let batch = new Map<string, AddressInsert>();
    const flush = async () => {
      if (batch.size === 0) return;
      const values = [...batch.values()];
      batch = new Map();
      await tx
        .insert(addressPoints)
        .values(values)
        .onConflictDoUpdate({
          target: addressPoints.id,
          set: {
            streetId: sql`excluded.street_id`,
            number: sql`excluded.number`,
            rep: sql`excluded.rep`,
            street: sql`excluded.street`,
            postcode: sql`excluded.postcode`,
            citycode: sql`excluded.citycode`,
            city: sql`excluded.city`,
            lon: sql`excluded.lon`,
            lat: sql`excluded.lat`,
            source: sql`excluded.source`,
          },
        });
      opts.onProgress?.(stats.rows);
    };
    for await (const row of readBanCsv(input, { stats })) {
      if (!citycodes.has(row.citycode)) {
        // Files are sorted by commune: this runs once per commune, before any of its rows is inserted.
        citycodes.add(row.citycode);
        const where = inArray(addressPoints.citycode, [row.citycode]);
        const [before] = await tx.select({ n: count() }).from(addressPoints).where(where);
        replaced += before?.n ?? 0;
        await tx.delete(addressPoints).where(where);
      }
      batch.set(row.id, {
        id: row.id,
        streetId: row.streetId,
        number: row.number,
        rep: row.rep,
        street: row.street,
        postcode: row.postcode || null,
        citycode: row.citycode,
        city: row.city,
        lon: row.lon,
        lat: row.lat,
        source: opts.source,
      });
      if (batch.size >= batchSize) await flush();
    }
    await flush();
  });
  return {
    rows: stats.rows,
    imported: stats.accepted,
    rejected: stats.rejected,
    rejections: stats.rejections.map((e) => e.message),
    citycodes: [...citycodes].sort(),
    replaced,
  };
}
