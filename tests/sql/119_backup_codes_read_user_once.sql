-- The backup-code functions read the caller's user row once, locking it in the same statement, where they
-- read it and then read it again to lock it. Counted with the transaction's scans of public.users and its
-- indexes (pg_stat_get_xact_numscans): a call's scans are its read plus the foreign-key checks of the rows it
-- inserts, which reference public.users (use: one challenge; generate: one set and ten codes).
-- Their behaviour is 113_mfa_backup_codes_capped.sql's, unchanged.
begin;
create extension if not exists pgtap;
select plan(6);

insert into public.organizations (id, name) values ('a1190000-0000-4000-8000-0000000000f0', 'Once org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1190000-0000-4000-8000-0000000000f1', 'once@t119.test',
   '{"role":"paramedic","organization_id":"a1190000-0000-4000-8000-0000000000f0"}');

-- A sequential scan counts on the table, an index or bitmap scan on the index: both, whatever the plan.
create function pg_temp.scans() returns bigint language sql as $$
  select pg_stat_get_xact_numscans('public.users'::regclass)
    + (select coalesce(sum(pg_stat_get_xact_numscans(i.indexrelid)), 0)::bigint
       from pg_index i where i.indrelid = 'public.users'::regclass)
$$;
create function pg_temp.as_medic(aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', 'a1190000-0000-4000-8000-0000000000f1',
    'role', 'authenticated', 'aal', aal, 'app_metadata', json_build_object('role', 'paramedic',
      'organization_id', 'a1190000-0000-4000-8000-0000000000f0'))::text, true);
end $$;

create temp table marks (at text primary key, n bigint);
grant all on marks to authenticated;

-- The row was inserted in this transaction and not yet locked: no xmax.
create function pg_temp.locked_by_us() returns boolean language sql as $$
  select xmax::text = (pg_current_xact_id()::text::bigint % 4294967296)::text from public.users
  where id = 'a1190000-0000-4000-8000-0000000000f1'
$$;
select is(pg_temp.locked_by_us(), false, 'the user row is not locked before the call');
insert into marks values ('before use', pg_temp.scans());
select pg_temp.as_medic('aal1');
select is(public.use_mfa_backup_code('WRONG'), false, 'a wrong code fails');
reset role;
insert into marks values ('after use', pg_temp.scans());
select is(pg_temp.locked_by_us(), true, 'the call locked the row (one attempt at a time per user)');
select is((select n from marks where at = 'after use') - (select n from marks where at = 'before use'), 2::bigint,
  'use: the user row read once (and the challenge''s foreign-key check)');

select pg_temp.as_medic('aal2');
insert into marks values ('before generate', pg_temp.scans());
select is((select count(*)::int from public.generate_mfa_backup_codes()), 10, 'ten codes');
insert into marks values ('after generate', pg_temp.scans());
reset role;
select is((select n from marks where at = 'after generate') - (select n from marks where at = 'before generate'),
  12::bigint, 'generate: the user row read once (and eleven foreign-key checks)');

select * from finish();
rollback;
