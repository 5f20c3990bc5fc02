import { createHash, randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { auditEvents, auditHead, partners } from '../db/schema/access';
import { DATABASE_KINDS, openTestDatabase } from '../test/databases';
import { eventHash, GENESIS_HASH, recordAudit, verifyAuditChain, type AuditVerification } from './audit';

const KEY = 'audit-test-key-0123456789abcdef0123456789';

/** Problems as (seq, kind) pairs: the place and nature of each, without the French wording. */
const where = (v: AuditVerification) => v.problems.map((p) => [p.seq, p.kind]);

describe.each(DATABASE_KINDS)('audit chain on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database.close());

  const exec = (query: ReturnType<typeof sql>) => database.db.execute(query);

  // One database for the file; each test starts from an empty trail and a head at the genesis hash.
  beforeEach(async () => {
    await exec(sql`TRUNCATE audit_events`);
    await exec(sql`UPDATE audit_head SET last_seq = 0, last_hash = ${GENESIS_HASH}`);
    await exec(sql`DELETE FROM partners`);
  });

  async function record(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await database.db.transaction(async (tx) => {
        await recordAudit(tx, KEY, {
          action: i % 2 ? 'member.read' : 'partner.update',
          territoryId: 'paris-20',
          actorMemberId: randomUUID(),
          actorRole: 'coordinator',
          subjectType: 'member',
          subjectId: randomUUID(),
          requestId: `req-${i}`,
        });
      });
    }
  }

  const rows = () => database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
  const verify = () => verifyAuditChain(database.db, KEY, 3);

  it('verifies an untouched chain of ten events read in pages of three', async () => {
    await record(10);
    const all = await rows();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    expect(await verify()).toEqual({ ok: true, events: 10, problems: [] });
  });

  it('verifies an empty chain', async () => {
    expect(await verify()).toEqual({ ok: true, events: 0, problems: [] });
  });

  it('reports a modified field at the event that was edited', async () => {
    await record(10);
    await exec(sql`UPDATE audit_events SET action = 'member.disable' WHERE seq = 4`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(where(v)).toEqual([[4, 'content']]);
    expect(v.problems[0]!.problem).toMatch(/^contenu modifié/);
  });

  it('reports an edited outcome or timestamp as well as an edited action', async () => {
    await record(6);
    await exec(sql`UPDATE audit_events SET outcome = 'denied' WHERE seq = 2`);
    await exec(sql`UPDATE audit_events SET at = at - interval '1 day' WHERE seq = 5`);
    expect(where(await verify())).toEqual([
      [2, 'content'],
      [5, 'content'],
    ]);
  });

  it('reports a deleted middle row where the gap is', async () => {
    await record(10);
    await exec(sql`DELETE FROM audit_events WHERE seq = 5`);
    const v = await verify();
    expect(v.events).toBe(9);
    expect(where(v)).toEqual([
      [6, 'missing'],
      [6, 'link'],
    ]);
    expect(v.problems[0]!.problem).toBe('événement 5 manquant juste avant lui (supprimé)');
  });

  it('reports several deleted rows in a row as one gap', async () => {
    await record(10);
    await exec(sql`DELETE FROM audit_events WHERE seq BETWEEN 3 AND 6`);
    const v = await verify();
    expect(where(v)).toEqual([
      [7, 'missing'],
      [7, 'link'],
    ]);
    expect(v.problems[0]!.problem).toBe('événements 3 à 6 manquants juste avant lui (supprimés)');
  });

  it('reports a forged row inserted in the middle by shifting the following sequence numbers', async () => {
    await record(10);
    const [fourth] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, 4));
    // Two steps: the primary key is checked row by row, so a direct seq + 1 would collide.
    await exec(sql`UPDATE audit_events SET seq = -seq WHERE seq >= 5`);
    await exec(sql`UPDATE audit_events SET seq = -seq + 1 WHERE seq < 0`);
    await database.db.insert(auditEvents).values({
      seq: 5,
      at: new Date(),
      action: 'member.role_grant',
      territoryId: 'paris-20',
      prevHash: fourth!.hash,
      hash: createHash('sha256').update('forged').digest('hex'),
    });
    const v = await verify();
    expect(v.events).toBe(11);
    expect(v.problems[0]).toMatchObject({ seq: 5, kind: 'content' });
    // The shifted events no longer hash to what was recorded (the sequence number is hashed)...
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: 6, kind: 'link' }));
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: 11, kind: 'content' }));
    // ...and the head still names event 10 as the last one.
    expect(v.problems.at(-1)).toMatchObject({ seq: 10, kind: 'head' });
  });

  it('reports a forged row appended with the next free sequence number behind the server’s back', async () => {
    await record(5);
    const [fifth] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, 5));
    const row = { seq: 6, at: new Date(), action: 'convention.create', territoryId: 'paris-20' };
    await database.db.insert(auditEvents).values({
      ...row,
      prevHash: fifth!.hash,
      hash: createHash('sha256').update(JSON.stringify(row)).digest('hex'),
    });
    expect(where(await verify())).toEqual([
      [6, 'content'],
      [5, 'head'],
    ]);
  });

  it('reports deleted last rows through the head of the chain', async () => {
    await record(10);
    await exec(sql`DELETE FROM audit_events WHERE seq >= 9`);
    const v = await verify();
    expect(v.events).toBe(8);
    expect(where(v)).toEqual([[10, 'head']]);
    expect(v.problems[0]!.problem).toContain('le dernier présent est l’événement 8');
  });

  it('reports a whole trail deleted', async () => {
    await record(3);
    await exec(sql`DELETE FROM audit_events`);
    expect(where(await verify())).toEqual([[3, 'head']]);
  });

  it('reports a chain re-hashed without the server key (plain SHA-256) from the edited event on', async () => {
    await record(8);
    // The attacker knows the algorithm (it is in the source) and has write access to the database, but
    // not the key: they edit event 3 and rebuild every hash after it, then the head, with plain SHA-256.
    await exec(sql`UPDATE audit_events SET action = 'member.read' WHERE seq = 3`);
    let prev = (await rows())[1]!.hash;
    for (const row of (await rows()).slice(2)) {
      const fields = [
        row.seq,
        row.at.toISOString(),
        row.territoryId,
        row.actorMemberId,
        row.actorPartnerId,
        row.actorRole,
        row.action,
        row.subjectType,
        row.subjectId,
        row.outcome,
        row.requestId,
      ];
      const hash = createHash('sha256').update(prev).update(JSON.stringify(fields)).digest('hex');
      await database.db.update(auditEvents).set({ prevHash: prev, hash }).where(eq(auditEvents.seq, row.seq));
      prev = hash;
    }
    await database.db.update(auditHead).set({ lastHash: prev }).where(eq(auditHead.id, 1));
    const v = await verify();
    expect(where(v)).toEqual([3, 4, 5, 6, 7, 8].map((seq) => [seq, 'content']));
  });

  it('reports a chain re-hashed with a guessed key', async () => {
    await record(4);
    const all = await rows();
    const third = all[2]!;
    const edited = { ...third, outcome: 'denied' as const };
    const hash = eventHash('guessed-key', edited.prevHash, edited);
    await database.db.update(auditEvents).set({ outcome: 'denied', hash }).where(eq(auditEvents.seq, 3));
    await database.db.update(auditEvents).set({ prevHash: hash }).where(eq(auditEvents.seq, 4));
    expect(where(await verify())).toEqual([
      [3, 'content'],
      [4, 'content'],
    ]);
  });

  it('keeps a linear, valid chain when twenty transactions append at the same time', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction(async (tx) => {
          // Some work in the transaction before the event, so the writers really overlap on PostgreSQL
          // (PGlite runs transactions one at a time: the same code, queued by the driver).
          await tx.insert(partners).values({ name: `Partenaire ${i}`, type: 'association' });
          await recordAudit(tx, KEY, { action: 'partner.create', requestId: `parallel-${i}` });
        }),
      ),
    );
    const all = await rows();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    all.forEach((r, i) => expect(r.prevHash).toBe(i === 0 ? GENESIS_HASH : all[i - 1]!.hash));
    expect(new Set(all.map((r) => r.requestId)).size).toBe(20);
    expect(await verify()).toEqual({ ok: true, events: 20, problems: [] });
    const [head] = await database.db.select().from(auditHead);
    expect(head).toEqual({ id: 1, lastSeq: 20, lastHash: all[19]!.hash });
  });

  it('rolls an audit event back with the transaction of its change', async () => {
    await record(2);
    const failing = database.db.transaction(async (tx) => {
      const [p] = await tx
        .insert(partners)
        .values({ name: 'Partenaire annulé', type: 'other' })
        .returning({ id: partners.id });
      await recordAudit(tx, KEY, { action: 'partner.create', subjectType: 'partner', subjectId: p!.id });
      throw new Error('failure after the audit event');
    });
    await expect(failing).rejects.toThrow('failure after the audit event');
    expect(await database.db.select().from(partners).where(eq(partners.name, 'Partenaire annulé'))).toEqual(
      [],
    );
    expect((await rows()).map((r) => r.action)).toEqual(['partner.update', 'member.read']);
    expect((await database.db.select().from(auditHead))[0]!.lastSeq).toBe(2);
    // The next event takes the place the rolled-back one would have had: no gap is left behind.
    await record(1);
    expect(await verify()).toEqual({ ok: true, events: 3, problems: [] });
  });

  it('does not verify with another key', async () => {
    await record(2);
    const v = await verifyAuditChain(database.db, 'another-key');
    expect(where(v)).toEqual([
      [1, 'content'],
      [2, 'content'],
    ]);
  });
});
