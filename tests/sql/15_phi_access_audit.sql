-- The generic PHI access trigger: INSERT, UPDATE and DELETE (reading OLD) are logged with the actor from
-- the JWT, ip and user agent from request.headers, the table, record id and patient id (pseudonymised).
begin;
create extension if not exists pgtap;
select plan(10);

create table public.phi_trigger_probe (
  id uuid primary key default gen_random_uuid(),
  subject_id text not null,
  organization_id uuid,
  note text
);
grant select, insert, update, delete on public.phi_trigger_probe to authenticated;
create trigger phi_trigger_probe_access after insert or update or delete on public.phi_trigger_probe
  for each row execute function audit.log_phi_access('subject_id');

set local role authenticated;
set local request.jwt.claims to '{"sub":"99999999-0000-4000-8000-000000000009","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"00000000-0000-4000-8000-000000000001"}}';
set local request.headers to '{"x-forwarded-for":"198.18.0.9, 203.0.113.5","user-agent":"RigTablet/2"}';
insert into public.phi_trigger_probe (id, subject_id, organization_id)
  values ('a0000000-0000-4000-8000-0000000000aa', 'patient-42', '00000000-0000-4000-8000-000000000001');
update public.phi_trigger_probe set note = 'x' where id = 'a0000000-0000-4000-8000-0000000000aa';
delete from public.phi_trigger_probe where id = 'a0000000-0000-4000-8000-0000000000aa';
select throws_ok('select count(*) from public.phi_access_audit_log', '42501', null,
  'a paramedic cannot read the PHI access log');
reset role;
set local role audit_reader;
select is((select count(*)::integer from public.phi_access_audit_log), 0, 'not even through the audited door');
reset role;

create temp view logged as
  select * from public.phi_access_audit_log where table_name = 'public.phi_trigger_probe' order by id;

select is((select array_agg(operation) from logged), array['INSERT', 'UPDATE', 'DELETE'], 'all three operations logged');
select is((select count(distinct record_id)::integer from logged where record_id = 'a0000000-0000-4000-8000-0000000000aa'), 1,
  'the record id is taken from the row (OLD for DELETE)');
select is((select count(*)::integer from logged where patient_pseudonym = audit.pseudonym_of('patient', 'patient-42')), 3,
  'the patient id column named in the trigger argument is logged as a pseudonym');
select is((select count(*)::integer from logged where actor_pseudonym = audit.pseudonym_of('user', '99999999-0000-4000-8000-000000000009')), 3,
  'the actor comes from the JWT claims');
select is((select count(*)::integer from logged where ip_pseudonym = audit.pseudonym_of('ip', '203.0.113.5',
  audit.pseudonym_of('user', '99999999-0000-4000-8000-000000000009'))), 3, 'the client ip is the address the gateway appended (last), not what the client sent');
select is((select distinct actor_role from logged), 'authenticated/paramedic', 'the roles are recorded');

set local role audit_reader; -- the audited door (76)
set local request.jwt.claims to '{"sub":"12121212-0000-4000-8000-000000000012","role":"authenticated","app_metadata":{"role":"admin","organization_id":"00000000-0000-4000-8000-000000000001"}}';
select is((select count(*)::integer from public.phi_access_audit_log where table_name = 'public.phi_trigger_probe'), 3,
  'an admin of the organization reads the log');
select is((select sum(accesses)::integer from audit.monthly_phi_access_summary where table_name = 'public.phi_trigger_probe'), 3,
  'and the monthly summary');
reset role;

select * from finish();
rollback;
