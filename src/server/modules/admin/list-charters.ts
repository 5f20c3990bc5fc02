import { charterHistory, countMembersIn } from './admin.repository';
import { requireTerritoryAdministrator } from './charter-access';
import type { AdminContext } from './context';

/** Every published version of a territory's charter, newest first, with how many members accepted each. */
export async function listCharters(ctx: AdminContext, territoryId: string) {
  requireTerritoryAdministrator(ctx, territoryId);
  const versions = await charterHistory(ctx.db, territoryId);
  return {
    territoryId,
    members: await countMembersIn(ctx.db, territoryId),
    versions: versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
  };
}
