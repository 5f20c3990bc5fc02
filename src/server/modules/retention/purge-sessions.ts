import type { JobRun } from '../../platform/jobs';
import type { RetentionContext } from './context';
import { deleteOldAuthTokens, deleteOldSessions } from './retention.repository';

/** Ended sessions and spent e-mail links are kept this long (investigating an incident), then deleted. */
export const PURGE_AFTER_DAYS = 30;
const BATCH = 500;

export type PurgeOutcome = { sessions: number; authTokens: number };

/**
 * Deletes sessions expired or revoked, and invitation or reset links used or expired, more than 30 days
 * ago. Batches keep each transaction short (on PGlite, a transaction holds the only connection); each
 * batch records one audit event per member concerned, never the session's id (derived from its cookie).
 */
export async function purgeSessions(ctx: RetentionContext, run: JobRun): Promise<PurgeOutcome> {
  const before = new Date(ctx.now().getTime() - PURGE_AFTER_DAYS * 24 * 60 * 60 * 1000);
  const outcome: PurgeOutcome = { sessions: 0, authTokens: 0 };
  const purge = async (
    remove: typeof deleteOldSessions,
    action: string,
    count: (n: number) => void,
  ): Promise<void> => {
    for (;;) {
      const deleted = await ctx.db.transaction(async (tx) => {
        const memberIds = await remove(tx, before, BATCH);
        for (const memberId of new Set(memberIds)) {
          await ctx.audit(tx, { action, subjectType: 'member', subjectId: memberId, requestId: run.id });
        }
        return memberIds.length;
      });
      count(deleted);
      if (deleted < BATCH) return;
    }
  };
  await purge(deleteOldSessions, 'retention.sessions_purged', (n) => (outcome.sessions += n));
  await purge(deleteOldAuthTokens, 'retention.auth_tokens_purged', (n) => (outcome.authTokens += n));
  return outcome;
}
