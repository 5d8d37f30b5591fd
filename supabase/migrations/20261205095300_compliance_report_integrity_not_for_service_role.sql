-- audit.compliance_report_integrity reads the trail's rows with its caller's rights, and since
-- 20261205093000 the service role reads no trail: its EXECUTE promised a check it can no longer make (it
-- failed with 42501 on audit_logs). Only the audited door calls it (audit-query /reports, as audit_reader).
-- Second review of this stop; tests/sql/112_audit_trails_not_for_service_role.sql.
revoke execute on function audit.compliance_report_integrity(uuid) from service_role;
