import { randomUUID } from 'node:crypto';
import type { PartnerType, Role, InfoCategory } from '../../contracts/access';
import type { Db } from '../db/client';
import {
  charterAcceptances,
  charters,
  conventions,
  memberRoles,
  members,
  partners,
  partnerTerritories,
} from '../db/schema/access';
import { createSession, sessionCookieName } from '../platform/auth';
import { desc, eq } from 'drizzle-orm';

export interface TestActorOptions {
  roles?: { territoryId: string; role: Role; infoCategory?: InfoCategory }[];
  isInstanceAdmin?: boolean;
  partnerType?: PartnerType;
  /** Reuse an existing partner instead of creating one. */
  partnerId?: string;
  /** Session passed the second factor (default true). */
  secondFactor?: boolean;
  /** Accept each role territory's current charter (publishing one if none) — default true. */
  acceptCharter?: boolean;
  /** Give the partner a convention valid today on each role territory — default true. */
  convention?: boolean;
  now?: Date;
  /** Create no session (a member who has not logged in). */
  noSession?: boolean;
}

export interface TestActor {
  memberId: string;
  partnerId: string;
  email: string;
  /** `Cookie` header value, empty when noSession. */
  cookie: string;
  csrfToken: string;
  /** Headers for a state-changing request (cookie + CSRF). */
  headers: Record<string, string>;
}

const DEFAULT_CATEGORY: Record<Role, InfoCategory> = {
  admin: 'other',
  coordinator: 'social',
  commission_member: 'social',
  partner_professional: 'health',
  landlord_staff: 'landlord',
  reader: 'other',
};

/** A member with roles and (by default) a complete session, charter accepted and a valid convention. */
export async function createTestActor(db: Db, opts: TestActorOptions = {}): Promise<TestActor> {
  const now = opts.now ?? new Date();
  const roles = opts.roles ?? [];
  const territoryIds = [...new Set(roles.map((r) => r.territoryId))];
  let partnerId = opts.partnerId;
  if (!partnerId) {
    const [p] = await db
      .insert(partners)
      .values({ name: `Partenaire d’essai ${randomUUID().slice(0, 6)}`, type: opts.partnerType ?? 'other' })
      .returning({ id: partners.id });
    if (!p) throw new Error('partner not created');
    partnerId = p.id;
  }
  for (const t of territoryIds) {
    await db.insert(partnerTerritories).values({ partnerId, territoryId: t }).onConflictDoNothing();
  }
  const email = `membre-${randomUUID().slice(0, 8)}@exemple.test`;
  const [m] = await db
    .insert(members)
    .values({
      partnerId,
      email,
      displayName: 'Membre d’essai',
      isInstanceAdmin: opts.isInstanceAdmin ?? false,
    })
    .returning({ id: members.id });
  if (!m) throw new Error('member not created');
  const memberId = m.id;
  for (const r of roles) {
    await db.insert(memberRoles).values({
      memberId,
      territoryId: r.territoryId,
      role: r.role,
      infoCategory: r.infoCategory ?? DEFAULT_CATEGORY[r.role],
    });
  }
  for (const t of territoryIds) {
    if (opts.acceptCharter ?? true) {
      let [current] = await db
        .select({ id: charters.id })
        .from(charters)
        .where(eq(charters.territoryId, t))
        .orderBy(desc(charters.version))
        .limit(1);
      if (!current) {
        [current] = await db
          .insert(charters)
          .values({ territoryId: t, version: 1, title: 'Charte de confidentialité (essai)', body: 'Texte.' })
          .returning({ id: charters.id });
      }
      if (!current) throw new Error('charter not created');
      await db.insert(charterAcceptances).values({ memberId, charterId: current.id }).onConflictDoNothing();
    }
    if (opts.convention ?? true) {
      const year = now.getUTCFullYear();
      await db.insert(conventions).values({
        partnerId,
        territoryId: t,
        title: 'Convention (essai)',
        startsOn: `${year - 1}-01-01`,
        endsOn: `${year + 1}-12-31`,
      });
    }
  }
  if (opts.noSession) return { memberId, partnerId, email, cookie: '', csrfToken: '', headers: {} };
  const session = await createSession(db, {
    memberId,
    method: 'password',
    secondFactor: opts.secondFactor ?? true,
    userAgent: 'vitest',
    now,
    absoluteHours: 12,
  });
  const cookie = `${sessionCookieName(false)}=${session.token}`;
  return {
    memberId,
    partnerId,
    email,
    cookie,
    csrfToken: session.csrfToken,
    headers: { cookie, 'x-csrf-token': session.csrfToken },
  };
}
