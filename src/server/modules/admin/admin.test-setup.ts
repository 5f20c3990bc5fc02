import type { LightMyRequestResponse } from 'fastify';
import { createTestActor, type TestActor, type TestActorOptions } from '../../test/actors';
import type { TestApp } from '../../test/app';

export const A = 'paris-20';
export const B = 'choisy-vlr-orly';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Calls the API as a test actor (cookie and CSRF header), or anonymously. */
export function caller(t: TestApp) {
  return (
    actor: TestActor | null,
    method: Method,
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: actor ? actor.headers : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
}

/** The usual cast: an instance admin, the coordinators of A and B, a reader and a professional of A. */
export async function standardActors(t: TestApp, extra: TestActorOptions = {}) {
  const db = t.app.database.db;
  return {
    admin: await createTestActor(db, { isInstanceAdmin: true, ...extra }),
    coordinatorA: await createTestActor(db, { roles: [{ territoryId: A, role: 'coordinator' }], ...extra }),
    coordinatorB: await createTestActor(db, { roles: [{ territoryId: B, role: 'coordinator' }], ...extra }),
    readerA: await createTestActor(db, { roles: [{ territoryId: A, role: 'reader' }], ...extra }),
    professionalA: await createTestActor(db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      partnerType: 'psychiatry',
      ...extra,
    }),
  };
}
