-- Incremental roll-ups (issue 20): audit_stats recomputes only the days that rows written since its
-- last run fall in (a backdated row reopens its own day, other days are not touched), and waits for
-- ledger entries to settle; metrics roll into daily and weekly rows (exact counts, min, max, weighted
-- average; the worst hour's percentiles), only for days whose hours changed, kept two years by
-- daily_cleanup while the hourly rows keep 90 days.
begin;
create extension if not exists pgtap;
select plan(16);

-- audit_stats -------------------------------------------------------------------------------------------
select audit.roll_up_audit_stats('0');  -- whatever other suites left, rolled first
create temp table before_ids as select id, day from audit.audit_stats;

select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'dosing.calculate', 'resource', 't91-stats', 'outcome', 'success', 'duration_ms', 10,
    'organization_id', '91e00000-0000-4000-8000-0000000000ee'),
  jsonb_build_object('action', 'dosing.calculate', 'resource', 't91-stats', 'outcome', 'success', 'duration_ms', 30,
    'organization_id', '91e00000-0000-4000-8000-0000000000ee')));
select is((audit.roll_up_audit_stats() ->> 'days')::int, 0, 'a fresh ledger entry waits to settle');
select is((audit.roll_up_audit_stats('0') ->> 'days')::int, 1, 'then one day changed: one day recomputed');
select results_eq($$select events::int, avg_duration_ms, p50_duration_ms from audit.audit_stats
    where organization_id = '91e00000-0000-4000-8000-0000000000ee'
      and day = (now() at time zone 'UTC')::date and action = 'dosing.calculate'$$,
  $$values (2, 20.00::numeric, 20::float8)$$, 'the day''s events, average and median');
select is((select count(*)::int from before_ids b where b.day <> (now() at time zone 'UTC')::date
    and not exists (select 1 from audit.audit_stats s where s.id = b.id)), 0,
  'rows of other days are left as they were (same ids)');
select is((audit.roll_up_audit_stats('0') ->> 'days')::int, 0, 'nothing new: nothing recomputed');

-- A backdated event (a spool backlog) reopens its own day only.
select audit.write_events(jsonb_build_array(jsonb_build_object('action', 'dosing.calculate', 'resource', 't91-stats',
  'outcome', 'failure', 'organization_id', '91e00000-0000-4000-8000-0000000000ee',
  'timestamp', now() - interval '40 hours', 'origin', 'spool')));
select is((audit.roll_up_audit_stats('0') ->> 'days')::int, 1, 'a backdated row: its day alone');
select is((select events::int from audit.audit_stats where organization_id = '91e00000-0000-4000-8000-0000000000ee'
    and day = ((now() - interval '40 hours') at time zone 'UTC')::date and outcome = 'failure'), 1,
  'counted on the day it happened');

set local role audit_reader;
set local request.jwt.claims to '{"sub":"91000000-0000-4000-8000-0000000000e1","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"91e00000-0000-4000-8000-0000000000ee"}}';
select is((select sum(events)::int from audit.get_audit_daily_stats((now() - interval '3 days')::date, now()::date)), 3,
  'the reader sees the organization''s roll-up');
set local request.jwt.claims to '{"sub":"91000000-0000-4000-8000-0000000000e2","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"91e00000-0000-4000-8000-0000000000ee"}}';
select is((select count(*)::int from audit.get_audit_daily_stats((now() - interval '3 days')::date, now()::date)), 0,
  'a paramedic none');
reset role;

-- metrics ------------------------------------------------------------------------------------------------
select public.roll_up_metrics();  -- what is there already
insert into public.metrics (metric_name, metric_type, date, hour, count, p50, p95, p99, min, max, avg) values
  ('latency.t91', 'histogram', '2026-11-30', 1, 10, 5, 9, 10, 1, 12, 6),
  ('latency.t91', 'histogram', '2026-11-30', 2, 30, 7, 20, 30, 2, 40, 10),
  ('latency.t91', 'histogram', '2026-12-01', 5, 20, 3, 4, 5, 1, 6, 3);
insert into public.metrics (metric_name, metric_type, date, hour, count) values
  ('requests.t91.2xx', 'counter', '2026-11-30', 1, 100), ('requests.t91.2xx', 'counter', '2026-12-02', 1, 50);
select is((public.roll_up_metrics() ->> 'days')::int >= 3, true, 'the changed days are rolled');
select results_eq($$select hours, count::int, min, max, avg, worst_hour_p95 from public.metrics_rollups
    where period = 'day' and period_start = '2026-11-30' and metric_name = 'latency.t91'$$,
  $$values (2, 40, 1::float8, 40::float8, 9::float8, 20::float8)$$,
  'a day: hours, count, min, max, the count-weighted average (10×6 + 30×10) / 40 = 9, the worst hour''s p95');
select results_eq($$select period_start, hours, count::int, max, avg from public.metrics_rollups
    where period = 'week' and metric_name = 'latency.t91'$$,
  $$values ('2026-11-30'::date, 3, 60, 40::float8, 7::float8)$$,
  'a week (Monday 30 Nov): its days together, (40×9 + 20×3) / 60 = 7');
select is((select count::int from public.metrics_rollups where period = 'week' and metric_name = 'requests.t91.2xx'),
  150, 'a counter''s week is its sum');

update public.metrics_rollups set updated_at = '2000-01-01' where metric_name like '%.t91%';
update public.metrics set count = 60, updated_at = now() + interval '2 hours'
where metric_name = 'requests.t91.2xx' and date = '2026-12-02';
select public.roll_up_metrics();
select results_eq($$select period || ' ' || period_start || ' ' || count from public.metrics_rollups
    where metric_name = 'requests.t91.2xx' and updated_at > '2000-01-01' order by period, period_start$$,
  $$values ('day 2026-12-02 60'), ('week 2026-11-30 160')$$,
  'a changed hour: its day and week are redone; the other day is not touched');

-- Retention: roll-ups two years, hours 90 days.
insert into public.metrics_rollups (period, period_start, metric_name, metric_type, hours, count) values
  ('day', (now() - interval '729 days')::date, 'old.t91', 'counter', 1, 1),
  ('day', (now() - interval '740 days')::date, 'older.t91', 'counter', 1, 1);
select public.daily_cleanup();
select is((select string_agg(metric_name, ',') from public.metrics_rollups where metric_name in ('old.t91', 'older.t91')),
  'old.t91', 'roll-ups are kept two years');
select ok(not has_table_privilege('authenticated', 'public.metrics_rollups', 'insert')
  and not has_table_privilege('anon', 'public.metrics_rollups', 'select')
  and not has_function_privilege('authenticated', 'public.roll_up_metrics()', 'execute'),
  'only the service role writes roll-ups; anon reads none');

select * from finish();
rollback;
