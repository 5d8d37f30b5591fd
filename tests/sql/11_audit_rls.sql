-- Who reads audit rows through the audited door (audit_reader, the role audit-query takes): admins and
-- medical directors (app_metadata) of the row's organization; nobody else — not a paramedic, not a guest,
-- not a user who wrote "admin" into their own user_metadata. (76 proves the door itself.)
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.organizations (id, name) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'RLS org A'),
  ('bbbbbbbb-0000-4000-8000-00000000000b', 'RLS org B');

select audit.write_events($$[
  {"action":"dosing.calculate","resource":"rls-test","outcome":"success","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a","user_id":"11111111-0000-4000-8000-000000000001","ip_address":"192.0.2.10"},
  {"action":"dosing.calculate","resource":"rls-test","outcome":"success","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"},
  {"action":"protocol.search","resource":"rls-test","outcome":"success","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}
]$$);

create function pg_temp.visible() returns bigint language sql as
  $$ select count(*) from public.audit_logs where resource = 'rls-test' $$;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok('select pg_temp.visible()', '42501', null, 'anon may not even ask');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"22222222-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}';
select is(pg_temp.visible(), 0::bigint, 'a paramedic reads nothing, even in their organization');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"22222222-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"emt","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"},"user_metadata":{"role":"admin"}}';
select is(pg_temp.visible(), 0::bigint, 'user_metadata.role = admin grants nothing');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"33333333-0000-4000-8000-000000000003","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}';
select is(pg_temp.visible(), 2::bigint, 'an admin reads their organization''s rows');
select is((select count(*) from public.audit_logs where organization_id = 'bbbbbbbb-0000-4000-8000-00000000000b'), 0::bigint,
  'an admin never reads another organization''s rows');
select is((select user_id from audit.audit_log_entries where resource = 'rls-test' and user_id is not null),
  '11111111-0000-4000-8000-000000000001'::uuid, 'an admin sees the original user id');
select is((select ip_address from audit.audit_log_entries where resource = 'rls-test' and ip_address is not null),
  '192.0.2.10'::inet, 'an admin sees the original ip address');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"44444444-0000-4000-8000-000000000004","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}}';
select is(pg_temp.visible(), 1::bigint, 'a medical director reads their organization''s rows');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"55555555-0000-4000-8000-000000000005","role":"authenticated","app_metadata":{"role":"admin"}}';
select is(pg_temp.visible(), 0::bigint, 'an admin without an organization reads nothing');
reset role;

set local role service_role;
select throws_ok('select pg_temp.visible()', '42501', null,
  'service_role reads no row: its key over the Data API is no audited door (112)');
reset role;

select * from finish();
rollback;
