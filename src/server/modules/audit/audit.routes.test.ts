import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_CSV_HEADERS, type AuditEventView, type AuditListResponse } from '../../../contracts/audit';
import { members } from '../../db/schema/access';
import { recordAudit, verifyAuditChain, type AuditEvent } from '../../platform/audit';
import { createTestActor, type TestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { parisToday } from '../accounts/actor.repository';

const A = 'paris-20';
const B = 'choisy-vlr-orly';
const PARTNER_X = '0b6f3c9e-6a43-4c4e-9a59-2f1c1f7e0a01';

describe.each(DATABASE_KINDS)('audit log API on %s', (kind) => {
  let t: TestApp;
  let coordA: TestActor;
  let coordB: TestActor;
  let admin: TestActor;
  let readerA: TestActor;
  let halfSignedCoordA: TestActor;

  const record = (event: AuditEvent) =>
    t.app.database.db.transaction((tx) => recordAudit(tx, t.app.secretKey, event));
  const by = (a: TestActor, role: string) => ({
    actorMemberId: a.memberId,
    actorPartnerId: a.partnerId,
    actorRole: role,
  });

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const db = t.app.database.db;
    coordA = await createTestActor(db, { roles: [{ territoryId: A, role: 'coordinator' }] });
    coordB = await createTestActor(db, { roles: [{ territoryId: B, role: 'coordinator' }] });
    admin = await createTestActor(db, { isInstanceAdmin: true });
    readerA = await createTestActor(db, { roles: [{ territoryId: A, role: 'reader' }] });
    halfSignedCoordA = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'coordinator' }],
      secondFactor: false,
    });
    await record({
      action: 'partner.create',
      territoryId: A,
      ...by(coordA, 'coordinator'),
      subjectType: 'partner',
      subjectId: PARTNER_X,
      requestId: 'req-partner',
    });
    await record({
      action: 'member.role_grant',
      territoryId: A,
      ...by(coordA, 'coordinator'),
      subjectType: 'member',
      subjectId: readerA.memberId,
    });
    await record({
      action: 'member.read',
      territoryId: B,
      ...by(coordB, 'coordinator'),
      subjectType: 'member',
      subjectId: coordB.memberId,
    });
    await record({ action: 'auth.login', ...by(readerA, 'reader') });
    await record({
      action: 'member.disable',
      territoryId: A,
      ...by(admin, 'admin'),
      subjectType: 'member',
      subjectId: readerA.memberId,
      outcome: 'denied',
    });
    await record({
      action: 'situation.reopen_unknown',
      territoryId: A,
      subjectType: 'situation',
      subjectId: 's-1',
    });
  });
  afterAll(async () => t.close());

  const get = (who: TestActor | null, url: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const list = async (who: TestActor, query: string) => {
    const res = await get(who, `/api/v1/audit${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AuditListResponse>();
  };
  /** The events under test, without the reads of the log that the tests themselves cause. */
  const business = (events: AuditEventView[]) => events.filter((e) => !e.action.startsWith('audit.'));

  it('shows a coordinator their territory’s events, newest first, with names and French labels', async () => {
    const res = await get(coordA, `/api/v1/audit?territory=${A}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<AuditListResponse>();
    const events = business(body.events);
    expect(events.map((e) => e.action)).toEqual([
      'situation.reopen_unknown',
      'member.disable',
      'member.role_grant',
      'partner.create',
    ]);
    expect(body.events.every((e) => e.territoryId === A)).toBe(true);
    const seqs = body.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(events.at(-1)).toEqual({
      seq: expect.any(Number) as number,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as string,
      territoryId: A,
      actor: {
        memberId: coordA.memberId,
        displayName: 'Membre d’essai',
        partnerId: coordA.partnerId,
        partnerName: expect.stringMatching(/^Partenaire d’essai/) as string,
        role: 'coordinator',
        roleLabel: 'Coordinateur CLSM',
      },
      action: 'partner.create',
      actionLabel: 'Création d’un partenaire',
      subjectType: 'partner',
      subjectTypeLabel: 'Partenaire',
      subjectId: PARTNER_X,
      outcome: 'ok',
      requestId: 'req-partner',
    });
    // An action nobody labelled is shown under its code; an event without actor has empty actor fields.
    expect(events[0]).toMatchObject({
      actionLabel: 'situation.reopen_unknown',
      actor: { memberId: null, displayName: null, partnerName: null, role: null },
    });
    expect(events[1]).toMatchObject({
      outcome: 'denied',
      actor: { role: 'admin', roleLabel: 'Administrateur' },
    });
    // The trail stores ids only; the join shows names, never e-mails.
    expect(res.body).not.toContain(coordA.email);
  });

  it('limits a coordinator without a territory filter to the territories they coordinate', async () => {
    const body = await list(coordA, '');
    expect(new Set(body.events.map((e) => e.territoryId))).toEqual(new Set([A]));
    expect(body.events.map((e) => e.action)).not.toContain('auth.login');
  });

  it('shows an instance admin every event, those of other territories and without territory included', async () => {
    const actions = business((await list(admin, '')).events).map((e) => e.action);
    expect(actions).toEqual([
      'situation.reopen_unknown',
      'member.disable',
      'auth.login',
      'member.read',
      'member.role_grant',
      'partner.create',
    ]);
  });

  it('filters by actor, action prefix, subject and outcome', async () => {
    const actions = async (query: string) => (await list(admin, query)).events.map((e) => e.action);
    expect(await actions(`?actor=${coordA.memberId}&action=member.`)).toEqual(['member.role_grant']);
    expect(await actions(`?territory=${A}&action=member.`)).toEqual(['member.disable', 'member.role_grant']);
    // Wildcards typed in the prefix are literal: « member_ » is not « member. ».
    expect(await actions('?action=member_')).toEqual([]);
    expect(await actions(`?subjectType=partner&subjectId=${PARTNER_X}`)).toEqual(['partner.create']);
    expect(await actions(`?subjectType=member&subjectId=${readerA.memberId}`)).toEqual([
      'member.disable',
      'member.role_grant',
    ]);
    expect(await actions('?outcome=denied&action=member.')).toEqual(['member.disable']);
    expect(await actions(`?territory=${B}&outcome=ok&action=member.`)).toEqual(['member.read']);
  });

  it('filters by date: days are Paris calendar days, date-times are instants', async () => {
    const today = parisToday(new Date());
    const tomorrow = parisToday(new Date(Date.now() + 86_400_000));
    const yesterday = parisToday(new Date(Date.now() - 86_400_000));
    const count = async (query: string) =>
      business((await list(admin, `?action=partner.${query}`)).events).length;
    expect(await count(`&from=${today}&to=${today}`)).toBe(1);
    expect(await count(`&from=${tomorrow}`)).toBe(0);
    expect(await count(`&to=${yesterday}`)).toBe(0);
    expect(await count(`&from=${new Date(Date.now() + 3_600_000).toISOString()}`)).toBe(0);
    expect(await count(`&to=${new Date(Date.now() + 3_600_000).toISOString()}`)).toBe(1);

    // 23:30 UTC on 2 March is 00:30 on 3 March in Paris (winter time); 22:30 UTC on 14 July is 00:30 on
    // 15 July (summer time).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2025-03-02T23:30:00Z'));
      await record({
        action: 'charter.publish',
        territoryId: A,
        subjectType: 'charter',
        subjectId: 'winter',
      });
      vi.setSystemTime(new Date('2025-07-14T22:30:00Z'));
      await record({
        action: 'charter.publish',
        territoryId: A,
        subjectType: 'charter',
        subjectId: 'summer',
      });
    } finally {
      vi.useRealTimers();
    }
    const subjects = async (query: string) =>
      (await list(coordA, `?action=charter.publish${query}`)).events.map((e) => e.subjectId);
    expect(await subjects('&from=2025-03-03&to=2025-03-03')).toEqual(['winter']);
    expect(await subjects('&to=2025-03-02')).toEqual([]);
    expect(await subjects('&from=2025-07-15&to=2025-07-15')).toEqual(['summer']);
    expect(await subjects('&from=2025-07-14&to=2025-07-14')).toEqual([]);
    expect(await subjects('&from=2025-03-02T23:30:00Z&to=2025-03-02T23:30:00Z')).toEqual(['winter']);
    expect(await subjects('&from=2025-01-01&to=2025-12-31')).toEqual(['summer', 'winter']);
  });

  it('pages newest first with a cursor and the total of all pages, at most 200 a page', async () => {
    const all = await list(admin, '?action=member.&limit=200');
    expect(all.total).toBe(3);
    expect(all.nextBefore).toBeNull();
    const first = await list(admin, '?action=member.&limit=2');
    expect(first.total).toBe(3);
    expect(first.events.map((e) => e.seq)).toEqual(all.events.slice(0, 2).map((e) => e.seq));
    expect(first.nextBefore).toBe(first.events[1]!.seq);
    const second = await list(admin, `?action=member.&limit=2&before=${first.nextBefore}`);
    expect(second.events.map((e) => e.seq)).toEqual([all.events[2]!.seq]);
    expect(second).toMatchObject({ total: 3, nextBefore: null });

    for (const bad of [
      'limit=201',
      'limit=0',
      'actor=pas-un-uuid',
      'outcome=maybe',
      'from=03/03/2025',
      'territory=A%20B',
    ]) {
      const res = await get(admin, `/api/v1/audit?${bad}`);
      expect(res.statusCode, bad).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('audits each read of the log with the reader, their role, the territory and the request id', async () => {
    const res = await get(coordA, `/api/v1/audit?territory=${A}&limit=1`);
    expect(res.statusCode).toBe(200);
    const requestId = res.headers['x-request-id'];
    const reads = (await list(admin, `?action=audit.read&actor=${coordA.memberId}`)).events;
    expect(reads.find((e) => e.requestId === requestId)).toMatchObject({
      territoryId: A,
      actor: { memberId: coordA.memberId, partnerId: coordA.partnerId, role: 'coordinator' },
      subjectType: 'audit',
      outcome: 'ok',
    });
    // The page does not list the read that produced it.
    const own = await get(coordA, `/api/v1/audit?territory=${A}&action=audit.read`);
    const ownIds = own.json<AuditListResponse>().events.map((e) => e.requestId);
    expect(ownIds).toContain(requestId);
    expect(ownIds).not.toContain(own.headers['x-request-id']);
  });

  it('answers TERRITORY_NOT_FOUND to a coordinator naming a territory they do not coordinate, and records it', async () => {
    for (const territory of [B, 'territoire-inconnu']) {
      const res = await get(coordA, `/api/v1/audit?territory=${territory}`);
      expect(res.statusCode).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('TERRITORY_NOT_FOUND');
      const csv = await get(coordA, `/api/v1/audit/export.csv?territory=${territory}`);
      expect(csv.statusCode).toBe(404);
    }
    const denied = business((await list(admin, `?actor=${coordA.memberId}&outcome=denied`)).events);
    expect(denied).toEqual([]);
    const probes = (await list(admin, `?actor=${coordA.memberId}&outcome=denied&action=audit.`)).events;
    expect(probes.map((e) => [e.action, e.territoryId])).toEqual([
      ['audit.export', null],
      ['audit.read', null],
      ['audit.export', B],
      ['audit.read', B],
    ]);
    // Coordinator B sees that someone from elsewhere tried to read their territory's trail.
    const seenByB = (await list(coordB, `?outcome=denied&actor=${coordA.memberId}`)).events;
    expect(seenByB.map((e) => e.action)).toEqual(['audit.export', 'audit.read']);
  });

  it('refuses members who coordinate nothing, sessions without second factor and anonymous callers', async () => {
    const code = async (who: TestActor | null, url: string) => {
      const res = await get(who, url);
      return [res.statusCode, res.json<{ error: { code: string } }>().error.code];
    };
    for (const path of ['/api/v1/audit', '/api/v1/audit/export.csv']) {
      expect(await code(readerA, `${path}?territory=${A}`)).toEqual([404, 'TERRITORY_NOT_FOUND']);
      expect(await code(readerA, path)).toEqual([403, 'FORBIDDEN']);
      expect(await code(coordB, `${path}?territory=${A}`)).toEqual([404, 'TERRITORY_NOT_FOUND']);
      expect(await code(null, `${path}?territory=${A}`)).toEqual([401, 'UNAUTHENTICATED']);
      expect(await code(halfSignedCoordA, `${path}?territory=${A}`)).toEqual([
        401,
        'SECOND_FACTOR_ENROLMENT_REQUIRED',
      ]);
    }
  });

  it('exports the same events as a CSV for Excel, audited, with formulas in names neutralised', async () => {
    const db = t.app.database.db;
    await db
      .update(members)
      .set({ displayName: '=HYPERLINK("https://exemple.test")' })
      .where(eq(members.id, readerA.memberId));
    await record({
      action: 'charter.accept',
      territoryId: A,
      ...by(readerA, 'reader'),
      subjectType: 'charter',
      subjectId: 'c-1',
    });
    const res = await get(coordA, `/api/v1/audit/export.csv?territory=${A}&action=charter.`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="journal-audit-${A}-${parisToday(new Date())}.csv"`,
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(res.rawPayload, { delimiter: ';', bom: true }) as string[][];
    expect(rows[0]).toEqual([...AUDIT_CSV_HEADERS]);
    expect(rows.slice(1).map((r) => [r[7], r[10]])).toEqual([
      ['charter.accept', 'c-1'],
      ['charter.publish', 'summer'],
      ['charter.publish', 'winter'],
    ]);
    const accept = rows[1]!;
    expect(accept[2]).toBe(A);
    expect(accept[3]).toBe(readerA.memberId);
    expect(accept[4]).toBe(`'=HYPERLINK("https://exemple.test")`);
    expect(accept[5]).toMatch(/^Partenaire d’essai/);
    expect(accept.slice(6, 13)).toEqual([
      'Lecteur',
      'charter.accept',
      'Acceptation de la charte de confidentialité',
      'Charte',
      'c-1',
      'Effectué',
      '',
    ]);
    expect(accept[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(rows[3]![1]).toBe('03/03/2025 00:30:00');

    const exports = (await list(admin, `?action=audit.export&actor=${coordA.memberId}&outcome=ok`)).events;
    expect(exports[0]).toMatchObject({ territoryId: A, requestId: res.headers['x-request-id'] });
    // The file is the trail as it was asked for: it does not list its own export.
    const whole = parse((await get(admin, '/api/v1/audit/export.csv')).rawPayload, {
      delimiter: ';',
      bom: true,
    }) as string[][];
    const newest = (await list(admin, '?action=audit.export&limit=1')).events[0]!;
    expect(Number(whole[1]![0])).toBe(newest.seq - 1);
    expect(whole.length - 1).toBe(newest.seq - 1);
  });

  it('streams an export longer than one page, newest first', async () => {
    for (let i = 0; i < 1_050; i += 50) {
      await t.app.database.db.transaction(async (tx) => {
        for (let j = i; j < i + 50; j++) {
          await recordAudit(tx, t.app.secretKey, {
            action: 'session.revoke',
            territoryId: B,
            subjectType: 'session',
            subjectId: `s-${j}`,
          });
        }
      });
    }
    const res = await get(coordB, `/api/v1/audit/export.csv?territory=${B}&action=session.`);
    const rows = parse(res.rawPayload, { delimiter: ';', bom: true }) as string[][];
    expect(rows.length).toBe(1 + 1_050);
    expect(rows[1]![10]).toBe('s-1049');
    expect(rows.at(-1)![10]).toBe('s-0');
  });

  it('leaves a chain that still verifies after all these reads and exports', async () => {
    const v = await verifyAuditChain(t.app.database.db, t.app.secretKey);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
