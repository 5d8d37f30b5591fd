-- The service role reads no audit trail directly (review finding 4). 20261202000600 took the audit trail,
-- the PHI-access log and the AI trail from `authenticated`, and 20261203001510 the protocol-usage log, but
-- service_role kept its SELECT (protocol_access: every privilege, from Supabase's default grants). Its key is
-- in every function's environment and in the dashboard: GET /rest/v1/phi_access_audit_log (or /graphql/v1)
-- with it read every organization's rows and wrote no audit event — against "never through the Data API
-- unaudited" (ARCHITECTURE.md) and 20261203000410, which already says the service role may read neither.
--
-- Nothing needs the direct read. The functions write through security-definer writers (audit.write_events,
-- write_ai_audit_trails, app.record_protocol_searches, record_protocol_use) and read through the audited
-- door (audit_reader, audit-query; gdpr.subject_records, gdpr-export) or through definer functions that
-- answer no personal data (audit.seal_status, audit.verify). pg_cron jobs, migrations, kb, deploy:check,
-- the archiver (audit_archiver's definer doors) and the benchmarks run as the owner. The platform operator
-- reads the raw trails as the owner (SQL editor, psql), outside the Data API.
revoke select on public.audit_logs, public.phi_access_audit_log, public.ai_audit_trails from service_role;
revoke all on public.protocol_access from service_role;

-- The views over them are security-invoker (they would fail now anyway) and not in an exposed schema; the
-- grant goes too, so that no grant promises a read that is not there. audit_reader keeps its own.
revoke select on audit.audit_log_entries, audit.ai_audit_trail_entries, audit.monthly_phi_access_summary
  from service_role;

-- The same for the security-invoker functions that read trail rows: only the door runs them.
revoke execute on function
  audit.get_user_audit_trail(uuid, timestamptz, timestamptz),
  audit.get_failed_auth_attempts(integer),
  audit.get_audit_summary(timestamptz, timestamptz),
  audit.get_ai_cost_daily(uuid, timestamptz, timestamptz),
  audit.get_ai_cost_analytics(uuid, timestamptz, timestamptz),
  audit.protocol_usage(timestamptz, timestamptz, integer)
  from service_role;
