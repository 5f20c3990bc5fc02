import type { JobRun } from '../../platform/jobs';
import type { RetentionContext } from './context';
import {
  decideAdminDisabling,
  inactivityCutoffs,
  inactivityWarningMail,
  INACTIVITY_DISABLED_REASON,
} from './inactivity.policy';
import {
  claimInactivityWarning,
  disableIfStillInactive,
  findMembersToDisable,
  findMembersToWarn,
  lockActiveAdminIds,
  revokeOpenSessions,
  withdrawInactivityWarning,
} from './retention.repository';

export type InactivityOutcome = {
  warned: number;
  disabled: number;
  /** Inactive administrators kept because they are the last active one. */
  keptLastAdmin: number;
  /** Inactive members left unwarned because e-mail is not configured. */
  unwarned: number;
};

/** Disables the members warned a grace period ago and still inactive, then warns the newly inactive. */
export async function applyInactivityPolicy(ctx: RetentionContext, run: JobRun): Promise<InactivityOutcome> {
  const now = ctx.now();
  const cutoffs = inactivityCutoffs(now, ctx.config);
  const outcome: InactivityOutcome = { warned: 0, disabled: 0, keptLastAdmin: 0, unwarned: 0 };
  const audited = { subjectType: 'member', requestId: run.id } as const;

  for (const candidate of await findMembersToDisable(ctx.db, cutoffs)) {
    const result = await ctx.db.transaction(async (tx) => {
      if (candidate.isInstanceAdmin) {
        const others = (await lockActiveAdminIds(tx)).filter((id) => id !== candidate.id);
        if (decideAdminDisabling(others.length) === 'keep_last_admin') return 'kept' as const;
      }
      if (!(await disableIfStillInactive(tx, candidate.id, cutoffs, now, INACTIVITY_DISABLED_REASON)))
        return 'skipped' as const;
      // Same transaction: no moment where the account is disabled but one of its sessions still works.
      await revokeOpenSessions(tx, candidate.id, now);
      await ctx.audit(tx, { ...audited, action: 'retention.member_disabled', subjectId: candidate.id });
      return 'disabled' as const;
    });
    if (result === 'disabled') outcome.disabled++;
    if (result === 'kept') {
      outcome.keptLastAdmin++;
      ctx.log.warn({ memberId: candidate.id }, 'inactive instance administrator kept: last active one');
    }
  }

  const toWarn = await findMembersToWarn(ctx.db, cutoffs);
  if (!ctx.canSendMail) {
    outcome.unwarned = toWarn.length;
    if (toWarn.length > 0)
      ctx.log.warn({ members: toWarn.length }, 'SMTP_URL not set: inactive members not warned');
    return outcome;
  }
  let notSent = 0;
  for (const memberId of toWarn) {
    const recipient = await ctx.db.transaction(async (tx) => {
      const claimed = await claimInactivityWarning(tx, memberId, cutoffs, now);
      if (claimed)
        await ctx.audit(tx, { ...audited, action: 'retention.member_warned', subjectId: memberId });
      return claimed;
    });
    if (!recipient) continue;
    try {
      // After commit: the claim makes a concurrent run skip this member, so nobody gets the mail twice.
      await ctx.mailer.send(
        inactivityWarningMail({
          to: recipient.email,
          displayName: recipient.displayName,
          warnedAt: now,
          config: ctx.config,
        }),
      );
      outcome.warned++;
    } catch (err) {
      // The grace period only counts from a warning that was actually sent: take it back, so the member
      // is warned again on the next run instead of being disabled without notice.
      notSent++;
      // Only the SMTP codes: the server's reply text may quote the recipient's address.
      const { code, responseCode } = err as { code?: string; responseCode?: number };
      ctx.log.error({ memberId, code, responseCode }, 'inactivity warning not sent');
      await ctx.db.transaction(async (tx) => {
        if (await withdrawInactivityWarning(tx, memberId, now))
          await ctx.audit(tx, {
            ...audited,
            action: 'retention.member_warning_withdrawn',
            subjectId: memberId,
          });
      });
    }
  }
  if (notSent > 0) {
    // Failing the run makes the queue retry it later; everything already done is skipped by then.
    throw new Error(
      `${notSent} inactivity warning(s) not sent (warned ${outcome.warned}, disabled ${outcome.disabled})`,
    );
  }
  return outcome;
}
