-- Users and sessions.
--
-- public.users mirrors Supabase Auth users with the profile fields Medic-Bot needs. The role and the
-- organization have ONE source: auth.users.raw_app_meta_data (app_metadata, server-controlled), which
-- is also what every JWT carries. Triggers copy them here on every change of the auth user, and a
-- write to public.users cannot set them to anything else, so the two always agree. To change a role,
-- change app_metadata (Auth admin API); the next token and this row follow.
--
-- Sessions are keyed by the JWT's session_id. The functions enforce the timeouts on every request
-- (Redis holds last activity on the hot path; functions-shared/sessions) and write here when a
-- session starts, at most once a minute while it is active, and when it ends; pg_cron ends sessions
-- nobody came back to. Start and end are audited (user.session.start / user.session.end).

create table public.users (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null check (length(email) between 3 and 320),
  badge_number text check (length(badge_number) between 1 and 32),
  full_name text check (length(full_name) between 1 and 200),
  role public.user_role not null default 'guest',
  station text check (length(station) <= 100),
  department text check (length(department) <= 200),
  organization_id uuid references public.organizations (id),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index users_org_badge_idx on public.users (organization_id, badge_number)
  where badge_number is not null and deleted_at is null;
create index users_org_idx on public.users (organization_id) where deleted_at is null;

-- The role and organization app_metadata names (unknown roles are guests, as in app.current_user_role).
create function app.role_from_app_metadata(meta jsonb) returns public.user_role
language sql immutable as $$
  select case when meta ->> 'role' in ('paramedic', 'emt', 'medical_director', 'admin', 'guest')
    then (meta ->> 'role')::public.user_role else 'guest'::public.user_role end
$$;

create function app.org_from_app_metadata(meta jsonb) returns uuid
language plpgsql immutable as $$
begin
  return nullif(meta ->> 'organization_id', '')::uuid;
exception when invalid_text_representation then
  return null;
end $$;

-- auth.users → public.users: create the profile, keep email, role and organization in step.
create function app.sync_user_from_auth() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.users (id, email, role, organization_id, full_name)
  values (new.id, coalesce(new.email, new.id::text || '@unknown.invalid'),
    app.role_from_app_metadata(new.raw_app_meta_data),
    (select o.id from public.organizations o where o.id = app.org_from_app_metadata(new.raw_app_meta_data)),
    nullif(new.raw_user_meta_data ->> 'full_name', ''))
  on conflict (id) do update set email = excluded.email, role = excluded.role,
    organization_id = excluded.organization_id, updated_at = now();
  return new;
end $$;

create trigger sync_user_profile after insert or update of email, raw_app_meta_data on auth.users
  for each row execute function app.sync_user_from_auth();

-- The app_metadata of an auth user (auth.users is out of reach of the API roles).
create function app.app_metadata_of(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select coalesce((select u.raw_app_meta_data from auth.users u where u.id = p_user_id), '{}'::jsonb)
$$;

-- Any write to public.users: role and organization come from app_metadata, whatever was sent; only
-- admins (of the user's organization) change badge, department, email, login time or deletion when
-- writing through the API (as `authenticated`; the server's own functions run as their owner).
create function app.guard_user_row() returns trigger
language plpgsql set search_path = '' as $$
declare
  meta jsonb := app.app_metadata_of(new.id);
begin
  new.role := app.role_from_app_metadata(meta);
  new.organization_id := (select o.id from public.organizations o where o.id = app.org_from_app_metadata(meta));
  new.updated_at := now();
  if tg_op = 'UPDATE' and current_user = 'authenticated'
     and app.current_user_role() <> 'admin'
     and (new.badge_number, new.department, new.deleted_at, new.email, new.last_login_at)
         is distinct from (old.badge_number, old.department, old.deleted_at, old.email, old.last_login_at) then
    raise exception 'only admins may change badge number, department, email or deletion' using errcode = '42501';
  end if;
  return new;
end $$;

create trigger users_guard before insert or update on public.users
  for each row execute function app.guard_user_row();

alter table public.users enable row level security;
create policy users_read_own_or_org on public.users for select to authenticated
  using (id = auth.uid()
         or (app.current_user_role() in ('admin', 'medical_director')
             and organization_id = app.current_organization_id()));
create policy users_update_own_or_org on public.users for update to authenticated
  using (id = auth.uid() or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()))
  with check (id = auth.uid() or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));
revoke all on public.users from anon;
revoke insert, delete, truncate, update on public.users from authenticated;
grant update (full_name, station, badge_number, department, deleted_at) on public.users to authenticated;

-- Session timeouts (the migration guide's 15 minutes idle, 8 hours open).
create table app.session_policy (
  only_row boolean primary key default true check (only_row),
  idle_timeout interval not null default '15 minutes' check (idle_timeout > interval '0'),
  max_duration interval not null default '8 hours' check (max_duration > interval '0'),
  -- How far behind Redis the last_activity_at here may be (functions persist at most this often).
  persist_interval interval not null default '1 minute',
  -- Ended sessions are deleted by daily_cleanup after this long.
  ended_retention interval not null default '30 days'
);
insert into app.session_policy default values;

create table public.user_sessions (
  session_id uuid primary key,
  user_id uuid not null,
  organization_id uuid,
  user_role public.user_role not null default 'guest',
  started_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  ended_at timestamptz,
  end_reason text check (end_reason in ('logout', 'timeout_idle', 'timeout_max_duration', 'revoked')),
  check ((ended_at is null) = (end_reason is null)),
  check (last_activity_at >= started_at)
);
create index user_sessions_user_idx on public.user_sessions (user_id, started_at desc);
create index user_sessions_active_idx on public.user_sessions (last_activity_at) where ended_at is null;
create index user_sessions_ended_idx on public.user_sessions (ended_at) where ended_at is not null;

alter table public.user_sessions enable row level security;
create policy user_sessions_read_own_or_org on public.user_sessions for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));
revoke all on public.user_sessions from anon;
revoke insert, update, delete, truncate on public.user_sessions from authenticated;

-- Ends a session (once) with its reason, audited. Returns true if this call ended it.
create function public.end_session(p_session_id uuid, p_reason text, p_ended_at timestamptz default now(),
  p_correlation_id text default null)
returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  s public.user_sessions;
begin
  update public.user_sessions x set ended_at = greatest(x.started_at, least(p_ended_at, now())), end_reason = p_reason,
    last_activity_at = least(x.last_activity_at, greatest(x.started_at, least(p_ended_at, now())))
  where x.session_id = p_session_id and x.ended_at is null
  returning * into s;
  if s.session_id is null then
    return false;
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'user.session.end', 'resource', 'user_sessions', 'outcome', 'success',
    'user_id', s.user_id, 'session_id', s.session_id, 'user_role', s.user_role,
    'organization_id', s.organization_id, 'data_classification', 'CONFIDENTIAL',
    -- The request that found the session expired, if any, goes in metadata: its correlation id names
    -- that request's own audit event, and every request has exactly one.
    'metadata', jsonb_strip_nulls(jsonb_build_object('reason', p_reason, 'request_id', p_correlation_id,
      'duration_seconds', round(extract(epoch from s.ended_at - s.started_at)))))));
  return true;
end $$;

-- The session check the functions run when Redis does not know the session (its first request, or
-- Redis lost its state) and on every request when Upstash is not configured. Begins the session if it is
-- new (audited), ends it if a timeout has passed (audited), else records the activity.
create function public.check_session(
  p_session_id uuid, p_user_id uuid, p_organization_id uuid, p_user_role public.user_role,
  p_started_hint timestamptz default null, p_correlation_id text default null
) returns table (status text, reason text, started_at timestamptz, last_activity_at timestamptz,
  idle_seconds integer, max_seconds integer)
language plpgsql security definer set search_path = '' as $$
declare
  pol app.session_policy;
  s public.user_sessions;
  t timestamptz := now();
  why text;
begin
  select * into pol from app.session_policy;
  insert into public.user_sessions as x (session_id, user_id, organization_id, user_role, started_at, last_activity_at)
  values (p_session_id, p_user_id, p_organization_id, coalesce(p_user_role, 'guest'),
    least(t, coalesce(p_started_hint, t)), t)
  on conflict (session_id) do nothing
  returning * into s;
  if s.session_id is not null then
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'user.session.start', 'resource', 'user_sessions', 'outcome', 'success',
      'user_id', p_user_id, 'session_id', p_session_id, 'user_role', p_user_role,
      'organization_id', p_organization_id, 'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_strip_nulls(jsonb_build_object('request_id', p_correlation_id)))));
    update public.users u set last_login_at = t where u.id = p_user_id;
  else
    select * into s from public.user_sessions x where x.session_id = p_session_id for update;
  end if;
  if s.user_id <> p_user_id then
    raise exception 'session belongs to another user' using errcode = '42501';
  end if;

  if s.ended_at is not null then
    return query select 'ended', s.end_reason, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  -- Expired once either deadline has passed; the one that passed first names the reason.
  if t > least(s.last_activity_at + pol.idle_timeout, s.started_at + pol.max_duration) then
    why := case when s.started_at + pol.max_duration <= s.last_activity_at + pol.idle_timeout
      then 'timeout_max_duration' else 'timeout_idle' end;
  end if;
  if why is not null then
    perform public.end_session(p_session_id, why, case why when 'timeout_idle' then s.last_activity_at + pol.idle_timeout
      else s.started_at + pol.max_duration end, p_correlation_id);
    return query select 'expired', why, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  update public.user_sessions x set last_activity_at = t where x.session_id = p_session_id;
  return query select 'active', null::text, s.started_at, t,
    extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
end $$;

-- Last activity seen in Redis, persisted in batches: [{session_id, at}]. Returns the sessions that are
-- already ended here (the functions then refuse them too).
create function public.touch_sessions(activity jsonb)
returns table (session_id uuid, end_reason text)
language sql security definer set search_path = '' as $$
  with a as (
    select x.session_id, max(x."at") as "at" from jsonb_to_recordset(activity) as x(session_id uuid, "at" timestamptz)
    group by x.session_id
  ),
  touched as (
    update public.user_sessions s set last_activity_at = greatest(s.last_activity_at, least(a."at", now()))
    from a where s.session_id = a.session_id and s.ended_at is null
    returning s.session_id
  )
  select s.session_id, s.end_reason from public.user_sessions s join a on a.session_id = s.session_id
  where s.ended_at is not null
$$;

-- pg_cron, every 5 minutes: ends sessions idle past the timeout (allowing for the persist interval, since
-- last_activity_at here may lag Redis by that much) or open past the maximum. Returns how many.
create function public.end_stale_sessions() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  pol app.session_policy;
  s record;
  n integer := 0;
begin
  select * into pol from app.session_policy;
  for s in
    select x.session_id,
      -- The deadline that passed first names the reason.
      case when x.started_at + pol.max_duration <= x.last_activity_at + pol.idle_timeout
        then 'timeout_max_duration' else 'timeout_idle' end as reason,
      least(x.started_at + pol.max_duration, x.last_activity_at + pol.idle_timeout) as ended_at
    from public.user_sessions x
    where x.ended_at is null
      and (now() - x.last_activity_at > pol.idle_timeout + pol.persist_interval
           or now() - x.started_at > pol.max_duration)
    order by x.last_activity_at
    for update skip locked
  loop
    if public.end_session(s.session_id, s.reason, s.ended_at) then
      n := n + 1;
    end if;
  end loop;
  return n;
end $$;

-- A signed-in user ends their own session (sign-out).
create function public.end_my_session() returns boolean
language sql security definer set search_path = '' as $$
  select public.end_session((auth.jwt() ->> 'session_id')::uuid, 'logout')
  where exists (select 1 from public.user_sessions s
                where s.session_id = (auth.jwt() ->> 'session_id')::uuid and s.user_id = auth.uid())
$$;

create function app.session_policy_seconds()
returns table (idle_seconds integer, max_seconds integer, persist_seconds integer)
language sql stable security definer set search_path = '' as $$
  select extract(epoch from idle_timeout)::integer, extract(epoch from max_duration)::integer,
    extract(epoch from persist_interval)::integer from app.session_policy
$$;

-- Active sessions per organization (RLS on user_sessions decides which rows a caller counts).
create view public.active_sessions_summary with (security_invoker = true) as
select s.organization_id,
  count(*) as active_sessions,
  count(distinct s.user_id) as active_users,
  count(*) filter (where s.last_activity_at > now() - interval '5 minutes') as active_last_5_minutes,
  min(s.started_at) as oldest_started_at,
  round(avg(extract(epoch from now() - s.started_at)) / 60, 1) as avg_open_minutes,
  max(s.last_activity_at) as last_activity_at
from public.user_sessions s
where s.ended_at is null
group by s.organization_id;

revoke all on function public.end_session(uuid, text, timestamptz, text),
  public.check_session(uuid, uuid, uuid, public.user_role, timestamptz, text), public.touch_sessions(jsonb),
  public.end_stale_sessions(), app.session_policy_seconds(), public.end_my_session(),
  app.sync_user_from_auth(), app.app_metadata_of(uuid) from public, anon, authenticated;
grant execute on function app.app_metadata_of(uuid) to authenticated, service_role;
grant execute on function public.end_session(uuid, text, timestamptz, text),
  public.check_session(uuid, uuid, uuid, public.user_role, timestamptz, text), public.touch_sessions(jsonb),
  public.end_stale_sessions(), app.session_policy_seconds() to service_role;
grant execute on function public.end_my_session() to authenticated;
grant select on public.active_sessions_summary to authenticated, service_role;
revoke all on public.active_sessions_summary from anon;

select cron.schedule('end-stale-sessions', '*/5 * * * *', 'select public.end_stale_sessions()');
