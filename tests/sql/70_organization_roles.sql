-- organization_role: default permissions per role with inheritance, per-organization overrides, who
-- reads and edits role rows, and the checks that use them (app.has_permission, verify_audit_trail).
begin;
create extension if not exists pgtap;
select plan(22);

insert into public.organizations (id, name) values
  ('aaaaaaaa-7000-4000-8000-00000000000a', 'Roles org A'),
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'Roles org B'),
  ('cccccccc-7000-4000-8000-00000000000c', 'Roles org C');

-- Signed in with a second factor: an admin's role writes need it (113).
create function pg_temp.as_user(role text, org text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', gen_random_uuid(), 'role', 'authenticated',
    'aal', 'aal2', 'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;

-- Defaults and inheritance.
select is(app.role_permissions(null, 'admin'),
  '{audit.verify,gdpr.erase,gdpr.export.any,gdpr.reveal,roles.manage}'::text[], 'admins hold the admin permissions');
select is(app.role_permissions(null, 'paramedic'), '{}'::text[], 'field crews hold none by default');
select is(app.role_permissions(null, 'no_such_role'), '{}'::text[], 'an unknown role holds nothing');

-- Organization B narrows its admins and gives erasure to a privacy officer role that inherits the
-- default medical director; a cycle does not hang the resolution.
insert into public.organization_role (organization_id, name, permissions, inherits) values
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'admin', '{audit.verify,roles.manage}', '{medical_director}'),
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'medical_director', '{gdpr.export.any}', '{privacy,paramedic}'),
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'privacy', '{gdpr.erase}', '{medical_director}');
select is(app.role_permissions('bbbbbbbb-7000-4000-8000-00000000000b', 'admin'),
  '{audit.verify,gdpr.erase,gdpr.export.any,roles.manage}'::text[],
  'inherited permissions are collected through the organization''s own rows');
select is(app.role_permissions('bbbbbbbb-7000-4000-8000-00000000000b', 'privacy'),
  '{gdpr.erase,gdpr.export.any}'::text[], 'a cycle (privacy ↔ medical director) is followed once');
select is(app.role_permissions('aaaaaaaa-7000-4000-8000-00000000000a', 'admin'),
  app.role_permissions(null, 'admin'), 'organization A, without rows of its own, uses the defaults');

-- Organization C takes erasure and verification away from its admins.
insert into public.organization_role (organization_id, name, permissions) values
  ('cccccccc-7000-4000-8000-00000000000c', 'admin', '{gdpr.export.any}');

select pg_temp.as_user('admin', 'aaaaaaaa-7000-4000-8000-00000000000a');
select ok(app.has_permission('gdpr.erase'), 'an admin of A may erase');
select ok(not app.has_permission('gdpr.nothing'), 'nobody holds a permission that does not exist');
set local role audit_reader; -- verification is read through the audited door (76)
select ok((select f.ok from audit.verify_audit_trail(1, 1) f) is not null, 'and may verify the trail');
reset role;
select pg_temp.as_user('admin', 'cccccccc-7000-4000-8000-00000000000c');
select ok(not app.has_permission('gdpr.erase'), 'an admin of C may not erase: C took it away');
set local role audit_reader;
select throws_ok('select * from audit.verify_audit_trail(1, 1)', '42501', null,
  'nor verify: verify_audit_trail asks for audit.verify');
reset role;
select pg_temp.as_user('medical_director', 'bbbbbbbb-7000-4000-8000-00000000000b');
select ok(app.has_permission('gdpr.erase'), 'a medical director of B inherits erasure from privacy');
reset role;
select pg_temp.as_user('paramedic', 'aaaaaaaa-7000-4000-8000-00000000000a');
select ok(not app.has_permission('gdpr.export.any'), 'a paramedic may not export others');
reset role;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select ok(not app.has_permission('gdpr.erase'), 'anon holds nothing');
reset role;
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select ok(app.has_permission('gdpr.erase'), 'the service role is the server: it holds everything');
reset role;

-- Who reads and writes role rows.
select pg_temp.as_user('paramedic', 'bbbbbbbb-7000-4000-8000-00000000000b');
select is((select count(*)::integer from public.organization_role where organization_id is not null), 3,
  'members read their own organization''s rows (and the defaults), never another''s');
select is((select count(*)::integer from public.organization_role
           where organization_id = 'cccccccc-7000-4000-8000-00000000000c'), 0, 'C''s rows are invisible to B');
select throws_ok($$insert into public.organization_role (organization_id, name) values
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'sneaky')$$, '42501', null, 'a paramedic cannot add roles');
reset role;
select pg_temp.as_user('admin', 'aaaaaaaa-7000-4000-8000-00000000000a');
select lives_ok($$insert into public.organization_role (organization_id, name, permissions) values
  ('aaaaaaaa-7000-4000-8000-00000000000a', 'auditor', '{audit.verify}')$$,
  'an admin (roles.manage) adds a role to their own organization');
select throws_ok($$insert into public.organization_role (organization_id, name) values
  ('bbbbbbbb-7000-4000-8000-00000000000b', 'planted')$$, '42501', null, 'but not to another organization');
update public.organization_role set permissions = '{gdpr.erase}' where organization_id is null and name = 'paramedic';
update public.organization_role set permissions = '{}' where organization_id = 'bbbbbbbb-7000-4000-8000-00000000000b';
reset role;
select is(app.role_permissions(null, 'paramedic'), '{}'::text[], 'the defaults are out of reach of organization admins');
select is(app.role_permissions('bbbbbbbb-7000-4000-8000-00000000000b', 'admin'),
  '{audit.verify,gdpr.erase,gdpr.export.any,roles.manage}'::text[], 'and so are other organizations'' rows');

select * from finish();
rollback;
