import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database } from '../db/client';

/** Cron expressions of scheduled jobs are read in the CLSMs' time zone (daylight saving included). */
export const JOBS_TIME_ZONE = 'Europe/Paris';

/** One execution of a job, as its handler sees it. */
export interface JobRun {
  /** The queue's job id: audit events written by the run carry it as their request id. */
  id: string;
  name: string;
}

/** What a run reports (counts): kept with the job in the queue's tables and returned by runNow. */
export type JobOutput = Record<string, number | string | boolean | null>;

export type JobHandler = (run: JobRun) => Promise<JobOutput>;

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobQueueOptions {
  log: JobLog;
  /**
   * Fire cron schedules and maintain the queue's tables from this process (the server). A one-off process
   * (the CLI) only works the jobs it sends.
   */
  background?: boolean;
  /** How often an idle worker looks for work; runNow wakes its worker at once. */
  pollingIntervalSeconds?: number;
  /** How often schedules are checked (pg-boss allows 1–45 s); tests shorten it. */
  cronIntervalSeconds?: number;
}

/** pg-boss's SQL runs on the driver under Drizzle: one pool, or the one embedded PGlite connection. */
export function jobQueueDb(database: Database): PgBoss.Db {
  const { driver } = database;
  return driver.kind === 'postgres' ? poolExecutor(driver.pool) : pgliteExecutor(driver.client);
}

function poolExecutor(pool: pg.Pool): PgBoss.Db {
  // pool.query gives the connection back, or destroys it after an error, so a failed pg-boss script never
  // leaves a connection inside an aborted transaction for our own queries.
  return { executeSql: (text, values) => pool.query(text, values) };
}

const SCRIPT_IN_TRANSACTION = /^\s*BEGIN\s*;([\s\S]*?);?\s*COMMIT\s*;\s*$/i;

function pgliteExecutor(client: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      // PGlite's query, exec and transaction all wait for the same mutex, so a pg-boss statement never
      // runs inside a Drizzle transaction (which holds that mutex until it ends), nor the reverse.
      if (values && values.length > 0) return client.query(text, values);
      const script = SCRIPT_IN_TRANSACTION.exec(text);
      if (script) {
        // Schema creation and migrations come as one BEGIN…COMMIT script. Run as a plain exec, a failing
        // statement would leave the single shared connection in an aborted transaction and every later
        // query of the application would fail; PGlite's transaction rolls back on error.
        const results = await client.transaction((tx) => tx.exec(script[1] ?? ''));
        return results.at(-1) ?? { rows: [] };
      }
      const results = await client.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
  };
}

const FINISHED_STATES = new Set(['completed', 'failed', 'cancelled']);

/**
 * Named jobs on a PostgreSQL-backed queue (pg-boss, schema `pgboss`, beside our migrated tables), on either
 * database: cron schedules survive restarts, one run of a job at a time across processes, failed runs are
 * retried with backoff.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #log: JobLog;
  readonly #pollingIntervalSeconds: number;
  readonly #workers = new Map<string, string>();
  #started = false;

  constructor(database: Database, options: JobQueueOptions) {
    const background = options.background ?? true;
    this.#log = options.log;
    this.#pollingIntervalSeconds = options.pollingIntervalSeconds ?? 10;
    this.#boss = new PgBoss({
      db: jobQueueDb(database),
      schedule: background,
      supervise: background,
      cronMonitorIntervalSeconds: options.cronIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: options.cronIntervalSeconds ?? 5,
    });
    // An 'error' event with no listener would crash the process; these are polling or maintenance
    // failures (database unreachable...), retried by pg-boss on its next tick.
    this.#boss.on('error', (err) => this.#log.error({ err }, 'job queue error'));
  }

  /** Creates or migrates the `pgboss` schema, then starts the timekeeper and maintenance if enabled. */
  async start(): Promise<void> {
    await this.#boss.start();
    this.#started = true;
  }

  /** Lets a running job finish (up to 30 s), then stops polling. The database stays open. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#workers.clear();
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000, close: false });
  }

  /** Makes this process work the named job (without a schedule: it runs when sent, see runNow). */
  async register(name: string, handler: JobHandler): Promise<void> {
    if (!this.#started) throw new Error('job queue not started');
    if (this.#workers.has(name)) throw new Error(`job ${name} already registered`);
    await this.#boss.createQueue(name, {
      name,
      // A second run waits for the first: two runs of a retention rule would race on the same rows.
      policy: 'singleton',
      retryLimit: 3,
      retryDelay: 300,
      retryBackoff: true,
      expireInSeconds: 4 * 60 * 60,
    });
    const workerId = await this.#boss.work(
      name,
      { batchSize: 1, pollingIntervalSeconds: this.#pollingIntervalSeconds },
      async (jobs) => {
        const job = jobs[0];
        if (!job) return null;
        const started = Date.now();
        try {
          const output = await handler({ id: job.id, name });
          this.#log.info({ job: name, jobId: job.id, ms: Date.now() - started, output }, 'job done');
          return output;
        } catch (err) {
          this.#log.error({ job: name, jobId: job.id, err }, 'job failed');
          throw err;
        }
      },
    );
    this.#workers.set(name, workerId);
  }

  /** Works the named job and runs it on a cron expression read in Europe/Paris time. */
  async schedule(name: string, cron: string, handler: JobHandler): Promise<void> {
    await this.register(name, handler);
    await this.#boss.schedule(name, cron, {}, { tz: JOBS_TIME_ZONE });
  }

  /**
   * Sends the job now through the queue and waits until it has run (here, or in another process working the
   * same queue); resolves with its output, rejects with its error.
   */
  async runNow(name: string, timeoutMs = 10 * 60_000): Promise<JobOutput | null> {
    const workerId = this.#workers.get(name);
    if (!workerId) throw new Error(`job ${name} is not registered in this process`);
    // No retries: the caller is waiting and sees the error; the next scheduled run retries anyway.
    const id = await this.#boss.send(name, {}, { retryLimit: 0 });
    if (!id) throw new Error(`job ${name} could not be queued`);
    this.#boss.notifyWorker(workerId);
    const deadline = Date.now() + timeoutMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      const job = await this.#boss.getJobById<object>(name, id, { includeArchive: true });
      if (job && FINISHED_STATES.has(job.state)) {
        const output = (job.output ?? null) as Record<string, unknown> | null;
        if (job.state === 'completed') return output as JobOutput | null;
        const message = typeof output?.message === 'string' ? output.message : job.state;
        throw new Error(`job ${name} ${job.state}: ${message}`);
      }
      if (Date.now() > deadline) throw new Error(`job ${name} still not finished after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
