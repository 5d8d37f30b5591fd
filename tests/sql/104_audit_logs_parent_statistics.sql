-- The partitioned audit trail gets statistics of its own every night (autovacuum never analyzes a
-- partitioned table), so a project plans list reads and exports as the benchmarks measured them.
begin;
create extension if not exists pgtap;
select plan(3);

select is((select schedule from cron.job where jobname = 'audit-logs-statistics'), '55 1 * * *',
  'the statistics job runs nightly');
select is((select command from cron.job where jobname = 'audit-logs-statistics'), 'analyze public.audit_logs',
  'it analyzes the partitioned table itself');

select audit.write_events(jsonb_build_array(
  jsonb_build_object('organization_id', gen_random_uuid(), 'action', 'protocol.view', 'resource', 'stats-a',
    'outcome', 'success', 'user_id', gen_random_uuid(), 'session_id', 'stats-session'),
  jsonb_build_object('organization_id', gen_random_uuid(), 'action', 'protocol.view', 'resource', 'stats-b',
    'outcome', 'success')));
delete from pg_statistic where starelid = 'public.audit_logs'::regclass;
-- Setup, not a test: what follows proves the job's work only if the parent starts with no statistics.
do $$ begin
  if exists (select 1 from pg_stats where schemaname = 'public' and tablename = 'audit_logs' and inherited) then
    raise exception 'setup: the parent still has statistics of its own';
  end if;
end $$;

do $$ begin execute (select command from cron.job where jobname = 'audit-logs-statistics'); end $$;
select ok(exists (select 1 from pg_stats where schemaname = 'public' and tablename = 'audit_logs'
  and attname = 'actor_pseudonym' and inherited), 'after it, the planner has the whole trail''s pseudonyms');

select * from finish();
rollback;
