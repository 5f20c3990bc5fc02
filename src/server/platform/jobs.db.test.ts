import { sql, type SQL } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/client';
import { partners } from '../db/schema/access';
import { DATABASE_KINDS, openTestDatabase } from '../test/databases';
import { JobQueue, jobQueueDb, type JobLog } from './jobs';

const log: JobLog = { info: () => {}, error: () => {} };

async function rows<T>(database: Database, query: SQL): Promise<T[]> {
  return ((await database.db.execute(query)) as { rows: T[] }).rows;
}

describe.each(DATABASE_KINDS)('job queue on %s', (kind) => {
  let database: Database;
  let queue: JobQueue;

  // One database for the block (each test uses its own queue names): cloning one costs seconds.
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 120_000);

  afterAll(async () => {
    await database.close();
  });

  afterEach(async () => {
    await queue.stop();
  }, 60_000);

  it('runs a job sent with runNow through the queue and returns its output', async () => {
    queue = new JobQueue(database, { log, background: false });
    await queue.start();
    const runs: string[] = [];
    await queue.register('test.counter', async (run) => {
      runs.push(run.id);
      return { runs: runs.length };
    });

    expect(await queue.runNow('test.counter')).toEqual({ runs: 1 });
    expect(await queue.runNow('test.counter')).toEqual({ runs: 2 });
    expect(new Set(runs).size).toBe(2);
    const stored = await rows<{ state: string }>(
      database,
      sql`select state::text as state from pgboss.job where name = 'test.counter'`,
    );
    expect(stored.map((r) => r.state)).toEqual(['completed', 'completed']);
  });

  it('runs a scheduled job when its cron time comes, with the schedule kept in Europe/Paris time', async () => {
    queue = new JobQueue(database, {
      log,
      background: true,
      cronIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    await queue.start();
    let runs = 0;
    // Every minute: the current minute has always begun less than 60 s ago, so it is due at once.
    await queue.schedule('test.every-minute', '* * * * *', async () => {
      runs++;
      return {};
    });

    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(1), { timeout: 20_000, interval: 200 });
    const schedules = await rows<{ name: string; cron: string; timezone: string }>(
      database,
      sql`select name, cron, timezone from pgboss.schedule`,
    );
    expect(schedules).toEqual([{ name: 'test.every-minute', cron: '* * * * *', timezone: 'Europe/Paris' }]);
  }, 30_000);

  it('reports a failing handler to runNow and keeps working the queue', async () => {
    queue = new JobQueue(database, { log, background: false });
    await queue.start();
    let fail = true;
    await queue.register('test.flaky', async () => {
      if (fail) throw new Error('boom');
      return { ok: true };
    });

    await expect(queue.runNow('test.flaky')).rejects.toThrow('job test.flaky failed: boom');
    fail = false;
    expect(await queue.runNow('test.flaky')).toEqual({ ok: true });
  });

  it('never runs its SQL inside an application transaction that rolls back', async () => {
    queue = new JobQueue(database, { log, background: false, pollingIntervalSeconds: 0.5 });
    await queue.start();
    await queue.register('test.side-by-side', async () => ({ done: true }));

    let sent!: Promise<unknown>;
    const rolledBack = database.db.transaction(async (tx) => {
      await tx.insert(partners).values({ name: 'Partenaire annulé', type: 'other' });
      // While this transaction is open the queue sends, fetches and completes a job. On PGlite (one
      // connection) its statements must wait for the transaction instead of joining it and being rolled
      // back with it.
      sent = queue.runNow('test.side-by-side', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      throw new Error('rollback');
    });
    await expect(rolledBack).rejects.toThrow('rollback');

    expect(await sent).toEqual({ done: true });
    const left = await rows<{ n: number }>(database, sql`select count(*)::int as n from partners`);
    expect(left[0]?.n).toBe(0);
  }, 30_000);

  it('starts again on a database where the queue schema already exists', async () => {
    queue = new JobQueue(database, { log, background: false });
    await queue.start();
    await queue.stop();

    queue = new JobQueue(database, { log, background: false });
    await queue.start();
    await queue.register('test.again', async () => ({ again: true }));
    expect(await queue.runNow('test.again')).toEqual({ again: true });
  });
});

describe('job queue SQL on PGlite', () => {
  it('rolls back a failing BEGIN…COMMIT script instead of leaving the shared connection in it', async () => {
    const database = await openTestDatabase('pglite');
    try {
      const db = jobQueueDb(database);
      await expect(
        db.executeSql('BEGIN; CREATE TABLE half_done (id int); SELECT 1/0; COMMIT;', []),
      ).rejects.toThrow('division by zero');
      const result = await db.executeSql("SELECT to_regclass('half_done') AS t", []);
      expect(result.rows).toEqual([{ t: null }]);
      // The application's next query runs normally, outside any transaction.
      expect(await rows<{ n: number }>(database, sql`select count(*)::int as n from partners`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
