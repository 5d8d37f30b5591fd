-- RLS that plans once (issue 18), what Supabase's performance advisor (splinter) reported:
--
-- 1. auth_rls_initplan. A policy that calls auth.uid() or one of our app.* helpers directly has the call
--    evaluated for every row it filters; the helpers (app.current_user_role(), app.current_organization_id(),
--    app.has_permission()) read the JWT through auth.jwt()/auth.role(), i.e. current_setting(), and, having
--    their own search_path, are never inlined. Written as a scalar subquery, `(select auth.uid())`, the call
--    has no reference to the row, so Postgres runs it once per statement as an initPlan. The value is the
--    same: the helpers are STABLE, so within one statement they already returned one value; only how often
--    they run changes. Every policy of schemas public and audit is restated below with the same condition,
--    each call wrapped (users' policies already were: 20261202000600_audited_door.sql).
-- 2. multiple_permissive_policies. organization_role had two permissive policies for `authenticated` on
--    SELECT: organization_role_read and organization_role_manage (FOR ALL). Merged into one per command;
--    see there.
-- 3. no_primary_key. The monthly partitions of public.audit_logs (and the partitioned table itself) had no
--    primary key, only the unique (event_id, "timestamp") the writer is idempotent on. That key becomes the
--    primary key; see there.
--
-- tests/sql/83_rls_plans_once.sql fails on a policy written the slow way, a table without a primary key,
-- and a second permissive policy for a role and command. The role-by-role suites (11, 15, 17, 40, 43, 44,
-- 60, 70, 71, 74, 76) prove who reads and writes which rows, unchanged.

-- 1. Each call once per statement. ------------------------------------------------------------------

-- The audit trail, PHI-access log and AI trail, behind the audited door (audit_reader).
alter policy audit_logs_select_org_oversight on public.audit_logs
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );
alter policy phi_access_select_org_oversight on public.phi_access_audit_log
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );
alter policy ai_audit_trails_admin_read on public.ai_audit_trails
  using ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()));

-- Organizations and reference rows.
alter policy organizations_select_own on public.organizations
  using (id = (select app.current_organization_id()));
alter policy rate_limit_config_read_enabled on public.rate_limit_config
  using (enabled or (select app.current_user_role()) = 'admin');
alter policy knowledge_base_read_active on public.knowledge_base
  using (is_active or (select app.current_user_role()) = 'admin');
alter policy audit_retention_policy_read on public.audit_retention_policy
  using ((select app.current_user_role()) in ('admin', 'medical_director'));

-- Rate limiting and protocol access.
alter policy security_events_admin_read on public.security_events
  using (
    (select app.current_user_role()) = 'admin'
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  );
alter policy rate_limit_violations_admin_read on public.rate_limit_violations
  using ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()));
alter policy protocol_access_oversight_read on public.protocol_access
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );

-- Observability.
alter policy metrics_admin_read on public.metrics
  using ((select app.current_user_role()) in ('admin', 'medical_director'));
alter policy error_logs_admin_read on public.error_logs
  using (
    (select app.current_user_role()) = 'admin'
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  );
alter policy system_health_admin_read on public.system_health
  using ((select app.current_user_role()) = 'admin');
alter policy performance_metrics_insert_own on public.performance_metrics
  with check (
    user_id = (select auth.uid())
    and organization_id is not distinct from (select app.current_organization_id())
  );
alter policy performance_metrics_read_own on public.performance_metrics
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );
alter policy web_vitals_insert_own on public.web_vitals
  with check (
    user_id = (select auth.uid())
    and organization_id is not distinct from (select app.current_organization_id())
  );
alter policy web_vitals_read_own on public.web_vitals
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );
alter policy vulnerability_scans_admin on public.vulnerability_scans
  using (
    (select app.current_user_role()) = 'admin'
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  )
  with check (
    (select app.current_user_role()) = 'admin'
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  );
alter policy load_test_results_admin on public.load_test_results
  using ((select app.current_user_role()) = 'admin')
  with check ((select app.current_user_role()) = 'admin');
alter policy security_policies_admin_read on public.security_policies
  using (
    (select app.current_user_role()) = 'admin'
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  );
alter policy security_policies_admin_insert on public.security_policies
  with check ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()));
alter policy security_policies_admin_update on public.security_policies
  using ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  with check ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()));
alter policy security_policies_admin_delete on public.security_policies
  using ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()));

-- Alerts (alert_logs_admin_read calls nothing itself: it defers to the alerts policy below).
alter policy alerts_admin_read on public.alerts
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and (organization_id is null or organization_id = (select app.current_organization_id()))
  );

-- Sessions and MFA: one's own rows, or the organization's for its admins.
alter policy user_sessions_read_own_or_org on public.user_sessions
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );
alter policy mfa_enrollments_read on public.mfa_enrollments
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );
alter policy mfa_backup_codes_read on public.mfa_backup_codes
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );
alter policy mfa_challenges_read on public.mfa_challenges
  using (
    user_id = (select auth.uid())
    or ((select app.current_user_role()) = 'admin' and organization_id = (select app.current_organization_id()))
  );

-- 2. One permissive policy per role and command. -----------------------------------------------------
-- organization_role: `authenticated` had, for SELECT, organization_role_read (the defaults and one's own
-- organization's rows) OR organization_role_manage (FOR ALL: one's own organization's rows, with
-- roles.manage). The second implies the first (organization_id = one's own organization), so their OR is
-- organization_role_read's condition alone; for INSERT, UPDATE and DELETE organization_role_manage was the
-- only policy and is kept as it was, one policy per command. Every command, RETURNING and ON CONFLICT
-- included, so admits exactly the rows it admitted before (tests/sql/70_organization_roles.sql).
alter policy organization_role_read on public.organization_role
  using (organization_id is null or organization_id = (select app.current_organization_id()));
drop policy organization_role_manage on public.organization_role;
create policy organization_role_insert on public.organization_role for insert to authenticated
  with check (
    organization_id = (select app.current_organization_id()) and (select app.has_permission('roles.manage'))
  );
create policy organization_role_update on public.organization_role for update to authenticated
  using (organization_id = (select app.current_organization_id()) and (select app.has_permission('roles.manage')))
  with check (
    organization_id = (select app.current_organization_id()) and (select app.has_permission('roles.manage'))
  );
create policy organization_role_delete on public.organization_role for delete to authenticated
  using (organization_id = (select app.current_organization_id()) and (select app.has_permission('roles.manage')));

-- 3. A primary key for the audit trail. --------------------------------------------------------------
-- public.audit_logs is partitioned by "timestamp", so its key must include it. (event_id, "timestamp") is
-- already unique (the constraint audit.write_events' ON CONFLICT (event_id, "timestamp") DO NOTHING relies
-- on) and both columns are NOT NULL, so no existing row can violate it; it replaces the unique constraint
-- rather than duplicating its index, and ON CONFLICT infers the primary key the same way. Every monthly
-- partition (audit.audit_logs_YYYY_MM, audit.audit_logs_default, and those audit.ensure_partition creates
-- later with PARTITION OF) gets it from the parent. Rebuilding the index takes the trail's lock for the
-- length of one index build; writes that wait past their budget go to the Redis spool, as in any outage.
alter table public.audit_logs drop constraint audit_logs_event_id_timestamp_key;
alter table public.audit_logs add constraint audit_logs_pkey primary key (event_id, "timestamp");
