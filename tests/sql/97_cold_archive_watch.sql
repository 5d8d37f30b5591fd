-- The cold archive's watch (20261203001620): a month past its archive deadline that is not in object
-- storage raises exactly one alert through the alert rules, whether retention never moved it out of the
-- live table or the host's archiver never wrote it; once its object is recorded it is no longer overdue.
begin;
create extension if not exists pgtap;
select plan(14);

select is((select config from public.monitoring_configs where kind = 'alert_rule' and name = 'cold_archive_overdue'),
  '{"severity": "HIGH", "threshold": 0, "grace_hours": 48}'::jsonb, 'the rule is seeded, with two days of grace');
select is((select command from cron.job where jobname = 'cold-archive-watch'),
  'select audit.evaluate_cold_archive_rules()', 'and evaluated by pg_cron');
select ok(not has_function_privilege(r, 'audit.evaluate_cold_archive_rules(timestamptz)', 'execute'),
  format('%s cannot raise or silence it', r)) from unnest(array['anon', 'authenticated', 'service_role']) r;
-- Whatever other suites left open, closed here (rolled back at the end).
update public.alerts set resolved_at = now() where dedup_key = 'cold_archive_overdue' and resolved_at is null;

-- A month 30 months back (past INTERNAL's two-year archive-after), moved out of the live table now.
select to_char(date_trunc('month', now()) - interval '30 months', 'YYYY-MM-DD') as m,
       'audit_logs_' || to_char(date_trunc('month', now()) - interval '30 months', 'YYYY_MM') as part \gset
select audit.ensure_partitions_between(:'m', :'m');
select audit.write_events(jsonb_build_array(jsonb_build_object('action', 'dosing.list', 'resource', 't97-watch',
  'outcome', 'success', 'data_classification', 'INTERNAL', 'timestamp', :'m'::timestamptz + interval '3 days')));
select audit.archive_partition('audit_logs', :'part', :'m');
create temp table arc as select id, encode(content_sha256, 'hex') as sha from audit.archives
  where partition_name = :'part' and purged_at is null
    and not exists (select 1 from audit.cold_objects c where c.archive_id = audit.archives.id);

select is((select count(*)::integer from audit.cold_archive_overdue(now()) where partition_name = :'part'), 0,
  'a month just moved out waits for the archiver: not overdue within the grace');
select results_eq(format($$select stage from audit.cold_archive_overdue(now() + interval '49 hours')
    where partition_name = %L$$, :'part'), $$values ('pending')$$, 'two days on without an object, it is overdue');

-- Seven years back: a live month past every class's archive-after (retention did not run).
select 'audit_logs_' || to_char(date_trunc('month', now()) - interval '86 months', 'YYYY_MM') as old_part,
  to_char(date_trunc('month', now()) - interval '86 months', 'YYYY-MM-DD') as old_m \gset
select audit.ensure_partitions_between(:'old_m', :'old_m');
select results_eq(format($$select stage from audit.cold_archive_overdue(now()) where partition_name = %L$$, :'old_part'),
  $$values ('live')$$, 'a live month past its deadline is overdue too');

-- Evaluated hourly: one alert, the repeats suppressed.
create temp table first_run as select * from audit.evaluate_cold_archive_rules(now() + interval '49 hours');
select results_eq($$select rule, outcome from first_run$$, $$values ('cold_archive_overdue', 'new')$$,
  'the first evaluation raises the alert');
select results_eq($$select outcome from audit.evaluate_cold_archive_rules(now() + interval '49 hours')$$,
  $$values ('suppressed')$$, 'the next one counts a repeat');
select is((select count(*)::integer from public.alerts where dedup_key = 'cold_archive_overdue' and resolved_at is null),
  1, 'exactly one alert is open');
select ok((select (metadata ->> 'overdue')::integer >= 2 and metadata -> 'months' @> jsonb_build_array(
    jsonb_build_object('partition', :'part', 'stage', 'pending'))
  from public.alerts where id = (select alert_id from first_run)), 'it counts and names the overdue months');

-- Written and read back: the month is no longer overdue.
select audit.confirm_cold_archive((select id from arc), 'audit-archive', 'k.ndjson.gz', 'k.manifest.json',
  repeat('ab', 32), 10, (select sha from arc));
select is((select count(*)::integer from audit.cold_archive_overdue(now() + interval '49 hours')
  where partition_name = :'part'), 0, 'once in object storage it is not overdue');

-- The rule switched off raises nothing.
update public.monitoring_configs set enabled = false where kind = 'alert_rule' and name = 'cold_archive_overdue';
select is((select count(*)::integer from audit.evaluate_cold_archive_rules(now() + interval '49 hours')), 0,
  'a disabled rule raises nothing');

select * from finish();
rollback;
