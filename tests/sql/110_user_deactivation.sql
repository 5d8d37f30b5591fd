-- Deactivating a user (public.users.deleted_at) takes them out of the MFA compliance list, the badge
-- uniqueness and the organization's directory, so it is the platform operator's (the service role, with
-- Supabase Auth's ban or delete), never the user's own: an admin who could set their own deleted_at would
-- vanish from mfa_compliance_status while still signing in. Every deactivation and reactivation is a
-- role.change audit event naming the subject by pseudonym.
begin;
create extension if not exists pgtap;
select plan(9);

insert into public.organizations (id, name) values ('a1100000-0000-4000-8000-00000000000a', 'Deactivation org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1100000-0000-4000-8000-000000000001', 'admin@t110.test', '{"role":"admin","organization_id":"a1100000-0000-4000-8000-00000000000a"}'),
  ('a1100000-0000-4000-8000-000000000002', 'medic@t110.test', '{"role":"paramedic","organization_id":"a1100000-0000-4000-8000-00000000000a"}');
insert into public.mfa_policies (role, required, grace_period_days) values ('admin', true, 0)
  on conflict (role) do update set required = true, grace_period_days = 0;
update public.users set created_at = now() - interval '1 day' where email like '%@t110.test';

create function pg_temp.listed(p_user uuid) returns text language sql as $$
  select coalesce((select m.compliance from public.mfa_compliance_status m where m.user_id = p_user), 'not listed')
$$;
select is(pg_temp.listed('a1100000-0000-4000-8000-000000000001'), 'non_compliant',
  'an admin without a second factor is listed as non-compliant');

-- The admin, through the Data API, with a second factor or without.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal1","app_metadata":{"role":"admin","organization_id":"a1100000-0000-4000-8000-00000000000a"}}';
select throws_ok($$update public.users set deleted_at = now() where id = auth.uid()$$, '42501', null,
  'an admin cannot deactivate themselves');
set local request.jwt.claims to '{"sub":"a1100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a1100000-0000-4000-8000-00000000000a"}}';
select throws_ok($$update public.users set deleted_at = now() where id = auth.uid()$$, '42501', null,
  'not with a second factor either');
select lives_ok($$update public.users set full_name = 'Alex Admin', station = 'HQ' where id = auth.uid()$$,
  'their own profile fields stay theirs');
reset role;
-- What the throws above rest on, for every role a request runs as (audit_reader never had UPDATE on users).
select is(array(select r from unnest(array['anon', 'authenticated', 'audit_reader']) r
                where has_column_privilege(r, 'public.users', 'deleted_at', 'update')),
  '{}'::text[], 'no end user''s request role may set deleted_at, nor the audited door''s');
select is(pg_temp.listed('a1100000-0000-4000-8000-000000000001'), 'non_compliant', 'the admin is still listed');

-- The operator deactivates and reactivates; each is one audit event about the subject.
create function pg_temp.deactivation_events() returns bigint language sql as $$
  select count(*) from public.audit_logs l
  where l.action = 'role.change' and l.created_at = now() and l.metadata -> 'changes' ? 'deleted_at'
    and l.metadata ->> 'subject_pseudonym' = (select p.pseudonym::text from audit.pseudonymize(audit.pseudonym_key(),
      jsonb_build_array(jsonb_build_object('kind', 'user', 'value', 'a1100000-0000-4000-8000-000000000002'))) p)
    and l.organization_id = 'a1100000-0000-4000-8000-00000000000a'
$$;
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
update public.users set deleted_at = now() where id = 'a1100000-0000-4000-8000-000000000002';
reset role;
select is(pg_temp.deactivation_events(), 1::bigint, 'the operator deactivates a user: one audit event');
set local role service_role;
update public.users set deleted_at = null where id = 'a1100000-0000-4000-8000-000000000002';
update public.users set station = 'Station 9' where id = 'a1100000-0000-4000-8000-000000000002';
reset role;
select is(pg_temp.deactivation_events(), 2::bigint, 'a reactivation is one more; another profile change none');
select results_eq($$select metadata ->> 'db_role', (metadata -> 'changes' -> 'deleted_at' ->> 'after')::timestamptz = now()
    from public.audit_logs where action = 'role.change' and created_at = now() and metadata -> 'changes' ? 'deleted_at'
    order by seq$$,
  $$values ('service_role'::text, true), ('service_role', null)$$,
  'each names the operator''s role and the new state');

select * from finish();
rollback;
