-- Who is the platform operator, in one place (final review of this stop).
--
-- "The server itself, not a JWT user" was decided by current_setting('role') in ('none', 'service_role') in
-- app.mfa_factor_state (20261202000700), and 20261205095200 narrowed it in the two alert functions only:
-- since 20261205093200 the functions' login, medic_edge, also runs with no request role (asLoginFor) with an
-- end user's claims, so 'none' alone no longer means the operator. app.is_platform_operator() says it once —
-- the service role, or no request role in a session of the owner's (postgres, or a superuser: the SQL
-- editor, migrations, pg_cron) — and the three functions call it. The alert functions also take who acted
-- from audit.change_actor(), as every configuration-change event does, instead of building it again (their
-- events now carry db_role for an admin too). Bodies otherwise as 20261205095200 left them; CREATE OR
-- REPLACE keeps owners and grants. tests/sql/115_alert_operator_is_the_owner.sql (the alert functions and
-- mfa_factor_state as medic_edge).

create function app.is_platform_operator() returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$
  -- The caller's SET ROLE: a security-definer body changes the current user, not this setting.
  select current_setting('role') = 'service_role'
    or (current_setting('role') = 'none' and pg_has_role(session_user, 'postgres', 'member'))
$$;
comment on function app.is_platform_operator() is
  'The service role, or the owner''s own session with no request role (SQL editor, migrations, pg_cron); never the functions'' login.';
revoke all on function app.is_platform_operator() from public;

create or replace function app.mfa_factor_state(p_user uuid)
returns table (methods text[], last_verified_at timestamptz)
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select coalesce(array_agg(distinct f.factor_type::text order by f.factor_type::text)
           filter (where f.status = 'verified'), '{}'),
         max(c.verified_at)
  from auth.mfa_factors f left join auth.mfa_challenges c on c.factor_id = f.id
  where f.user_id = p_user
    and (p_user = auth.uid()
      or app.is_platform_operator()
      or (app.current_user_role() in ('admin', 'medical_director')
          and app.organization_of_user(p_user) = app.current_organization_id()))
$$;

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
