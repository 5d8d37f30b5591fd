-- Backup codes are capped in SQL, counted in rows (review finding 5): each call costs a bcrypt per code and
-- any signed-in user reaches both functions over the Data API, where no rate limit of the functions stands.
-- use: at most 10 failures since the last successful challenge or the newest set; generate: a second factor
-- (aal2) and at most 5 sets in 24 hours. A refusal is PT429 (PostgREST: 429) before any hash is computed.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.organizations (id, name) values ('a1130000-0000-4000-8000-0000000000b0', 'Codes org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1130000-0000-4000-8000-0000000000b1', 'codes@t113.test',
   '{"role":"paramedic","organization_id":"a1130000-0000-4000-8000-0000000000b0"}');

create function pg_temp.as_medic(aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', 'a1130000-0000-4000-8000-0000000000b1',
    'role', 'authenticated', 'aal', aal, 'app_metadata', json_build_object('role', 'paramedic',
      'organization_id', 'a1130000-0000-4000-8000-0000000000b0'))::text, true);
end $$;
create function pg_temp.failures() returns integer language sql as $$
  select count(*)::integer from public.mfa_challenges
  where user_id = 'a1130000-0000-4000-8000-0000000000b1' and method = 'backup_code' and result = 'failure'
$$;

-- Generating needs a second factor.
select pg_temp.as_medic('aal1');
select throws_ok('select public.generate_mfa_backup_codes()', '42501', null,
  'a password-only sign-in makes no backup codes');
reset role;
select is((select count(*)::int from public.mfa_backup_codes where user_id = 'a1130000-0000-4000-8000-0000000000b1'), 0,
  'and none were stored');

select pg_temp.as_medic('aal2');
create temp table codes as select public.generate_mfa_backup_codes() as code;
reset role;
select is((select count(*)::int from codes), 10, 'with aal2, ten codes');
select is((select count(*)::int from app.mfa_backup_code_sets where user_id = 'a1130000-0000-4000-8000-0000000000b1'), 1,
  'the set is counted');
-- The same set again with bcrypt's cheapest cost, so that the attempts below cost the test little CPU.
delete from public.mfa_backup_codes where user_id = 'a1130000-0000-4000-8000-0000000000b1';
insert into public.mfa_backup_codes (user_id, organization_id, code_hash)
  select 'a1130000-0000-4000-8000-0000000000b1', 'a1130000-0000-4000-8000-0000000000b0',
    extensions.crypt('CHEAP' || i, extensions.gen_salt('bf', 4)) from generate_series(1, 10) i;

-- Ten failed attempts, then the eleventh is refused before any comparison, even with a right code.
select pg_temp.as_medic('aal1'); -- spending a code is what one does without the other factor
select is((select count(*)::int from generate_series(1, 10) where not public.use_mfa_backup_code('WRONG' || generate_series)),
  10, 'ten wrong codes fail');
select throws_ok($$select public.use_mfa_backup_code('CHEAP1')$$, 'PT429', null,
  'the eleventh attempt is refused, a right code too');
select throws_ok($$select public.use_mfa_backup_code('WRONG')$$, 'PT429', null, 'and the next');
reset role;
select is(pg_temp.failures(), 10, 'a refused attempt leaves no challenge row');
select is((select count(*)::int from public.mfa_backup_codes where user_id = 'a1130000-0000-4000-8000-0000000000b1'
  and used_at is null), 10, 'nor spends a code');

-- A successful challenge of another factor (recorded by the server) opens the count again.
select public.record_mfa_challenge('a1130000-0000-4000-8000-0000000000b1', 'totp', true);
select pg_temp.as_medic('aal1');
select is(public.use_mfa_backup_code('CHEAP1'), true, 'after a verified factor a code works again');
reset role;

-- So does a new set: fail ten times again, then generate.
select pg_temp.as_medic('aal1');
select is((select count(*)::int from generate_series(1, 10) where not public.use_mfa_backup_code('AGAIN' || generate_series)),
  10, 'ten more failures');
select throws_ok($$select public.use_mfa_backup_code('AGAIN')$$, 'PT429', null, 'locked again');
select pg_temp.as_medic('aal2');
create temp table codes2 as select public.generate_mfa_backup_codes() as code;
select is(public.use_mfa_backup_code((select min(code) from codes2)), true, 'a new set opens the count');

-- At most 5 sets in 24 hours (the two above, and three made earlier today; older ones do not count).
reset role;
insert into app.mfa_backup_code_sets (user_id, generated_at) values
  ('a1130000-0000-4000-8000-0000000000b1', now() - interval '1 hour'),
  ('a1130000-0000-4000-8000-0000000000b1', now() - interval '2 hours'),
  ('a1130000-0000-4000-8000-0000000000b1', now() - interval '23 hours'),
  ('a1130000-0000-4000-8000-0000000000b1', now() - interval '25 hours');
select pg_temp.as_medic('aal2');
select throws_ok('select public.generate_mfa_backup_codes()', 'PT429', null, 'a sixth set in 24 hours is refused');
reset role;
update app.mfa_backup_code_sets set generated_at = now() - interval '25 hours'
  where user_id = 'a1130000-0000-4000-8000-0000000000b1' and generated_at = now() - interval '23 hours';
select pg_temp.as_medic('aal2');
select is((select count(*)::int from public.generate_mfa_backup_codes()), 10, 'once one is older than 24 hours, a set is made');
reset role;

select ok(not has_table_privilege('authenticated', 'app.mfa_backup_code_sets', 'insert,delete,update'),
  'nobody signed in resets the count');

select * from finish();
rollback;
