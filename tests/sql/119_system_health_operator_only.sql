-- public.system_health is the platform's: the database's figures (connections, size, the largest tables,
-- the longest query's kind and who runs it, pg_cron failures), Redis, the model and the audit writer, for
-- every agency at once. It was readable by every organization's admin (system_health_admin_read). It is now
-- the platform operator's alone: flush-metrics inserts the checks as medic_job_writer (20261205120000; as
-- medic_server from 20261205110000), which reads none; the owner's definer functions (the database-health rule, retention) read them; the operator
-- reads as the service role or the owner. No function route reads it for an end user.
begin;
create extension if not exists pgtap;
select plan(13);

insert into public.system_health (component, status, error) values ('database', 'degraded', 't119');

set local role authenticated;
set local request.jwt.claims to '{"sub":"a1190000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a1190000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from public.system_health', '42501', null,
  'an organization''s admin reads no platform health, aal2 or not');
select throws_ok($$insert into public.system_health (component, status, error) values ('redis', 'healthy', 't119-fake')$$,
  '42501', null, 'nor records a check of their own');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1190000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"a1190000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from public.system_health', '42501', null, 'nor a medical director');
reset role;
set local role anon;
select throws_ok('select count(*) from public.system_health', '42501', null, 'nor a guest');
reset role;
-- The revoke itself (20261205111200): no privilege of any kind is left to the Data API's roles.
select is(array(select r || ':' || p from unnest(array['anon', 'authenticated']) r,
    unnest(array['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']) p
    where has_table_privilege(r, 'public.system_health', p)), '{}'::text[],
  'anon and authenticated hold no privilege on it');
-- A policy to public applies to anon and authenticated too.
select is(array(select policyname::text from pg_policies where schemaname = 'public' and tablename = 'system_health'
    and roles && '{authenticated,anon,public}'::name[]), '{}'::text[],
  'no policy admits anon, authenticated or public should a grant come back');

-- The writer: flush-metrics records the checks as medic_job_writer, and reads none back. The table is held
-- until the rollback: a flush-metrics run on the shared stack (pg_cron, minute 2) would otherwise commit a
-- newer database row that the rule and the count below would read instead of ours.
lock table public.system_health in exclusive mode;
delete from public.system_health where component = 'database' and error is distinct from 't119';
set local role medic_job_writer;
set local request.jwt.claims to '{"role":"service_role"}';
select lives_ok($$insert into public.system_health (component, status, details)
    values ('database', 'degraded', '{"connections": {"ratio": 0.9, "used": 180, "max": 200}}')$$,
  'medic_job_writer records a check (flush-metrics)');
select throws_ok('select count(*) from public.system_health', '42501', null, 'but reads none');
-- The database-health rule, as flush-metrics calls it: the owner's definer function reads the row
-- medic_job_writer could not.
select is((select string_agg(rule, ',') from public.evaluate_database_health_rules() where rule = 'db_connections'),
  'db_connections', 'the database-health rule, called as medic_job_writer, reads the recorded row and raises its breach');
reset role;

-- The operator reads as the service role, and may still record a check by hand.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select lives_ok($$insert into public.system_health (component, status, error) values ('redis', 'healthy', 't119')$$,
  'the service role records a check');
select is((select count(*)::int from public.system_health where error = 't119'), 2, 'and reads them');
select is((select count(*)::int from public.system_health where details ? 'connections'
    and checked_at > now() - interval '1 minute'), 1, 'medic_job_writer''s row among them');
reset role;
select is(obj_description('public.system_health'::regclass, 'pg_class') like '%as medic_job_writer%', true,
  'the table''s comment names the writer as it is (20261205120000)');

select * from finish();
rollback;
