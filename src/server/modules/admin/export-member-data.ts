import type { MemberExport } from '../../../contracts/admin';
import { can } from '../../platform/policy';
import { AppError } from '../../platform/errors';
import {
  exportRowsOf,
  findMember,
  findPartner,
  oidcLinksOf,
  rolesOfMembers,
  sessionsOf,
} from './admin.repository';
import { auditBase, type AdminContext } from './context';
import { iso, presentRole, presentSession } from './presenters';

/**
 * Everything held about a member (RGPD art. 15), for the member themself or an instance admin answering
 * their request. Password hash, TOTP secret and every token or token hash are left out: they are ours to
 * protect, not information about the person.
 */
export async function exportMemberData(ctx: AdminContext, memberId: string): Promise<MemberExport> {
  const self = memberId === ctx.actor.memberId;
  if (!self && !can(ctx.actor, 'instance.administer').allowed)
    throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const found = await findMember(ctx.db, memberId);
  if (!found) throw new AppError('not_found', 'MEMBER_NOT_FOUND');
  const m = found.member;
  const partner = await findPartner(ctx.db, m.partnerId);
  if (!partner) throw new Error('member without partner');
  const roles = (await rolesOfMembers(ctx.db, [memberId])).get(memberId) ?? [];
  const sessionRows = await sessionsOf(ctx.db, memberId);
  const oidc = await oidcLinksOf(ctx.db, memberId);
  const rows = await exportRowsOf(ctx.db, memberId);
  const data: MemberExport = {
    exportedAt: ctx.now.toISOString(),
    member: {
      id: m.id,
      email: m.email,
      displayName: m.displayName,
      jobTitle: m.jobTitle,
      isInstanceAdmin: m.isInstanceAdmin,
      createdAt: m.createdAt.toISOString(),
      lastLoginAt: iso(m.lastLoginAt),
      passwordChangedAt: iso(m.passwordChangedAt),
      secondFactorEnabledAt: iso(m.totpEnabledAt),
      failedLogins: m.failedLogins,
      lockedUntil: iso(m.lockedUntil),
      disabledAt: iso(m.disabledAt),
      disabledReason: m.disabledReason,
      inactivityWarnedAt: iso(m.inactivityWarnedAt),
    },
    partner: {
      id: partner.id,
      name: partner.name,
      type: partner.type,
      siret: partner.siret,
      finess: partner.finess,
    },
    roles: roles.map((r) => ({ ...presentRole(r), grantedBy: r.grantedBy })),
    charterAcceptances: rows.acceptances.map((a) => ({ ...a, acceptedAt: a.acceptedAt.toISOString() })),
    sessions: sessionRows.map((s) => ({ ...presentSession(s), revokedAt: iso(s.revokedAt) })),
    oidcIdentities: oidc.map((o) => ({
      provider: o.provider,
      subject: o.subject,
      linkedAt: o.linkedAt.toISOString(),
      lastLoginAt: iso(o.lastLoginAt),
    })),
    emailLinks: rows.links.map((l) => ({
      purpose: l.purpose,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      usedAt: iso(l.usedAt),
    })),
    recoveryCodes: rows.codes.map((c) => ({ createdAt: c.createdAt.toISOString(), usedAt: iso(c.usedAt) })),
    auditEvents: rows.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
  await ctx.db.transaction(async (tx) => {
    await ctx.audit(tx, {
      ...auditBase(ctx, null),
      action: 'member.export',
      subjectType: 'member',
      subjectId: memberId,
    });
  });
  return data;
}
