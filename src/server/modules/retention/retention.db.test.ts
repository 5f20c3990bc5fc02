import { randomUUID } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { auditEvents, authTokens, members, sessions } from '../../db/schema/access';
import { verifyAuditChain } from '../../platform/audit';
import { JobQueue } from '../../platform/jobs';
import { createTestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp';
import { retentionContextOf } from './context';
import { frenchDate } from './inactivity.policy';
import { registerRetentionRules, startRetentionJobs } from './retention-jobs';

const DAY = 24 * 60 * 60 * 1000;
const days = (n: number) => n * DAY;
const silent = { info: () => {}, error: () => {} };

async function member(db: Db, id: string) {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  if (!row) throw new Error('member not found');
  return row;
}

async function retentionEvents(db: Db) {
  return db
    .select({
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      actorMemberId: auditEvents.actorMemberId,
      actorRole: auditEvents.actorRole,
    })
    .from(auditEvents)
    .where(like(auditEvents.action, 'retention.%'))
    .orderBy(asc(auditEvents.seq));
}

describe.each(DATABASE_KINDS)('retention jobs on %s', (kind) => {
  let smtp: TestSmtpServer;
  let test: TestApp;
  let queue: JobQueue;
  /** The application clock: tests move it forward instead of waiting a year. */
  let clock: Date;
  let refused: Set<string>;

  beforeEach(async () => {
    refused = new Set();
    smtp = await startSmtpServer({ refuseRecipient: (address) => refused.has(address) });
    clock = new Date();
    test = await buildTestApp(
      kind,
      {
        SMTP_URL: smtp.url,
        INACTIVE_ACCOUNT_WARN_DAYS: 365,
        INACTIVE_ACCOUNT_GRACE_DAYS: 30,
        PUBLIC_URL: 'https://passerelle.exemple.fr',
        JOBS_ENABLED: false,
      },
      { now: () => clock },
    );
    queue = new JobQueue(test.app.database, { log: silent, background: false });
    await queue.start();
    await registerRetentionRules(queue, retentionContextOf(test.app), { schedule: false });
  }, 120_000);

  afterEach(async () => {
    await queue.stop();
    await test.close();
    await smtp.close();
  }, 60_000);

  const db = () => test.app.database.db;

  it('warns an inactive member by e-mail, then disables them and ends their sessions after the grace period', async () => {
    const actor = await createTestActor(db(), { roles: [{ territoryId: 'paris-20', role: 'coordinator' }] });
    const created = (await member(db(), actor.memberId)).createdAt;

    clock = new Date(created.getTime() + days(364));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });

    clock = new Date(created.getTime() + days(366));
    const warnedAt = clock;
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 1,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    const mail = await smtp.waitFor((m) => m.to.includes(actor.email));
    expect(mail.subject).toBe('Passerelle : votre compte sera bientôt désactivé');
    expect(mail.text).toContain('depuis plus de 365 jours');
    const deadline = frenchDate(new Date(warnedAt.getTime() + days(30)));
    expect(mail.text).toContain(`désactivé à partir du ${deadline}`);
    expect(mail.text).toContain('https://passerelle.exemple.fr');
    expect((await member(db(), actor.memberId)).inactivityWarnedAt).toEqual(warnedAt);

    // Run twice: nobody is warned twice.
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    expect(smtp.to(actor.email)).toHaveLength(1);

    clock = new Date(warnedAt.getTime() + days(29));
    expect(await queue.runNow('accounts.inactivity')).toMatchObject({ disabled: 0 });
    expect((await member(db(), actor.memberId)).disabledAt).toBeNull();

    clock = new Date(warnedAt.getTime() + days(30));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 1,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    const disabled = await member(db(), actor.memberId);
    expect(disabled.disabledAt).toEqual(clock);
    expect(disabled.disabledReason).toBe('inactivité');
    const open = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.memberId, actor.memberId), sql`${sessions.revokedAt} is null`));
    expect(open).toEqual([]);

    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    expect(await retentionEvents(db())).toEqual([
      {
        action: 'retention.member_warned',
        subjectType: 'member',
        subjectId: actor.memberId,
        actorMemberId: null,
        actorRole: null,
      },
      {
        action: 'retention.member_disabled',
        subjectType: 'member',
        subjectId: actor.memberId,
        actorMemberId: null,
        actorRole: null,
      },
    ]);
    expect((await verifyAuditChain(db(), test.app.secretKey)).ok).toBe(true);
  });

  it('does not disable a member who signed in after the warning, and warns them again only after a new inactive year', async () => {
    const actor = await createTestActor(db(), { noSession: true });
    const created = (await member(db(), actor.memberId)).createdAt;
    clock = new Date(created.getTime() + days(366));
    const warnedAt = clock;
    await queue.runNow('accounts.inactivity');
    expect((await member(db(), actor.memberId)).inactivityWarnedAt).toEqual(warnedAt);

    // A login after the warning (even one that did not clear inactivity_warned_at) cancels it.
    const login = new Date(warnedAt.getTime() + days(2));
    await db().update(members).set({ lastLoginAt: login }).where(eq(members.id, actor.memberId));
    clock = new Date(warnedAt.getTime() + days(60));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    expect((await member(db(), actor.memberId)).disabledAt).toBeNull();

    clock = new Date(login.getTime() + days(366));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 1,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    expect(smtp.to(actor.email)).toHaveLength(2);
  });

  it('counts a recent invitation as activity for a member who never signed in', async () => {
    const invited = await createTestActor(db(), { noSession: true });
    const forgotten = await createTestActor(db(), { noSession: true });
    clock = new Date((await member(db(), invited.memberId)).createdAt.getTime() + days(366));
    await db()
      .insert(authTokens)
      .values({
        memberId: invited.memberId,
        purpose: 'invitation',
        tokenHash: randomUUID(),
        createdAt: new Date(clock.getTime() - days(3)),
        expiresAt: new Date(clock.getTime() + days(4)),
      });

    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 1,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    expect((await member(db(), invited.memberId)).inactivityWarnedAt).toBeNull();
    expect((await member(db(), forgotten.memberId)).inactivityWarnedAt).toEqual(clock);
  });

  it('warns inactive instance administrators but keeps the last active one', async () => {
    const older = await createTestActor(db(), { isInstanceAdmin: true, noSession: true });
    const newer = await createTestActor(db(), { isInstanceAdmin: true, noSession: true });
    const created = (await member(db(), newer.memberId)).createdAt;
    // The older administrator was last seen a day earlier than the newer one.
    await db()
      .update(members)
      .set({ lastLoginAt: new Date(created.getTime() - days(1)) })
      .where(eq(members.id, older.memberId));
    await db().update(members).set({ lastLoginAt: created }).where(eq(members.id, newer.memberId));

    clock = new Date(created.getTime() + days(366));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 2,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    clock = new Date(clock.getTime() + days(30));
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 1,
      keptLastAdmin: 1,
      unwarned: 0,
    });
    expect((await member(db(), older.memberId)).disabledAt).toEqual(clock);
    expect((await member(db(), newer.memberId)).disabledAt).toBeNull();

    // Still the last one on the next run: kept again, never disabled automatically.
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 0,
      disabled: 0,
      keptLastAdmin: 1,
      unwarned: 0,
    });
    expect((await member(db(), newer.memberId)).disabledAt).toBeNull();
  });

  it('withdraws a warning the SMTP server refused and fails the run so that it is retried', async () => {
    const actor = await createTestActor(db(), { noSession: true });
    refused.add(actor.email);
    clock = new Date((await member(db(), actor.memberId)).createdAt.getTime() + days(366));

    await expect(queue.runNow('accounts.inactivity')).rejects.toThrow('1 inactivity warning(s) not sent');
    expect((await member(db(), actor.memberId)).inactivityWarnedAt).toBeNull();
    expect((await retentionEvents(db())).map((e) => e.action)).toEqual([
      'retention.member_warned',
      'retention.member_warning_withdrawn',
    ]);

    refused.clear();
    expect(await queue.runNow('accounts.inactivity')).toEqual({
      warned: 1,
      disabled: 0,
      keptLastAdmin: 0,
      unwarned: 0,
    });
    await smtp.waitFor((m) => m.to.includes(actor.email));
  });

  it('purges only the sessions and e-mail links ended more than 30 days ago, once', async () => {
    const a = await createTestActor(db(), { noSession: true });
    const b = await createTestActor(db(), { noSession: true });
    const ago = (n: number) => new Date(clock.getTime() - days(n));
    const session = (memberId: string, label: string, fields: Partial<typeof sessions.$inferInsert>) => ({
      id: `${label}-${randomUUID()}`,
      memberId,
      method: 'password' as const,
      csrfToken: randomUUID(),
      createdAt: ago(40),
      lastSeenAt: ago(40),
      expiresAt: clock,
      ...fields,
    });
    await db()
      .insert(sessions)
      .values([
        session(a.memberId, 'gone-expired', { expiresAt: ago(31) }),
        session(a.memberId, 'gone-revoked', { revokedAt: ago(31), expiresAt: ago(20) }),
        session(b.memberId, 'kept-expired', { expiresAt: ago(29) }),
        session(b.memberId, 'kept-revoked', { revokedAt: ago(10), expiresAt: ago(5) }),
        session(b.memberId, 'kept-open', { expiresAt: new Date(clock.getTime() + DAY) }),
      ]);
    const token = (memberId: string, label: string, fields: Partial<typeof authTokens.$inferInsert>) => ({
      memberId,
      purpose: 'password_reset' as const,
      tokenHash: `${label}-${randomUUID()}`,
      createdAt: ago(60),
      expiresAt: clock,
      ...fields,
    });
    await db()
      .insert(authTokens)
      .values([
        token(b.memberId, 'gone-used', { usedAt: ago(31), expiresAt: ago(30) }),
        token(b.memberId, 'gone-expired', { purpose: 'invitation', expiresAt: ago(31) }),
        token(a.memberId, 'kept-used', { usedAt: ago(5) }),
        token(a.memberId, 'kept-pending', { expiresAt: new Date(clock.getTime() + DAY) }),
        token(a.memberId, 'kept-expired', { expiresAt: ago(29) }),
      ]);

    expect(await queue.runNow('sessions.purge')).toEqual({ sessions: 2, authTokens: 2 });
    const leftSessions = await db().select({ id: sessions.id }).from(sessions);
    expect(leftSessions.map((s) => s.id.replace(/-[^-]+-[^-]+-[^-]+-[^-]+-[^-]+$/, '')).sort()).toEqual([
      'kept-expired',
      'kept-open',
      'kept-revoked',
    ]);
    const leftTokens = await db().select({ hash: authTokens.tokenHash }).from(authTokens);
    expect(leftTokens.map((t) => t.hash.replace(/-[^-]+-[^-]+-[^-]+-[^-]+-[^-]+$/, '')).sort()).toEqual([
      'kept-expired',
      'kept-pending',
      'kept-used',
    ]);
    expect(await retentionEvents(db())).toEqual([
      {
        action: 'retention.sessions_purged',
        subjectType: 'member',
        subjectId: a.memberId,
        actorMemberId: null,
        actorRole: null,
      },
      {
        action: 'retention.auth_tokens_purged',
        subjectType: 'member',
        subjectId: b.memberId,
        actorMemberId: null,
        actorRole: null,
      },
    ]);

    expect(await queue.runNow('sessions.purge')).toEqual({ sessions: 0, authTokens: 0 });
    expect(await retentionEvents(db())).toHaveLength(2);
  });
});

describe.each(DATABASE_KINDS)('retention jobs of the application on %s', (kind) => {
  it('are scheduled in Europe/Paris time, and warn nobody while e-mail is not configured', async () => {
    let clock = new Date();
    const test = await buildTestApp(kind, { JOBS_ENABLED: false }, { now: () => clock });
    const queue = await startRetentionJobs(test.app);
    try {
      const rows = (
        (await test.app.database.db.execute(
          sql`select name, cron, timezone from pgboss.schedule order by name`,
        )) as { rows: unknown[] }
      ).rows;
      expect(rows).toEqual([
        { name: 'accounts.inactivity', cron: '30 3 * * *', timezone: 'Europe/Paris' },
        { name: 'sessions.purge', cron: '0 4 * * *', timezone: 'Europe/Paris' },
      ]);

      const actor = await createTestActor(test.app.database.db, { noSession: true });
      clock = new Date((await member(test.app.database.db, actor.memberId)).createdAt.getTime() + days(366));
      expect(await queue.runNow('accounts.inactivity')).toEqual({
        warned: 0,
        disabled: 0,
        keptLastAdmin: 0,
        unwarned: 1,
      });
      expect((await member(test.app.database.db, actor.memberId)).inactivityWarnedAt).toBeNull();
      expect(await queue.runNow('sessions.purge')).toEqual({ sessions: 0, authTokens: 0 });
    } finally {
      await queue.stop();
      await test.close();
    }
  }, 120_000);
});
