-- MFA tracking: policies per role are seeded; backup codes are stored hashed, shown once, spent once;
-- every attempt is a challenge; mfa_compliance_status says who meets their role's policy from the factor
-- state Supabase Auth keeps (auth.mfa_factors); users see their own rows, admins their organization's
-- through the audited door (76).
begin;
create extension if not exists pgtap;
select plan(17);

select results_eq($$select p.role::text, p.required from public.mfa_policies p order by p.role$$,
  $$values ('paramedic', true), ('emt', false), ('medical_director', true), ('admin', true), ('guest', false)$$,
  'a policy per role is seeded');

insert into public.organizations (id, name) values ('aaaaaaaa-3400-4000-8000-00000000000a', 'MFA org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a3400000-0000-4000-8000-000000000001', 'admin@t34.test', '{"role":"admin","organization_id":"aaaaaaaa-3400-4000-8000-00000000000a"}'),
  ('a3400000-0000-4000-8000-000000000002', 'emt@t34.test', '{"role":"emt","organization_id":"aaaaaaaa-3400-4000-8000-00000000000a"}'),
  ('a3400000-0000-4000-8000-000000000003', 'md@t34.test', '{"role":"medical_director","organization_id":"aaaaaaaa-3400-4000-8000-00000000000a"}');
update public.users set created_at = now() - interval '30 days' where email like '%@t34.test';

select public.record_mfa_enrollment('a3400000-0000-4000-8000-000000000001', 'totp', 'active');
-- Supabase Auth's rows: the admin verified a TOTP factor; the medical director enrolled one and never
-- verified it (an 'active' row in our own enrollment table changes nothing).
insert into auth.mfa_factors (user_id, factor_type, status) values
  ('a3400000-0000-4000-8000-000000000001', 'totp', 'verified'),
  ('a3400000-0000-4000-8000-000000000003', 'totp', 'unverified');
insert into auth.mfa_challenges (factor_id, verified_at)
  select id, now() - interval '1 hour' from auth.mfa_factors where user_id = 'a3400000-0000-4000-8000-000000000001';
select public.record_mfa_enrollment('a3400000-0000-4000-8000-000000000003', 'sms', 'active');
select is((select count(*)::integer from public.audit_logs where action = 'mfa.enroll'
           and metadata ->> 'method' = 'totp'), 1, 'an enrollment is audited');
select results_eq($$select email, compliance from public.mfa_compliance_status c join public.users u on u.id = c.user_id
    where email like '%@t34.test' order by email$$,
  $$values ('admin@t34.test', 'compliant'), ('emt@t34.test', 'not_required'), ('md@t34.test', 'non_compliant')$$,
  'compliance per user: verified admin, optional emt, medical director unverified past the 7-day grace');
select results_eq($$select active_methods, last_successful_challenge is not null from public.mfa_compliance_status
    where user_id = 'a3400000-0000-4000-8000-000000000001'$$, $$values ('{totp}'::text[], true)$$,
  'the admin''s verified method and last verified challenge come from auth''s tables');

set local role authenticated;
-- Signed in with a second factor: backup codes are made only then (113).
set local request.jwt.claims to '{"sub":"a3400000-0000-4000-8000-000000000002","role":"authenticated","aal":"aal2","app_metadata":{"role":"emt","organization_id":"aaaaaaaa-3400-4000-8000-00000000000a"}}';
create temp table codes as select public.generate_mfa_backup_codes() as code;
select is((select count(*)::integer from codes), 10, 'ten backup codes, shown once');
-- The hashes are the owner's to read (20261206020100): no request role selects code_hash.
reset role;
select is((select count(*)::integer from public.mfa_backup_codes where user_id = 'a3400000-0000-4000-8000-000000000002'
           and code_hash like '$2%' and code_hash not in (select code from codes)), 10, 'stored as bcrypt hashes only');
set local role authenticated;
select is(public.use_mfa_backup_code((select min(code) from codes)), true, 'a code works');
select is(public.use_mfa_backup_code((select min(code) from codes)), false, 'once');
select is(public.use_mfa_backup_code('NOT-A-CODE'), false, 'a wrong code fails');
select results_eq($$select result, count(*)::integer from public.mfa_challenges where user_id = auth.uid() group by result order by result$$,
  $$values ('failure'::text, 2), ('success'::text, 1)$$, 'every attempt is a challenge');
select is((select backup_codes_left from public.mfa_compliance_status where user_id = auth.uid()), 9::bigint, 'nine codes left');
select is((select count(*)::integer from public.mfa_compliance_status), 1, 'a user sees only their own status');
select results_eq($$select * from app.mfa_factor_state('a3400000-0000-4000-8000-000000000001')$$,
  $$values ('{}'::text[], null::timestamptz)$$, 'nor anyone else''s factor state');
select throws_ok($$insert into public.mfa_challenges (user_id, method, result) values (auth.uid(), 'totp', 'success')$$,
  '42501', null, 'nor can they forge a challenge');

set local request.jwt.claims to '{"sub":"a3400000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-3400-4000-8000-00000000000a"}}';
select is((select count(*)::integer from public.mfa_compliance_status), 1, 'over the Data API an admin sees their own row');
set local role audit_reader;
select is((select count(*)::integer from public.mfa_compliance_status), 3, 'through the audited door, their organization');
set local role authenticated;
set local request.jwt.claims to '{"sub":"a3400000-0000-4000-8000-0000000000ff","role":"authenticated","app_metadata":{"role":"admin","organization_id":"bbbbbbbb-3400-4000-8000-00000000000b"}}';
select is((select count(*)::integer from public.mfa_challenges where user_id = 'a3400000-0000-4000-8000-000000000002'), 0,
  'an admin of another organization sees nothing');
reset role;

select * from finish();
rollback;
