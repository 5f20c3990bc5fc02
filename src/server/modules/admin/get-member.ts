import type { MemberDetail } from '../../../contracts/admin';
import { charterStatusOf, oidcLinksOf } from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { iso, presentMemberSummary } from './presenters';
import { auditTerritoryOf, loadVisibleMember, type VisibleMember } from './scope';

/** A member's profile, roles, charter acceptances and security state; the read itself is audited. */
export async function getMember(ctx: AdminContext, memberId: string): Promise<MemberDetail> {
  const visible = await loadVisibleMember(ctx, memberId);
  await ctx.db.transaction(async (tx) => {
    await ctx.audit(tx, {
      ...auditBase(ctx, auditTerritoryOf(visible)),
      action: 'member.read',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
  return presentMemberDetail(ctx, visible);
}

/** The detail view of an already authorised member (a coordinator sees the roles of their territories). */
export async function presentMemberDetail(ctx: AdminContext, visible: VisibleMember): Promise<MemberDetail> {
  const { row, scope } = visible;
  const memberId = row.member.id;
  const roles = visible.roles.filter(
    (r) => !scope || scope.includes(r.territoryId) || memberId === ctx.actor.memberId,
  );
  const m = row.member;
  const territoryIds = [...new Set(roles.map((r) => r.territoryId))];
  const charters = await charterStatusOf(ctx.db, memberId, territoryIds);
  const links = await oidcLinksOf(ctx.db, memberId);
  return {
    ...presentMemberSummary(row, roles),
    createdAt: m.createdAt.toISOString(),
    disabledAt: iso(m.disabledAt),
    disabledReason: m.disabledReason,
    hasPassword: m.passwordHash !== null,
    passwordChangedAt: iso(m.passwordChangedAt),
    secondFactorEnabled: m.totpEnabledAt !== null,
    secondFactorEnabledAt: iso(m.totpEnabledAt),
    failedLogins: m.failedLogins,
    locked: m.lockedUntil !== null && m.lockedUntil > ctx.now,
    lockedUntil: iso(m.lockedUntil),
    charters: charters.map((c) => ({ ...c, acceptedAt: iso(c.acceptedAt) })),
    oidcLinks: links.map((l) => ({
      provider: l.provider,
      linkedAt: l.linkedAt.toISOString(),
      lastLoginAt: iso(l.lastLoginAt),
    })),
  };
}
