-- reveal_many, failed auth grouped by address, and verify_audit_trail's role rule.
begin;
create extension if not exists pgtap;
select plan(7);

insert into public.organizations (id, name) values ('dddddddd-0000-4000-8000-00000000000d', 'Oversight org');
-- One address, probing as two different users (each pair maps to its own pseudonym) and anonymously.
select audit.write_events($$[
  {"action":"auth.unauthorized","resource":"oversight","outcome":"failure","ip_address":"192.0.2.99","user_id":"a1a1a1a1-0000-4000-8000-0000000000a1","organization_id":"dddddddd-0000-4000-8000-00000000000d"},
  {"action":"auth.unauthorized","resource":"oversight","outcome":"failure","ip_address":"192.0.2.99","user_id":"b2b2b2b2-0000-4000-8000-0000000000b2","organization_id":"dddddddd-0000-4000-8000-00000000000d"},
  {"action":"auth.failure","resource":"oversight","outcome":"failure","ip_address":"192.0.2.99","organization_id":"dddddddd-0000-4000-8000-00000000000d"}
]$$);

set local role audit_reader; -- the audited door (76)
set local request.jwt.claims to '{"sub":"c3c3c3c3-0000-4000-8000-0000000000c3","role":"authenticated","app_metadata":{"role":"admin","organization_id":"dddddddd-0000-4000-8000-00000000000d"}}';
select is((select count(*)::integer from audit.get_failed_auth_attempts(1) where ip_address = '192.0.2.99'), 1,
  'one address is one row, whatever identities it used');
select is((select attempts::integer from audit.get_failed_auth_attempts(1) where ip_address = '192.0.2.99'), 3, 'with all its attempts');
select is((select distinct_users::integer from audit.get_failed_auth_attempts(1) where ip_address = '192.0.2.99'), 2,
  'and the number of identities tried');
select is((select count(*)::integer from audit.reveal_many(array(select ip_pseudonym from public.audit_logs where resource = 'oversight'))), 3,
  'reveal_many resolves each pseudonym for an admin');
select ok((select ok from audit.verify_audit_trail()), 'an admin may verify the trail');

set local request.jwt.claims to '{"sub":"c3c3c3c3-0000-4000-8000-0000000000c3","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"dddddddd-0000-4000-8000-00000000000d"}}';
select throws_ok('select * from audit.verify_audit_trail()', '42501', null, 'a medical director may not');
set local request.jwt.claims to '{"sub":"c3c3c3c3-0000-4000-8000-0000000000c3","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is((select count(*)::integer from audit.reveal_many(array(select gen_random_uuid()))), 0, 'reveal_many gives a paramedic nothing');
reset role;

select * from finish();
rollback;
