import { eq } from 'drizzle-orm';
import type { PartnerView, UpdatePartnerInput } from '../../../contracts/admin';
import { partners } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { memberCounts, partnerHasNonLandlordRoles, setPartnerTerritories } from './admin.repository';
import { administeredScope, auditBase, type AdminContext } from './context';
import { checkTerritories } from './create-partner';
import { loadAdministeredPartner } from './get-partner';
import { presentPartner } from './presenters';

/**
 * Renames, retypes, re-identifies, archives or moves a partner. A coordinator adds or removes only their own
 * territories: the territories they do not administer stay as they are.
 */
export async function updatePartner(
  ctx: AdminContext,
  partnerId: string,
  input: UpdatePartnerInput,
): Promise<PartnerView> {
  const { row, territoryIds: before } = await loadAdministeredPartner(ctx, partnerId);
  let after = before;
  if (input.territoryIds) {
    after = [...new Set(input.territoryIds)].sort();
    const changed = [
      ...after.filter((t) => !before.includes(t)),
      ...before.filter((t) => !after.includes(t)),
    ];
    await checkTerritories(ctx, changed);
  }
  const add = after.filter((t) => !before.includes(t));
  const remove = before.filter((t) => !after.includes(t));
  if (!ctx.actor.isInstanceAdmin) {
    // Name, type, identifiers and archiving are the partner's own, seen by every territory it works in: a
    // coordinator changes them only for a partner working in their territories alone. Leaving the social
    // landlord type would widen what its staff may receive: instance administrators only.
    const scope = await administeredScope(ctx);
    const touchesShared =
      input.name !== undefined ||
      input.type !== undefined ||
      input.siret !== undefined ||
      input.finess !== undefined ||
      input.archived !== undefined;
    if (touchesShared && before.some((t) => !scope.includes(t))) throw new AppError('forbidden', 'FORBIDDEN');
    if (row.type === 'social_landlord' && input.type !== undefined && input.type !== 'social_landlord') {
      throw new AppError('forbidden', 'FORBIDDEN');
    }
  }
  const patch: Partial<typeof partners.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.type !== undefined) patch.type = input.type;
  if (input.siret !== undefined) patch.siret = input.siret;
  if (input.finess !== undefined) patch.finess = input.finess;
  if (input.archived !== undefined) patch.archivedAt = input.archived ? (row.archivedAt ?? ctx.now) : null;
  const updated = await ctx.db.transaction(async (tx) => {
    // A social landlord's staff never receives health information (CSP L1110-4): retyping a partner cannot
    // leave its members with a wider information category.
    if (input.type === 'social_landlord' && row.type !== 'social_landlord') {
      if (await partnerHasNonLandlordRoles(tx, partnerId))
        throw new AppError('invalid', 'PARTNER_TYPE_CONFLICT');
    }
    const [saved] =
      Object.keys(patch).length > 0
        ? await tx.update(partners).set(patch).where(eq(partners.id, partnerId)).returning()
        : [row];
    await setPartnerTerritories(tx, partnerId, add, remove);
    if (Object.keys(patch).length === 0 && add.length === 0 && remove.length === 0) return saved ?? row;
    for (const territoryId of [...new Set([...before, ...after])].sort()) {
      await ctx.audit(tx, {
        ...auditBase(ctx, territoryId),
        action: 'partner.update',
        subjectType: 'partner',
        subjectId: partnerId,
      });
    }
    return saved ?? row;
  });
  const counts = await memberCounts(ctx.db, [partnerId]);
  return presentPartner(updated, after, counts.get(partnerId) ?? 0);
}
