-- What SQL run as a request role learns about another organization's users and roles (20261206040000), and
-- who reads who last edited a rate limit (20261206040100). An injected statement in a request path's
-- transaction can forge any end user's claims (README, trust model): here a paramedic of A asks about B.
--   app.app_metadata_of(uuid)        a user's role and organization: no request role executes it; the
--                                     trigger that sets a user row's role from it is a definer of its own
--   app.effective_role(uuid, text)   an organization's role row: no request role executes it
--   app.role_permissions(uuid, text) an organization's permissions: the caller's own organization only (the
--                                     policies ask it through app.has_permission), any for the operator
-- Role by role, each as its own login where one takes it (SET ROLE checks the session user's memberships).
begin;
create extension if not exists pgtap;
select plan(34);

insert into public.organizations (id, name) values
  ('a1390000-0000-4000-8000-0000000000a0', 'Roles 139 A'),
  ('b1390000-0000-4000-8000-0000000000b0', 'Roles 139 B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1390000-0000-4000-8000-0000000000a1', 'medic@a.t139.test',
   '{"role":"paramedic","organization_id":"a1390000-0000-4000-8000-0000000000a0"}'),
  ('a1390000-0000-4000-8000-0000000000a2', 'admin@a.t139.test',
   '{"role":"admin","organization_id":"a1390000-0000-4000-8000-0000000000a0"}'),
  ('b1390000-0000-4000-8000-0000000000b1', 'medic@b.t139.test',
   '{"role":"paramedic","organization_id":"b1390000-0000-4000-8000-0000000000b0"}');
insert into public.organization_role (organization_id, name, permissions, inherits) values
  ('b1390000-0000-4000-8000-0000000000b0', 'iso_role', '{gdpr.reveal}', '{}'),
  ('b1390000-0000-4000-8000-0000000000b0', 'admin', '{audit.verify}', '{iso_role}');

create temp table claims139 (who text primary key, claims text);
insert into claims139 values
  ('medic A', '{"role":"authenticated","sub":"a1390000-0000-4000-8000-0000000000a1","aal":"aal2",'
    || '"app_metadata":{"role":"paramedic","organization_id":"a1390000-0000-4000-8000-0000000000a0"}}'),
  ('admin A', '{"role":"authenticated","sub":"a1390000-0000-4000-8000-0000000000a2","aal":"aal2",'
    || '"app_metadata":{"role":"admin","organization_id":"a1390000-0000-4000-8000-0000000000a0"}}'),
  ('admin B', '{"role":"authenticated","sub":"b1390000-0000-4000-8000-0000000000b2","aal":"aal2",'
    || '"app_metadata":{"role":"admin","organization_id":"b1390000-0000-4000-8000-0000000000b0"}}');
grant select on claims139 to public;
create function pg_temp.claims(who text) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', (select c.claims from claims139 c where c.who = claims.who), true);
end $$;
grant execute on function pg_temp.claims(text) to public;

-- The catalog: who executes them.
select is(array(select f || ' ' || r
    from unnest(array['app.app_metadata_of(uuid)', 'app.effective_role(uuid,text)']) f,
      unnest(array['public', 'anon', 'authenticated', 'audit_reader', 'medic_server', 'medic_job_writer', 'medic_edge',
                   'medic_audit', 'medic_jobs']) r
    where has_function_privilege(r, f::regprocedure, 'execute') order by 1),
  '{}'::text[], 'no request role, door, server or jobs'' role, login or PUBLIC executes app_metadata_of or effective_role');
select ok(has_function_privilege('service_role', 'app.app_metadata_of(uuid)', 'execute')
    and has_function_privilege('service_role', 'app.effective_role(uuid,text)', 'execute'),
  'the operator (service_role) still does');
select is(array(select p.oid::regprocedure::text from pg_proc p
    where p.prosrc ~ 'app\.(app_metadata_of|effective_role)\M' and not p.prosecdef order by 1),
  '{}'::text[], 'every function that calls either is a definer, so calls it as its owner');
select ok(to_regprocedure('app.user_row_role_from_auth()') is not null
    and not exists (select 1 from unnest(array['public', 'anon', 'authenticated', 'service_role']) r
                    where has_function_privilege(r, to_regprocedure('app.user_row_role_from_auth()'), 'execute')),
  'the definer trigger that reads app_metadata for a user row is executed by no one directly');

-- As medic_edge as authenticated, a paramedic of A: the review's probes.
set local session authorization medic_edge;
set local role authenticated;
select pg_temp.claims('medic A');
select throws_ok($$select app.app_metadata_of('b1390000-0000-4000-8000-0000000000b1')$$, '42501', null,
  'a paramedic of A: not the app_metadata of a user of B');
select throws_ok($$select app.app_metadata_of(auth.uid())$$, '42501', null, 'nor their own (they read their user row)');
select throws_ok($$select (app.effective_role('b1390000-0000-4000-8000-0000000000b0', 'iso_role')).*$$, '42501', null,
  'nor B''s custom role row');
select throws_ok($$select app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin')$$, '42501', null,
  'nor B''s admins'' permissions');
select throws_ok($$select app.role_permissions(null, 'admin')$$, '42501', null,
  'nor the defaults by passing no organization (they are not theirs: A''s are)');
select is(app.role_permissions('a1390000-0000-4000-8000-0000000000a0', 'paramedic'), '{}'::text[],
  'their own organization''s answer stands');
select ok(not app.has_permission('gdpr.reveal'), 'and app.has_permission asks for it: a paramedic reveals nothing');
select lives_ok($$update public.users set full_name = 'Ana Medic' where id = auth.uid()$$,
  'they edit their own user row (its trigger reads their app_metadata)');
select pg_temp.claims('admin A');
select ok(app.has_permission('gdpr.erase'), 'an admin of A holds the defaults'' erasure');
select throws_ok($$select app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin')$$, '42501', null,
  'an admin of A: not B''s permissions either');
select pg_temp.claims('admin B');
select ok(app.has_permission('gdpr.reveal') and app.has_permission('audit.verify') and not app.has_permission('gdpr.erase'),
  'an admin of B holds B''s roles, inherited iso_role included');
reset role;
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin')$$, '42501', null,
  'as anon: refused');
select ok(not app.has_permission('gdpr.erase'), 'and anon still holds nothing');
reset role;
set local role medic_server;
select throws_ok($$select app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin')$$, '42501', null,
  'as medic_server: refused');
reset role;
reset session authorization;

-- As medic_audit as audit_reader (a member of authenticated), an admin of A: the door's policies still ask.
set local session authorization medic_audit;
set local role audit_reader;
select pg_temp.claims('admin A');
select throws_ok($$select app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin')$$, '42501', null,
  'as audit_reader: not B''s permissions');
select throws_ok($$select app.effective_role('b1390000-0000-4000-8000-0000000000b0', 'iso_role')$$, '42501', null,
  'nor B''s role row');
select ok(app.has_permission('gdpr.erase'), 'its own organization''s answer stands');
reset role;
reset session authorization;

-- The operator: the service role and the owner's own session answer for any organization.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin'), '{audit.verify,gdpr.reveal}'::text[],
  'the service role reads B''s permissions');
select is((app.effective_role('b1390000-0000-4000-8000-0000000000b0', 'iso_role')).permissions, '{gdpr.reveal}'::text[],
  'and B''s role row');
select is(app.app_metadata_of('b1390000-0000-4000-8000-0000000000b1') ->> 'organization_id',
  'b1390000-0000-4000-8000-0000000000b0', 'and a user''s app_metadata');
reset role;
select pg_temp.claims('medic A'); -- claims left in the owner's session do not make it a paramedic of A
select is(app.role_permissions('b1390000-0000-4000-8000-0000000000b0', 'admin'), '{audit.verify,gdpr.reveal}'::text[],
  'the owner''s session (no role taken) is the operator');

-- A user row still takes its role and organization from app_metadata, whoever writes it. The metadata changes
-- here without Auth's sync trigger (replica mode), so only the user row's own trigger can carry it over.
set local session_replication_role = replica;
update auth.users set raw_app_meta_data = '{"role":"emt","organization_id":"b1390000-0000-4000-8000-0000000000b0"}'
where id = 'a1390000-0000-4000-8000-0000000000a1';
set local session_replication_role = origin;
select is((select role::text from public.users where id = 'a1390000-0000-4000-8000-0000000000a1'), 'paramedic',
  'the user row has not followed yet');
set local session authorization medic_edge;
set local role authenticated;
select pg_temp.claims('medic A');
update public.users set station = 'Station 139' where id = auth.uid();
reset role;
reset session authorization;
select results_eq($$select role::text, organization_id, full_name, station from public.users
    where id = 'a1390000-0000-4000-8000-0000000000a1'$$,
  $$values ('emt', 'b1390000-0000-4000-8000-0000000000b0'::uuid, 'Ana Medic', 'Station 139')$$,
  'a user''s own edit stands, and their role and organization are app_metadata''s (as the trigger read it for them)');
select results_eq($$select role::text, organization_id from public.users where id = 'b1390000-0000-4000-8000-0000000000b1'$$,
  $$values ('paramedic', 'b1390000-0000-4000-8000-0000000000b0'::uuid)$$,
  'a new auth user''s row took its role and organization from app_metadata');
set local role service_role;
update public.users set role = 'admin' where id = 'b1390000-0000-4000-8000-0000000000b1';
reset role;
select is((select role::text from public.users where id = 'b1390000-0000-4000-8000-0000000000b1'), 'paramedic',
  'the service role''s write of a role gives way to app_metadata''s');

-- rate_limit_config: who last edited a limit (a user's id) is the operator's to read.
-- An edit stamps updated_by with the editor's auth.uid() (app.stamp_updated).
set local request.jwt.claims to '{"sub":"a1390000-0000-4000-8000-0000000000a2"}';
update public.rate_limit_config set message = message where class = 'CHAT';
set local session authorization medic_edge;
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select updated_by from public.rate_limit_config$$, '42501', null,
  'anon does not read who edited a limit');
select is((select count(*)::integer from public.rate_limit_config where fail_mode in ('open', 'closed')
    and max_requests > 0 and window_seconds > 0 and message <> '' and enabled and updated_at is not null),
  (select count(*)::integer from public.rate_limit_config), 'but reads every other column of the enabled limits');
reset role;
set local role authenticated;
select pg_temp.claims('admin A');
select throws_ok($$select updated_by from public.rate_limit_config where class = 'CHAT'$$, '42501', null,
  'nor does an organization''s admin');
reset role;
set local role medic_server;
select is((select max_requests from public.rate_limit_config where class = 'CHAT' and enabled and fail_mode is not null
    and message is not null and window_seconds is not null), 20,
  'the functions'' limiter reads what it loads (pipeline/rate_limit/limits.ts, as medic_server)');
reset role;
reset session authorization;
set local role service_role;
select is((select updated_by from public.rate_limit_config where class = 'CHAT'), 'a1390000-0000-4000-8000-0000000000a2'::uuid,
  'the operator reads it');
reset role;

select * from finish();
rollback;
