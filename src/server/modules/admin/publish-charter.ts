import type { PublishCharterInput } from '../../../contracts/admin';
import { charters } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { currentCharter, lockTerritory } from './admin.repository';
import { requireTerritoryAdministrator } from './charter-access';
import { auditBase, type AdminContext } from './context';

/**
 * Publishes the next version of a territory's charter. Every member must accept it again before
 * confidential screens reopen (accessBlocks compares acceptances with the newest version).
 */
export async function publishCharter(ctx: AdminContext, territoryId: string, input: PublishCharterInput) {
  requireTerritoryAdministrator(ctx, territoryId);
  const charter = await ctx.db.transaction(async (tx) => {
    if (!(await lockTerritory(tx, territoryId))) throw new AppError('not_found', 'TERRITORY_NOT_FOUND');
    const previous = await currentCharter(tx, territoryId);
    const [created] = await tx
      .insert(charters)
      .values({
        territoryId,
        version: (previous?.version ?? 0) + 1,
        title: input.title,
        body: input.body,
        publishedAt: ctx.now,
        publishedBy: ctx.actor.memberId,
      })
      .returning();
    if (!created) throw new Error('charter insert returned nothing');
    await ctx.audit(tx, {
      ...auditBase(ctx, territoryId),
      action: 'charter.publish',
      subjectType: 'charter',
      subjectId: created.id,
    });
    return created;
  });
  return {
    id: charter.id,
    territoryId,
    version: charter.version,
    title: charter.title,
    publishedAt: charter.publishedAt.toISOString(),
    acceptances: 0,
  };
}
