import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../../contracts/auth';
import { charters, conventions, partners, partnerTerritories } from '../../db/schema/access';
import { createTestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';
import { can } from '../../platform/policy';
import { loadActor } from './actor.repository';
import { sha256 } from '../../platform/secrets';
import { createSession, sessionCookieName } from '../../platform/auth';

const A = 'choisy-vlr-orly';

describe.each(DATABASE_KINDS)('access to confidential data on %s', (kind) => {
  let t: TestApp;
  let clock = new Date('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { now: () => clock });
  });
  afterAll(async () => t.close());

  /** A session opened at the current clock (days pass between checks: older sessions would be idle). */
  const freshCookie = async (memberId: string) => {
    const s = await createSession(t.app.database.db, {
      memberId,
      method: 'password',
      secondFactor: true,
      userAgent: 'vitest',
      now: clock,
      absoluteHours: 12,
    });
    return `${sessionCookieName(false)}=${s.token}`;
  };
  const me = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json<MeResponse>();

  it('is open with an accepted charter, a valid convention and a second factor', async () => {
    const a = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      now: clock,
    });
    expect((await me(a.cookie)).access).toEqual([{ territoryId: A, confidential: true, blocks: [] }]);
  });

  it('closes when the partner’s convention lapses, and says why', async () => {
    const db = t.app.database.db;
    const a = await createTestActor(db, { roles: [{ territoryId: A, role: 'landlord_staff' }], now: clock });
    await db
      .update(conventions)
      .set({ startsOn: '2025-01-01', endsOn: '2026-11-30' })
      .where(eq(conventions.partnerId, a.partnerId));
    expect((await me(a.cookie)).access[0]?.confidential).toBe(true);
    // Still valid all of its last day, French time; closed the day after, with no one doing anything.
    clock = new Date('2026-11-30T22:30:00Z'); // 23:30 in Paris
    expect((await me(await freshCookie(a.memberId))).access[0]?.confidential).toBe(true);
    clock = new Date('2026-11-30T23:30:00Z'); // 00:30 on 1 December in Paris
    const cookie = await freshCookie(a.memberId);
    const after = await me(cookie);
    expect(after.access[0]).toEqual({
      territoryId: A,
      confidential: false,
      blocks: [
        {
          code: 'convention_expired',
          message:
            'La convention de partenariat de votre organisation a expiré : l’accès aux situations est suspendu.',
        },
      ],
    });
    const loaded = await loadActor(db, sha256(cookie.split('=')[1]!), clock, 30 * 60_000);
    expect(can(loaded!.actor, 'territory.confidential.read', { territoryId: A })).toMatchObject({
      allowed: false,
      block: 'convention_expired',
    });
    clock = new Date('2026-11-23T10:00:00Z');
  });

  it('closes when a new charter version is published until the member accepts it', async () => {
    const db = t.app.database.db;
    const a = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'commission_member' }],
      now: clock,
    });
    const [current] = await db.select().from(charters).where(eq(charters.territoryId, A));
    const versions = await db
      .select({ v: charters.version })
      .from(charters)
      .where(eq(charters.territoryId, A));
    await db.insert(charters).values({
      territoryId: A,
      version: Math.max(...versions.map((r) => r.v)) + 1,
      title: current!.title,
      body: `${current!.body} (révisée)`,
    });
    const after = await me(a.cookie);
    expect(after.access[0]?.confidential).toBe(false);
    expect(after.access[0]?.blocks.map((b) => b.code)).toEqual(['charter_not_accepted']);
  });

  it('stays closed without the second factor, whatever the charter and convention', async () => {
    const a = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'coordinator' }],
      secondFactor: false,
      now: clock,
    });
    const body = await me(a.cookie);
    expect(body.access[0]?.confidential).toBe(false);
    expect(body.access[0]?.blocks[0]?.code).toBe('second_factor_missing');
  });

  it('closes when the member’s partner is archived or leaves the territory', async () => {
    const db = t.app.database.db;
    const a = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      now: clock,
    });
    expect((await me(a.cookie)).access[0]?.confidential).toBe(true);
    await db.delete(partnerTerritories).where(eq(partnerTerritories.partnerId, a.partnerId));
    expect((await me(a.cookie)).access[0]?.blocks.map((b) => b.code)).toEqual(['partner_inactive']);
    await db.insert(partnerTerritories).values({ partnerId: a.partnerId, territoryId: A });
    await db.update(partners).set({ archivedAt: clock }).where(eq(partners.id, a.partnerId));
    expect((await me(a.cookie)).access[0]?.confidential).toBe(false);
  });

  it('never opens for a reader', async () => {
    const a = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'reader' }],
      now: clock,
    });
    const body = await me(a.cookie);
    expect(body.access[0]?.confidential).toBe(false);
  });
});
