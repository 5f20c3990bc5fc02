import { createHmac } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents, auditHead } from '../db/schema/access';

/** What happened, by whom, to what. Ids and codes only: never a name, an address or clinical content. */
export interface AuditEvent {
  action: string;
  territoryId?: string | null;
  actorMemberId?: string | null;
  actorPartnerId?: string | null;
  actorRole?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  outcome?: 'ok' | 'denied';
  requestId?: string | null;
}

type Row = typeof auditEvents.$inferSelect;
type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one event: HMAC-SHA256 (server key) over the previous hash and every field. Keyed, so that
 * someone with write access to the database alone cannot rebuild a consistent chain after editing it.
 */
export function eventHash(key: string, prevHash: string, e: Omit<Row, 'hash' | 'prevHash'>): string {
  const fields = [
    e.seq,
    e.at.toISOString(),
    e.territoryId,
    e.actorMemberId,
    e.actorPartnerId,
    e.actorRole,
    e.action,
    e.subjectType,
    e.subjectId,
    e.outcome,
    e.requestId,
  ];
  return createHmac('sha256', key).update(prevHash).update(JSON.stringify(fields)).digest('hex');
}

/**
 * Appends an event to the chain. Call it inside the transaction of the change it records: both commit
 * or neither does. The head row is locked, so concurrent writers queue and the chain stays linear.
 */
export async function recordAudit(tx: Tx, key: string, event: AuditEvent): Promise<void> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit_head row missing: migrations not applied');
  // Millisecond precision: the timestamp must read back exactly as it was hashed.
  const at = new Date(Math.floor(Date.now()));
  const seq = head.lastSeq + 1;
  const row = {
    seq,
    at,
    territoryId: event.territoryId ?? null,
    actorMemberId: event.actorMemberId ?? null,
    actorPartnerId: event.actorPartnerId ?? null,
    actorRole: event.actorRole ?? null,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    outcome: event.outcome ?? 'ok',
    requestId: event.requestId ?? null,
  };
  const hash = eventHash(key, head.lastHash, row);
  await tx.insert(auditEvents).values({ ...row, prevHash: head.lastHash, hash });
  await tx.update(auditHead).set({ lastSeq: seq, lastHash: hash }).where(eq(auditHead.id, 1));
}

/** What can be wrong at one place of the chain. */
export type AuditProblemKind =
  /** events missing before this one (deleted rows) */
  | 'missing'
  /** a sequence number out of order (rows renumbered) */
  | 'sequence'
  /** the event does not follow the previous one (inserted, deleted or moved row) */
  | 'link'
  /** the event's content no longer matches its keyed hash (edited row, or hash forged without the key) */
  | 'content'
  /** the head row disagrees with the last event (tail deleted or appended behind the server's back) */
  | 'head';

export interface AuditProblem {
  /** The event where the problem shows; for `head`, the last event the head row vouches for. */
  seq: number | null;
  kind: AuditProblemKind;
  /** French, meant to follow « événement N : ». */
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  problems: AuditProblem[];
}

/**
 * Walks the whole chain: a changed field breaks that event's hash, a deleted event leaves a gap in the
 * sequence and a broken link, an inserted one breaks the link of its successor, and a truncated tail no
 * longer matches the head. Reads in pages so memory stays flat on a long trail, all in one snapshot so
 * events appended by a running server while it reads are not mistaken for tampering.
 */
export async function verifyAuditChain(db: Db, key: string, pageSize = 5_000): Promise<AuditVerification> {
  return db.transaction((tx) => walkChain(tx, key, pageSize), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function walkChain(db: Tx, key: string, pageSize: number): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const row of page) {
      count++;
      if (row.seq > expectedSeq) {
        const last = row.seq - 1;
        problems.push({
          seq: row.seq,
          kind: 'missing',
          problem:
            last > expectedSeq
              ? `événements ${expectedSeq} à ${last} manquants juste avant lui (supprimés)`
              : `événement ${expectedSeq} manquant juste avant lui (supprimé)`,
        });
      } else if (row.seq < expectedSeq) {
        problems.push({
          seq: row.seq,
          kind: 'sequence',
          problem: `numéro de séquence inattendu (attendu ${expectedSeq})`,
        });
      }
      if (row.prevHash !== prevHash) {
        problems.push({
          seq: row.seq,
          kind: 'link',
          problem: 'lien rompu : il ne suit pas l’événement précédent (ligne insérée, supprimée ou déplacée)',
        });
      }
      if (eventHash(key, row.prevHash, row) !== row.hash) {
        problems.push({
          seq: row.seq,
          kind: 'content',
          problem: 'contenu modifié : son empreinte ne correspond plus à son contenu',
        });
      }
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      after = row.seq;
    }
    if (page.length < pageSize) break;
  }
  const lastPresent = expectedSeq - 1;
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (!head) {
    problems.push({ seq: null, kind: 'head', problem: 'tête du journal absente (table audit_head vidée)' });
  } else if (head.lastSeq > lastPresent) {
    problems.push({
      seq: head.lastSeq,
      kind: 'head',
      problem:
        lastPresent === 0
          ? 'fin du journal supprimée : la tête du journal le désigne comme dernier, mais aucun événement n’est présent'
          : `fin du journal supprimée : la tête du journal le désigne comme dernier, mais le dernier présent est l’événement ${lastPresent}`,
    });
  } else if (head.lastSeq < lastPresent) {
    problems.push({
      seq: head.lastSeq,
      kind: 'head',
      problem: `la tête du journal le désigne comme dernier, mais des événements le suivent jusqu’au ${lastPresent} (ajoutés hors de Passerelle)`,
    });
  } else if (head.lastHash !== prevHash) {
    problems.push({
      seq: head.lastSeq,
      kind: 'head',
      problem: 'la tête du journal ne correspond pas à son empreinte (dernier événement remplacé)',
    });
  }
  return { ok: problems.length === 0, events: count, problems };
}
