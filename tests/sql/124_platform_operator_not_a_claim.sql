-- The platform operator is a SQL role, not a claim (20261205115000): a caller who sets request.jwt.claims to
-- {"role":"service_role"} in its own transaction — as authenticated, as audit_reader, or as the functions'
-- login medic_edge in any role it can take — reveals, exports, erases and is permitted no more than the
-- claims' organization allows. The service role (the SQL role) and the owner's own session still are the
-- operator. Each caller's attempts run in pg_temp.attempts(): what each answered, or the SQLSTATE it raised.
begin;
create extension if not exists pgtap;
select plan(23);

insert into public.organizations (id, name) values
  ('a1240000-0000-4000-8000-0000000000a0', 'Claims org A'),
  ('b1240000-0000-4000-8000-0000000000b0', 'Claims org B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1240000-0000-4000-8000-0000000000c1', 'medic-a@t124.test',
   '{"role":"paramedic","organization_id":"a1240000-0000-4000-8000-0000000000a0"}'),
  ('b1240000-0000-4000-8000-0000000000c1', 'medic-b@t124.test',
   '{"role":"paramedic","organization_id":"b1240000-0000-4000-8000-0000000000b0"}'),
  ('b1240000-0000-4000-8000-0000000000a1', 'admin-b@t124.test',
   '{"role":"admin","organization_id":"b1240000-0000-4000-8000-0000000000b0"}');
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"claims-124","outcome":"success","organization_id":"a1240000-0000-4000-8000-0000000000a0",
   "user_id":"a1240000-0000-4000-8000-0000000000c1","ip_address":"198.51.100.124"},
  {"action":"dosing.calculate","resource":"claims-124","outcome":"success","organization_id":"b1240000-0000-4000-8000-0000000000b0",
   "user_id":"b1240000-0000-4000-8000-0000000000c1","ip_address":"203.0.113.124"}
]$$);
-- A subject B erased before: only B (and the operator) may learn so.
insert into gdpr.erased_subjects (subject_hash, organization_id)
  values (repeat('e', 64), 'b1240000-0000-4000-8000-0000000000b0');

create temp table fixture124 as select
  audit.pseudonym_of('user', 'a1240000-0000-4000-8000-0000000000c1') as p_a,
  audit.pseudonym_of('user', 'b1240000-0000-4000-8000-0000000000c1') as p_b;
grant select on fixture124 to public;
-- Only for this test (rolled back): the grant a later migration might make, so its own check is seen.
grant execute on function gdpr.erased_here(text) to authenticated, audit_reader, service_role;

-- Claims a caller forges: the bare service role's, and the service role's with an admin of A's metadata.
create temp table forged124 (name text primary key, claims jsonb);
insert into forged124 values
  ('bare', '{"role":"service_role"}'),
  ('as A', '{"role":"service_role","sub":"a1240000-0000-4000-8000-0000000000ad","aal":"aal2",
             "app_metadata":{"role":"admin","organization_id":"a1240000-0000-4000-8000-0000000000a0"}}');
grant select on forged124 to public;

-- Each attempt is its own dynamic statement, planned and permission-checked as the role of the moment (a
-- PL/pgSQL expression would keep the first caller's checked state for the rest of the transaction).
create function pg_temp.attempt(query text) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  execute format('select to_jsonb((%s))', query) into answer;
  return coalesce(answer, 'null');
exception when others then
  return to_jsonb(sqlstate);
end $$;
create function pg_temp.attempts() returns jsonb language sql as $$
  select jsonb_build_object(
    'reveal', pg_temp.attempt('audit.reveal((select p_b from fixture124))'),
    'reveal_many', pg_temp.attempt('select count(*) from audit.reveal_many((select array[p_a, p_b] from fixture124))'),
    'has_permission', pg_temp.attempt($q$app.has_permission('gdpr.erase')$q$),
    'export_plan', pg_temp.attempt($q$gdpr.export_plan('b1240000-0000-4000-8000-0000000000c1', repeat('b', 64)) ->> 'scope'$q$),
    'subject_records', pg_temp.attempt(
      $q$select count(*) > 0 from gdpr.subject_records('b1240000-0000-4000-8000-0000000000c1')$q$),
    'erased_here', pg_temp.attempt($q$gdpr.erased_here(repeat('e', 64))$q$),
    'verify_audit_trail', pg_temp.attempt('select count(*) from audit.verify_audit_trail(null, null)'))
$$;

-- An erasure: how many accounts it deleted, or the SQLSTATE it raised.
create function pg_temp.erasure(subject uuid) returns text language sql as $$
  select pg_temp.attempt(format($q$gdpr.erase_subject(%L, repeat('d', 64), 'consent_withdrawn', 'DSR-124',
    'erased-tokentokentoken124', '{"metadata": {"operator": "ops-124"}}') -> 'deleted' -> 'auth_users'$q$,
    subject)) #>> '{}'
$$;

-- Refused everything past the organization: no reveal, no permission, no subject, no erasure.
create temp table refused124 (answers jsonb);
insert into refused124 values ('{"reveal": null, "reveal_many": 0, "has_permission": false, "export_plan": "42501",
  "subject_records": "42501", "erased_here": false, "verify_audit_trail": "42501"}');
grant select on refused124 to public;

-- As authenticated (the Data API's or the functions' user transaction) with the forged claims: since
-- 20261206030000 the trail's readers (reveal, reveal_many, export_plan, subject_records) are the door's
-- audit_reader's alone, so they are not even executable.
set local role authenticated;
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'bare'), true);
select is(pg_temp.attempts(), (select answers || '{"reveal": "42501", "reveal_many": "42501"}' from refused124),
  'authenticated with forged service-role claims: refused everything beyond an anonymous caller');
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000c1'), '42501',
  'authenticated with forged service-role claims: erases no subject');
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'as A'), true);
select is(pg_temp.attempts(), (select answers || '{"reveal": "42501", "reveal_many": "42501"}' from refused124),
  'with an admin of A''s metadata besides: reveals nothing (the door''s alone), and is no operator');
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000c1'), '42501',
  'and erases no subject of B');
reset role;

-- As audit_reader (the audited door's role), which may verify the trail with the permission.
set local role audit_reader;
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'bare'), true);
select is(pg_temp.attempts(), (select answers from refused124),
  'audit_reader with forged service-role claims: refused, the trail''s verification too');
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000c1'), '42501', 'audit_reader: erases no subject');
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'as A'), true);
select is(pg_temp.attempts(), (select answers || '{"reveal_many": 1}' from refused124),
  'audit_reader with an admin of A''s metadata besides: A''s pseudonym only');
reset role;

-- As the functions' login, in each role it takes per transaction and in none (asLoginFor).
set local session authorization medic_edge;
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'bare'), true);
set local role authenticated;
select is(pg_temp.attempts(), (select answers || '{"reveal": "42501", "reveal_many": "42501"}' from refused124),
  'medic_edge as authenticated with forged service-role claims: refused');
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000c1'), '42501', 'medic_edge as authenticated: erases no subject');
-- audit_reader is the door's login's since 20261205120000: medic_audit takes it, with the same forgery.
reset role;
reset session authorization;
set local session authorization medic_audit;
set local role audit_reader;
select is(pg_temp.attempts(), (select answers from refused124),
  'medic_audit (the door''s login) as audit_reader with forged service-role claims: refused');
-- The door alone executes reveal_many since 20261206030000: there the operator check is what holds.
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'as A'), true);
select is(pg_temp.attempts(), (select answers || '{"reveal_many": 1}' from refused124),
  'medic_audit as audit_reader with an admin of A''s metadata besides: A''s pseudonym only, no operator');
reset role;
reset session authorization;
set local session authorization medic_edge;
set local role anon;
select is(pg_temp.attempts(), '{"reveal": "42501", "reveal_many": "42501", "has_permission": false,
  "export_plan": "42501", "subject_records": "42501", "erased_here": "42501", "verify_audit_trail": "42501"}',
  'medic_edge as anon with forged service-role claims: no permission, nothing else executable');
set local role medic_server;
select is(pg_temp.attempts(), '{"reveal": "42501", "reveal_many": "42501", "has_permission": "42501",
  "export_plan": "42501", "subject_records": "42501", "erased_here": "42501", "verify_audit_trail": "42501"}',
  'medic_edge as medic_server (whose own claims say service_role): none of them executable');
reset role;
select is(pg_temp.attempts(), '{"reveal": "42501", "reveal_many": "42501", "has_permission": "42501",
  "export_plan": "42501", "subject_records": "42501", "erased_here": "42501", "verify_audit_trail": "42501"}',
  'medic_edge with no request role: none of them executable');
reset session authorization;

-- A real admin of B, through the door: B's pseudonym, B's subject, B's erased subject (the path kept).
set local role audit_reader;
select set_config('request.jwt.claims', '{"role":"authenticated","sub":"b1240000-0000-4000-8000-0000000000a1",'
  || '"aal":"aal2","app_metadata":{"role":"admin","organization_id":"b1240000-0000-4000-8000-0000000000b0"}}', true);
select is(pg_temp.attempts() - 'verify_audit_trail', '{"reveal": "b1240000-0000-4000-8000-0000000000c1",
  "reveal_many": 1, "has_permission": true, "export_plan": "organization", "subject_records": true, "erased_here": true}',
  'an admin of B: B''s pseudonym, permission, subject and erased subject, within B');
reset role;

-- The operator: the service role as a SQL role, whatever the claims say.
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is(pg_temp.attempts(), '{"reveal": "b1240000-0000-4000-8000-0000000000c1", "reveal_many": 2,
  "has_permission": true, "export_plan": "service", "subject_records": true, "erased_here": true, "verify_audit_trail": 1}',
  'the service role: every organization''s pseudonyms and subjects, the permission, the trail');
select set_config('request.jwt.claims', '{"role":"authenticated","sub":"a1240000-0000-4000-8000-0000000000c1",'
  || '"app_metadata":{"role":"paramedic","organization_id":"a1240000-0000-4000-8000-0000000000a0"}}', true);
select is(pg_temp.attempts() -> 'reveal_many', '2', 'the service role with a paramedic''s claims: still the operator');
reset role;

-- The owner's own session with no claims (SQL editor, migrations, pg_cron).
select set_config('request.jwt.claims', '', true);
select is(pg_temp.attempts(), '{"reveal": "b1240000-0000-4000-8000-0000000000c1", "reveal_many": 2,
  "has_permission": true, "export_plan": "service", "subject_records": true, "erased_here": true, "verify_audit_trail": 1}',
  'the owner''s own session: the operator too');

-- Erasure of a subject who held a privileged role is the operator's (20261202000500): the service role's.
set local role authenticated;
select set_config('request.jwt.claims', (select claims::text from forged124 where name = 'bare'), true);
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000a1'), '42501',
  'forged service-role claims do not erase B''s admin');
reset role;
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000a1'), '1', 'the service role erases B''s admin');
select is(pg_temp.erasure('b1240000-0000-4000-8000-0000000000c1'), '1', 'and B''s medic');
reset role;
select is((select count(*)::int from auth.users where id in ('b1240000-0000-4000-8000-0000000000a1',
  'b1240000-0000-4000-8000-0000000000c1')), 0, 'both accounts are gone');
select ok(exists (select 1 from auth.users where id = 'a1240000-0000-4000-8000-0000000000c1'),
  'A''s medic, whom no forged caller could erase, is still there');

select * from finish();
rollback;
