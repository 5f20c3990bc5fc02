import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditFilters } from '../../../contracts/audit';
import type { Db } from '../../db/client';
import { requireActor } from '../../platform/auth';
import type { AuditEvent } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { administeredTerritories, can, rolesIn, type Actor } from '../../platform/policy';
import { territoryExists, type AuditScope } from './audit.repository';

/** What the audit use cases receive: the database, the caller, the clock and the trail itself. */
export interface AuditContext {
  db: Db;
  actor: Actor;
  now: Date;
  requestId: string;
  audit(tx: Parameters<FastifyInstance['audit']>[0], event: AuditEvent): Promise<void>;
}

/** The context of a request from a signed-in member with a complete session (401 otherwise). */
export function auditContext(app: FastifyInstance, req: FastifyRequest): AuditContext {
  return {
    db: app.database.db,
    actor: requireActor(req),
    now: app.now(),
    requestId: req.id,
    audit: (tx, event) => app.audit(tx, event),
  };
}

/** The role under which the caller reads a territory's trail (or the whole instance's). */
function actingRole(actor: Actor, territoryId: string | null): string | null {
  const roles = territoryId ? rolesIn(actor, territoryId) : [];
  if (roles.includes('coordinator')) return 'coordinator';
  if (actor.isInstanceAdmin) return 'admin';
  if (!territoryId && actor.roles.some((r) => r.role === 'coordinator')) return 'coordinator';
  return roles[0] ?? null;
}

/** The event recording a read or export of the trail by the caller. */
export function auditReadEvent(
  ctx: AuditContext,
  action: 'audit.read' | 'audit.export',
  territoryId: string | null,
  outcome: 'ok' | 'denied' = 'ok',
): AuditEvent {
  return {
    action,
    territoryId,
    actorMemberId: ctx.actor.memberId,
    actorPartnerId: ctx.actor.partnerId,
    actorRole: actingRole(ctx.actor, territoryId),
    subjectType: 'audit',
    outcome,
    requestId: ctx.requestId,
  };
}

/**
 * Which part of the trail the caller may read with these filters: an instance admin all of it, a
 * coordinator the events of the territories they coordinate. Naming a territory one does not coordinate
 * answers TERRITORY_NOT_FOUND, as for a territory that does not exist; a member who coordinates nothing is
 * refused. Refusals are recorded too: probing someone else's trail is itself worth knowing.
 */
export async function resolveAuditScope(
  ctx: AuditContext,
  filters: AuditFilters,
  action: 'audit.read' | 'audit.export',
): Promise<{ scope: AuditScope; territoryId: string | null }> {
  const { actor } = ctx;
  if (filters.territory) {
    const territoryId = filters.territory;
    if (can(actor, 'territory.audit.read', { territoryId }).allowed)
      return { scope: [territoryId], territoryId };
    await ctx.db.transaction(async (tx) => {
      // An unknown id is the caller's own text: only a real territory's id goes into the trail.
      const known = await territoryExists(tx, territoryId);
      await ctx.audit(tx, auditReadEvent(ctx, action, known ? territoryId : null, 'denied'));
    });
    throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  }
  if (actor.isInstanceAdmin) return { scope: null, territoryId: null };
  const coordinated = administeredTerritories(actor, []);
  if (coordinated.length === 0) {
    await ctx.db.transaction((tx) => ctx.audit(tx, auditReadEvent(ctx, action, null, 'denied')));
    throw new AppError('forbidden', 'FORBIDDEN');
  }
  // One event per read: it carries the territory when there is only one, so its coordinator sees it.
  return { scope: coordinated, territoryId: coordinated.length === 1 ? (coordinated[0] ?? null) : null };
}
