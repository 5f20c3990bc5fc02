import type { Command } from 'commander';
import { pino } from 'pino';
import { recordAudit } from '../server/platform/audit';
import { JobQueue, type JobOutput } from '../server/platform/jobs';
import { createMailer } from '../server/platform/mail';
import { resolveSecretKey } from '../server/platform/secrets';
import type { RetentionContext } from '../server/modules/retention/context';
import {
  findRetentionRule,
  RETENTION_RULES,
  type RetentionRule,
} from '../server/modules/retention/retention-jobs';
import { withDatabase } from './database';
import { CliError, EXIT, frNumber, writeLine, type CliIo } from './io';

/** Adds `passerelle jobs run-once <name>` to the program. */
export function registerJobsCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const names = RETENTION_RULES.map((r) => `${r.name} (${r.description})`).join(' ; ');
  program
    .command('jobs')
    .description('tâches planifiées de conservation des données')
    .command('run-once')
    .description(
      'exécute une tâche maintenant, par la file de tâches de la base, et affiche son bilan ; ' +
        'avec PostgreSQL, un serveur en marche peut l’exécuter à la place de cette commande',
    )
    .argument('<nom>', `la tâche : ${names}`)
    .action(async (name: string) => setCode(await runOnceCommand(io, name)));
}

function summary(rule: RetentionRule, output: JobOutput | null): string {
  const parts = Object.entries(rule.outputLabels).map(([key, label]) => {
    const value = output?.[key];
    return `${label} : ${typeof value === 'number' ? frNumber(value) : '—'}`;
  });
  return parts.join(', ');
}

/** `passerelle jobs run-once <name>`: runs one retention rule now, as the server's schedule would. */
export async function runOnceCommand(io: CliIo, name: string): Promise<number> {
  const rule = findRetentionRule(name);
  if (!rule) {
    throw new CliError(
      `Tâche inconnue « ${name} ». Tâches disponibles : ${RETENTION_RULES.map((r) => r.name).join(', ')}.`,
    );
  }
  return withDatabase(
    io,
    async (database, config) => {
      // JSON logs go to stderr, and only warnings unless LOG_LEVEL asks for more: stdout is the summary.
      const log = pino({ level: io.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' }, io.stderr);
      const secretKey = resolveSecretKey(config);
      const mailer = createMailer(config, log);
      const ctx: RetentionContext = {
        db: database.db,
        config,
        mailer,
        canSendMail: Boolean(config.SMTP_URL),
        now: () => new Date(),
        audit: (tx, event) => recordAudit(tx, secretKey, event),
        log,
      };
      const queue = new JobQueue(database, { log, background: false });
      try {
        await queue.start();
        await queue.register(rule.name, (run) => rule.run(ctx, run));
        const output = await queue.runNow(rule.name);
        writeLine(io.stdout, `Tâche « ${rule.name} » terminée : ${summary(rule, output)}.`);
        return EXIT.ok;
      } catch (err) {
        throw new CliError(`La tâche « ${rule.name} » a échoué : ${(err as Error).message}`);
      } finally {
        await queue.stop();
        mailer.close();
      }
    },
    { seed: false },
  );
}
