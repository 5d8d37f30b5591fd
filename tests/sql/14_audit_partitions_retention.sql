-- Monthly partitions stay six months ahead; retention removes only whole months past the retention
-- period, archives them first, audits the removal, and leaves audit.verify passing.
begin;
create extension if not exists pgtap;
select plan(5);

select ok((select count(*) from audit.partition_months()
           where range_from between date_trunc('month', now()) and date_trunc('month', now()) + interval '6 months') = 7,
  'audit_logs has this month and the next six');
select ok((select count(*) from audit.partition_months('phi_access_audit_log')
           where range_from >= date_trunc('month', now())) >= 7, 'so has the PHI access log');
select has_table('audit', 'audit_logs_default', 'a default partition catches strays');

select set_eq($$select jobname from cron.job where jobname like 'audit-%' or jobname like 'phi-%'$$,
  array['audit-seal', 'audit-anchor', 'audit-partitions-ahead', 'audit-retention', 'audit-logs-statistics',
    'phi-access-partitions-ahead'],
  'the audit jobs are scheduled under clear names (audit_stats is refreshed by daily-cleanup)');

-- Removing old months (archive, drop, audit, verify) is retention policy's job: 73_audit_retention_policy.sql.
select hasnt_function('audit', 'apply_retention', array['timestamp with time zone'],
  'only one way removes audit rows: audit.apply_retention_policy');

select * from finish();
rollback;
