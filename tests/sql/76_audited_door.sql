-- One audited door to audit data. Over the Data API a caller is `anon` or `authenticated` (PostgREST's
-- authenticator can become only those and service_role): none of them reads the audit trail, the PHI-access
-- log or the AI trail (112), nor anon or authenticated another person's user row; the views and functions
-- over them are not in an exposed schema. `audit_reader` — the role audit-query takes for reads that write their own audit
-- event — reads them, still under the caller's claims and RLS. (11, 15, 16, 17, 60 prove the rows each
-- role sees behind the door.)
begin;
create extension if not exists pgtap;
select plan(17);

insert into public.organizations (id, name) values ('a7600000-0000-4000-8000-00000000000a', 'Door org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a7600000-0000-4000-8000-000000000001', 'door-admin@example.test',
   '{"role":"admin","organization_id":"a7600000-0000-4000-8000-00000000000a"}'),
  ('a7600000-0000-4000-8000-000000000002', 'door-medic@example.test',
   '{"role":"paramedic","organization_id":"a7600000-0000-4000-8000-00000000000a"}');
select audit.write_events($$[{"action":"dosing.calculate","resource":"door-test","outcome":"success",
  "organization_id":"a7600000-0000-4000-8000-00000000000a"}]$$);

select ok(not pg_has_role('authenticator', 'audit_reader', 'member'), 'no JWT can select audit_reader');
select ok(not pg_has_role('authenticated', 'audit_reader', 'member'), 'nor can a signed-in caller switch to it');

-- An organization admin, as the Data API would run them.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7600000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a7600000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from public.audit_logs', '42501', null, 'an admin over the Data API reads no audit trail');
select throws_ok('select count(*) from public.phi_access_audit_log', '42501', null, 'no PHI-access log');
select throws_ok('select count(*) from public.ai_audit_trails', '42501', null, 'no AI trail');
select throws_ok('select count(*) from audit.audit_log_entries', '42501', null, 'nor the views behind the door');
select throws_ok('select * from audit.get_failed_auth_attempts(1)', '42501', null, 'nor their functions');
select is((select array_agg(email) from public.users), array['door-admin@example.test'],
  'and of the user directory only their own row');
reset role;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok('select count(*) from public.audit_logs', '42501', null, 'a guest reads no audit trail');
reset role;

-- The same admin through the door.
set local role audit_reader;
set local request.jwt.claims to '{"sub":"a7600000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a7600000-0000-4000-8000-00000000000a"}}';
select is((select count(*)::int from public.audit_logs where resource = 'door-test'), 1, 'the door reads the organization''s trail');
select is((select count(*)::int from audit.audit_log_entries where resource = 'door-test'), 1, 'and its view');
select is((select count(*)::int from public.users where organization_id = 'a7600000-0000-4000-8000-00000000000a'), 2,
  'and the organization''s user directory');
reset role;

-- A paramedic through the door still sees what RLS gives a paramedic.
set local role audit_reader;
set local request.jwt.claims to '{"sub":"a7600000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"a7600000-0000-4000-8000-00000000000a"}}';
select is((select count(*)::int from public.audit_logs where resource = 'door-test'), 0, 'the door is no way around RLS');
select is((select count(*)::int from public.users), 1, 'a paramedic''s directory is their own row');
reset role;

-- Nothing over audit data is left in the exposed schema.
select is((select count(*)::int from pg_class c where c.relnamespace = 'public'::regnamespace
  and c.relname in ('audit_log_entries', 'ai_audit_trail_entries', 'monthly_phi_access_summary')), 0,
  'the audit views left public');
select is((select count(*)::int from pg_proc p where p.pronamespace = 'public'::regnamespace
  and p.proname in ('get_user_audit_trail', 'get_failed_auth_attempts', 'get_audit_summary', 'get_audit_daily_stats',
    'verify_audit_trail', 'get_ai_cost_daily', 'get_ai_cost_analytics')), 0, 'and so did their functions');
select ok(not has_table_privilege('service_role', 'public.audit_logs', 'select'),
  'nor does the service role''s key read it over the Data API (112)');

select * from finish();
rollback;
