-- The project's pg_cron jobs, by name; flush-metrics is called through net.http_post with the URL and
-- the cron secret read from Vault, exactly as Supabase documents it.
begin;
create extension if not exists pgtap;
select plan(5);

select ok((select count(*) = 4 from cron.job where jobname in ('flush-metrics-hourly', 'daily-cleanup', 'end-stale-sessions',
  'audit-seal')), 'flush-metrics-hourly, daily-cleanup and end-stale-sessions are scheduled next to the audit jobs');
select results_eq($$select schedule from cron.job where jobname in ('flush-metrics-hourly', 'daily-cleanup', 'end-stale-sessions') order by jobname$$,
  $$values ('45 3 * * *'::text), ('*/5 * * * *'), ('2 * * * *')$$, 'hourly, daily and every five minutes');
select ok((select command ~ 'vault\.decrypted_secrets where name = ''project_url''' and command ~ 'name = ''cron_secret'''
                  and command ~ 'net\.http_post' from cron.job where jobname = 'flush-metrics-hourly'),
  'the flush job reads its URL and secret from vault.decrypted_secrets');

-- Run the job's command: it enqueues one POST with the secret as a Bearer token.
select vault.create_secret('http://127.0.0.1:1', 'project_url') where not exists (select 1 from vault.secrets where name = 'project_url');
select vault.create_secret('test-cron-secret-000000', 'cron_secret') where not exists (select 1 from vault.secrets where name = 'cron_secret');
create temp table before as select coalesce(max(id), 0) as id from net.http_request_queue;
do $$ begin execute (select command from cron.job where jobname = 'flush-metrics-hourly'); end $$;
select results_eq($$select url, headers ->> 'Authorization' from net.http_request_queue where id > (select id from before)$$,
  $$select (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/flush-metrics',
           'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')$$,
  'one POST to <project_url>/functions/v1/flush-metrics with the Vault secret');
select is((select count(*)::integer from cron.job where jobname = 'audit-stats-refresh'), 0,
  'audit_stats is refreshed by daily-cleanup, not by a job of its own');

select * from finish();
rollback;
