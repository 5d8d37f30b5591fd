-- Database health (issue 20): the snapshot has every figure the seeds ask for, its status follows the
-- thresholds in monitoring_configs, and a breach recorded in system_health raises exactly one alert per
-- rule however often it is evaluated; a healthy row and a stale row raise none. Only the service role
-- runs either function.
begin;
create extension if not exists pgtap;
select plan(23);

delete from public.alerts;
delete from public.system_health where component = 'database';
-- Failures other suites' jobs left behind (the test stack runs pg_cron too) are not this test's.
delete from cron.job_run_details where status = 'failed';

create temp table snap as select * from public.database_health_snapshot();

select ok((select details ?& array['connections', 'cache_hit', 'index_hit', 'table_bloat', 'index_bloat',
    'database_bytes', 'largest_tables', 'longest_query', 'cron_failures', 'breaches', 'version'] from snap),
  'the snapshot has every figure');
select is((select (details #>> '{connections,max}')::int from snap), current_setting('max_connections')::int,
  'connections are counted against max_connections');
select ok((select (details #>> '{connections,used}')::int >= 1 from snap), 'this session is one of them');
select ok((select (details ->> 'database_bytes')::numeric / pg_database_size(current_database()) between 0.9 and 1.1
           from snap),
  'the database size is pg_database_size (this test has grown it a little since)');
select ok((select (details #>> '{cache_hit,ratio}')::numeric between 0 and 1 from snap), 'a cache hit ratio');
select ok((select jsonb_array_length(details -> 'largest_tables') between 1 and 5 from snap),
  'up to five largest tables');
select ok((select details -> 'largest_tables' @> '[{"table": "public.audit_logs"}]'
           and not details::text like '%audit_logs_20%' from snap),
  'partitions count under their root');
select is((select status from snap), case when (select jsonb_array_length(details -> 'breaches') from snap) = 0
  then 'healthy' else 'degraded' end, 'the status follows the breaches');
update public.monitoring_configs set enabled = false
where kind = 'alert_rule' and (name like 'db\_%' or name = 'cron_job_failures');
select is((select status || ' ' || (details ->> 'breaches') from public.database_health_snapshot()), 'healthy []',
  'with every database rule disabled: healthy, nothing crossed');
update public.monitoring_configs set enabled = true
where kind = 'alert_rule' and (name like 'db\_%' or name = 'cron_job_failures');
-- The rules below are judged alone: the hit ratios of a busy test cluster are not this test's business.
update public.monitoring_configs set enabled = false
where kind = 'alert_rule' and name in ('db_cache_hit_ratio', 'db_index_hit_ratio', 'db_size');

-- Bloat: a table of dead rows past the (lowered) size floor is estimated as mostly waste.
create table public.t91_bloat (id int primary key, pad text);
insert into public.t91_bloat select g, repeat('x', 200) from generate_series(1, 20000) g;
delete from public.t91_bloat where id > 1000;
analyze public.t91_bloat;
update public.monitoring_configs set config = config || '{"min_bytes": 1048576}'
where kind = 'alert_rule' and name in ('db_table_bloat', 'db_index_bloat');
select ok((select ratio > 0.8 from app.database_bloat(1048576) where relation = 't91_bloat'),
  'a table with 95% of its rows deleted is estimated over 80% bloated');
select ok((select (details #>> '{table_bloat,max_ratio}')::numeric > 0.8
             and details -> 'breaches' ? 'db_table_bloat' and status = 'degraded'
           from public.database_health_snapshot()),
  'the snapshot names the breach and is degraded');
drop table public.t91_bloat;
-- Judged above; with the size floor lowered, the dead rows other suites' rolled-back transactions leave (until
-- autovacuum comes by) would breach it in the runs below, which are about one rule.
update public.monitoring_configs set enabled = false
where kind = 'alert_rule' and name in ('db_table_bloat', 'db_index_bloat');

-- A long query and failed cron runs: the figures name them without the query text or the job's message.
insert into cron.job_run_details (jobid, runid, status, return_message, start_time, end_time)
values ((select jobid from cron.job where jobname = 'daily-cleanup'), 9100001, 'failed',
        'ERROR: secret detail', now() - interval '2 minutes', now() - interval '1 minute'),
       ((select jobid from cron.job where jobname = 'daily-cleanup'), 9100002, 'failed',
        'ERROR: old', now() - interval '3 hours', now() - interval '3 hours');
select is((select (details #> '{cron_failures}') - 'last_failed_at'::text from public.database_health_snapshot()),
  '{"failed": 1, "jobs": ["daily-cleanup"], "window_minutes": 65}'::jsonb,
  'failed pg_cron runs within the window, by job name');
select ok((select not details::text like '%secret detail%' from public.database_health_snapshot()),
  'the failure message is not kept');
select is((select rule from app.database_health_breaches(
    '{"longest_query": {"seconds": 301, "kind": "SELECT", "role": "x", "state": "active"}}')),
  'db_long_query', 'a query past threshold_seconds is a breach');
select is((select count(*)::int from app.database_health_breaches(
    '{"longest_query": {"seconds": 299}, "connections": {"ratio": 0.5}, "cache_hit": {"ratio": 0.5, "hits": 10, "reads": 10}}')),
  0, 'below the thresholds, or below min_reads, nothing');
select is((select rule from app.database_health_breaches(
    '{"connections": {"ratio": 0.9, "used": 180, "max": 200}}')), 'db_connections',
  'connections over 80% of the limit are a breach');

-- One breach, one alert: three evaluations over the recorded row.
insert into public.system_health (component, status, details)
select 'database', status, details from public.database_health_snapshot();
create temp table runs as
  select 1 as run, * from public.evaluate_database_health_rules()
  union all select 2, * from public.evaluate_database_health_rules()
  union all select 3, * from public.evaluate_database_health_rules();
select is((select string_agg(outcome, ',' order by run) from runs where rule = 'cron_job_failures'),
  'new,suppressed,suppressed', 'the breach raises once; the repeats are suppressed');
select is((select count(*)::int from public.alerts where dedup_key = 'cron_job_failures'), 1,
  'exactly one alert');
select ok((select severity = 'HIGH' and type = 'SYSTEM' and occurrences = 3
             and (metadata ->> 'system_health_id') is not null
           from public.alerts where dedup_key = 'cron_job_failures'),
  'with the rule''s severity, its occurrences and the health row it came from');
select is((select count(*)::int from runs where rule <> 'cron_job_failures'), 0, 'no other rule fired');

-- A disabled rule, and a row older than 15 minutes, raise nothing.
update public.monitoring_configs set enabled = false where kind = 'alert_rule' and name = 'cron_job_failures';
select is((select count(*)::int from public.evaluate_database_health_rules()), 0, 'a disabled rule is quiet');
update public.monitoring_configs set enabled = true where kind = 'alert_rule' and name = 'cron_job_failures';
update public.system_health set checked_at = now() - interval '16 minutes' where component = 'database';
select is((select count(*)::int from public.evaluate_database_health_rules()), 0, 'a stale row raises nothing');

select ok(not has_function_privilege('authenticated', 'public.database_health_snapshot()', 'execute')
  and not has_function_privilege('anon', 'public.evaluate_database_health_rules()', 'execute')
  and has_function_privilege('service_role', 'public.evaluate_database_health_rules()', 'execute'),
  'only the service role runs them');

select * from finish();
rollback;
