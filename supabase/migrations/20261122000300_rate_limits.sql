-- Rate limiting and abuse protection: the limits per class (edited by admins in the dashboard), the
-- record of violations with a reputation that falls with rejections and recovers with clean windows,
-- bans, security events, and the Postgres limiter used when Upstash is not configured.

alter type public.audit_action add value if not exists 'rate_limit.fail_open';
alter type public.audit_action add value if not exists 'rate_limit.fail_closed';

create table public.rate_limit_config (
  class text primary key check (class ~ '^[A-Z][A-Z_]{1,31}$'),
  max_requests integer not null check (max_requests between 1 and 1000000),
  window_seconds integer not null check (window_seconds between 1 and 86400),
  message text not null check (length(message) between 1 and 300),
  -- What to do when Redis is unreachable or slow: clinical classes keep answering, the rest refuse.
  fail_mode text not null check (fail_mode in ('open', 'closed')),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

comment on table public.rate_limit_config is
  'Per-class limits; functions cache them 5 minutes per isolate. Disabled rows are not enforced.';

insert into public.rate_limit_config (class, max_requests, window_seconds, message, fail_mode) values
  ('CHAT', 20, 60, 'Too many chat requests. Wait a minute before asking again.', 'open'),
  ('API', 60, 60, 'Too many requests. Slow down and try again shortly.', 'open'),
  ('DOSING', 30, 60, 'Too many dosing calculations in a minute. Try again shortly.', 'open'),
  ('AUTH', 5, 900, 'Too many sign-in attempts. Try again in 15 minutes.', 'closed'),
  ('PHI', 50, 60, 'Too many requests for protected records. Try again in a minute.', 'closed'),
  ('GLOBAL', 500, 900, 'Too many requests from this client. Try again later.', 'open');

create function app.stamp_updated() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end $$;

create trigger rate_limit_config_stamp before insert or update on public.rate_limit_config
  for each row execute function app.stamp_updated();

alter table public.rate_limit_config enable row level security;
create policy rate_limit_config_read_enabled on public.rate_limit_config
  for select to anon, authenticated using (enabled or app.current_user_role() = 'admin');
create policy rate_limit_config_admin_insert on public.rate_limit_config
  for insert to authenticated with check (app.current_user_role() = 'admin');
create policy rate_limit_config_admin_update on public.rate_limit_config
  for update to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');
revoke insert, update, delete, truncate on public.rate_limit_config from anon;
revoke delete, truncate on public.rate_limit_config from authenticated;

-- Security events: token failures, CORS rejections, bans, fail-open/closed decisions.
create table public.security_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  organization_id uuid,
  event_type text not null check (event_type ~ '^[a-z_.]{3,64}$'),
  severity text not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  identifier text,            -- user id or client fingerprint hash the event is about
  correlation_id text,
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
);
create index security_events_time_idx on public.security_events (occurred_at desc);
create index security_events_type_time_idx on public.security_events (event_type, occurred_at desc);

alter table public.security_events enable row level security;
create policy security_events_admin_read on public.security_events
  for select to authenticated
  using (app.current_user_role() = 'admin'
         and (organization_id is null or organization_id = app.current_organization_id()));
revoke insert, update, delete, truncate on public.security_events from anon, authenticated;

-- One row per identifier (user id or fingerprint): violations, reputation 0–100, bans.
create table public.rate_limit_violations (
  identifier text primary key check (length(identifier) between 1 and 128),
  identifier_kind text not null check (identifier_kind in ('user', 'fingerprint')),
  ip_address inet,
  last_class text not null,
  violation_count integer not null default 0,
  first_violation_at timestamptz not null default now(),
  last_violation_at timestamptz not null default now(),
  reputation smallint not null default 100 check (reputation between 0 and 100),
  banned_until timestamptz,
  ban_count integer not null default 0
);
create index rate_limit_violations_banned_idx on public.rate_limit_violations (banned_until)
  where banned_until is not null;
create index rate_limit_violations_last_idx on public.rate_limit_violations (last_violation_at);

alter table public.rate_limit_violations enable row level security;
create policy rate_limit_violations_admin_read on public.rate_limit_violations
  for select to authenticated using (app.current_user_role() = 'admin');
revoke insert, update, delete, truncate on public.rate_limit_violations from anon, authenticated;

create table app.rate_limit_policy (
  only_row boolean primary key default true check (only_row),
  penalty smallint not null default 10,          -- reputation lost per rejection
  recovery_per_window smallint not null default 10,  -- regained per clean window
  recovery_window interval not null default '5 minutes',
  ban_threshold smallint not null default 10,    -- at or below: banned
  ban_duration interval not null default '15 minutes',
  max_ban_duration interval not null default '24 hours',
  unbanned_retention interval not null default '30 days'
);
insert into app.rate_limit_policy default values;

-- Records one rejection and returns the identifier's standing. A ban starts when reputation reaches
-- the threshold; repeat bans last twice as long each time, up to the maximum. Called by the limiter
-- after a 429, off the hot path of allowed requests.
create function public.record_rate_limit_violation(
  p_identifier text,
  p_kind text,
  p_class text,
  p_ip inet default null,
  p_correlation_id text default null
) returns table (reputation smallint, banned_until timestamptz, newly_banned boolean)
language plpgsql security definer set search_path = '' as $$
declare
  pol app.rate_limit_policy;
  cur public.rate_limit_violations;
  recovered integer;
  rep integer;
  ban timestamptz;
  newly boolean := false;
begin
  select * into pol from app.rate_limit_policy;
  select * into cur from public.rate_limit_violations v where v.identifier = p_identifier for update;
  if not found then
    insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class)
    values (p_identifier, p_kind, p_ip, p_class)
    on conflict do nothing;
    select * into cur from public.rate_limit_violations v where v.identifier = p_identifier for update;
  end if;

  recovered := floor(extract(epoch from now() - cur.last_violation_at)
                     / extract(epoch from pol.recovery_window))::integer * pol.recovery_per_window;
  rep := greatest(0, least(100, cur.reputation + recovered) - pol.penalty);
  ban := cur.banned_until;
  if rep <= pol.ban_threshold and (ban is null or ban < now()) then
    ban := now() + least(pol.max_ban_duration, pol.ban_duration * power(2, least(cur.ban_count, 16)));
    newly := true;
  end if;

  update public.rate_limit_violations v set
    ip_address = coalesce(p_ip, v.ip_address),
    last_class = p_class,
    violation_count = v.violation_count + 1,
    last_violation_at = now(),
    reputation = rep,
    banned_until = ban,
    ban_count = v.ban_count + newly::integer
  where v.identifier = p_identifier;

  if newly then
    insert into public.security_events (event_type, severity, identifier, correlation_id, details)
    values ('rate_limit.ban', 'HIGH', p_identifier, p_correlation_id,
      jsonb_build_object('class', p_class, 'reputation', rep, 'banned_until', ban,
                         'ban_count', cur.ban_count + 1, 'identifier_kind', p_kind));
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'rate_limit.ban', 'resource', 'rate_limit', 'outcome', 'success',
      'correlation_id', p_correlation_id, 'data_classification', 'CONFIDENTIAL',
      'user_id', case when p_kind = 'user' then p_identifier end,
      'ip_address', p_ip,
      'metadata', jsonb_build_object('class', p_class, 'reputation', rep, 'banned_until', ban,
                                     'identifier_kind', p_kind))));
  end if;
  return query select rep::smallint, ban, newly;
end $$;

-- Bans in force, for warming the limiter's ban cache (Redis) and for the dashboard.
create function public.active_rate_limit_bans()
returns table (identifier text, banned_until timestamptz)
language sql stable security definer set search_path = '' as $$
  select v.identifier, v.banned_until from public.rate_limit_violations v where v.banned_until > now()
$$;

create function public.record_security_event(
  p_event_type text,
  p_severity text,
  p_identifier text default null,
  p_correlation_id text default null,
  p_details jsonb default '{}'::jsonb,
  p_organization_id uuid default null
) returns bigint
language sql security definer set search_path = '' as $$
  insert into public.security_events (event_type, severity, identifier, correlation_id, details, organization_id)
  values (p_event_type, p_severity, p_identifier, p_correlation_id, audit.scrub_metadata(coalesce(p_details, '{}')),
          p_organization_id)
  returning id
$$;

-- The Postgres limiter (no Upstash configured): a fixed window per identifier AND class — the guide's
-- version counted per identifier only, so one busy endpoint starved every other.
create table public.rate_limit_tracking (
  identifier text not null,
  class text not null,
  window_start timestamptz not null,
  request_count integer not null default 0,
  primary key (identifier, class, window_start)
);
alter table public.rate_limit_tracking enable row level security;
revoke all on public.rate_limit_tracking from anon, authenticated;

create function public.rate_limit_hit(p_identifier text, p_class text, p_max integer, p_window_seconds integer)
returns table (allowed boolean, remaining integer, reset_at timestamptz)
language sql security definer set search_path = '' as $$
  with w as (
    select to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds) as start
  ),
  hit as (
    insert into public.rate_limit_tracking as t (identifier, class, window_start, request_count)
    select p_identifier, p_class, w.start, 1 from w
    on conflict (identifier, class, window_start) do update set request_count = t.request_count + 1
    returning t.request_count, t.window_start
  )
  select hit.request_count <= p_max, greatest(0, p_max - hit.request_count),
    hit.window_start + make_interval(secs => p_window_seconds)
  from hit
$$;

revoke all on function public.record_rate_limit_violation(text, text, text, inet, text),
  public.active_rate_limit_bans(), public.record_security_event(text, text, text, text, jsonb, uuid),
  public.rate_limit_hit(text, text, integer, integer) from public, anon, authenticated;
grant execute on function public.record_rate_limit_violation(text, text, text, inet, text),
  public.active_rate_limit_bans(), public.record_security_event(text, text, text, text, jsonb, uuid),
  public.rate_limit_hit(text, text, integer, integer) to service_role;

select cron.schedule('rate-limit-tracking-cleanup', '5 * * * *',
  $$delete from public.rate_limit_tracking where window_start < now() - interval '1 day'$$);
select cron.schedule('rate-limit-violations-cleanup', '25 3 * * *',
  $$delete from public.rate_limit_violations
    where (banned_until is null or banned_until < now())
      and last_violation_at < now() - (select unbanned_retention from app.rate_limit_policy)$$);
