-- Metrics rows: the upsert is idempotent (a second flush of the same hour changes nothing), only
-- admins and medical directors read them, only the service role writes them. daily_cleanup applies
-- every retention rule: each table keeps what is younger than its period and loses what is older.
begin;
create extension if not exists pgtap;
select plan(21);

create temp table batch as select $$[
  {"metric_name":"requests.t31.2xx","metric_type":"counter","date":"2026-01-05","hour":7,"count":41},
  {"metric_name":"latency.t31","metric_type":"histogram","date":"2026-01-05","hour":7,"count":3,
   "p50":10,"p95":100,"p99":100,"min":10,"max":100,"avg":40}]$$::jsonb as rows;

select results_eq($$select * from public.upsert_metrics((select rows from batch))$$, $$values (2, 0, 0)$$,
  'first flush inserts the hour''s rows');
create temp table stamp as select max(updated_at) as at from public.metrics where metric_name like '%t31%';
select results_eq($$select * from public.upsert_metrics((select rows from batch))$$, $$values (0, 0, 2)$$,
  'the same hour again changes nothing');
select is((select max(updated_at) from public.metrics where metric_name like '%t31%'), (select at from stamp),
  'not even updated_at');
select results_eq($$select * from public.upsert_metrics(jsonb_set((select rows from batch), '{0,count}', '42'))$$,
  $$values (0, 1, 1)$$, 'a partial hour completed later updates its row');
select is((select count from public.metrics where metric_name = 'requests.t31.2xx'), 42::bigint, 'with the full count');

select throws_ok($$select public.upsert_metrics('[{"metric_name":"x.t31","metric_type":"counter","date":"2026-01-05","hour":7,"count":1,"p50":3}]')$$,
  '23514', null, 'a counter carries no percentiles');
select throws_ok($$select public.upsert_metrics('[{"metric_name":"y.t31","metric_type":"histogram","date":"2026-01-05","hour":7,"count":2,"p50":9,"p95":5,"p99":9,"min":1,"max":9,"avg":4}]')$$,
  '23514', null, 'percentiles must be ordered');
select throws_ok($$select public.upsert_metrics('[{"metric_name":"Bad Name","metric_type":"counter","date":"2026-01-05","hour":7,"count":1}]')$$,
  '23514', null, 'metric names are checked');

set local role authenticated;
set local request.jwt.claims to '{"sub":"a1000000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is((select count(*)::integer from public.metrics where metric_name like '%t31%'), 0, 'a paramedic reads no metrics');
select throws_ok($$select public.upsert_metrics('[]')$$, '42501', null, 'nor writes them');
set local request.jwt.claims to '{"sub":"a1000000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"admin"}}';
select is((select count(*)::integer from public.metrics where metric_name like '%t31%'), 2, 'an admin reads them');
select throws_ok($$insert into public.metrics (metric_name, metric_type, date, hour, count) values ('z.t31', 'counter', '2026-01-05', 1, 1)$$,
  '42501', null, 'an admin does not write them either');
reset role;

-- Retention: one row just inside and one just outside each period.
insert into public.error_logs (occurred_at, component, error_code, http_status) values
  (now() - interval '89 days', 't31', 'INTERNAL_ERROR', 500), (now() - interval '91 days', 't31', 'INTERNAL_ERROR', 500);
insert into public.system_health (checked_at, component, status, error) values
  (now() - interval '29 days', 'database', 'healthy', 't31'), (now() - interval '31 days', 'database', 'healthy', 't31');
insert into public.security_events (occurred_at, event_type, severity, identifier) values
  (now() - interval '364 days', 'cors.rejected', 'LOW', 't31'), (now() - interval '366 days', 'cors.rejected', 'LOW', 't31');
insert into public.performance_metrics (recorded_at, user_id, metric_name, value, unit, page) values
  (now() - interval '89 days', gen_random_uuid(), 'page.load', 1, 'ms', 't31'),
  (now() - interval '91 days', gen_random_uuid(), 'page.load', 1, 'ms', 't31');
insert into public.web_vitals (recorded_at, user_id, metric, value, page) values
  (now() - interval '29 days', gen_random_uuid(), 'LCP', 1, 't31'), (now() - interval '31 days', gen_random_uuid(), 'LCP', 1, 't31');
insert into public.metrics (metric_name, metric_type, date, hour, count) values
  ('keep.t31', 'counter', (now() - interval '89 days')::date, 0, 1), ('drop.t31', 'counter', (now() - interval '92 days')::date, 0, 1);
insert into public.alerts (severity, type, title, source, dedup_key, resolved_at, created_at) values
  ('LOW', 'SYSTEM', 't', 't31', 't31-keep', now() - interval '89 days', now() - interval '100 days'),
  ('LOW', 'SYSTEM', 't', 't31', 't31-drop', now() - interval '91 days', now() - interval '100 days'),
  ('LOW', 'SYSTEM', 't', 't31', 't31-open', null, now() - interval '400 days');
insert into public.user_sessions (session_id, user_id, started_at, last_activity_at, ended_at, end_reason) values
  ('d3100000-0000-4000-8000-000000000001', gen_random_uuid(), now() - interval '29 days', now() - interval '29 days', now() - interval '29 days', 'logout'),
  ('d3100000-0000-4000-8000-000000000002', gen_random_uuid(), now() - interval '31 days', now() - interval '31 days', now() - interval '31 days', 'logout'),
  ('d3100000-0000-4000-8000-000000000003', gen_random_uuid(), now() - interval '2 hours', now() - interval '1 hour', null, null);

create temp table cleanup as select public.daily_cleanup() as result;
select ok((select result ? 'audit_stats' from cleanup), 'daily_cleanup refreshes audit_stats and reports per table');
select is((select count(*)::integer from public.error_logs where component = 't31'), 1, 'error logs: 90 days');
select is((select count(*)::integer from public.system_health where error = 't31'), 1, 'system health: 30 days');
select is((select count(*)::integer from public.security_events where identifier = 't31'), 1, 'security events: 1 year');
select is((select count(*)::integer from public.performance_metrics where page = 't31'), 1, 'performance metrics: 90 days');
select is((select count(*)::integer from public.web_vitals where page = 't31'), 1, 'web vitals: 30 days');
select is((select array_agg(metric_name)::text from public.metrics where metric_name like '%.t31'), '{keep.t31}', 'metrics: 90 days');
select is((select array_agg(dedup_key order by dedup_key)::text from public.alerts where source = 't31'), '{t31-keep,t31-open}',
  'alerts: resolved ones 90 days after resolution; open alerts stay');
select is((select array_agg(coalesce(end_reason, 'open') order by session_id)::text from public.user_sessions
           where session_id::text like 'd3100000%'), '{logout,timeout_idle}',
  'sessions: ended ones kept 30 days; the idle one is ended');

select * from finish();
rollback;
