import type { Command } from 'commander';
import { verifyAuditChain, type AuditProblem } from '../server/platform/audit';
import { resolveSecretKey } from '../server/platform/secrets';
import { withDatabase } from './database';
import { CliError, EXIT, plural, writeLine, type CliIo } from './io';

/** Exit code of `passerelle audit verify` when the trail was tampered with. */
export const EXIT_AUDIT_ALTERED = 3;

/** Beyond this, the terminal report stops listing problems (a shifted trail breaks every later event). */
const SHOWN_PROBLEMS = 100;

export interface AuditVerifyOptions {
  json?: boolean;
}

const where = (p: AuditProblem) => (p.seq === null ? 'journal' : `événement ${p.seq}`);

/**
 * `passerelle audit verify`: walks the hash chain of the audit trail with the server key and says whether
 * it is intact, or where it was altered.
 */
export async function auditVerifyCommand(io: CliIo, opts: AuditVerifyOptions): Promise<number> {
  return withDatabase(
    io,
    async ({ db }, config) => {
      let key: string;
      try {
        key = resolveSecretKey(config);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const v = await verifyAuditChain(db, key);
      if (opts.json) {
        const report = {
          ok: v.ok,
          events: v.events,
          problems: v.problems.map((p) => ({ seq: p.seq, kind: p.kind, message: p.problem })),
        };
        writeLine(io.stdout, JSON.stringify(report, null, 2));
      } else if (v.ok) {
        writeLine(
          io.stdout,
          `Journal d’audit intègre : ${plural(v.events, 'événement vérifié', 'événements vérifiés')}.`,
        );
      } else {
        writeLine(
          io.stdout,
          `Journal d’audit altéré : ${plural(v.problems.length, 'problème', 'problèmes')} ` +
            `(${plural(v.events, 'événement vérifié', 'événements vérifiés')}).`,
        );
        for (const p of v.problems.slice(0, SHOWN_PROBLEMS))
          writeLine(io.stdout, `${where(p)} : ${p.problem}`);
        const hidden = v.problems.length - SHOWN_PROBLEMS;
        if (hidden > 0) {
          writeLine(
            io.stdout,
            `… et ${plural(hidden, 'autre problème', 'autres problèmes')} (--json pour la liste complète).`,
          );
        }
      }
      return v.ok ? EXIT.ok : EXIT_AUDIT_ALTERED;
    },
    // A verification only reads: it must not load the demo into the database it checks.
    { seed: false },
  );
}

/** Adds `passerelle audit verify` to the program. */
export function registerAuditCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('audit')
    .description('journal d’audit')
    .command('verify')
    .description(
      'vérifie la chaîne d’empreintes du journal d’audit avec la clé du serveur (SECRET_KEY, ou la clé ' +
        'gardée dans DATA_DIR) : détecte les événements modifiés, supprimés ou insérés et dit où',
    )
    .option('--json', 'rapport lisible par un programme (ok, events, problems[{ seq, kind, message }])')
    .addHelpText(
      'after',
      '\nCodes de sortie :\n' +
        '  0  journal intègre\n' +
        '  1  erreur (configuration invalide, base inaccessible)\n' +
        '  2  dossier de données utilisé par un autre processus (serveur démarré sur la base embarquée)\n' +
        `  ${EXIT_AUDIT_ALTERED}  journal altéré : au moins un problème, avec le numéro de l’événement\n`,
    )
    .action(async (opts: AuditVerifyOptions) => setCode(await auditVerifyCommand(io, opts)));
}
