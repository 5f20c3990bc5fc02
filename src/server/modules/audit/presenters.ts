import {
  auditActionLabel,
  auditRoleLabel,
  auditSubjectTypeLabel,
  type AuditEventView,
} from '../../../contracts/audit';
import type { AuditRow } from './audit.repository';

/** One event as the audit screen shows it: codes with their French labels, names joined at read time. */
export function presentAuditEvent(row: AuditRow): AuditEventView {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    territoryId: row.territoryId,
    actor: {
      memberId: row.actorMemberId,
      displayName: row.displayName,
      partnerId: row.actorPartnerId,
      partnerName: row.partnerName,
      role: row.actorRole,
      roleLabel: row.actorRole === null ? null : auditRoleLabel(row.actorRole),
    },
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    subjectType: row.subjectType,
    subjectTypeLabel: row.subjectType === null ? null : auditSubjectTypeLabel(row.subjectType),
    subjectId: row.subjectId,
    outcome: row.outcome,
    requestId: row.requestId,
  };
}
