import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { requireActor } from '../../platform/auth';
import type { AuditEvent } from '../../platform/audit';
import { administeredTerritories, rolesIn, type Actor } from '../../platform/policy';
import { allTerritoryIds } from './admin.repository';

/** What every administration use case receives: the database, the caller, the clock, the audit. */
export interface AdminContext {
  db: Db;
  actor: Actor;
  now: Date;
  requestId: string;
  audit(tx: Parameters<FastifyInstance['audit']>[0], event: AuditEvent): Promise<void>;
}

/** The context of a request from a signed-in member with a complete session (401 otherwise). */
export function adminContext(app: FastifyInstance, req: FastifyRequest): AdminContext {
  return {
    db: app.database.db,
    actor: requireActor(req),
    now: app.now(),
    requestId: req.id,
    audit: (tx, event) => app.audit(tx, event),
  };
}

/** Territories the caller administers: all of them for an instance admin, those they coordinate otherwise. */
export async function administeredScope(ctx: AdminContext): Promise<string[]> {
  return administeredTerritories(ctx.actor, ctx.actor.isInstanceAdmin ? await allTerritoryIds(ctx.db) : []);
}

/** The role recorded in an audit event: the one under which the caller acted in that territory. */
export function actingRole(actor: Actor, territoryId: string | null): string | null {
  const roles = territoryId ? rolesIn(actor, territoryId) : [];
  if (roles.includes('coordinator')) return 'coordinator';
  if (actor.isInstanceAdmin) return 'admin';
  return roles[0] ?? null;
}

/** The common part of every audit event written on behalf of the caller. */
export function auditBase(ctx: AdminContext, territoryId: string | null) {
  return {
    territoryId,
    actorMemberId: ctx.actor.memberId,
    actorPartnerId: ctx.actor.partnerId,
    actorRole: actingRole(ctx.actor, territoryId),
    requestId: ctx.requestId,
  };
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
