import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/client';
import { auditEvents, members, partners } from '../server/db/schema/access';
import { verifyAuditChain } from '../server/platform/audit';
import { startSmtpServer, linkIn, type TestSmtpServer } from '../server/test/smtp';
import { seededWorkdir, runCli } from './testing';

const PUBLIC_URL = 'https://passerelle.clsm.example';

describe('passerelle users create-admin', () => {
  const { dir } = seededWorkdir();
  const dataDir = join(dir, 'data');
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL };
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());

  const createAdmin = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runCli(['users', 'create-admin', ...args], { env: { ...env, ...extraEnv }, cwd: dir });

  /** Runs `fn` against the command's own database folder, as the server would open it. */
  async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>) {
    const database = await openDatabase({ dataDir });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }

  it('creates an instance admin and prints a single-use link that the server accepts once', async () => {
    const r = await createAdmin(['--email', 'Admin@CLSM.example', '--name', 'Camille Admin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Administrateur de l’instance créé : Camille Admin <admin@clsm.example>, organisation « Administration de l’instance ».',
    );
    const link = /^https:\/\/passerelle\.clsm\.example\/invitation\?token=\S+$/m.exec(r.stdout)?.[0];
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;

    const member = await withDb(async (db) => {
      const [m] = await db
        .select({ member: members, partner: partners })
        .from(members)
        .innerJoin(partners, eq(partners.id, members.partnerId))
        .where(eq(members.email, 'admin@clsm.example'));
      const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, m!.member.id));
      expect(events).toMatchObject([{ action: 'member.create_admin', actorMemberId: null }]);
      return m!;
    });
    expect(member.member).toMatchObject({
      isInstanceAdmin: true,
      displayName: 'Camille Admin',
      passwordHash: null,
    });
    expect(member.partner).toMatchObject({ name: 'Administration de l’instance', type: 'other' });

    // The running server (same folder, same secret key) takes the link, once.
    const app = await buildApp(
      loadConfig(
        {},
        { DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', WEB_DIST: '/nonexistent', PUBLIC_URL },
      ),
    );
    try {
      const preview = await app.inject({ method: 'GET', url: `/api/v1/onboarding/invitations/${token}` });
      expect(preview.json()).toMatchObject({ displayName: 'Camille Admin', email: 'a•••@clsm.example' });
      const accept = () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/onboarding/invitations/accept',
          payload: { token, password: 'Tournesol-ardoise 1789 cabestan' },
        });
      const first = await accept();
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ next: 'enrol_second_factor' });
      expect((await accept()).statusCode).toBe(404);
      const chain = await verifyAuditChain(app.database.db, app.secretKey);
      expect(chain).toMatchObject({ ok: true, problems: [] });
    } finally {
      await app.close();
    }
  });

  it('refuses an address already used, with exit code 1 and a French message', async () => {
    const r = await createAdmin(['--email', 'ADMIN@clsm.example', '--name', 'Autre Personne']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Un membre utilise déjà cette adresse e-mail. Aucun administrateur n’a été créé.\n',
    );
    const count = await withDb(
      async (db) => (await db.select().from(members).where(eq(members.email, 'admin@clsm.example'))).length,
    );
    expect(count).toBe(1);
  });

  it('e-mails the same link when SMTP_URL is set, and reuses the named organisation', async () => {
    const args = (email: string) => [
      '--email',
      email,
      '--name',
      'Dominique Admin',
      '--partner-name',
      'Ville de Choisy',
    ];
    const r = await createAdmin(args('dominique@clsm.example'), { SMTP_URL: smtp.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Le lien a aussi été envoyé à cette adresse par e-mail.');
    const mail = await smtp.waitFor((m) => m.to.includes('dominique@clsm.example'));
    expect(linkIn(mail, `${PUBLIC_URL}/invitation?token=`)).toBe(
      /^https:\/\/\S+\/invitation\?token=\S+$/m.exec(r.stdout)?.[0],
    );
    expect((await createAdmin(args('claude@clsm.example'))).code).toBe(0);
    const partnerIds = await withDb(async (db) =>
      (
        await db
          .select({ partnerId: members.partnerId })
          .from(members)
          .innerJoin(partners, eq(partners.id, members.partnerId))
          .where(eq(partners.name, 'Ville de Choisy'))
      ).map((m) => m.partnerId),
    );
    expect(partnerIds).toHaveLength(2);
    expect(new Set(partnerIds).size).toBe(1);
  });

  it('says in French what is missing or wrong in the options', async () => {
    expect(await createAdmin(['--email', 'pas-une-adresse', '--name', 'X'])).toMatchObject({
      code: 1,
      stderr: 'Adresse e-mail invalide : « pas-une-adresse ».\n',
    });
    const missing = await createAdmin(['--email', 'x@clsm.example']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('erreur : option obligatoire manquante « --name <nom> »');
  });
});
