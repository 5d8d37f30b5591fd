-- Platform-wide rows change only through the platform operator (security review wt15, finding 3). Three
-- kinds of row with no organization were still an organization admin's to change:
--
-- 1. Alerts. acknowledge_alert and resolve_alert let any admin act on alerts "of their organization (or
--    system-wide ones)": an agency's admin could close the platform's CRITICAL audit-verification alert for
--    every agency, and, resolving it between evaluation and delivery, cancel its notification. Now an
--    organization's admin acts on that organization's alerts only; platform alerts (no organization) are
--    the operator's, through the same audited functions: the service role, or a session that took no API
--    role (the SQL editor, migrations; PostgREST always takes one). Before, the operator could only
--    update the row directly, unaudited. An organization resolving its own alert no longer cancels a
--    notification still due: the channels are the platform's, and the operator hears of a ban whether or
--    not the agency has closed it; the operator's resolve still cancels it.
-- 2. vulnerability_scans let null-organization rows through both USING and WITH CHECK: an admin could
--    rewrite the platform's scan results or forge new ones. An admin now reads and writes their
--    organization's scans only; the platform's (findings on the shared infrastructure) are the
--    operator's, and no longer readable by every agency either (finding 10).
-- 3. load_test_results checked the admin role and nothing else: any agency's admin could delete the
--    platform's runs or insert a forged 'production' one. It has no organization: the operator writes it
--    (the service role), admins keep reading it.
--
-- tests/sql/74_platform_wide_rows.sql (role by role), 42_alerts.sql (an organization's alerts, the
-- operator's), 40_observability_rls.sql (the matrix).

create or replace function public.acknowledge_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  -- The SET ROLE of the caller (a security-definer body does not change it).
  operator constant boolean := current_setting('role') in ('none', 'service_role');
  a public.alerts;
begin
  if not operator and app.current_user_role() <> 'admin' then
    raise exception 'only admins may acknowledge alerts' using errcode = '42501';
  end if;
  update public.alerts x set acknowledged_at = coalesce(x.acknowledged_at, now()),
    acknowledged_by = coalesce(x.acknowledged_by, auth.uid()), acknowledgement_notes = coalesce(p_notes, x.acknowledgement_notes)
  where x.id = p_alert_id and (operator or x.organization_id = app.current_organization_id())
  returning * into a;
  if a.id is null then
    if not operator and exists (select 1 from public.alerts x where x.id = p_alert_id and x.organization_id is null) then
      raise exception 'platform alerts are acknowledged by the platform operator' using errcode = '42501';
    end if;
    raise exception 'no such alert' using errcode = 'P0002';
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'alert.acknowledge', 'resource', 'alerts', 'outcome', 'success', 'user_id', auth.uid(),
    'user_role', case when not operator then app.current_user_role() end, 'organization_id', a.organization_id,
    'data_classification', 'INTERNAL', 'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source)
      || case when operator then jsonb_build_object('db_role', coalesce(nullif(current_setting('role'), 'none'), session_user))
         else '{}'::jsonb end)));
  return a;
end $$;

create or replace function public.resolve_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  operator constant boolean := current_setting('role') in ('none', 'service_role');
  a public.alerts;
begin
  if not operator and app.current_user_role() <> 'admin' then
    raise exception 'only admins may resolve alerts' using errcode = '42501';
  end if;
  update public.alerts x set resolved_at = now(), resolved_by = auth.uid(), resolution_notes = p_notes,
    acknowledged_at = coalesce(x.acknowledged_at, now()), acknowledged_by = coalesce(x.acknowledged_by, auth.uid()),
    notify_pending = x.notify_pending and not operator
  where x.id = p_alert_id and x.resolved_at is null
    and (operator or x.organization_id = app.current_organization_id())
  returning * into a;
  if a.id is null then
    if not operator and exists (select 1 from public.alerts x where x.id = p_alert_id and x.organization_id is null) then
      raise exception 'platform alerts are resolved by the platform operator' using errcode = '42501';
    end if;
    raise exception 'no such open alert' using errcode = 'P0002';
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'alert.resolve', 'resource', 'alerts', 'outcome', 'success', 'user_id', auth.uid(),
    'user_role', case when not operator then app.current_user_role() end, 'organization_id', a.organization_id,
    'data_classification', 'INTERNAL', 'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source)
      || case when operator then jsonb_build_object('db_role', coalesce(nullif(current_setting('role'), 'none'), session_user))
         else '{}'::jsonb end)));
  return a;
end $$;

alter policy vulnerability_scans_admin on public.vulnerability_scans
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
  )
  with check (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
  );

drop policy load_test_results_admin on public.load_test_results;
create policy load_test_results_admin_read on public.load_test_results for select to authenticated
  using ((select app.current_user_role()) = 'admin');
revoke insert, update, delete on public.load_test_results from authenticated;
