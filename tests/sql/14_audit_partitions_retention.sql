-- Monthly partitions stay six months ahead; retention removes only whole months past the retention
-- period, archives them first, audits the removal, and leaves audit.verify passing.
begin;
create extension if not exists pgtap;
select plan(12);

select ok((select count(*) from audit.partition_months()
           where range_from between date_trunc('month', now()) and date_trunc('month', now()) + interval '6 months') = 7,
  'audit_logs has this month and the next six');
select ok((select count(*) from audit.partition_months('phi_access_audit_log')
           where range_from >= date_trunc('month', now())) >= 7, 'so has the PHI access log');
select has_table('audit', 'audit_logs_default', 'a default partition catches strays');

select set_eq($$select jobname from cron.job where jobname like 'audit-%' or jobname like 'phi-%'$$,
  array['audit-seal', 'audit-partitions-ahead', 'audit-retention', 'phi-access-partitions-ahead'],
  'the audit jobs are scheduled under clear names (audit_stats is refreshed by daily-cleanup)');

-- An old month (2019-01) and a recent one, both sealed.
select audit.ensure_partitions_between('2019-01-01', '2019-01-31');
select audit.write_events($$[
  {"action":"dosing.list","resource":"retention-test","outcome":"success","timestamp":"2019-01-10T08:00:00Z","correlation_id":"old-1"},
  {"action":"dosing.list","resource":"retention-test","outcome":"success","timestamp":"2019-01-11T08:00:00Z","correlation_id":"old-2"},
  {"action":"dosing.list","resource":"retention-test","outcome":"success","correlation_id":"new-1"}
]$$);
select ok(audit.seal() >= 3, 'sealed');
create temp table before as
  select min(seq) as lo, max(seq) as hi from public.audit_logs where resource = 'retention-test';

select is((select count(*)::integer from audit.audit_logs_2019_01), 2, 'the old rows sit in their month');
select ok(audit.apply_retention() >= 1, 'retention removes at least the 2019 month');
select hasnt_table('audit', 'audit_logs_2019_01', 'the month is gone');
select is((select row_count from audit.archives where partition_name = 'audit_logs_2019_01'), 2::bigint,
  'its rows were archived first');
select is((select content_sha256 from audit.archives where partition_name = 'audit_logs_2019_01'),
  (select extensions.digest(convert_to(content, 'UTF8'), 'sha256') from audit.archives where partition_name = 'audit_logs_2019_01'),
  'with the hash of the archived content');
select is((select count(*)::integer from public.audit_logs where action = 'audit.retention'
           and metadata ->> 'partition' = 'audit_logs_2019_01'), 1, 'the removal is itself audited');
select is((select ok from audit.verify((select lo from before), (select hi from before))), true,
  'archived rows are excused, the rest still verifies');

select * from finish();
rollback;
