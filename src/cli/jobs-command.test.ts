import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { openDatabase, type Db } from '../server/db/client';
import { auditEvents, members, partners, sessions } from '../server/db/schema/access';
import { verifyAuditChain } from '../server/platform/audit';
import { resolveSecretKey } from '../server/platform/secrets';
import { startSmtpServer, type TestSmtpServer } from '../server/test/smtp';
import { runCli, seededWorkdir } from './testing';

const DAY = 24 * 60 * 60 * 1000;

describe('passerelle jobs run-once', () => {
  const { dir } = seededWorkdir();
  const dataDir = join(dir, 'data');
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());

  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SMTP_URL: smtp.url });
  const jobs = (args: string[]) => runCli(['jobs', 'run-once', ...args], { env: env(), cwd: dir });

  /** Runs `fn` against the command's own database folder, as the server would open it. */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }

  it('purges ended sessions and prints what it did, in French', async () => {
    const memberId = await withDb(async (db) => {
      const [p] = await db.insert(partners).values({ name: 'Bailleur', type: 'social_landlord' }).returning();
      const [m] = await db
        .insert(members)
        .values({ partnerId: p!.id, email: `ancien-${randomUUID()}@exemple.test`, displayName: 'Ancien' })
        .returning();
      await db.insert(sessions).values({
        id: randomUUID(),
        memberId: m!.id,
        method: 'password',
        csrfToken: randomUUID(),
        expiresAt: new Date(Date.now() - 31 * DAY),
      });
      return m!.id;
    });

    const r = await jobs(['sessions.purge']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Tâche « sessions.purge » terminée : sessions supprimées : 1, liens supprimés : 0.\n',
    );
    await withDb(async (db) => {
      expect(await db.select().from(sessions).where(eq(sessions.memberId, memberId))).toEqual([]);
      const events = await db.select().from(auditEvents).where(like(auditEvents.action, 'retention.%'));
      expect(events).toMatchObject([
        { action: 'retention.sessions_purged', subjectId: memberId, actorMemberId: null },
      ]);
      // Audited with the key the server of this data folder uses.
      const key = resolveSecretKey(loadConfig({}, { DATA_DIR: dataDir }));
      expect((await verifyAuditChain(db, key)).ok).toBe(true);
    });
  }, 120_000);

  it('warns inactive members by e-mail', async () => {
    const email = `inactif-${randomUUID()}@exemple.test`;
    await withDb(async (db) => {
      const [p] = await db.insert(partners).values({ name: 'CMP', type: 'psychiatry' }).returning();
      await db.insert(members).values({
        partnerId: p!.id,
        email,
        displayName: 'Inactif',
        createdAt: new Date(Date.now() - 400 * DAY),
      });
    });

    const r = await jobs(['accounts.inactivity']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Tâche « accounts.inactivity » terminée : comptes avertis : 1, comptes désactivés : 0',
    );
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe('Passerelle : votre compte sera bientôt désactivé');
  }, 120_000);

  it('refuses an unknown job', async () => {
    const r = await jobs(['situations.anonymise']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Tâche inconnue « situations.anonymise ». Tâches disponibles : accounts.inactivity, sessions.purge.\n',
    );
  });
});
