import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../server/platform/errors';
import { registerAuditCommand } from './audit-command';
import {
  exportCommand,
  importCommand,
  type ExportCommandOptions,
  type ImportCommandOptions,
} from './catchments-command';
import { geocoderImportCommand } from './geocoder-command';
import { registerJobsCommand } from './jobs-command';
import { CliError, EXIT, writeLine, type CliIo } from './io';
import { lookupCommand, type LookupCommandOptions } from './lookup-command';
import { seedCommand } from './seed-command';
import { registerUsersCommand } from './users-command';

const TITLES: Record<string, string> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Arguments:': 'Arguments :',
  'Global Options:': 'Options générales :',
};

/** Commander speaks English; its usage errors are put in French here. */
export function frenchUsageError(message: string): string {
  const rules: [RegExp, string][] = [
    [/^error: unknown option '([^']+)'(?:\n?\(Did you mean (.+)\?\))?/, 'erreur : option inconnue « $1 »'],
    [/^error: unknown command '([^']+)'/, 'erreur : commande inconnue « $1 »'],
    [/^error: missing required argument '([^']+)'/, 'erreur : argument obligatoire manquant « $1 »'],
    [/^error: option '([^']+)' argument missing/, 'erreur : l’option « $1 » attend une valeur'],
    [/^error: required option '([^']+)' not specified/, 'erreur : option obligatoire manquante « $1 »'],
    [/^error: too many arguments.*/, 'erreur : trop d’arguments'],
    [
      /^error: option '([^']+)' argument '([^']+)' is invalid\. (.*)/,
      'erreur : valeur « $2 » invalide pour « $1 ». $3',
    ],
  ];
  for (const [re, fr] of rules) if (re.test(message)) return `${message.replace(re, fr).trimEnd()}\n`;
  return message;
}

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('passerelle')
    .description(
      'Passerelle en ligne de commande : recherche des secteurs par lot, zones de compétence, géocodeur hors ligne.\n' +
        'La base est celle du serveur : DATABASE_URL (PostgreSQL) ou DATA_DIR (PGlite, .passerelle par défaut).',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(frenchUsageError(s)),
    })
    .configureHelp({ styleTitle: (s) => TITLES[s] ?? s })
    .helpOption('-h, --help', 'affiche l’aide')
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .showHelpAfterError('(passerelle --help pour l’aide)');

  program
    .command('lookup')
    .description(
      'ajoute à chaque ligne d’un CSV les secteurs compétents : secteur_adulte, secteur_adulte_nom, secteur_enfant, ' +
        'secteur_enfant_nom, service_social, territoire, zone_adulte, statut',
    )
    .requiredOption('-i, --input <fichier>', 'CSV à traiter (« - » pour l’entrée standard ; .gz accepté)')
    .option('-o, --output <fichier>', 'CSV produit (« - » pour la sortie standard)', '-')
    .option('--address-column <colonne>', 'colonne de l’adresse postale (par défaut « adresse »)')
    .option(
      '--lat <colonne>',
      'colonne de la latitude (WGS84), utilisée avant l’adresse quand elle est remplie',
    )
    .option('--lon <colonne>', 'colonne de la longitude (WGS84)')
    .option('--delimiter <caractère>', 'séparateur (« ; », « , » ou « tab » ; détecté par défaut)')
    .option(
      '--min-score <score>',
      'score de géocodage minimal, de 0 à 1 : en dessous, l’adresse est « adresse_introuvable » (par défaut 0,7)',
    )
    .action(async (opts: LookupCommandOptions) => setCode(await lookupCommand(io, opts)));

  const catchments = program
    .command('catchments')
    .description('zones de compétence : export et import de fichiers');
  catchments
    .command('export')
    .description('écrit les zones de la base en CSV ou en GeoJSON')
    .option('--territory <id>', 'seulement ce territoire')
    .addOption(new Option('--format <format>', 'csv ou geojson (d’après l’extension du fichier par défaut)'))
    .option('-o, --output <fichier>', 'fichier produit (« - » pour la sortie standard)', '-')
    .action(async (opts: ExportCommandOptions) => setCode(await exportCommand(io, opts)));
  catchments
    .command('import')
    .description('importe un fichier de zones (CSV ou GeoJSON) : affiche le plan, puis l’enregistre')
    .argument('<fichier>', 'fichier CSV ou GeoJSON (« - » pour l’entrée standard)')
    .option('--dry-run', 'affiche le plan sans rien enregistrer')
    .option('--prune', 'supprime les zones des secteurs du fichier qui n’y figurent pas')
    .option('--allow-conflicts', 'enregistre même si l’import crée des conflits entre secteurs')
    .option('--actor <nom>', 'auteur de la modification, gardé dans l’historique')
    .action(async (file: string, opts: ImportCommandOptions) => setCode(await importCommand(io, file, opts)));

  program
    .command('geocoder')
    .description('géocodeur hors ligne')
    .command('import')
    .description('charge des exports CSV de la Base Adresse Nationale (adresses-XX.csv ou .csv.gz)')
    .argument('<fichiers...>', 'un ou plusieurs fichiers')
    .action(async (files: string[]) => setCode(await geocoderImportCommand(io, files)));

  program
    .command('seed')
    .description('charge les données de démonstration dans une base vide')
    .action(async () => setCode(await seedCommand(io)));
  registerAuditCommand(program, io, setCode);
  registerUsersCommand(program, io, setCode);
  registerJobsCommand(program, io, setCode);
  return program;
}

/** Runs `passerelle <argv>` and returns the exit code; never calls process.exit (tests run it in-process). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    if (err instanceof CliError) {
      writeLine(io.stderr, err.message);
      return err.exitCode;
    }
    if (err instanceof AppError) {
      const detail = (err.details as { message?: unknown } | undefined)?.message;
      writeLine(io.stderr, typeof detail === 'string' ? `${err.message} ${detail}` : err.message);
      return err.code === 'IMPORT_CONFLICTS' ? EXIT.conflicts : EXIT.invalid;
    }
    writeLine(io.stderr, `Erreur inattendue : ${err instanceof Error ? err.message : String(err)}`);
    if (io.env.PASSERELLE_DEBUG && err instanceof Error && err.stack) writeLine(io.stderr, err.stack);
    return EXIT.invalid;
  }
}
