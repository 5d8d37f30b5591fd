-- Reports from the Medic-Bot design. They run as the caller (security invoker), so the audit_logs RLS
-- policy decides what each caller sees: admins and medical directors, their own organization only.

-- One user's events, newest first. The user is named by their real id; rows store only pseudonyms.
create function public.get_user_audit_trail(
  p_user_id uuid,
  p_from timestamptz default now() - interval '30 days',
  p_to timestamptz default now()
) returns setof public.audit_log_entries
language sql stable security invoker set search_path = '' as $$
  select e.* from public.audit_log_entries e
  where e.actor_pseudonym = audit.pseudonym_of('user', p_user_id::text)
    and e."timestamp" >= p_from and e."timestamp" <= p_to
  order by e."timestamp" desc, e.seq desc
$$;

-- Failed authentication per client address over the last p_hours (brute force, token probing).
create function public.get_failed_auth_attempts(p_hours integer default 24)
returns table (
  ip_pseudonym uuid, ip_address inet, attempts bigint, distinct_users bigint,
  first_attempt timestamptz, last_attempt timestamptz
)
language sql stable security invoker set search_path = '' as $$
  select l.ip_pseudonym, audit.reveal(l.ip_pseudonym)::inet, count(*), count(distinct l.actor_pseudonym),
    min(l."timestamp"), max(l."timestamp")
  from public.audit_logs l
  where l.outcome = 'failure'
    and l.action in ('auth.failure', 'auth.unauthorized')
    and l."timestamp" >= now() - make_interval(hours => p_hours)
  group by l.ip_pseudonym
  order by count(*) desc
$$;

-- Events per action and outcome in a window, with latency.
create function public.get_audit_summary(
  p_from timestamptz default now() - interval '1 day',
  p_to timestamptz default now()
) returns table (
  action public.audit_action, outcome public.audit_outcome, events bigint, distinct_users bigint,
  avg_duration_ms numeric, p95_duration_ms double precision
)
language sql stable security invoker set search_path = '' as $$
  select l.action, l.outcome, count(*), count(distinct l.actor_pseudonym),
    round(avg(l.duration_ms), 2),
    percentile_cont(0.95) within group (order by l.duration_ms)
  from public.audit_logs l
  where l."timestamp" >= p_from and l."timestamp" <= p_to
  group by l.action, l.outcome
  order by l.action, l.outcome
$$;

-- Daily statistics, refreshed concurrently by pg_cron. A materialized view has no RLS, so it lives in
-- the private schema and is read through get_audit_daily_stats, scoped to the caller's organization.
create materialized view audit.audit_stats as
select
  l.organization_id,
  (l."timestamp" at time zone 'UTC')::date as day,
  l.action,
  l.outcome,
  count(*) as events,
  round(avg(l.duration_ms), 2) as avg_duration_ms,
  percentile_cont(0.50) within group (order by l.duration_ms) as p50_duration_ms,
  percentile_cont(0.95) within group (order by l.duration_ms) as p95_duration_ms,
  percentile_cont(0.99) within group (order by l.duration_ms) as p99_duration_ms
from public.audit_logs l
group by 1, 2, 3, 4;

create unique index audit_stats_key on audit.audit_stats (organization_id, day, action, outcome) nulls not distinct;

create function public.get_audit_daily_stats(
  p_from date default (now() - interval '30 days')::date,
  p_to date default now()::date
) returns setof audit.audit_stats
language sql stable security definer set search_path = '' as $$
  select s.* from audit.audit_stats s
  where s.day between p_from and p_to
    and s.organization_id = app.current_organization_id()
    and app.current_user_role() in ('admin', 'medical_director')
  order by s.day desc, s.action, s.outcome
$$;

revoke all on function public.get_user_audit_trail(uuid, timestamptz, timestamptz),
  public.get_failed_auth_attempts(integer), public.get_audit_summary(timestamptz, timestamptz),
  public.get_audit_daily_stats(date, date) from public, anon;
grant execute on function public.get_user_audit_trail(uuid, timestamptz, timestamptz),
  public.get_failed_auth_attempts(integer), public.get_audit_summary(timestamptz, timestamptz),
  public.get_audit_daily_stats(date, date) to authenticated, service_role;
revoke all on audit.audit_stats from public, anon, authenticated, service_role;

select cron.schedule('audit-stats-refresh', '7 2 * * *',
  'refresh materialized view concurrently audit.audit_stats');
