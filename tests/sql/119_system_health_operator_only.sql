-- public.system_health is the platform's: the database's figures (connections, size, the largest tables,
-- the longest query's kind and who runs it, pg_cron failures), Redis, the model and the audit writer, for
-- every agency at once. It was readable by every organization's admin (system_health_admin_read). It is now
-- the platform operator's alone: the service role, which flush-metrics writes it as, and the owner's
-- definer functions (the database-health rule, retention). No function route reads it for an end user.
begin;
create extension if not exists pgtap;
select plan(7);

insert into public.system_health (component, status, error) values ('database', 'degraded', 't119');

set local role authenticated;
set local request.jwt.claims to '{"sub":"a1190000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a1190000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from public.system_health', '42501', null,
  'an organization''s admin reads no platform health, aal2 or not');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1190000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"a1190000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from public.system_health', '42501', null, 'nor a medical director');
reset role;
set local role anon;
select throws_ok('select count(*) from public.system_health', '42501', null, 'nor a guest');
reset role;
select ok(not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'system_health'
    and 'authenticated' = any (roles)),
  'no policy admits a signed-in user should a grant come back');

-- The operator: flush-metrics records the checks as the service role; the operator reads them.
set local role service_role;
select lives_ok($$insert into public.system_health (component, status, error) values ('redis', 'healthy', 't119')$$,
  'the service role records a check (flush-metrics)');
select is((select count(*)::int from public.system_health where error = 't119'), 2, 'and reads them');
reset role;
-- The database-health rule reads the newest row as the owner (a definer function).
select lives_ok('select * from public.evaluate_database_health_rules()', 'the database-health rule still runs');

select * from finish();
rollback;
