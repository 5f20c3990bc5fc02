import type { CurrentCharter } from '../../../contracts/admin';
import { AppError } from '../../platform/errors';
import { currentCharter, findAcceptance } from './admin.repository';
import { requireCharterReader } from './charter-access';
import type { AdminContext } from './context';
import { iso } from './presenters';

/** The charter in force in a territory, and whether the caller has accepted this version. */
export async function getCurrentCharter(ctx: AdminContext, territoryId: string): Promise<CurrentCharter> {
  requireCharterReader(ctx, territoryId);
  const charter = await currentCharter(ctx.db, territoryId);
  if (!charter) throw new AppError('not_found', 'CHARTER_NOT_FOUND');
  const acceptance = await findAcceptance(ctx.db, ctx.actor.memberId, charter.id);
  return {
    id: charter.id,
    territoryId,
    version: charter.version,
    title: charter.title,
    body: charter.body,
    publishedAt: charter.publishedAt.toISOString(),
    accepted: acceptance !== undefined,
    acceptedAt: iso(acceptance?.acceptedAt),
  };
}
