import { charterAcceptances } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { currentCharter, findAcceptance } from './admin.repository';
import { requireCharterReader } from './charter-access';
import { auditBase, type AdminContext } from './context';

/**
 * Records that the caller accepted the charter in force. The version they read is checked: accepting a
 * text that has since been replaced would not be consent to the current one.
 */
export async function acceptCharter(ctx: AdminContext, territoryId: string, version: number) {
  requireCharterReader(ctx, territoryId);
  const result = await ctx.db.transaction(async (tx) => {
    const charter = await currentCharter(tx, territoryId);
    if (!charter || version > charter.version) throw new AppError('not_found', 'CHARTER_NOT_FOUND');
    if (version < charter.version) throw new AppError('conflict', 'CHARTER_OUTDATED');
    const existing = await findAcceptance(tx, ctx.actor.memberId, charter.id);
    if (existing) return existing;
    const [created] = await tx
      .insert(charterAcceptances)
      .values({ memberId: ctx.actor.memberId, charterId: charter.id, acceptedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    // A concurrent identical request won the insert: theirs is the acceptance.
    if (!created) return (await findAcceptance(tx, ctx.actor.memberId, charter.id)) ?? null;
    await ctx.audit(tx, {
      ...auditBase(ctx, territoryId),
      action: 'charter.accept',
      subjectType: 'charter',
      subjectId: charter.id,
    });
    return created;
  });
  if (!result) throw new AppError('conflict', 'CHARTER_OUTDATED');
  return { territoryId, version, acceptedAt: result.acceptedAt.toISOString() };
}
