import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charters, conventions } from './db/schema/access';
import { authAccess } from './modules/accounts/auth.access';
import { oidcAccess } from './modules/accounts/oidc.access';
import { onboardingAccess } from './modules/accounts/onboarding.access';
import { adminAccess } from './modules/admin/admin.access';
import { auditAccess } from './modules/audit/audit.access';
import { crosswalkAccess } from './modules/crosswalk/crosswalk.access';
import { finderAccess } from './modules/finder/finder.access';
import { ficheAccess } from './modules/finder/fiche.access';
import { territoriesAccess } from './modules/territories/territories.access';
import { createSession, sessionCookieName } from './platform/auth';
import type { Audience, MatrixActor, MatrixFixtures, RouteAccess } from './test/access-matrix';
import { createTestActor, type TestActorOptions } from './test/actors';
import { buildTestApp, type TestApp } from './test/app';
import { DATABASE_KINDS } from './test/databases';

const MATRIX: RouteAccess[] = [
  ...finderAccess,
  ...ficheAccess,
  ...territoriesAccess,
  ...authAccess,
  ...onboardingAccess,
  ...oidcAccess,
  ...adminAccess,
  ...auditAccess,
  ...crosswalkAccess,
];

/** Documentation routes (OpenAPI, Swagger UI) are public and describe the API; they hold no data. */
const isDocs = (url: string) => url.startsWith('/api/docs');

const A = 'choisy-vlr-orly';
const B = 'paris-20';

const ACTORS: Record<Exclude<MatrixActor, 'anonymous'>, TestActorOptions> = {
  first_factor_only: { roles: [{ territoryId: A, role: 'partner_professional' }], secondFactor: false },
  reader_a: { roles: [{ territoryId: A, role: 'reader' }] },
  landlord_a: { roles: [{ territoryId: A, role: 'landlord_staff' }], partnerType: 'social_landlord' },
  professional_a: { roles: [{ territoryId: A, role: 'partner_professional', infoCategory: 'health' }] },
  commission_a: { roles: [{ territoryId: A, role: 'commission_member' }] },
  coordinator_a: { roles: [{ territoryId: A, role: 'coordinator' }] },
  coordinator_b: { roles: [{ territoryId: B, role: 'coordinator' }] },
  professional_b: { roles: [{ territoryId: B, role: 'partner_professional', infoCategory: 'health' }] },
  admin: { isInstanceAdmin: true },
};
const ALL_ACTORS: MatrixActor[] = ['anonymous', ...(Object.keys(ACTORS) as MatrixActor[])];

/** Who gets through, for each audience. */
const ALLOWED: Record<Audience, readonly MatrixActor[]> = {
  anyone: ALL_ACTORS,
  session: ALL_ACTORS.filter((a) => a !== 'anonymous'),
  member: ALL_ACTORS.filter((a) => a !== 'anonymous' && a !== 'first_factor_only'),
  coordinator: ['coordinator_a', 'admin'],
  any_coordinator: ['coordinator_a', 'coordinator_b', 'admin'],
  admin: ['admin'],
  territory_member: ['reader_a', 'landlord_a', 'professional_a', 'commission_a', 'coordinator_a', 'admin'],
  confidential: ['landlord_a', 'professional_a', 'commission_a', 'coordinator_a'],
};

const DENIED = new Set([401, 403, 404]);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

describe.each(DATABASE_KINDS)('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  const memberIds = new Map<MatrixActor, string>();

  beforeAll(async () => {
    t = await buildTestApp(kind, { LOGIN_RATE_PER_MINUTE: 100_000, RATE_LIMIT_PER_MINUTE: 100_000 });
    for (const [name, opts] of Object.entries(ACTORS)) {
      const a = await createTestActor(t.app.database.db, { ...opts, noSession: true });
      memberIds.set(name as MatrixActor, a.memberId);
    }
  }, 120_000);
  afterAll(async () => t.close());

  /** A fresh resource owner in territory A for every call: destructive routes cannot spoil the next one. */
  async function fixtures(): Promise<Omit<MatrixFixtures, 'self' | 'sessionId'>> {
    const db = t.app.database.db;
    const owner = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      partnerType: 'association',
      noSession: true,
    });
    const [convention] = await db
      .select({ id: conventions.id })
      .from(conventions)
      .where(and(eq(conventions.partnerId, owner.partnerId), eq(conventions.territoryId, A)));
    // The convention carries its signed document, so the download route has something to refuse or give.
    await db
      .update(conventions)
      .set({
        document: new TextEncoder().encode('%PDF-1.4\n%matrix\n'),
        documentName: 'convention.pdf',
        documentType: 'application/pdf',
        documentSha256: '0'.repeat(64),
      })
      .where(eq(conventions.id, convention!.id));
    const [charter] = await db
      .select({ id: charters.id })
      .from(charters)
      .where(eq(charters.territoryId, A))
      .orderBy(desc(charters.version))
      .limit(1);
    return {
      territoryA: A,
      territoryB: B,
      partnerA: owner.partnerId,
      memberA: owner.memberId,
      conventionA: convention!.id,
      charterA: charter!.id,
    };
  }

  async function call(
    entry: RouteAccess,
    actor: MatrixActor,
    shared: Omit<MatrixFixtures, 'self' | 'sessionId'>,
  ) {
    const headers: Record<string, string> = {};
    let self: string | null = null;
    let sessionId: string | null = null;
    if (actor !== 'anonymous') {
      self = memberIds.get(actor)!;
      // A new session per call: logout routes must not end the session of the next call.
      const session = await createSession(t.app.database.db, {
        memberId: self,
        method: 'password',
        secondFactor: ACTORS[actor].secondFactor ?? true,
        userAgent: 'matrix',
        now: new Date(),
        absoluteHours: 1,
      });
      sessionId = session.id;
      headers.cookie = `${sessionCookieName(false)}=${session.token}`;
      headers['x-csrf-token'] = session.csrfToken;
    }
    const f: MatrixFixtures = { ...shared, self, sessionId };
    const req = entry.request?.(f) ?? { url: entry.route };
    const res = await t.app.inject({
      method: entry.method,
      url: req.url,
      headers: { ...headers, ...(req.headers ?? {}) },
      ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
    });
    return res;
  }

  it('has an entry for every route, and every entry names a real route', () => {
    const registered = t.app.routeList.filter((r) => !isDocs(r.url)).map((r) => `${r.method} ${r.url}`);
    const declared = MATRIX.map((e) => `${e.method} ${e.route}`);
    expect(registered.filter((r) => !declared.includes(r))).toEqual([]);
    expect(declared.filter((d) => !registered.includes(d))).toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('documentation routes are public and hold no data', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
  });

  it.each(MATRIX.map((e) => [`${e.method} ${e.route}`, e] as const))(
    '%s answers each actor as its audience says',
    async (_name, entry) => {
      const shared = SAFE.has(entry.method) ? await fixtures() : null;
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const actor of ALL_ACTORS) {
        const res = await call(entry, actor, shared ?? (await fixtures()));
        // 503 may be declared (a provider not configured here); anything else 5xx is a bug.
        if (!(entry.alsoAllowed ?? []).includes(res.statusCode)) {
          expect(res.statusCode, `${actor}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
        const through = !DENIED.has(res.statusCode) || (entry.alsoAllowed ?? []).includes(res.statusCode);
        outcomes.push(`${actor}: ${through ? 'allowed' : 'denied'}${through ? '' : ` (${res.statusCode})`}`);
        const shouldPass = ALLOWED[entry.audience].includes(actor);
        expected.push(
          `${actor}: ${shouldPass ? 'allowed' : 'denied'}${shouldPass ? '' : ` (${res.statusCode})`}`,
        );
        if (!shouldPass && DENIED.has(res.statusCode)) {
          // Refusals never leak data: the body is an error, nothing else.
          expect(Object.keys(res.json<object>())).toEqual(['error']);
        }
      }
      expect(outcomes).toEqual(expected);
    },
    60_000,
  );
});
