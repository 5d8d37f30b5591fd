-- Backup codes' hashes are read by no request role (20261206020100), role by role: anon, the member whose codes
-- they are, an admin of their organization, an admin of another, audit_reader (a member of authenticated),
-- service_role and the functions' roles. What each may still see is unchanged (the rows RLS shows, without
-- code_hash), and the owner's definer functions still make, use, export and erase the codes.
begin;
create extension if not exists pgtap;
select plan(20);

insert into public.organizations (id, name) values
  ('aaaaaaaa-1370-4000-8000-00000000000a', 't137 A'), ('bbbbbbbb-1370-4000-8000-00000000000b', 't137 B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1370000-0000-4000-8000-000000000001', 'p@t137.test', '{"role":"paramedic","organization_id":"aaaaaaaa-1370-4000-8000-00000000000a"}'),
  ('a1370000-0000-4000-8000-000000000002', 'admin@t137.test', '{"role":"admin","organization_id":"aaaaaaaa-1370-4000-8000-00000000000a"}'),
  ('b1370000-0000-4000-8000-000000000003', 'admin@t137b.test', '{"role":"admin","organization_id":"bbbbbbbb-1370-4000-8000-00000000000b"}');

create function pg_temp.as_caller(sub text, role text, org text, aal text default 'aal1') returns void language sql as $$
  select set_config('role', 'authenticated', true),
    set_config('request.jwt.claims', json_build_object('sub', sub, 'role', 'authenticated', 'aal', aal,
      'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
$$;

-- The member makes ten codes (a second factor, as 113 requires) through the owner's definer function.
select pg_temp.as_caller('a1370000-0000-4000-8000-000000000001', 'paramedic', 'aaaaaaaa-1370-4000-8000-00000000000a', 'aal2');
create temp table codes as select public.generate_mfa_backup_codes() as code;
reset role;
select is((select count(*)::int from codes), 10, 'the member made ten codes');
grant select on codes to authenticated;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select code_hash from public.mfa_backup_codes$$, '42501', null, 'anon reads no hash');
reset role;

select pg_temp.as_caller('a1370000-0000-4000-8000-000000000001', 'paramedic', 'aaaaaaaa-1370-4000-8000-00000000000a', 'aal2');
select throws_ok($$select code_hash from public.mfa_backup_codes$$, '42501', null, 'the member does not read their own hashes');
select throws_ok($$select * from public.mfa_backup_codes$$, '42501', null, 'nor through select *');
select is((select count(*)::int from public.mfa_backup_codes where used_at is null), 10,
  'they still see their ten unused codes');
select is(public.use_mfa_backup_code((select min(code) from codes)), true, 'and a code still works (definer)');
select is((select backup_codes_left from public.mfa_compliance_status where user_id = auth.uid()), 9::bigint,
  'nine left, as the status view counts them');
reset role;

select pg_temp.as_caller('a1370000-0000-4000-8000-000000000002', 'admin', 'aaaaaaaa-1370-4000-8000-00000000000a', 'aal2');
select throws_ok($$select user_id, code_hash from public.mfa_backup_codes$$, '42501', null,
  'their organization''s admin reads no member''s hash (the review''s probe)');
select is((select count(*)::int from public.mfa_backup_codes where user_id = 'a1370000-0000-4000-8000-000000000001'), 10,
  'and still sees the member''s codes, used or not');
select is((select count(*)::int from public.mfa_backup_codes where used_at is not null), 1, 'and which one was used');
reset role;

select pg_temp.as_caller('b1370000-0000-4000-8000-000000000003', 'admin', 'bbbbbbbb-1370-4000-8000-00000000000b', 'aal2');
select throws_ok($$select code_hash from public.mfa_backup_codes$$, '42501', null, 'another organization''s admin reads no hash');
select is((select count(*)::int from public.mfa_backup_codes where user_id = 'a1370000-0000-4000-8000-000000000001'), 0,
  'nor sees organization A''s codes');
reset role;

set local role audit_reader;
select throws_ok($$select code_hash from public.mfa_backup_codes$$, '42501', null, 'audit_reader (inherits authenticated) reads no hash');
reset role;

set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select throws_ok($$select code_hash from public.mfa_backup_codes$$, '42501', null, 'nor does service_role');
select is((select count(*)::int from public.mfa_backup_codes where user_id = 'a1370000-0000-4000-8000-000000000001'), 10,
  'which still sees the rows');
select lives_ok($$update public.mfa_backup_codes set used_at = now() where user_id = 'a1370000-0000-4000-8000-000000000001' and used_at is null$$,
  'and still updates and deletes them');
reset role;

select is(array(select r from unnest(array['medic_server', 'medic_job_writer', 'medic_edge', 'medic_audit', 'medic_jobs']) r
                where has_column_privilege(r, 'public.mfa_backup_codes', 'code_hash', 'select')),
  '{}'::text[], 'no login or role of the functions reads the column');

-- The owner's definer functions: the export leaves the hash out, erasure deletes the codes.
select is((select count(*)::int from gdpr.subject_records('a1370000-0000-4000-8000-000000000001') r
           where r::text like '%$2%'), 0, 'the GDPR export carries no hash');
select ok((select count(*) from public.mfa_backup_codes where user_id = 'a1370000-0000-4000-8000-000000000001'
           and code_hash like '$2%') = 10, 'the owner still holds the ten hashes');
select is(array(select a.attname::text from pg_attribute a where a.attrelid = 'public.mfa_backup_codes'::regclass
                and a.attnum > 0 and not a.attisdropped and has_column_privilege('authenticated', a.attrelid, a.attnum, 'select')
                order by a.attnum),
  '{id,user_id,organization_id,created_at,used_at,set_id}'::text[], 'authenticated reads every column but code_hash');

select * from finish();
rollback;
