import { eq } from 'drizzle-orm';
import type { ConventionView, UpdateConventionInput } from '../../../contracts/admin';
import { conventions } from '../../db/schema/access';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { parisToday } from '../accounts/actor.repository';
import { findConvention } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { presentConvention } from './list-conventions';

/** Changes a convention's title or dates, revokes it (its partner's members lose access at once) or restores it. */
export async function updateConvention(
  ctx: AdminContext,
  conventionId: string,
  input: UpdateConventionInput,
): Promise<ConventionView> {
  const row = await findConvention(ctx.db, conventionId);
  if (!row || !can(ctx.actor, 'territory.administer', { territoryId: row.territoryId }).allowed) {
    throw new AppError('not_found', 'CONVENTION_NOT_FOUND');
  }
  const startsOn = input.startsOn ?? row.startsOn;
  const endsOn = input.endsOn ?? row.endsOn;
  if (endsOn < startsOn) throw new AppError('invalid', 'CONVENTION_DATES_INVALID');
  const patch: Partial<typeof conventions.$inferInsert> = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.startsOn !== undefined) patch.startsOn = input.startsOn;
  if (input.endsOn !== undefined) patch.endsOn = input.endsOn;
  if (input.signedOn !== undefined) patch.signedOn = input.signedOn;
  if (input.revoked !== undefined) patch.revokedAt = input.revoked ? (row.revokedAt ?? ctx.now) : null;
  if (Object.keys(patch).length > 0) {
    await ctx.db.transaction(async (tx) => {
      await tx.update(conventions).set(patch).where(eq(conventions.id, conventionId));
      await ctx.audit(tx, {
        ...auditBase(ctx, row.territoryId),
        action: 'convention.update',
        subjectType: 'convention',
        subjectId: conventionId,
      });
    });
  }
  const updated = await findConvention(ctx.db, conventionId);
  if (!updated) throw new AppError('not_found', 'CONVENTION_NOT_FOUND');
  return presentConvention(updated, parisToday(ctx.now));
}
