import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * A cheap fingerprint of the territorial data and of the offline geocoder's addresses: every catchment
 * change writes a change_log row, and an address import changes the count or the newest id.
 */
export async function readDataVersion(db: Db): Promise<string> {
  const result = (await db.execute(
    sql`select (select coalesce(max(id), 0) from change_log) as changes,
               (select count(*) from address_points) as addresses,
               (select coalesce(max(id), '') from address_points) as last_address`,
  )) as unknown as { rows: { changes: unknown; addresses: unknown; last_address: unknown }[] };
  const row = result.rows[0];
  return row ? `${String(row.changes)}|${String(row.addresses)}|${String(row.last_address)}` : '';
}

/**
 * Polls the data version and calls `onChange` when it moves: a server on PostgreSQL picks up a
 * `passerelle catchments import` or `geocoder import` run from another process without a restart.
 */
export function watchDataVersion(
  db: Db,
  onChange: () => Promise<void>,
  opts: { intervalMs: number; onError: (err: unknown) => void },
): { check: () => Promise<boolean>; stop: () => void; ready: Promise<void> } {
  let last: string | null = null;
  let running = false;
  const ready = readDataVersion(db).then((v) => {
    last = v;
  });
  const check = async (): Promise<boolean> => {
    await ready;
    if (running) return false;
    running = true;
    try {
      const v = await readDataVersion(db);
      if (v === last) return false;
      await onChange();
      last = v;
      return true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    check().catch(opts.onError);
  }, opts.intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer), ready };
}
