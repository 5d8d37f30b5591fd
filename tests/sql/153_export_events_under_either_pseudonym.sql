-- An export finds the events about its subject under either of the subject's pseudonyms (20261206200000,
-- review L1). A gdpr.export event names its subject as the export plan does: the user pseudonym when there
-- is one, else the patient pseudonym; in scope patient the patient pseudonym (20261206220000), which the
-- earlier events of that scope, filed under the user pseudonym, do not change.
--   U  a paramedic of B whom A's crew treated: A's patient-scope export lists A's earlier export of them
--      (filed under their user pseudonym) and A's events under their patient pseudonym, never B's; B's
--      export of its member lists B's alone; their own export all of them, once, and not their own events.
--   Q  a patient of A alone, exported by A before they had an account (filed under the patient pseudonym),
--      beside a job's event about them without an actor; then A's member: A's export and their own still
--      list both, and never an event whose subject_pseudonym is null.
-- Before 20261206200000, 3, 4, 6, 10 and 11 failed (3 and 4 are the review's case); before 20261206220000, 2.
begin;
create extension if not exists pgtap;
select plan(12);

insert into public.organizations (id, name) values
  ('a1530000-0000-4000-8000-0000000000a0', 'Org A (t153)'), ('a1530000-0000-4000-8000-0000000000b0', 'Org B (t153)');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1530000-0000-4000-8000-0000000000a1', 'admin-a@t153.test',
   '{"role":"admin","organization_id":"a1530000-0000-4000-8000-0000000000a0"}'),
  ('a1530000-0000-4000-8000-0000000000a2', 'medic-a@t153.test',
   '{"role":"paramedic","organization_id":"a1530000-0000-4000-8000-0000000000a0"}'),
  ('a1530000-0000-4000-8000-0000000000b1', 'admin-b@t153.test',
   '{"role":"admin","organization_id":"a1530000-0000-4000-8000-0000000000b0"}'),
  ('a1530000-0000-4000-8000-0000000000e1', 'subject-u@t153.test',
   '{"role":"paramedic","organization_id":"a1530000-0000-4000-8000-0000000000b0"}');

create function pg_temp.as_user(id text, role text, org text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', 'aal2',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;
create function pg_temp.admin_a() returns void language sql as
  $$ select pg_temp.as_user('a1530000-0000-4000-8000-0000000000a1', 'admin', 'a1530000-0000-4000-8000-0000000000a0') $$;
-- The export's reads, as the audited door takes them (audit_reader), then the caller again.
create function pg_temp.plan(p_subject uuid) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  set local role audit_reader;
  answer := gdpr.export_plan(p_subject, encode(extensions.digest(p_subject::text, 'sha256'), 'hex'));
  set local role authenticated;
  return answer;
end $$;
create function pg_temp.about(p_subject uuid) returns table (action text, organization_id uuid, actor text)
language plpgsql as $$
begin
  set local role audit_reader;
  return query select r.data ->> 'action', r.organization_id, r.third_parties ->> 'actor'
    from gdpr.subject_records(p_subject) r where r.category = 'audit_events_about'
    order by (r.data ->> 'seq')::bigint;
  set local role authenticated;
end $$;
-- An event as the writer takes it from a function (the owner's connection, no caller's claims).
create function pg_temp.event(p_action text, p_org text, p_actor text, p_about text) returns void
language plpgsql as $$
begin
  perform set_config('request.jwt.claims', '', true);
  perform audit.write_events(jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
    'action', p_action, 'resource', 'data_subject', 'outcome', 'success', 'organization_id', p_org,
    'user_id', p_actor, 'metadata', jsonb_build_object('subject_pseudonym', p_about)))));
end $$;
grant execute on all functions in schema pg_temp to public;

-- A PHI table of a later issue with the access trigger: A's medic writes the records of U and Q.
create temp table notes (id integer, patient_id text, organization_id uuid);
create trigger notes_phi after insert or update on notes
  for each row execute function audit.log_phi_access('patient_id');
select pg_temp.as_user('a1530000-0000-4000-8000-0000000000a2', 'paramedic', 'a1530000-0000-4000-8000-0000000000a0');
reset role;
insert into notes values
  (1, 'a1530000-0000-4000-8000-0000000000e1', 'a1530000-0000-4000-8000-0000000000a0'),
  (2, 'a1530000-0000-4000-8000-0000000000f1', 'a1530000-0000-4000-8000-0000000000a0');
-- U's own request in B (the audit trail knows their user pseudonym), and each admin's.
select pg_temp.event('dosing.calculate', 'a1530000-0000-4000-8000-0000000000b0',
  'a1530000-0000-4000-8000-0000000000e1', null);
select pg_temp.event('dosing.calculate', 'a1530000-0000-4000-8000-0000000000a0',
  'a1530000-0000-4000-8000-0000000000a1', null);
select pg_temp.event('dosing.calculate', 'a1530000-0000-4000-8000-0000000000b0',
  'a1530000-0000-4000-8000-0000000000b1', null);
create temp table ps as select
  audit.pseudonym_of('user', 'a1530000-0000-4000-8000-0000000000e1')::text as u_user,
  audit.pseudonym_of('patient', 'a1530000-0000-4000-8000-0000000000e1')::text as u_patient,
  audit.pseudonym_of('patient', 'a1530000-0000-4000-8000-0000000000f1')::text as q_patient,
  audit.pseudonym_of('user', 'a1530000-0000-4000-8000-0000000000a1')::text as admin_a,
  audit.pseudonym_of('user', 'a1530000-0000-4000-8000-0000000000b1')::text as admin_b;
grant select on ps to public;
create temp table plans (subject text, plan jsonb);
grant all on plans to public;

-- U. A exports them (scope patient); its gdpr.export event names them as the plan does.
select pg_temp.admin_a();
insert into plans select 'u', pg_temp.plan('a1530000-0000-4000-8000-0000000000e1');
reset role;
select is((select plan ->> 'scope' from plans where subject = 'u'), 'patient',
  'A''s admin exports B''s paramedic whom A treated with scope patient');
select is((select plan ->> 'subjectPseudonym' from plans where subject = 'u'), (select u_patient from ps),
  'and names them by the patient pseudonym its own records know, never their user pseudonym (20261206220000)');
-- A's earlier export, made before 20261206220000, when the plan named them by their user pseudonym.
select pg_temp.event('gdpr.export', 'a1530000-0000-4000-8000-0000000000a0', 'a1530000-0000-4000-8000-0000000000a1',
  (select u_user from ps));
-- A's event under their patient pseudonym, B's admin reading their trail, and U's own event naming their
-- patient pseudonym (their own: never also one about them).
select pg_temp.event('audit.query', 'a1530000-0000-4000-8000-0000000000a0', 'a1530000-0000-4000-8000-0000000000a1',
  (select u_patient from ps));
select pg_temp.event('audit.query', 'a1530000-0000-4000-8000-0000000000b0', 'a1530000-0000-4000-8000-0000000000b1',
  (select u_user from ps));
select pg_temp.event('gdpr.export', 'a1530000-0000-4000-8000-0000000000b0', 'a1530000-0000-4000-8000-0000000000e1',
  (select u_patient from ps));

select pg_temp.admin_a();
select results_eq($$select * from pg_temp.about('a1530000-0000-4000-8000-0000000000e1')$$,
  $$select * from (values
    ('gdpr.export', 'a1530000-0000-4000-8000-0000000000a0'::uuid, (select admin_a from ps)),
    ('audit.query', 'a1530000-0000-4000-8000-0000000000a0'::uuid, (select admin_a from ps))) v$$,
  'A''s next patient-scope export lists A''s earlier export of them (under their user pseudonym) and A''s event '
  'under their patient pseudonym; nothing of B''s');
select is(pg_temp.plan('a1530000-0000-4000-8000-0000000000e1') -> 'counts' -> 'audit_events_about', '2'::jsonb,
  'and its plan counts both, as the audit event must say');
select pg_temp.as_user('a1530000-0000-4000-8000-0000000000b1', 'admin', 'a1530000-0000-4000-8000-0000000000b0');
select results_eq($$select * from pg_temp.about('a1530000-0000-4000-8000-0000000000e1')$$,
  $$select * from (values
    ('role.change', 'a1530000-0000-4000-8000-0000000000b0'::uuid, null),
    ('audit.query', 'a1530000-0000-4000-8000-0000000000b0'::uuid, (select admin_b from ps))) v$$,
  'B''s export of its member: B''s events about them alone (their account''s role.change, B''s read), none of A''s');
select pg_temp.as_user('a1530000-0000-4000-8000-0000000000e1', 'paramedic', 'a1530000-0000-4000-8000-0000000000b0');
select results_eq($$select * from pg_temp.about('a1530000-0000-4000-8000-0000000000e1')$$,
  $$select * from (values
    ('role.change', 'a1530000-0000-4000-8000-0000000000b0'::uuid, null),
    ('gdpr.export', 'a1530000-0000-4000-8000-0000000000a0'::uuid, (select admin_a from ps)),
    ('audit.query', 'a1530000-0000-4000-8000-0000000000a0'::uuid, (select admin_a from ps)),
    ('audit.query', 'a1530000-0000-4000-8000-0000000000b0'::uuid, (select admin_b from ps))) v$$,
  'their own export: every event about them under either pseudonym, once, and not their own');

-- Q, a patient of A alone and without an account: A's export (scope organization) names the patient
-- pseudonym; a job's event about them has no actor.
select pg_temp.admin_a();
insert into plans select 'q', pg_temp.plan('a1530000-0000-4000-8000-0000000000f1');
reset role;
select is((select plan ->> 'subjectPseudonym' from plans where subject = 'q'), (select q_patient from ps),
  'a patient without an account: the export plan names them by their patient pseudonym');
select pg_temp.event('gdpr.export', 'a1530000-0000-4000-8000-0000000000a0', 'a1530000-0000-4000-8000-0000000000a1',
  (select plan ->> 'subjectPseudonym' from plans where subject = 'q'));
select pg_temp.event('audit.verify', 'a1530000-0000-4000-8000-0000000000a0', null, (select q_patient from ps));
-- and an export whose plan named no one (a subject the audit trail never saw): about no one of these
select audit.write_events('[{"action": "gdpr.export", "resource": "data_subject", "outcome": "success",
  "organization_id": "a1530000-0000-4000-8000-0000000000a0", "user_id": "a1530000-0000-4000-8000-0000000000a1",
  "metadata": {"subject_pseudonym": null}}]');
select pg_temp.admin_a();
select results_eq($$select action, actor from pg_temp.about('a1530000-0000-4000-8000-0000000000f1')$$,
  $$select * from (values ('gdpr.export', (select admin_a from ps)), ('audit.verify', null)) v$$,
  'A''s next export lists its export of them and the event without an actor (they have no user pseudonym)');

-- Q joins A and makes a request: the audit trail now knows their user pseudonym too.
reset role;
select set_config('request.jwt.claims', '', true);
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1530000-0000-4000-8000-0000000000f1', 'subject-q@t153.test',
   '{"role":"paramedic","organization_id":"a1530000-0000-4000-8000-0000000000a0"}');
select pg_temp.event('dosing.calculate', 'a1530000-0000-4000-8000-0000000000a0',
  'a1530000-0000-4000-8000-0000000000f1', null);
select isnt(audit.pseudonym_of('user', 'a1530000-0000-4000-8000-0000000000f1'), null, 'Q is a user now');
select pg_temp.admin_a();
select results_eq($$select action, actor from pg_temp.about('a1530000-0000-4000-8000-0000000000f1')$$,
  $$select * from (values ('gdpr.export', (select admin_a from ps)), ('audit.verify', null), ('role.change', null)) v$$,
  'A''s export of its member still lists both, filed under their patient pseudonym (beside their account''s role.change)');
select pg_temp.as_user('a1530000-0000-4000-8000-0000000000f1', 'paramedic', 'a1530000-0000-4000-8000-0000000000a0');
select results_eq($$select action, actor from pg_temp.about('a1530000-0000-4000-8000-0000000000f1')$$,
  $$select * from (values ('gdpr.export', (select admin_a from ps)), ('audit.verify', null), ('role.change', null)) v$$,
  'and so does their own');

-- Someone the audit trail never knew, as the platform operator exports them: no events about them, not
-- the ones that name no one.
reset role;
select set_config('request.jwt.claims', '', true);
select is((select count(*)::int from gdpr.subject_records('a1530000-0000-4000-8000-00000000dead') r
    where r.category = 'audit_events_about'), 0,
  'a subject with neither pseudonym: no events about them (not those whose subject_pseudonym is null)');

select * from finish();
rollback;
