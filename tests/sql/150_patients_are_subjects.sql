-- A patient is a data subject of the organization whose PHI-access log names them (20261206170000), role
-- by role:
--   P1  a patient without an account, accessed in A only: A's admin exports them (scope organization) and
--       erases them (no account to delete; the patient linkage goes; then 410); B's admin gets 404 for both;
--       a paramedic of A 403; the operator everything; the export's plan names them by patient pseudonym.
--   P2  a patient accessed in A and in B: each admin exports only their own organization's accesses (scope
--       patient); neither may erase them (409 shared: the operator decides).
--   U   a paramedic of B whom A's crew treated: A's admin exports A's accesses to them (scope patient) and
--       nothing of B's account; erasing them is refused (409 shared); B's admin has them as before, but may
--       not erase them either (20261206180000: A's log carries their patient pseudonym).
begin;
create extension if not exists pgtap;
select plan(23);

insert into public.organizations (id, name) values
  ('a1500000-0000-4000-8000-0000000000a0', 'Org A (t150)'), ('a1500000-0000-4000-8000-0000000000b0', 'Org B (t150)');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1500000-0000-4000-8000-0000000000a1', 'admin-a@t150.test',
   '{"role":"admin","organization_id":"a1500000-0000-4000-8000-0000000000a0"}'),
  ('a1500000-0000-4000-8000-0000000000a2', 'medic-a@t150.test',
   '{"role":"paramedic","organization_id":"a1500000-0000-4000-8000-0000000000a0"}'),
  ('a1500000-0000-4000-8000-0000000000b1', 'admin-b@t150.test',
   '{"role":"admin","organization_id":"a1500000-0000-4000-8000-0000000000b0"}'),
  ('a1500000-0000-4000-8000-0000000000b2', 'medic-b@t150.test',
   '{"role":"paramedic","organization_id":"a1500000-0000-4000-8000-0000000000b0"}');

create function pg_temp.as_user(id text, role text, org text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', 'aal2',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;
create function pg_temp.admin_a() returns void language sql as
  $$ select pg_temp.as_user('a1500000-0000-4000-8000-0000000000a1', 'admin', 'a1500000-0000-4000-8000-0000000000a0') $$;
create function pg_temp.admin_b() returns void language sql as
  $$ select pg_temp.as_user('a1500000-0000-4000-8000-0000000000b1', 'admin', 'a1500000-0000-4000-8000-0000000000b0') $$;
grant execute on all functions in schema pg_temp to public;

-- A PHI table of a later issue with the access trigger; each medic writes the records of their organization.
create temp table notes (id integer, patient_id text, organization_id uuid);
create trigger notes_phi after insert or update on notes
  for each row execute function audit.log_phi_access('patient_id');
select pg_temp.as_user('a1500000-0000-4000-8000-0000000000a2', 'paramedic', 'a1500000-0000-4000-8000-0000000000a0');
reset role;
insert into notes values
  (1, 'a1500000-0000-4000-8000-0000000000f1', 'a1500000-0000-4000-8000-0000000000a0'),
  (2, 'a1500000-0000-4000-8000-0000000000f2', 'a1500000-0000-4000-8000-0000000000a0'),
  (3, 'a1500000-0000-4000-8000-0000000000b2', 'a1500000-0000-4000-8000-0000000000a0');
update notes set id = id where patient_id = 'a1500000-0000-4000-8000-0000000000f1';
select pg_temp.as_user('a1500000-0000-4000-8000-0000000000b2', 'paramedic', 'a1500000-0000-4000-8000-0000000000b0');
reset role;
insert into notes values (4, 'a1500000-0000-4000-8000-0000000000f2', 'a1500000-0000-4000-8000-0000000000b0');
select set_config('request.jwt.claims', '', true);
-- U's event of no organization (the export of an organization's subject carries those).
select audit.write_events('[{"action": "dosing.list", "resource": "t150", "outcome": "success",
  "user_id": "a1500000-0000-4000-8000-0000000000b2"}]');
create temp table p1 as select audit.pseudonym_of('patient', 'a1500000-0000-4000-8000-0000000000f1') as pp;
grant select on p1 to public;

-- The export's reads, as the audited door takes them (audit_reader, 20261206030000), then the caller again.
create function pg_temp.plan(p_subject uuid) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  set local role audit_reader;
  answer := gdpr.export_plan(p_subject, encode(extensions.digest(p_subject::text, 'sha256'), 'hex'));
  set local role authenticated;
  return answer;
end $$;
create function pg_temp.records(p_subject uuid) returns table (category text, organization_id uuid, data jsonb)
language plpgsql as $$
begin
  set local role audit_reader;
  return query select r.category, r.organization_id, r.data from gdpr.subject_records(p_subject) r;
  set local role authenticated;
end $$;
-- The subject hash stands in for the function's HMAC: what matters is that export and erasure agree.
create function pg_temp.erase(p_subject uuid) returns jsonb language sql as $$
  select gdpr.erase_subject(p_subject, encode(extensions.digest(p_subject::text, 'sha256'), 'hex'),
    'consent_withdrawn', 'T150', 'erased-t150-0123456789abcdef', '{}')
$$;
grant execute on all functions in schema pg_temp to public;

-- P1, a patient of A alone.
select pg_temp.admin_a();
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000f1') - 'subjectPseudonym',
  '{"scope": "organization", "counts": {"phi_access": 2}, "organizationId": "a1500000-0000-4000-8000-0000000000a0"}'::jsonb,
  'A''s admin finds a patient of A without an account: both accesses to their record');
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000f1') ->> 'subjectPseudonym',
  (select pp::text from p1),
  'the plan (and so the gdpr.export event) names them by their patient pseudonym');
select results_eq(
  $$select data ->> 'subjectRole', data ->> 'operation' from pg_temp.records('a1500000-0000-4000-8000-0000000000f1')
    order by 2$$,
  $$values ('patient', 'INSERT'), ('patient', 'UPDATE')$$,
  'the records are the accesses to them, as the patient');
select pg_temp.admin_b();
select throws_ok($$select pg_temp.plan('a1500000-0000-4000-8000-0000000000f1')$$, 'P0002', null,
  'B''s admin: 404, as for anyone unknown');
select throws_ok($$select pg_temp.erase('a1500000-0000-4000-8000-0000000000f1')$$, 'P0002', null,
  'nor may B erase them');
select pg_temp.as_user('a1500000-0000-4000-8000-0000000000a2', 'paramedic', 'a1500000-0000-4000-8000-0000000000a0');
select throws_ok($$select pg_temp.plan('a1500000-0000-4000-8000-0000000000f1')$$, '42501', null,
  'a paramedic of A holds no gdpr.export.any');
select throws_ok($$select pg_temp.erase('a1500000-0000-4000-8000-0000000000f1')$$, '42501', null,
  'nor gdpr.erase');
reset role;
select set_config('request.jwt.claims', '', true);
select is(gdpr.export_plan('a1500000-0000-4000-8000-0000000000f1', repeat('0', 64)) ->> 'scope', 'service',
  'the platform operator finds them too');

-- P2, accessed in A and in B.
select pg_temp.admin_a();
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000f2') - 'subjectPseudonym',
  '{"scope": "patient", "counts": {"phi_access": 1}, "organizationId": "a1500000-0000-4000-8000-0000000000a0"}'::jsonb,
  'a patient B accessed as well: A''s admin exports A''s access alone (scope patient)');
select is((select array_agg(distinct organization_id) from pg_temp.records('a1500000-0000-4000-8000-0000000000f2')),
  array['a1500000-0000-4000-8000-0000000000a0'::uuid], 'no record of B''s');
select throws_ok($$select pg_temp.erase('a1500000-0000-4000-8000-0000000000f2')$$, '55000',
  'other organizations hold records of this patient as well: their erasure is the platform operator''s decision',
  'erasing them would take B''s linkage too: 409, the operator decides');
select pg_temp.admin_b();
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000f2') - 'subjectPseudonym',
  '{"scope": "patient", "counts": {"phi_access": 1}, "organizationId": "a1500000-0000-4000-8000-0000000000b0"}'::jsonb,
  'and B''s admin B''s');

-- U, a paramedic of B whom A's crew treated.
select pg_temp.admin_a();
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000b2') - 'subjectPseudonym',
  '{"scope": "patient", "counts": {"phi_access": 1}, "organizationId": "a1500000-0000-4000-8000-0000000000a0"}'::jsonb,
  'a member of B whom A treated: A exports A''s access to them, nothing of their account (no profile, no events)');
select is((select array_agg(distinct category) from pg_temp.records('a1500000-0000-4000-8000-0000000000b2')),
  array['phi_access'], 'not even their events of no organization');
select throws_ok($$select pg_temp.erase('a1500000-0000-4000-8000-0000000000b2')$$, '55000', null,
  'and cannot erase B''s account');
select pg_temp.admin_b();
select is(pg_temp.plan('a1500000-0000-4000-8000-0000000000b2') ->> 'scope', 'organization',
  'B''s admin has their member as before');
select throws_ok($$select pg_temp.erase('a1500000-0000-4000-8000-0000000000b2')$$, '55000', null,
  'but erasing them would destroy the patient pseudonym A''s access log carries: 409, the operator decides (20261206180000)');
select ok(not exists (select 1 from pg_temp.records('a1500000-0000-4000-8000-0000000000b2')
    where category = 'phi_access' and organization_id = 'a1500000-0000-4000-8000-0000000000a0'),
  'without A''s records about them');

-- P1's erasure by A: no account to delete, the patient linkage goes, then 410.
select pg_temp.admin_a();
create temp table erased as select pg_temp.erase('a1500000-0000-4000-8000-0000000000f1') as summary;
select is((select summary -> 'linkage' from erased), '{"patient": 1}'::jsonb,
  'A erases their patient: the patient pseudonym''s mapping is destroyed');
select is((select summary -> 'kept' from erased), '{"ai_audit": 0, "phi_access": 2, "audit_events": 0}'::jsonb,
  'the accesses stay, countable');
select ok((select bool_and(v::bigint = 0) from erased, jsonb_each_text(summary -> 'deleted') d(k, v)),
  'no account or personal row of theirs existed to delete');
select throws_ok($$select pg_temp.plan('a1500000-0000-4000-8000-0000000000f1')$$, 'P0002',
  'this data subject was erased', 'afterwards the export says erased (410)');
reset role;
select is(audit.pseudonym_of('patient', 'a1500000-0000-4000-8000-0000000000f1'), null,
  'and nothing resolves to them');

select * from finish();
rollback;
