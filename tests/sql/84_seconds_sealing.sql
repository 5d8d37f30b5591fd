-- audit-seal runs every 10 seconds where pg_cron schedules in seconds (1.5+, Supabase) and every minute
-- with an older pg_cron (the local stack's Debian 1.4): chosen from the installed version.
begin;
create extension if not exists pgtap;
select plan(6);

select is(app.audit_seal_schedule('1.4.2'), '* * * * *', 'pg_cron 1.4: every minute');
select is(app.audit_seal_schedule('1.5.0'), '10 seconds', 'pg_cron 1.5: every 10 seconds');
select is(app.audit_seal_schedule('1.6.4'), '10 seconds', 'pg_cron 1.6 (Supabase): every 10 seconds');
select is(app.audit_seal_schedule('2.0'), '10 seconds', 'a later major version: seconds too');
select is(
  (select schedule from cron.job where jobname = 'audit-seal'),
  app.audit_seal_schedule((select extversion from pg_extension where extname = 'pg_cron')),
  'the installed pg_cron''s schedule is the one in use'
);
select is(
  (select command from cron.job where jobname = 'audit-seal'),
  'select audit.seal()',
  'the job still seals'
);

select * from finish();
rollback;
