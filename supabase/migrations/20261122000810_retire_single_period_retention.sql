-- One retention mechanism: audit.apply_retention_policy (per data classification, 20261122000760) runs
-- under the daily 'audit-retention' job for audit_logs and phi_access_audit_log. The single-period
-- audit.apply_retention it replaced was no longer scheduled, and audit.settings.retention_months no
-- longer drove anything; keeping a second path that removes audit rows invites using the wrong one.
drop function audit.apply_retention(timestamptz);
alter table audit.settings drop column retention_months;
