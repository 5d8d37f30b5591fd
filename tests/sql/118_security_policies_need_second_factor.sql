-- An organization's security settings over the Data API need a second factor, as its role grants do
-- (20261205093100): an admin signed in with a password alone (aal1) could switch off or loosen the
-- organization's security_policies rows with one PATCH /rest/v1/security_policies. Every write by an
-- admin now needs the JWT's `aal` to be aal2; reading does not; the platform operator (service role) is
-- no JWT user and writes as before.
--
-- public.users is not such a table: since the audited door (20261202000600) anyone signed in, an admin
-- too, updates only their own row (users_update_own), and role and organization come from app_metadata
-- whatever is sent (app.guard_user_row). A member keeps editing their own profile at aal1.
begin;
create extension if not exists pgtap;
select plan(13);

insert into public.organizations (id, name) values ('a1180000-0000-4000-8000-0000000000c0', 'Policies org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1180000-0000-4000-8000-0000000000c1', 'admin@t118.test',
   '{"role":"admin","organization_id":"a1180000-0000-4000-8000-0000000000c0"}'),
  ('a1180000-0000-4000-8000-0000000000c2', 'medic@t118.test',
   '{"role":"paramedic","organization_id":"a1180000-0000-4000-8000-0000000000c0"}');
insert into public.security_policies (organization_id, name, category)
  values ('a1180000-0000-4000-8000-0000000000c0', 't118-sessions', 'session');

create function pg_temp.as_user(id text, role text, aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', aal,
    'app_metadata', json_build_object('role', role, 'organization_id', 'a1180000-0000-4000-8000-0000000000c0'))::text,
    true);
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
select pg_temp.as_user('a1180000-0000-4000-8000-0000000000c1', 'admin', 'aal1');
select is((select count(*)::int from public.security_policies where name = 't118-sessions'), 1,
  'an aal1 admin reads the organization''s policies');
select throws_ok($$insert into public.security_policies (organization_id, name, category)
  values ('a1180000-0000-4000-8000-0000000000c0', 't118-new', 'session')$$, '42501', null,
  'but adds none');
select is(pg_temp.affected($$update public.security_policies set enabled = false where name = 't118-sessions'$$), 0,
  'switches none off');
select is(pg_temp.affected($$delete from public.security_policies where name = 't118-sessions'$$), 0,
  'deletes none');
reset role;
select is((select enabled from public.security_policies where name = 't118-sessions'), true, 'the policy stands');

-- With a second factor.
select pg_temp.as_user('a1180000-0000-4000-8000-0000000000c1', 'admin', 'aal2');
select lives_ok($$insert into public.security_policies (organization_id, name, category)
  values ('a1180000-0000-4000-8000-0000000000c0', 't118-new', 'session')$$, 'an aal2 admin adds a policy');
select is(pg_temp.affected($$update public.security_policies set enabled = false where name = 't118-sessions'$$), 1,
  'changes one');
select is(pg_temp.affected($$delete from public.security_policies where name = 't118-new'$$), 1, 'deletes one');
-- Another member's user row is out of reach at any factor.
select is(pg_temp.affected($$update public.users set full_name = 'Renamed', department = 'Elsewhere'
  where id = 'a1180000-0000-4000-8000-0000000000c2'$$), 0, 'an admin changes no member''s user row, aal2 or not');
reset role;

-- A member's own profile at aal1 (and a token without aal, as before MFA).
select pg_temp.as_user('a1180000-0000-4000-8000-0000000000c2', 'paramedic', 'aal1');
select is(pg_temp.affected($$update public.users set full_name = 'Own name', station = 'Station 9'
  where id = 'a1180000-0000-4000-8000-0000000000c2'$$), 1, 'a medic edits their own profile at aal1');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1180000-0000-4000-8000-0000000000c1","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1180000-0000-4000-8000-0000000000c0"}}';
select is(pg_temp.affected($$update public.users set badge_number = 'B-118'
  where id = 'a1180000-0000-4000-8000-0000000000c1'$$), 1, 'an admin their own, without aal');
select is(pg_temp.affected($$update public.security_policies set enabled = false where name = 't118-sessions'$$), 0,
  'but no policy: a token without aal proves no second factor');
reset role;

-- The operator.
set local role service_role;
select is(pg_temp.affected($$update public.security_policies set enabled = true where name = 't118-sessions'$$), 1,
  'the service role writes as before');
reset role;

select * from finish();
rollback;
