-- An erased subject's sessions and records, whoever erased them (20261206160000, 20261206160100):
-- touch_sessions names a session it no longer holds as revoked (the functions then end it in Redis) and
-- leaves live ones alone; the operator's erasure of a privileged subject lists them under their
-- organization, which then gets alreadyErased and 410 (another organization still learns nothing); an
-- erased subject's own token gets 410 from the export instead of an empty one.
begin;
create extension if not exists pgtap;
select plan(11);

insert into public.organizations (id, name) values
  ('a1490000-0000-4000-8000-0000000000a0', 'Erased sessions org A'),
  ('a1490000-0000-4000-8000-0000000000b0', 'Erased sessions org B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1490000-0000-4000-8000-0000000000a1', 'admin-a@t149.test',
   '{"role":"admin","organization_id":"a1490000-0000-4000-8000-0000000000a0"}'),
  ('a1490000-0000-4000-8000-0000000000b1', 'admin-b@t149.test',
   '{"role":"admin","organization_id":"a1490000-0000-4000-8000-0000000000b0"}'),
  ('a1490000-0000-4000-8000-0000000000d1', 'director@t149.test',
   '{"role":"medical_director","organization_id":"a1490000-0000-4000-8000-0000000000a0"}'),
  ('a1490000-0000-4000-8000-0000000000c1', 'medic@t149.test',
   '{"role":"paramedic","organization_id":"a1490000-0000-4000-8000-0000000000a0"}');

create function pg_temp.as_user(id text, role text, org text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', 'aal2',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;

-- The director and a coworker each have a live session.
select status from public.check_session('a1490000-0000-4000-8000-00000000e0d1',
  'a1490000-0000-4000-8000-0000000000d1', 'a1490000-0000-4000-8000-0000000000a0', 'medical_director');
select status from public.check_session('a1490000-0000-4000-8000-00000000e0c1',
  'a1490000-0000-4000-8000-0000000000c1', 'a1490000-0000-4000-8000-0000000000a0', 'paramedic');

-- The platform operator erases the director in SQL, as the README's steps do: no Redis is told.
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
create temp table erased as select gdpr.erase_subject('a1490000-0000-4000-8000-0000000000d1', repeat('d', 64),
  'no_longer_necessary', 'OPS-149', 'erased-tokentokentoken149', '{"metadata": {"operator": "ops-149"}}') as s;
reset role;
select is((select s ->> 'alreadyErased' from erased), 'false', 'the operator erased the privileged subject');

-- What the functions' next write of last activity learns.
create temp table touched as select * from public.touch_sessions(jsonb_build_array(
  jsonb_build_object('session_id', 'a1490000-0000-4000-8000-00000000e0d1', 'at', now()),
  jsonb_build_object('session_id', 'a1490000-0000-4000-8000-00000000e0c1', 'at', now())));
select results_eq($$select session_id::text, end_reason from touched$$,
  $$values ('a1490000-0000-4000-8000-00000000e0d1', 'revoked')$$,
  'a session Postgres no longer holds (erased) is named revoked; the live one is not named');
select is((select ended_at from public.user_sessions where session_id = 'a1490000-0000-4000-8000-00000000e0c1'),
  null, 'the live session stays live');
select is((select count(*)::int from public.user_sessions where session_id = 'a1490000-0000-4000-8000-00000000e0d1'),
  0, 'and no row is made for the erased one');
select is((select status || '/' || reason from public.check_session('a1490000-0000-4000-8000-00000000e0d1',
    'a1490000-0000-4000-8000-0000000000d1', 'a1490000-0000-4000-8000-0000000000a0', 'medical_director')),
  'ended/revoked', 'and check_session (Redis forgot it) refuses it too, as before');

-- The subject's organization learns of the erasure; another organization does not.
select is((select organization_id from gdpr.erased_subjects where subject_hash = repeat('d', 64)),
  'a1490000-0000-4000-8000-0000000000a0'::uuid, 'the operator''s erasure is listed under the subject''s organization');
select pg_temp.as_user('a1490000-0000-4000-8000-0000000000a1', 'admin', 'a1490000-0000-4000-8000-0000000000a0');
create temp table again as select gdpr.erase_subject('a1490000-0000-4000-8000-0000000000d1', repeat('d', 64),
  'consent_withdrawn', 'DSR-149', 'erased-tokentokentoken149') as s;
reset role;
select is((select s ->> 'alreadyErased' from again), 'true', 'organization A''s erasure answers alreadyErased');
select pg_temp.as_user('a1490000-0000-4000-8000-0000000000a1', 'admin', 'a1490000-0000-4000-8000-0000000000a0');
set local role audit_reader;
select throws_ok($$select gdpr.export_plan('a1490000-0000-4000-8000-0000000000d1', repeat('d', 64))$$,
  'P0002', 'this data subject was erased', 'organization A''s export of them: erased (410)');
reset role;
select pg_temp.as_user('a1490000-0000-4000-8000-0000000000b1', 'admin', 'a1490000-0000-4000-8000-0000000000b0');
set local role audit_reader;
select throws_ok($$select gdpr.export_plan('a1490000-0000-4000-8000-0000000000d1', repeat('d', 64))$$,
  'P0002', 'no such data subject in your organization', 'organization B learns nothing (404)');
reset role;

-- The erased director's own token (issued before; a token without session_id meets no session check).
select pg_temp.as_user('a1490000-0000-4000-8000-0000000000d1', 'medical_director', 'a1490000-0000-4000-8000-0000000000a0');
set local role audit_reader;
select throws_ok($$select gdpr.export_plan('a1490000-0000-4000-8000-0000000000d1', repeat('d', 64))$$,
  'P0002', 'this data subject was erased', 'their own export: erased (410), not an empty one');
reset role;
select pg_temp.as_user('a1490000-0000-4000-8000-0000000000c1', 'paramedic', 'a1490000-0000-4000-8000-0000000000a0');
set local role audit_reader;
select is((select gdpr.export_plan('a1490000-0000-4000-8000-0000000000c1', repeat('c', 64)) ->> 'scope'), 'self',
  'a subject not erased exports their own as before');
reset role;

select * from finish();
rollback;
