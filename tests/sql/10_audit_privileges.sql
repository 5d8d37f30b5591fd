-- Append-only, role by role: no API role holds UPDATE, DELETE or TRUNCATE on an audit table, none may
-- INSERT except through audit.write_events, and the triggers refuse changes even to the owner.
begin;
create extension if not exists pgtap;
select plan(31);

-- Table privileges per role (SELECT only where RLS then decides).
select table_privs_are('public', 'audit_logs', 'anon', array[]::text[], 'anon has no privilege on audit_logs');
select table_privs_are('public', 'audit_logs', 'authenticated', array[]::text[], 'authenticated has no privilege on audit_logs (the Data API reads none)');
select table_privs_are('public', 'audit_logs', 'audit_reader', array['SELECT'], 'audit_reader (the audited door) may only SELECT audit_logs');
select table_privs_are('public', 'audit_logs', 'service_role', array[]::text[],
  'service_role has no privilege on audit_logs: it writes through audit.write_events, reads through no door (112)');
select table_privs_are('public', 'phi_access_audit_log', 'anon', array[]::text[], 'anon has no privilege on phi_access_audit_log');
select table_privs_are('public', 'phi_access_audit_log', 'authenticated', array[]::text[], 'authenticated has no privilege on phi_access_audit_log (the Data API reads none)');
select table_privs_are('public', 'phi_access_audit_log', 'audit_reader', array['SELECT'], 'audit_reader (the audited door) may only SELECT phi_access_audit_log');
select table_privs_are('public', 'phi_access_audit_log', 'service_role', array[]::text[],
  'service_role has no privilege on phi_access_audit_log');
select table_privs_are('audit', 'seals', 'service_role', array[]::text[], 'service_role has no privilege on audit.seals');
select table_privs_are('audit', 'pseudonym_mapping', 'service_role', array[]::text[], 'service_role has no privilege on the pseudonym mapping');
select table_privs_are('audit', 'pseudonym_mapping', 'authenticated', array[]::text[], 'authenticated has no privilege on the pseudonym mapping');

-- One row to aim at.
select audit.write_events('[{"action":"dosing.list","resource":"formulary","outcome":"success"}]');

-- Each API role, each statement.
set local role anon;
select throws_ok($$insert into public.audit_logs (seq, event_id, "timestamp", action, resource, outcome, created_at, row_hash)
  values (0, gen_random_uuid(), now(), 'dosing.list', 'x', 'success', now(), '\x')$$, '42501', null, 'anon cannot INSERT');
select throws_ok('update public.audit_logs set resource = $$x$$', '42501', null, 'anon cannot UPDATE');
select throws_ok('delete from public.audit_logs', '42501', null, 'anon cannot DELETE');
select throws_ok('truncate public.audit_logs', '42501', null, 'anon cannot TRUNCATE');
select throws_ok($$select audit.write_events('[]')$$, '42501', null, 'anon cannot call the writer');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub":"6f1c0b52-3a8e-4f55-9d6b-3f1f4a1e7c02","role":"authenticated","app_metadata":{"role":"admin"}}';
select throws_ok($$insert into public.audit_logs (seq, event_id, "timestamp", action, resource, outcome, created_at, row_hash)
  values (0, gen_random_uuid(), now(), 'dosing.list', 'x', 'success', now(), '\x')$$, '42501', null, 'authenticated (even an admin) cannot INSERT');
select throws_ok('update public.audit_logs set resource = $$x$$', '42501', null, 'authenticated cannot UPDATE');
select throws_ok('delete from public.audit_logs', '42501', null, 'authenticated cannot DELETE');
select throws_ok('truncate public.audit_logs', '42501', null, 'authenticated cannot TRUNCATE');
select throws_ok($$select audit.write_events('[]')$$, '42501', null, 'authenticated cannot call the writer');
reset role;

set local role service_role;
select throws_ok('update public.audit_logs set resource = $$x$$', '42501', null, 'service_role cannot UPDATE');
select throws_ok('delete from public.audit_logs', '42501', null, 'service_role cannot DELETE');
select throws_ok('truncate public.audit_logs', '42501', null, 'service_role cannot TRUNCATE');
select is(audit.write_events('[{"action":"dosing.list","resource":"formulary","outcome":"success"}]'), 1,
  'service_role writes through audit.write_events');
reset role;

-- The owner (here a superuser) is stopped by the triggers.
select throws_ok('update public.audit_logs set resource = $$x$$', '42501', null, 'the owner cannot UPDATE (trigger)');
select throws_ok('delete from public.audit_logs', '42501', null, 'the owner cannot DELETE (trigger)');
select throws_ok('truncate public.audit_logs', '42501', null, 'the owner cannot TRUNCATE (trigger)');
select ok(audit.seal() >= 0, 'the sealer runs');
select throws_ok('update audit.seals set row_count = 0', '42501', null, 'seals cannot be updated');
select throws_ok('truncate public.phi_access_audit_log', '42501', null, 'the PHI access log cannot be truncated');

select * from finish();
rollback;
