-- The alert functions' operator is the service role or the owner's own session, not any session that took no
-- request role (second review of 20261205092000, L6).
--
-- 20261205092000 made platform alerts the operator's and read "operator" as a caller whose SET ROLE is
-- 'service_role' or 'none'. Since 20261205093200 the functions' login, medic_edge, also runs with role 'none'
-- (asLoginFor, for the protocol-usage writers), with a verified end user's claims. medic_edge cannot execute
-- these two functions today, but a later grant in the pattern of 20261205093200 would have made every such
-- request the operator. Now 'none' counts only for a session of the owner's (postgres, or a superuser, who is a
-- member of every role): the SQL editor, migrations, pg_cron. Bodies as 20261205092000 left them otherwise;
-- CREATE OR REPLACE keeps owners and grants. tests/sql/115_alert_operator_is_the_owner.sql.

create or replace function public.acknowledge_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  -- The caller's SET ROLE (a security-definer body does not change it): the service role, or no request
  -- role taken by a session of the owner's (the SQL editor, migrations, pg_cron) — not the functions' login,
  -- which also runs with none (asLoginFor) and names a verified end user in its claims.
  operator constant boolean := current_setting('role') = 'service_role'
    or (current_setting('role') = 'none' and pg_has_role(session_user, 'postgres', 'member'));
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
  -- as in acknowledge_alert
  operator constant boolean := current_setting('role') = 'service_role'
    or (current_setting('role') = 'none' and pg_has_role(session_user, 'postgres', 'member'));
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
