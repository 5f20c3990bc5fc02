import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { findConventionDocument } from './admin.repository';
import { auditBase, type AdminContext } from './context';

/** The signed document of a convention: for its territory's coordinator, admins and the partner's members. */
export async function getConventionDocument(ctx: AdminContext, conventionId: string) {
  const row = await findConventionDocument(ctx.db, conventionId);
  const allowed =
    row !== undefined &&
    (row.partnerId === ctx.actor.partnerId ||
      can(ctx.actor, 'territory.administer', { territoryId: row.territoryId }).allowed);
  if (!row || !allowed) throw new AppError('not_found', 'CONVENTION_NOT_FOUND');
  if (!row.document || !row.name) throw new AppError('not_found', 'CONVENTION_DOCUMENT_NOT_FOUND');
  // A signed convention is a partnership document: who read it is recorded like any other read.
  await ctx.db.transaction(async (tx) => {
    await ctx.audit(tx, {
      ...auditBase(ctx, row.territoryId),
      action: 'convention.document_read',
      subjectType: 'convention',
      subjectId: conventionId,
    });
  });
  return { name: row.name, type: row.type ?? 'application/pdf', bytes: Buffer.from(row.document) };
}
