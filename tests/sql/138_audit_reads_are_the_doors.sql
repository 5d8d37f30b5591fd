-- Reading the audit trail is the audited doors' (20261206030000): the six routines that read or reveal it
-- execute for audit_reader (the door's role, taken only by the door's login medic_audit) and the operator, and
-- for no request role. Role by role, each as its own login (SET ROLE checks the session user's memberships),
-- with what an injected statement can forge: the claims of a real admin of the subject's organization at aal2.
-- The reviewer's probes (review19 H1, H2) are the refused statements below.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.organizations (id, name) values ('b1380000-0000-4000-8000-0000000000b0', 'Door org 138');
insert into auth.users (id, email, raw_app_meta_data) values
  ('b1380000-0000-4000-8000-0000000000c1', 'medic@t138.test',
   '{"role":"paramedic","organization_id":"b1380000-0000-4000-8000-0000000000b0"}'),
  ('b1380000-0000-4000-8000-0000000000a1', 'admin@t138.test',
   '{"role":"admin","organization_id":"b1380000-0000-4000-8000-0000000000b0"}');
select audit.write_events($$[{"action":"dosing.calculate","resource":"door-138","outcome":"success",
  "organization_id":"b1380000-0000-4000-8000-0000000000b0","user_id":"b1380000-0000-4000-8000-0000000000c1",
  "ip_address":"198.51.100.138"}]$$);

create temp table door138 (fn regprocedure primary key);
insert into door138 values ('gdpr.subject_records(uuid)'), ('gdpr.export_plan(uuid,text)'),
  ('gdpr.subject_scope(uuid,text,boolean)'), ('audit.reveal(uuid)'), ('audit.reveal_many(uuid[])'),
  ('audit.pseudonym_of(text,text,uuid)');
create temp table fixture138 as select audit.pseudonym_of('user', 'b1380000-0000-4000-8000-0000000000c1') as p_user,
  (select l.ip_pseudonym from public.audit_logs l where l.resource = 'door-138') as p_ip;
grant select on door138, fixture138 to public;

-- The catalog: who executes them.
select is(array(select fn::text from door138 where has_function_privilege('audit_reader', fn, 'execute') order by 1),
  array(select fn::text from door138 order by 1), 'audit_reader executes each of the six');
select is(array(select fn::text || ' ' || r from door138, unnest(array['public', 'anon', 'authenticated', 'medic_server',
    'medic_job_writer', 'medic_edge', 'medic_jobs']) r where has_function_privilege(r, fn, 'execute') order by 1),
  '{}'::text[], 'no request role, server role, jobs'' role, functions'' login or PUBLIC executes any');
select ok((select bool_and(has_function_privilege('service_role', fn, 'execute')) from door138),
  'the operator (service_role) still executes them');

-- As medic_edge (every function's request path) as authenticated, with a real admin's claims forged.
set local session authorization medic_edge;
set local role authenticated;
select set_config('request.jwt.claims', '{"role":"authenticated","sub":"b1380000-0000-4000-8000-0000000000a1",'
  || '"aal":"aal2","app_metadata":{"role":"admin","organization_id":"b1380000-0000-4000-8000-0000000000b0"}}', true);
select throws_ok($$select count(*) from gdpr.subject_records('b1380000-0000-4000-8000-0000000000c1')$$, '42501', null,
  'as medic_edge: the subject''s records (their audit events among them) are not readable');
select throws_ok($$select gdpr.export_plan('b1380000-0000-4000-8000-0000000000c1', repeat('0', 64))$$, '42501', null,
  'nor the export''s plan (the counts and the subject''s audit pseudonym)');
select throws_ok($$select gdpr.subject_scope('b1380000-0000-4000-8000-0000000000c1', 'gdpr.export.any')$$, '42501',
  null, 'nor the subject''s scope (their audit pseudonyms)');
select throws_ok($$select audit.reveal((select p_ip from fixture138))$$, '42501', null, 'nor reveal');
select throws_ok($$select count(*) from audit.reveal_many((select array[p_user, p_ip] from fixture138))$$, '42501', null,
  'nor reveal_many');
select throws_ok($$select audit.pseudonym_of('ip', '198.51.100.138', (select p_user from fixture138))$$, '42501', null,
  'nor pseudonym_of, the oracle for a user''s addresses');
reset role;
set local role anon;
select throws_ok($$select audit.pseudonym_of('user', 'b1380000-0000-4000-8000-0000000000c1')$$, '42501', null,
  'as medic_edge as anon: not pseudonym_of either');
reset role;
reset session authorization;

-- As medic_audit (the door's login) as audit_reader, the same claims: the export's and the reveal's reads.
set local session authorization medic_audit;
set local role audit_reader;
select set_config('request.jwt.claims', '{"role":"authenticated","sub":"b1380000-0000-4000-8000-0000000000a1",'
  || '"aal":"aal2","app_metadata":{"role":"admin","organization_id":"b1380000-0000-4000-8000-0000000000b0"}}', true);
select is((select data ->> 'ipAddress' from gdpr.subject_records('b1380000-0000-4000-8000-0000000000c1')
    where category = 'audit_events' and data ->> 'resource' = 'door-138'), '198.51.100.138',
  'as medic_audit as audit_reader: the admin''s export reads the subject''s audit event');
select is((select gdpr.export_plan('b1380000-0000-4000-8000-0000000000c1', repeat('0', 64)) ->> 'scope'),
  'organization', 'and plans it within the organization');
select is(audit.reveal((select p_ip from fixture138)), '198.51.100.138', 'reveal gives the address');
select is((select value from audit.reveal_many((select array[p_user] from fixture138))),
  'b1380000-0000-4000-8000-0000000000c1', 'reveal_many the user');
select is(audit.pseudonym_of('user', 'b1380000-0000-4000-8000-0000000000c1'), (select p_user from fixture138),
  'pseudonym_of the user''s pseudonym');
reset role;
select throws_ok($$select count(*) from gdpr.subject_records('b1380000-0000-4000-8000-0000000000c1')$$, '42501', null,
  'medic_audit on its own (no role taken, a statement sent outside the door''s transaction): refused');
reset session authorization;

select * from finish();
rollback;
