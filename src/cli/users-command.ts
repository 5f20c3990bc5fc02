import type { Command } from 'commander';
import { pino } from 'pino';
import { emailSchema } from '../contracts/onboarding';
import { recordAudit } from '../server/platform/audit';
import { AppError } from '../server/platform/errors';
import { createMailer } from '../server/platform/mail';
import { resolveSecretKey } from '../server/platform/secrets';
import { createAdmin, DEFAULT_ADMIN_PARTNER_NAME } from '../server/modules/accounts/create-admin';
import { withDatabase } from './database';
import { CliError, EXIT, writeLine, type CliIo } from './io';

export interface CreateAdminOptions {
  email: string;
  name: string;
  partnerName?: string;
}

const parisDateTime = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })
    .format(d)
    .replace(/[\u202f\u00a0]/g, ' ');

/**
 * `passerelle users create-admin`: the first administrator of a fresh install (or a new one when every
 * administrator lost access). Prints the single-use invitation link, and e-mails it when SMTP is set.
 */
export async function createAdminCommand(io: CliIo, opts: CreateAdminOptions): Promise<number> {
  const email = emailSchema.safeParse(opts.email);
  if (!email.success) throw new CliError(`Adresse e-mail invalide : « ${opts.email} ».`);
  const name = opts.name.trim();
  if (!name) throw new CliError('Indiquez le nom de l’administrateur (--name).');
  return withDatabase(io, async ({ db }, config) => {
    const secretKey = resolveSecretKey(config);
    const mailer = config.SMTP_URL ? createMailer(config, pino({ level: 'silent' })) : null;
    let mailError: string | null = null;
    try {
      const created = await createAdmin(
        {
          db,
          now: new Date(),
          config,
          audit: (tx, event) => recordAudit(tx, secretKey, event),
          mailer,
          log: {
            error: (obj) => {
              mailError = String((obj as { mailError?: unknown }).mailError ?? 'inconnue');
            },
          },
          requestId: null,
        },
        { email: email.data, displayName: name, partnerName: opts.partnerName },
      );
      writeLine(
        io.stdout,
        `Administrateur de l’instance créé : ${name} <${email.data}>, organisation « ${opts.partnerName?.trim() || DEFAULT_ADMIN_PARTNER_NAME} ».`,
      );
      writeLine(
        io.stdout,
        `Lien d’invitation, à usage unique, valable jusqu’au ${parisDateTime(created.expiresAt)} :`,
      );
      writeLine(io.stdout, created.link);
      writeLine(
        io.stdout,
        'Ouvrez ce lien, choisissez un mot de passe, puis activez la double authentification.',
      );
      if (created.mailSent) writeLine(io.stdout, 'Le lien a aussi été envoyé à cette adresse par e-mail.');
      if (created.mailSent === false) {
        writeLine(
          io.stderr,
          `L’e-mail d’invitation n’a pas pu être envoyé (erreur ${mailError ?? 'inconnue'}) : transmettez le lien ci-dessus.`,
        );
      }
      return EXIT.ok;
    } catch (err) {
      if (err instanceof AppError && err.code === 'EMAIL_TAKEN') {
        throw new CliError(`${err.message} Aucun administrateur n’a été créé.`);
      }
      throw err;
    } finally {
      mailer?.close();
    }
  });
}

/** Registers `passerelle users …` on the program. */
export function registerUsersCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('users')
    .description('comptes des membres')
    .command('create-admin')
    .description(
      'crée un administrateur de l’instance et affiche son lien d’invitation à usage unique (premier compte d’une nouvelle installation)',
    )
    .requiredOption('--email <adresse>', 'adresse e-mail de l’administrateur')
    .requiredOption('--name <nom>', 'nom affiché (prénom et nom)')
    .option(
      '--partner-name <nom>',
      `organisation de rattachement (par défaut « ${DEFAULT_ADMIN_PARTNER_NAME} »)`,
    )
    .action(async (opts: CreateAdminOptions) => setCode(await createAdminCommand(io, opts)));
}
