import type { FastifyInstance } from 'fastify';
import { JobQueue, type JobOutput, type JobRun } from '../../platform/jobs';
import { applyInactivityPolicy } from './apply-inactivity-policy';
import { retentionContextOf, type RetentionContext } from './context';
import { purgeSessions } from './purge-sessions';

/** A data-protection rule run by the job queue: one named job, one use case. */
export interface RetentionRule {
  /** The job's name in the queue, and in `passerelle jobs run-once <name>`. */
  name: string;
  /** When it runs, Europe/Paris time (a quiet hour that exists on both daylight-saving change days). */
  cron: string;
  /** What it does, in French, for the command line. */
  description: string;
  /** French labels of the counts the run reports, in display order. */
  outputLabels: Record<string, string>;
  run(ctx: RetentionContext, run: JobRun): Promise<JobOutput>;
}

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    name: 'accounts.inactivity',
    cron: '30 3 * * *',
    description:
      'avertit par courriel les comptes inactifs, puis désactive ceux restés inactifs après le délai de grâce',
    outputLabels: {
      warned: 'comptes avertis',
      disabled: 'comptes désactivés',
      keptLastAdmin: 'administrateurs gardés actifs (derniers actifs)',
      unwarned: 'comptes inactifs non avertis (SMTP_URL non configuré)',
    },
    run: applyInactivityPolicy,
  },
  {
    name: 'sessions.purge',
    cron: '0 4 * * *',
    description:
      'supprime les sessions et les liens (invitation, mot de passe) terminés depuis plus de 30 jours',
    outputLabels: { sessions: 'sessions supprimées', authTokens: 'liens supprimés' },
    run: purgeSessions,
  },
];

export function findRetentionRule(name: string): RetentionRule | undefined {
  return RETENTION_RULES.find((r) => r.name === name);
}

/** Makes the queue work every retention rule, on its cron schedule or (schedule: false) only when sent. */
export async function registerRetentionRules(
  queue: JobQueue,
  ctx: RetentionContext,
  opts: { schedule: boolean },
): Promise<void> {
  for (const rule of RETENTION_RULES) {
    const handler = (run: JobRun) => rule.run(ctx, run);
    if (opts.schedule) await queue.schedule(rule.name, rule.cron, handler);
    else await queue.register(rule.name, handler);
  }
}

/** Starts the application's job queue with every retention rule scheduled; stop it before the database closes. */
export async function startRetentionJobs(app: FastifyInstance): Promise<JobQueue> {
  const queue = new JobQueue(app.database, { log: app.log });
  await queue.start();
  try {
    await registerRetentionRules(queue, retentionContextOf(app), { schedule: true });
  } catch (err) {
    await queue.stop();
    throw err;
  }
  return queue;
}
