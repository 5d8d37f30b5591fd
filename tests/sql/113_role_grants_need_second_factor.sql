-- Granting a power needs a second factor over the Data API too (review finding 13). The functions refuse
-- another person's export, reveal and erasure to a sign-in without one (aal1: 403 MFA_REQUIRED), but an
-- aal1 admin could give gdpr.export.any or gdpr.reveal to every member of their organization through
-- /rest/v1/organization_role — a stolen password was enough. Every write of organization_role by an
-- organization's admin now needs the JWT's `aal` to be aal2, as Supabase Auth issues it after an MFA
-- challenge; reading the rows does not, and the platform operator (service role) is not a JWT user.
begin;
create extension if not exists pgtap;
select plan(14);

insert into public.organizations (id, name) values ('a1130000-0000-4000-8000-00000000000a', 'Grants org');
insert into public.organization_role (organization_id, name, permissions)
  values ('a1130000-0000-4000-8000-00000000000a', 'auditor', '{audit.verify}');

create function pg_temp.as_admin(aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', 'a1130000-0000-4000-8000-000000000001',
    'role', 'authenticated', 'aal', aal, 'app_metadata', json_build_object('role', 'admin',
      'organization_id', 'a1130000-0000-4000-8000-00000000000a'))::text, true);
end $$;

-- Rows a statement changed (data-modifying statements cannot be subqueries).
create function pg_temp.affected(statement text) returns integer language plpgsql as $$
declare
  n integer;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $$;

-- Password only.
select pg_temp.as_admin('aal1');
select throws_ok($$insert into public.organization_role (organization_id, name, permissions)
  values ('a1130000-0000-4000-8000-00000000000a', 'paramedic', '{gdpr.export.any,gdpr.reveal}')$$, '42501', null,
  'an aal1 admin cannot give the organization''s paramedics export and reveal');
select is(pg_temp.affected($$update public.organization_role set permissions = '{gdpr.export.any,gdpr.reveal}'
  where organization_id = 'a1130000-0000-4000-8000-00000000000a'$$), 0,
  'nor widen an existing role');
select is(pg_temp.affected($$delete from public.organization_role
  where organization_id = 'a1130000-0000-4000-8000-00000000000a'$$), 0,
  'nor delete one (the defaults would come back)');
select is((select count(*)::int from public.organization_role where organization_id = 'a1130000-0000-4000-8000-00000000000a'),
  1, 'but reads the organization''s roles');
reset role;
select is((select permissions from public.organization_role where name = 'auditor'
  and organization_id = 'a1130000-0000-4000-8000-00000000000a'), '{audit.verify}'::text[], 'the role is as it was');

-- A token without `aal` (an older or hand-made one) is not a second factor either.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1130000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1130000-0000-4000-8000-00000000000a"}}';
select throws_ok($$insert into public.organization_role (organization_id, name, permissions)
  values ('a1130000-0000-4000-8000-00000000000a', 'paramedic', '{gdpr.reveal}')$$, '42501', null,
  'no aal claim is no second factor');
reset role;

-- With a second factor.
select pg_temp.as_admin('aal2');
select lives_ok($$insert into public.organization_role (organization_id, name, permissions)
  values ('a1130000-0000-4000-8000-00000000000a', 'privacy', '{gdpr.export.any}')$$,
  'an aal2 admin adds a role to their organization');
select is(pg_temp.affected($$update public.organization_role set permissions = '{audit.verify,gdpr.reveal}'
  where organization_id = 'a1130000-0000-4000-8000-00000000000a' and name = 'auditor'$$), 1,
  'changes one');
select is(pg_temp.affected($$delete from public.organization_role
  where organization_id = 'a1130000-0000-4000-8000-00000000000a' and name = 'privacy'$$), 1,
  'and deletes one');
select throws_ok($$insert into public.organization_role (organization_id, name)
  values (null, 'platform_x')$$, '42501', null, 'still only inside their organization');
reset role;

-- A medic with a second factor still holds no roles.manage.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1130000-0000-4000-8000-000000000002","role":"authenticated","aal":"aal2","app_metadata":{"role":"paramedic","organization_id":"a1130000-0000-4000-8000-00000000000a"}}';
select throws_ok($$insert into public.organization_role (organization_id, name)
  values ('a1130000-0000-4000-8000-00000000000a', 'sneaky')$$, '42501', null, 'a paramedic with aal2 adds no role');
reset role;

-- The platform operator is no JWT user: the service role writes as before.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select lives_ok($$update public.organization_role set description = 'Checked by the operator.'
  where organization_id = 'a1130000-0000-4000-8000-00000000000a' and name = 'auditor'$$, 'the service role writes');
reset role;
select is((select description from public.organization_role where name = 'auditor'
  and organization_id = 'a1130000-0000-4000-8000-00000000000a'), 'Checked by the operator.', 'and its write holds');

-- The rule is the policies', for every write command.
select is((select count(*)::int from pg_policies where schemaname = 'public' and tablename = 'organization_role'
  and cmd in ('INSERT', 'UPDATE', 'DELETE') and coalesce(with_check, qual) like '%app.has_second_factor()%'), 3,
  'insert, update and delete each ask for the second factor');

select * from finish();
rollback;
