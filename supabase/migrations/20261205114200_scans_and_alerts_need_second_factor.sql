-- An organization admin's remaining security writes over the Data API need a second factor (aal2), as its
-- role grants (20261205093100) and security policies (20261205111100) do. With a password alone (aal1) an
-- admin could still delete or rewrite the organization's vulnerability-scan records (one FOR ALL policy)
-- and acknowledge or resolve the organization's alerts — close a security alert before anyone with a
-- second factor saw it (public.acknowledge_alert, public.resolve_alert). Reading stays at aal1.
-- No function route calls the two alert functions (grep of functions-shared and supabase/functions);
-- the platform operator (service role, owner's session: app.is_platform_operator()) is no JWT user and
-- acts as before. tests/sql/122_scans_and_alerts_need_second_factor.sql.

-- A policy's change locks its table: give up rather than queue requests behind an open reader.
set local lock_timeout = '5s';

-- vulnerability_scans: 20261205092000's policy split by command, so reads need no second factor and
-- writes do; one permissive policy per role and command, each call a scalar subquery (83_rls_plans_once).
drop policy vulnerability_scans_admin on public.vulnerability_scans;
create policy vulnerability_scans_admin_read on public.vulnerability_scans for select to authenticated
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
  );
create policy vulnerability_scans_admin_insert on public.vulnerability_scans for insert to authenticated
  with check (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );
create policy vulnerability_scans_admin_update on public.vulnerability_scans for update to authenticated
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  )
  with check (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );
create policy vulnerability_scans_admin_delete on public.vulnerability_scans for delete to authenticated
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );

-- The alert functions as 20261205095400 left them (their latest definitions), with the second factor
-- checked after the role; CREATE OR REPLACE keeps owners and grants.
create or replace function public.acknowledge_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  operator constant boolean := app.is_platform_operator();
  actor constant jsonb := audit.change_actor();
  a public.alerts;
begin
  if not operator and app.current_user_role() <> 'admin' then
    raise exception 'only admins may acknowledge alerts' using errcode = '42501';
  end if;
  if not operator and not app.has_second_factor() then
    raise exception 'acknowledging an alert needs a sign-in with a second factor (aal2)' using errcode = '42501';
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
    'action', 'alert.acknowledge', 'resource', 'alerts', 'outcome', 'success',
    'user_id', actor ->> 'user_id', 'user_role', actor ->> 'user_role', 'organization_id', a.organization_id,
    'data_classification', 'INTERNAL',
    'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source, 'db_role', actor ->> 'db_role'))));
  return a;
end $$;

create or replace function public.resolve_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  operator constant boolean := app.is_platform_operator();
  actor constant jsonb := audit.change_actor();
  a public.alerts;
begin
  if not operator and app.current_user_role() <> 'admin' then
    raise exception 'only admins may resolve alerts' using errcode = '42501';
  end if;
  if not operator and not app.has_second_factor() then
    raise exception 'resolving an alert needs a sign-in with a second factor (aal2)' using errcode = '42501';
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
    'action', 'alert.resolve', 'resource', 'alerts', 'outcome', 'success',
    'user_id', actor ->> 'user_id', 'user_role', actor ->> 'user_role', 'organization_id', a.organization_id,
    'data_classification', 'INTERNAL',
    'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source, 'db_role', actor ->> 'db_role'))));
  return a;
end $$;
