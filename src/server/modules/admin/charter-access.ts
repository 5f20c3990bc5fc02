import { can, rolesIn } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import type { AdminContext } from './context';

/**
 * The charter of a territory concerns the members holding a role there (and instance admins). For anyone
 * else it does not exist: same answer as a territory without a charter.
 */
export function requireCharterReader(ctx: AdminContext, territoryId: string): void {
  if (ctx.actor.isInstanceAdmin || rolesIn(ctx.actor, territoryId).length > 0) return;
  throw new AppError('not_found', 'CHARTER_NOT_FOUND');
}

/** Coordinator of the territory or instance admin; anyone else is told the territory does not exist. */
export function requireTerritoryAdministrator(ctx: AdminContext, territoryId: string): void {
  if (!can(ctx.actor, 'territory.administer', { territoryId }).allowed) {
    throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  }
}
