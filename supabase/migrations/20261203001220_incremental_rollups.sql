-- Roll-ups that grow with what changed, not with the history (issue 20):
--   audit.audit_stats        was a materialized view that daily_cleanup refreshed by aggregating the whole
--                            trail every night. Now a table: audit.roll_up_audit_stats() recomputes only the
--                            (organization, day) groups that rows written since its last run fall in — found
--                            through audit.write_ledger, so a backdated row (spool, import) reopens its own
--                            day and nothing else. Same columns and key, so the readers do not change.
--   public.metrics_rollups   daily and weekly rows from the hourly public.metrics (which keeps 90 days), kept
--                            two years: public.roll_up_metrics() redoes the days whose hours changed since its
--                            last run, and the weeks around them from the days.
-- Both run in daily_cleanup (restated here) before retention deletes anything.

-- ---------------------------------------------------------------------------------------------------
-- audit_stats

drop function audit.get_audit_daily_stats(date, date);
drop materialized view audit.audit_stats;

create table audit.audit_stats (
  id bigint generated always as identity primary key,
  organization_id uuid,
  day date not null,
  action public.audit_action not null,
  outcome public.audit_outcome not null,
  events bigint not null check (events > 0),
  avg_duration_ms numeric,
  p50_duration_ms double precision,
  p95_duration_ms double precision,
  p99_duration_ms double precision
);
create unique index audit_stats_key on audit.audit_stats (organization_id, day, action, outcome) nulls not distinct;
revoke all on audit.audit_stats from public, anon, authenticated, service_role;

-- How far the ledger has been rolled up. Entries are taken once they are `settle` old: a batch's ledger id
-- is drawn before it commits, so a younger entry may still have an older one committing behind it.
create table audit.audit_stats_mark (
  only_row boolean primary key default true check (only_row),
  ledger_id bigint not null default 0,
  rolled_at timestamptz
);
revoke all on audit.audit_stats_mark from public, anon, authenticated, service_role;

-- Everything so far, once (what the view held); the ledger mark starts at today's newest entry.
insert into audit.audit_stats (organization_id, day, action, outcome, events, avg_duration_ms, p50_duration_ms,
  p95_duration_ms, p99_duration_ms)
select l.organization_id, (l."timestamp" at time zone 'UTC')::date, l.action, l.outcome, count(*),
  round(avg(l.duration_ms), 2),
  percentile_cont(0.50) within group (order by l.duration_ms),
  percentile_cont(0.95) within group (order by l.duration_ms),
  percentile_cont(0.99) within group (order by l.duration_ms)
from public.audit_logs l
group by 1, 2, 3, 4;
insert into audit.audit_stats_mark (ledger_id, rolled_at)
select coalesce(max(w.id), 0), now() from audit.write_ledger w;

create function audit.roll_up_audit_stats(p_settle interval default interval '5 minutes')
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  mark audit.audit_stats_mark;
  upto bigint;
  seqs int8multirange;
  g record;
  days integer := 0;
  lo timestamptz;
  hi timestamptz;
begin
  select * into mark from audit.audit_stats_mark for update;
  select max(w.id), range_agg(w.seqs) into upto, seqs
  from audit.write_ledger w
  where w.id > mark.ledger_id and w.written_at <= now() - p_settle;
  if upto is null then
    return jsonb_build_object('days', 0, 'ledger_id', mark.ledger_id);
  end if;

  -- One (organization, day) at a time, each recomputed with constant bounds: the planner prunes to the
  -- day's partition and walks (organization_id, timestamp) — a join over all the groups at once could not.
  for g in
    select distinct l.organization_id, (l."timestamp" at time zone 'UTC')::date as day
    from public.audit_logs l
    where l.seq between lower(seqs) and upper(seqs) - 1 and l.seq <@ seqs
  loop
    days := days + 1;
    lo := g.day::timestamp at time zone 'UTC';
    hi := (g.day + 1)::timestamp at time zone 'UTC';
    delete from audit.audit_stats s where s.organization_id is not distinct from g.organization_id and s.day = g.day;
    if g.organization_id is null then
      insert into audit.audit_stats (organization_id, day, action, outcome, events, avg_duration_ms,
        p50_duration_ms, p95_duration_ms, p99_duration_ms)
      select null, g.day, l.action, l.outcome, count(*), round(avg(l.duration_ms), 2),
        percentile_cont(0.50) within group (order by l.duration_ms),
        percentile_cont(0.95) within group (order by l.duration_ms),
        percentile_cont(0.99) within group (order by l.duration_ms)
      from public.audit_logs l
      where l.organization_id is null and l."timestamp" >= lo and l."timestamp" < hi
      group by l.action, l.outcome;
    else
      insert into audit.audit_stats (organization_id, day, action, outcome, events, avg_duration_ms,
        p50_duration_ms, p95_duration_ms, p99_duration_ms)
      select g.organization_id, g.day, l.action, l.outcome, count(*), round(avg(l.duration_ms), 2),
        percentile_cont(0.50) within group (order by l.duration_ms),
        percentile_cont(0.95) within group (order by l.duration_ms),
        percentile_cont(0.99) within group (order by l.duration_ms)
      from public.audit_logs l
      where l.organization_id = g.organization_id and l."timestamp" >= lo and l."timestamp" < hi
      group by l.action, l.outcome;
    end if;
  end loop;

  update audit.audit_stats_mark set ledger_id = upto, rolled_at = now();
  return jsonb_build_object('days', days, 'ledger_id', upto);
end $$;
revoke all on function audit.roll_up_audit_stats(interval) from public, anon, authenticated;
grant execute on function audit.roll_up_audit_stats(interval) to service_role;

-- The reader, restated over the table (same columns, same scope).
create function audit.get_audit_daily_stats(
  p_from date default (now() - interval '30 days')::date,
  p_to date default now()::date
) returns table (organization_id uuid, day date, action public.audit_action, outcome public.audit_outcome,
  events bigint, avg_duration_ms numeric, p50_duration_ms double precision, p95_duration_ms double precision,
  p99_duration_ms double precision)
language sql stable security definer set search_path = '' as $$
  select s.organization_id, s.day, s.action, s.outcome, s.events, s.avg_duration_ms, s.p50_duration_ms,
    s.p95_duration_ms, s.p99_duration_ms
  from audit.audit_stats s
  where s.day between p_from and p_to
    and s.organization_id = app.current_organization_id()
    and app.current_user_role() in ('admin', 'medical_director')
  order by s.day desc, s.action, s.outcome
$$;
revoke execute on function audit.get_audit_daily_stats(date, date) from public, anon, authenticated;
grant execute on function audit.get_audit_daily_stats(date, date) to audit_reader, service_role;

-- ---------------------------------------------------------------------------------------------------
-- metrics roll-ups

create table public.metrics_rollups (
  id bigint generated always as identity primary key,
  period text not null check (period in ('day', 'week')),
  -- The UTC day, or the Monday the ISO week starts on.
  period_start date not null check (period = 'day' or extract(isodow from period_start) = 1),
  metric_name text not null check (metric_name ~ '^[a-z0-9_.:-]{1,120}$'),
  metric_type text not null check (metric_type in ('counter', 'histogram')),
  hours integer not null check (hours between 1 and 168),
  count bigint not null check (count >= 0),
  min double precision,
  max double precision,
  -- Exact: the hours' averages weighted by their counts.
  avg double precision,
  -- Percentiles of hours do not combine into a percentile of the period: these are the worst hour's.
  worst_hour_p50 double precision,
  worst_hour_p95 double precision,
  worst_hour_p99 double precision,
  updated_at timestamptz not null default now(),
  unique (period, period_start, metric_name)
);
create index metrics_rollups_period_idx on public.metrics_rollups (period, period_start desc);
comment on table public.metrics_rollups is
  'Daily and weekly roll-ups of public.metrics, kept two years (public.roll_up_metrics, daily_cleanup).';

alter table public.metrics_rollups enable row level security;
create policy metrics_rollups_oversight_read on public.metrics_rollups
  for select to authenticated using ((select app.current_user_role()) in ('admin', 'medical_director'));
revoke all on public.metrics_rollups from anon;
revoke insert, update, delete, truncate on public.metrics_rollups from authenticated;

create table app.metrics_rollup_mark (
  only_row boolean primary key default true check (only_row),
  -- Hours updated after this (less an hour of overlap, for flushes still committing) are rolled next.
  updated_to timestamptz
);
insert into app.metrics_rollup_mark default values;

create function public.roll_up_metrics() returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  mark app.metrics_rollup_mark;
  upto timestamptz;
  days integer;
  weeks integer;
begin
  select * into mark from app.metrics_rollup_mark for update;
  select max(m.updated_at) into upto from public.metrics m;
  create temp table changed_days on commit drop as
    select distinct m.date as day from public.metrics m
    where mark.updated_to is null or m.updated_at > mark.updated_to - interval '1 hour';
  get diagnostics days = row_count;

  insert into public.metrics_rollups (period, period_start, metric_name, metric_type, hours, count, min, max, avg,
    worst_hour_p50, worst_hour_p95, worst_hour_p99, updated_at)
  select 'day', m.date, m.metric_name, min(m.metric_type), count(*), sum(m.count), min(m.min), max(m.max),
    sum(m.avg * m.count) filter (where m.avg is not null) / nullif(sum(m.count) filter (where m.avg is not null), 0),
    max(m.p50), max(m.p95), max(m.p99), now()
  from public.metrics m join changed_days d on d.day = m.date
  group by m.date, m.metric_name
  on conflict (period, period_start, metric_name) do update set
    metric_type = excluded.metric_type, hours = excluded.hours, count = excluded.count, min = excluded.min,
    max = excluded.max, avg = excluded.avg, worst_hour_p50 = excluded.worst_hour_p50,
    worst_hour_p95 = excluded.worst_hour_p95, worst_hour_p99 = excluded.worst_hour_p99, updated_at = now()
  where (public.metrics_rollups.hours, public.metrics_rollups.count, public.metrics_rollups.max)
    is distinct from (excluded.hours, excluded.count, excluded.max);

  -- Weeks from their days (which outlive the hourly rows).
  insert into public.metrics_rollups (period, period_start, metric_name, metric_type, hours, count, min, max, avg,
    worst_hour_p50, worst_hour_p95, worst_hour_p99, updated_at)
  select 'week', r.period_start - (extract(isodow from r.period_start)::integer - 1), r.metric_name,
    min(r.metric_type), sum(r.hours), sum(r.count), min(r.min), max(r.max),
    sum(r.avg * r.count) filter (where r.avg is not null) / nullif(sum(r.count) filter (where r.avg is not null), 0),
    max(r.worst_hour_p50), max(r.worst_hour_p95), max(r.worst_hour_p99), now()
  from public.metrics_rollups r
  where r.period = 'day'
    and r.period_start - (extract(isodow from r.period_start)::integer - 1) in (
      select distinct d.day - (extract(isodow from d.day)::integer - 1) from changed_days d)
  group by 2, r.metric_name
  on conflict (period, period_start, metric_name) do update set
    metric_type = excluded.metric_type, hours = excluded.hours, count = excluded.count, min = excluded.min,
    max = excluded.max, avg = excluded.avg, worst_hour_p50 = excluded.worst_hour_p50,
    worst_hour_p95 = excluded.worst_hour_p95, worst_hour_p99 = excluded.worst_hour_p99, updated_at = now()
  where (public.metrics_rollups.hours, public.metrics_rollups.count, public.metrics_rollups.max)
    is distinct from (excluded.hours, excluded.count, excluded.max);
  get diagnostics weeks = row_count;

  update app.metrics_rollup_mark set updated_to = coalesce(upto, updated_to);
  drop table changed_days;
  return jsonb_build_object('days', days, 'weeks_changed', weeks);
end $$;
revoke all on function public.roll_up_metrics() from public, anon, authenticated;
grant execute on function public.roll_up_metrics() to service_role;

-- Two years of roll-ups; the hourly rows keep their 90 days.
alter table app.observability_retention drop constraint observability_retention_table_name_check;
alter table app.observability_retention add constraint observability_retention_table_name_check
  check (table_name in ('error_logs', 'system_health', 'security_events', 'performance_metrics', 'web_vitals',
    'metrics', 'alerts', 'metrics_rollups'));
insert into app.observability_retention values ('metrics_rollups', '2 years');

-- ---------------------------------------------------------------------------------------------------
-- daily_cleanup, restated: roll up first, then retention (as before), the audit_stats refresh replaced
-- by the incremental roll-up.

create or replace function public.daily_cleanup(now_ts timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  keep jsonb := (select jsonb_object_agg(table_name, extract(epoch from keep)) from app.observability_retention);
  cutoff timestamptz;
  done jsonb := '{}';
  n bigint;
begin
  done := done || jsonb_build_object('metrics_rollup', public.roll_up_metrics());

  cutoff := now_ts - make_interval(secs => (keep ->> 'error_logs')::double precision);
  delete from public.error_logs where occurred_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('error_logs', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'system_health')::double precision);
  delete from public.system_health where checked_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('system_health', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'security_events')::double precision);
  delete from public.security_events where occurred_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('security_events', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'performance_metrics')::double precision);
  delete from public.performance_metrics where recorded_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('performance_metrics', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'web_vitals')::double precision);
  delete from public.web_vitals where recorded_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('web_vitals', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'metrics')::double precision);
  delete from public.metrics where (date + make_interval(hours => hour + 1))::timestamp < (cutoff at time zone 'UTC');
  get diagnostics n = row_count; done := done || jsonb_build_object('metrics', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'metrics_rollups')::double precision);
  delete from public.metrics_rollups
  where (period_start + case when period = 'week' then 7 else 1 end)::timestamp < (cutoff at time zone 'UTC');
  get diagnostics n = row_count; done := done || jsonb_build_object('metrics_rollups', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'alerts')::double precision);
  delete from public.alerts where resolved_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('alerts', n);

  -- Sessions: end what timed out, then drop ended sessions past their retention.
  done := done || jsonb_build_object('sessions_ended', public.end_stale_sessions());
  delete from public.user_sessions
  where ended_at < now_ts - (select ended_retention from app.session_policy);
  get diagnostics n = row_count; done := done || jsonb_build_object('user_sessions', n);

  return done || jsonb_build_object('audit_stats', audit.roll_up_audit_stats());
end $$;
