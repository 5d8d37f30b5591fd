/**
 * What an audit entry looks like to its readers: the action and outcome vocabulary (mirrors of the
 * Postgres enums public.audit_action and public.audit_outcome; an e2e test compares them) and the
 * row shape the audit-query function returns, as JSON, in CSV, NDJSON and FHIR.
 */

/** public.audit_action, in enum order. A new action arrives by migration first, then here. */
export const AUDIT_ACTIONS = [
  "chat.query",
  "chat.stream",
  "dosing.calculate",
  "dosing.list",
  "protocol.view",
  "protocol.search",
  "user.login",
  "user.logout",
  "user.session.start",
  "user.session.end",
  "auth.failure",
  "auth.unauthorized",
  "api.error",
  "api.validation_error",
  "system.startup",
  "system.shutdown",
  "api.not_found",
  "api.method_not_allowed",
  "api.cors_denied",
  "api.rate_limited",
  "audit.query",
  "audit.export",
  "audit.verify",
  "audit.retention",
  "gdpr.export",
  "gdpr.erase",
  "metrics.flush",
  "rate_limit.ban",
  // 20261122000300_rate_limits.sql
  "rate_limit.fail_open",
  "rate_limit.fail_closed",
  // 20261122000500_observability_actions.sql
  "alert.acknowledge",
  "alert.resolve",
  "mfa.enroll",
  "mfa.challenge",
  // 20261122000600_ai_audit_actions.sql
  "ai_audit.retention",
  // 20261122000700_gdpr_actions.sql
  "gdpr.reveal",
  // 20261202000300_knowledge_base_action.sql
  "knowledge_base.import",
  // 20261202000800_config_change_actions.sql (written by triggers, never by a route)
  "config.change",
  "role.change",
  // 20261202001390_audit_anchor_action.sql
  "audit.anchor",
  // 20261202001500_api_contract_action.sql
  "api.contract",
  // 20261203001300_compliance_report_actions.sql
  "compliance_report.generate",
  "compliance_report.read",
  // 20261203001400_cold_archive_actions.sql
  "audit.archive",
  "audit.restore",
] as const;
export type AuditAction = typeof AUDIT_ACTIONS[number];

/** public.audit_outcome. */
export const AUDIT_OUTCOMES = ["success", "failure", "partial"] as const;
export type AuditEntryOutcome = typeof AUDIT_OUTCOMES[number];

/**
 * One row of audit.audit_log_entries as the API returns it (camelCase). Identifiers resolved by the
 * view (userId, sessionId, ipAddress, userAgent) are null once their data subject has been erased;
 * the pseudonyms stay. Timestamps are UTC ISO 8601 with Postgres' microseconds.
 */
export interface AuditEntry {
  readonly seq: number;
  readonly eventId: string;
  readonly timestamp: string;
  readonly organizationId: string | null;
  readonly userId: string | null;
  readonly actorPseudonym: string | null;
  readonly userRole: string | null;
  readonly sessionId: string | null;
  readonly action: string;
  readonly resource: string;
  readonly outcome: string;
  readonly metadata: Record<string, unknown>;
  readonly ipAddress: string | null;
  readonly ipPseudonym: string | null;
  readonly userAgent: string | null;
  readonly errorMessage: string | null;
  readonly durationMs: number | null;
  readonly correlationId: string | null;
  readonly dataClassification: string;
  readonly eventVersion: number;
  readonly createdAt: string;
}
