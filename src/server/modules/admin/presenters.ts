import type { MemberSummary, PartnerView } from '../../../contracts/admin';
import type { MemberListRow, PartnerRow, RoleRow, SessionRow } from './admin.repository';
import { publicSessionId } from './admin.repository';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function presentPartner(row: PartnerRow, territoryIds: string[], memberCount: number): PartnerView {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    siret: row.siret,
    finess: row.finess,
    territoryIds,
    memberCount,
    createdAt: row.createdAt.toISOString(),
    archivedAt: iso(row.archivedAt),
  };
}

export function presentRole(r: RoleRow) {
  return {
    territoryId: r.territoryId,
    role: r.role,
    infoCategory: r.infoCategory,
    grantedAt: r.grantedAt.toISOString(),
  };
}

export function presentMemberSummary(row: MemberListRow, roles: RoleRow[]): MemberSummary {
  const m = row.member;
  return {
    id: m.id,
    displayName: m.displayName,
    email: m.email,
    jobTitle: m.jobTitle,
    partner: row.partner,
    isInstanceAdmin: m.isInstanceAdmin,
    status: row.status,
    roles: roles.map(presentRole),
    lastLoginAt: iso(m.lastLoginAt),
  };
}

export function presentSession(s: SessionRow) {
  return {
    id: publicSessionId(s.id),
    method: s.method,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    secondFactor: s.secondFactorAt !== null,
    userAgent: s.userAgent,
  };
}
