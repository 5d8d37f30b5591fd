-- An organization admin's security writes over the Data API need a second factor (20261205114200):
-- with a password alone (aal1) an admin reads the organization's vulnerability scans and alerts but
-- adds, rewrites or deletes no scan and acknowledges or resolves no alert; with aal2 they do, as before.
-- The platform operator (service role) is no JWT user and resolves without one.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.organizations (id, name) values ('a1220000-0000-4000-8000-0000000000a0', 'Scans org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1220000-0000-4000-8000-0000000000a1', 'admin@t122.test',
   '{"role":"admin","organization_id":"a1220000-0000-4000-8000-0000000000a0"}');
insert into public.vulnerability_scans (organization_id, scanner, target)
  values ('a1220000-0000-4000-8000-0000000000a0', 't122', 'api');
create temp table t122_alerts as
  select id, dedup_key from public.alerts where false;
grant select on t122_alerts to authenticated, service_role;
with a as (
  insert into public.alerts (organization_id, severity, type, title, source, dedup_key) values
    ('a1220000-0000-4000-8000-0000000000a0', 'HIGH', 'SECURITY', 'burst of failed sign-ins', 't122', 't122-ack'),
    ('a1220000-0000-4000-8000-0000000000a0', 'HIGH', 'SECURITY', 'burst of failed sign-ins', 't122', 't122-resolve'),
    ('a1220000-0000-4000-8000-0000000000a0', 'HIGH', 'SECURITY', 'burst of failed sign-ins', 't122', 't122-operator')
  returning id, dedup_key)
insert into t122_alerts select id, dedup_key from a;

create function pg_temp.as_admin(aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', 'a1220000-0000-4000-8000-0000000000a1',
    'role', 'authenticated', 'aal', aal, 'app_metadata', json_build_object('role', 'admin',
      'organization_id', 'a1220000-0000-4000-8000-0000000000a0'))::text, true);
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
select is((select count(*)::int from public.vulnerability_scans where scanner = 't122'), 1,
  'an aal1 admin reads the organization''s scans');
select throws_ok($$insert into public.vulnerability_scans (organization_id, scanner, target)
  values ('a1220000-0000-4000-8000-0000000000a0', 't122', 'web')$$, '42501', null, 'but records none');
select is(pg_temp.affected($$update public.vulnerability_scans set status = 'failed' where scanner = 't122'$$), 0,
  'rewrites none');
select is(pg_temp.affected($$delete from public.vulnerability_scans where scanner = 't122'$$), 0, 'deletes none');
select is((select count(*)::int from public.alerts where source = 't122'), 3,
  'reads the organization''s alerts');
select throws_ok($$select public.acknowledge_alert((select id from t122_alerts where dedup_key = 't122-ack'), 'mine')$$,
  '42501', 'acknowledging an alert needs a sign-in with a second factor (aal2)', 'acknowledges none');
select throws_ok($$select public.resolve_alert((select id from t122_alerts where dedup_key = 't122-resolve'), 'fine')$$,
  '42501', 'resolving an alert needs a sign-in with a second factor (aal2)', 'resolves none');
reset role;
select is((select count(*)::int from public.vulnerability_scans where scanner = 't122' and status is distinct from 'failed'),
  1, 'the scan record stands');
select is((select count(*)::int from public.alerts where source = 't122' and acknowledged_at is null
    and resolved_at is null), 3, 'every alert is still open and unacknowledged');

-- With a second factor, as before.
select pg_temp.as_admin('aal2');
select lives_ok($$insert into public.vulnerability_scans (organization_id, scanner, target)
  values ('a1220000-0000-4000-8000-0000000000a0', 't122', 'web')$$, 'an aal2 admin records a scan');
select is(pg_temp.affected($$update public.vulnerability_scans set status = 'failed' where scanner = 't122'$$), 2,
  'updates the organization''s scans');
select is((select status from public.acknowledge_alert((select id from t122_alerts where dedup_key = 't122-ack'),
  'looking into it')), 'acknowledged', 'acknowledges an alert');
select is((select status from public.resolve_alert((select id from t122_alerts where dedup_key = 't122-resolve'),
  'false alarm')), 'resolved', 'resolves one');
select is(pg_temp.affected($$delete from public.vulnerability_scans where scanner = 't122'$$), 2,
  'and deletes scan records');
reset role;

-- The platform operator: no JWT user, no second factor asked.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is((select status from public.resolve_alert((select id from t122_alerts where dedup_key = 't122-operator'),
  'handled')), 'resolved', 'the service role resolves without a second factor');
reset role;
select is((select count(*)::int from public.audit_logs where action in ('alert.acknowledge', 'alert.resolve')
    and metadata ->> 'source' = 't122'), 3, 'each acknowledgement and resolution is audited; the refusals wrote nothing');

select * from finish();
rollback;
