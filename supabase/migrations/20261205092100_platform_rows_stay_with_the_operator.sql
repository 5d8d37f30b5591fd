-- Platform rows are not every agency's to read (security review wt15, finding 10). Rows with no
-- organization in security_events, error_logs and alerts were readable by every organization's admin, and
-- admins read their members' raw client addresses in rate_limit_violations.
--
-- What an agency and the operator expect:
-- - security_events without an organization are about anonymous clients and failed sign-ins, keyed by
--   client fingerprint, whose details may carry an address; they may be another agency's medic whose
--   token failed. The operator's alone.
-- - error_logs without an organization are the platform's own 5xx (guests, jobs): the operator's to act on.
-- - alerts without an organization: the security ones name a client (a burst of failed sign-ins), the
--   system and performance ones are the operator's to act on. The COMPLIANCE ones are different: they
--   are about the audit trail every agency keeps its HIPAA records in (verification failed, rows in a
--   default partition, dead letters, months overdue for the cold archive), they name no one, and an
--   agency's compliance officer must learn when its trail is in doubt. Admins and medical directors keep
--   reading those (read only: 20261205092000 leaves acknowledging and resolving to the operator), and the
--   delivery log of each, as alert_logs follows its alert. A new COMPLIANCE rule must name no one.
-- - rate_limit_violations: an admin still sees which of the organization's members are limited or banned
--   and until when, but not ip_address. Elsewhere addresses are kept as pseudonyms that only the audited
--   reveal opens; here the raw address was one Data API read away. The operator (service role) and the
--   subject's own export (gdpr-export, as the definer) still read it. A Data API client lists the columns
--   it wants (`select=*` is refused, as Postgres refuses `*` over a column it may not read).
--
-- tests/sql/71_organization_isolation.sql (each platform row, role by role; the address), 40 (the matrix),
-- 42 (alert statistics as an admin sees them).

alter policy security_events_admin_read on public.security_events
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
  );

alter policy error_logs_admin_read on public.error_logs
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
  );

alter policy alerts_admin_read on public.alerts
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and (organization_id = (select app.current_organization_id())
         or (organization_id is null and type = 'COMPLIANCE'))
  );

revoke select on public.rate_limit_violations from anon, authenticated;
grant select (identifier, identifier_kind, last_class, violation_count, first_violation_at, last_violation_at,
  reputation, banned_until, ban_count, organization_id) on public.rate_limit_violations to authenticated;
