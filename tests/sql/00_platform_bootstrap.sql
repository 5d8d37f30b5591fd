-- The platform bootstrap behaves like Supabase: auth.uid()/auth.jwt()/auth.role() read the claims that
-- PostgREST (and functions-shared/db.ts asUser) set, and RLS denies what no policy allows.
begin;
create extension if not exists pgtap;
select plan(12);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');

set local role authenticated;
set local request.jwt.claims to '{"sub":"5b1c0b52-3a8e-4f55-9d6b-3f1f4a1e7c01","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is(auth.uid(), '5b1c0b52-3a8e-4f55-9d6b-3f1f4a1e7c01'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.jwt() -> 'app_metadata' ->> 'role', 'paramedic', 'auth.jwt() returns the whole claims');
select is(app.current_user_role(), 'paramedic'::user_role, 'the end-user role comes from app_metadata');
select is(current_user::text, 'authenticated', 'queries run as the authenticated role');
reset role;

-- user_metadata is editable by the user: it never grants a role.
set local role authenticated;
set local request.jwt.claims to '{"sub":"5b1c0b52-3a8e-4f55-9d6b-3f1f4a1e7c01","role":"authenticated","user_metadata":{"role":"admin"}}';
select is(app.current_user_role(), 'guest'::user_role, 'user_metadata.role is ignored');
reset role;

insert into public.organizations (id, name)
values ('11111111-1111-4111-8111-111111111111', 'pgTAP org')
on conflict do nothing;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select is_empty('select * from public.organizations', 'anon reads no organization (RLS)');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub":"5b1c0b52-3a8e-4f55-9d6b-3f1f4a1e7c01","role":"authenticated","app_metadata":{"organization_id":"11111111-1111-4111-8111-111111111111"}}';
select results_eq('select name from public.organizations', $$values ('pgTAP org')$$,
  'a member reads only their own organization');
reset role;

select * from finish();
rollback;
