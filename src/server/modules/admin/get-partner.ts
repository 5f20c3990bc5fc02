import type { PartnerView } from '../../../contracts/admin';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import { findPartner, memberCounts, territoriesOfPartners, type PartnerRow } from './admin.repository';
import type { AdminContext } from './context';
import { presentPartner } from './presenters';

/** A partner the caller administers (one of its territories is theirs), or PARTNER_NOT_FOUND. */
export async function loadAdministeredPartner(
  ctx: AdminContext,
  partnerId: string,
): Promise<{ row: PartnerRow; territoryIds: string[] }> {
  const row = await findPartner(ctx.db, partnerId);
  if (!row) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
  const territoryIds = (await territoriesOfPartners(ctx.db, [partnerId])).get(partnerId) ?? [];
  const allowed =
    can(ctx.actor, 'instance.administer').allowed ||
    territoryIds.some((territoryId) => can(ctx.actor, 'territory.administer', { territoryId }).allowed);
  if (!allowed) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
  return { row, territoryIds };
}

/** One partner with its territories and number of members. */
export async function getPartner(ctx: AdminContext, partnerId: string): Promise<PartnerView> {
  const { row, territoryIds } = await loadAdministeredPartner(ctx, partnerId);
  const counts = await memberCounts(ctx.db, [partnerId]);
  return presentPartner(row, territoryIds, counts.get(partnerId) ?? 0);
}
