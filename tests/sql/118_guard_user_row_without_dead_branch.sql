-- app.guard_user_row keeps badge number and department for admins when a signed-in user updates a user
-- row. Its check also compared deleted_at, email and last_login_at, which no request role may update since
-- 20261205092200 took deleted_at back (email and last_login_at were never granted): Postgres refuses such
-- an update before any trigger runs, so those comparisons could never decide anything. The definition
-- without them behaves the same, case by case below.
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.organizations (id, name) values ('a1180000-0000-4000-8000-0000000000e0', 'Guard org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1180000-0000-4000-8000-0000000000e1', 'admin@t118g.test', '{"role":"admin","organization_id":"a1180000-0000-4000-8000-0000000000e0"}'),
  ('a1180000-0000-4000-8000-0000000000e2', 'medic@t118g.test', '{"role":"paramedic","organization_id":"a1180000-0000-4000-8000-0000000000e0"}');

-- What the removal rests on.
select is(array(select c from unnest(array['deleted_at', 'email', 'last_login_at']) c
                where has_column_privilege('authenticated', 'public.users', c, 'update')),
  '{}'::text[], 'a signed-in user may update none of deleted_at, email and last_login_at');
select ok(pg_get_functiondef('app.guard_user_row()'::regprocedure) !~ '(deleted_at|email|last_login_at)',
  'so the guard compares none of them');

-- A medic: own profile yes, badge and department no.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1180000-0000-4000-8000-0000000000e2","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"a1180000-0000-4000-8000-0000000000e0"}}';
select lives_ok($$update public.users set full_name = 'Morgan Medic', station = 'Station 3' where id = auth.uid()$$,
  'a medic edits their name and station');
select throws_ok($$update public.users set badge_number = 'M-1' where id = auth.uid()$$, '42501', null,
  'not their badge number');
select throws_ok($$update public.users set department = 'Fire' where id = auth.uid()$$, '42501', null,
  'nor their department');
select throws_ok($$update public.users set deleted_at = now() where id = auth.uid()$$, '42501', null,
  'deleted_at is refused by privilege, before the trigger');
reset role;

-- An admin: their own badge and department.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1180000-0000-4000-8000-0000000000e1","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1180000-0000-4000-8000-0000000000e0"}}';
select lives_ok($$update public.users set badge_number = 'A-1', department = 'EMS' where id = auth.uid()$$,
  'an admin sets their own badge number and department');
reset role;

-- Role and organization still come from app_metadata, whoever writes.
set local role service_role;
update public.users set role = 'admin', badge_number = 'M-2' where id = 'a1180000-0000-4000-8000-0000000000e2';
reset role;
select results_eq($$select role::text, badge_number from public.users where id = 'a1180000-0000-4000-8000-0000000000e2'$$,
  $$values ('paramedic', 'M-2')$$, 'the service role sets a badge; the role stays app_metadata''s');
select is((select full_name from public.users where id = 'a1180000-0000-4000-8000-0000000000e2'), 'Morgan Medic',
  'the medic''s own edit stands');
select is((select badge_number from public.users where id = 'a1180000-0000-4000-8000-0000000000e1'), 'A-1',
  'and the admin''s');

select * from finish();
rollback;
