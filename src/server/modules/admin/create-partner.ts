import type { CreatePartnerInput, PartnerView } from '../../../contracts/admin';
import { partners, partnerTerritories } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { allTerritoryIds } from './admin.repository';
import { administeredScope, auditBase, type AdminContext } from './context';
import { presentPartner } from './presenters';

/**
 * Checks that every territory exists and that the caller administers it. Territories are public, so an
 * unknown one is simply not found; a coordinator naming another territory is refused outright.
 */
export async function checkTerritories(ctx: AdminContext, territoryIds: string[]): Promise<void> {
  const existing = await allTerritoryIds(ctx.db);
  if (territoryIds.some((t) => !existing.includes(t))) throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
  const scope = await administeredScope(ctx);
  if (territoryIds.some((t) => !scope.includes(t))) throw new AppError('forbidden', 'FORBIDDEN');
}

/** Creates a partner organisation on territories the caller administers. */
export async function createPartner(ctx: AdminContext, input: CreatePartnerInput): Promise<PartnerView> {
  const territoryIds = [...new Set(input.territoryIds)].sort();
  await checkTerritories(ctx, territoryIds);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(partners)
      .values({
        name: input.name,
        type: input.type,
        siret: input.siret ?? null,
        finess: input.finess ?? null,
        createdAt: ctx.now,
      })
      .returning();
    if (!created) throw new Error('partner insert returned nothing');
    await tx
      .insert(partnerTerritories)
      .values(territoryIds.map((territoryId) => ({ partnerId: created.id, territoryId })));
    // One event per territory, so that each territory's coordinator finds it in their audit log.
    for (const territoryId of territoryIds) {
      await ctx.audit(tx, {
        ...auditBase(ctx, territoryId),
        action: 'partner.create',
        subjectType: 'partner',
        subjectId: created.id,
      });
    }
    return created;
  });
  return presentPartner(row, territoryIds, 0);
}
