-- The backup-code functions read the caller's user row once, locking it in the same statement, where they
-- read it and then read it again to lock it. Counted with the transaction's scans of public.users and its
-- indexes (pg_stat_get_xact_numscans): a call's scans are its read plus the foreign-key checks of the rows it
-- inserts, which reference public.users (use: one challenge; generate: one set and ten codes).
-- Their behaviour is 113_mfa_backup_codes_capped.sql's, unchanged.
-- Each call also locks the row FOR UPDATE: that is what stops one user's concurrent calls racing past the
-- caps (10 failed codes, 5 sets a day). pgrowlocks names the lock's mode; the row's xmax cannot tell, since
-- the foreign-key checks of the rows a call inserts take FOR KEY SHARE on the same row and set it too.
begin;
create extension if not exists pgtap;
create extension if not exists pgrowlocks;
select plan(6);

insert into public.organizations (id, name) values ('a1190000-0000-4000-8000-0000000000f0', 'Once org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1190000-0000-4000-8000-0000000000f1', 'once@t119.test',
   '{"role":"paramedic","organization_id":"a1190000-0000-4000-8000-0000000000f0"}'),
  ('a1190000-0000-4000-8000-0000000000f2', 'once2@t119.test',
   '{"role":"paramedic","organization_id":"a1190000-0000-4000-8000-0000000000f0"}');

-- A sequential scan counts on the table, an index or bitmap scan on the index: both, whatever the plan.
create function pg_temp.scans() returns bigint language sql as $$
  select pg_stat_get_xact_numscans('public.users'::regclass)
    + (select coalesce(sum(pg_stat_get_xact_numscans(i.indexrelid)), 0)::bigint
       from pg_index i where i.indrelid = 'public.users'::regclass)
$$;
create function pg_temp.as_medic(aal text, id text default 'a1190000-0000-4000-8000-0000000000f1')
returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id,
    'role', 'authenticated', 'aal', aal, 'app_metadata', json_build_object('role', 'paramedic',
      'organization_id', 'a1190000-0000-4000-8000-0000000000f0'))::text, true);
end $$;

create temp table marks (at text primary key, n bigint);
grant all on marks to authenticated;

-- The lock modes held on a user's row (none: '{}').
create function pg_temp.row_locks(p_user uuid) returns text[] language sql as $$
  select coalesce((select l.modes from pgrowlocks('public.users') l
    where l.locked_row = (select u.ctid from public.users u where u.id = p_user)), '{}')
$$;
insert into marks values ('before use', pg_temp.scans());
select pg_temp.as_medic('aal1');
select is(public.use_mfa_backup_code('WRONG'), false, 'a wrong code fails');
reset role;
insert into marks values ('after use', pg_temp.scans());
select is(pg_temp.row_locks('a1190000-0000-4000-8000-0000000000f1'), '{"For Update"}'::text[],
  'use locked the row for update (one attempt at a time per user)');
select is((select n from marks where at = 'after use') - (select n from marks where at = 'before use'), 2::bigint,
  'use: the user row read once (and the challenge''s foreign-key check)');

select pg_temp.as_medic('aal2');
insert into marks values ('before generate', pg_temp.scans());
select is((select count(*)::int from public.generate_mfa_backup_codes()), 10, 'ten codes');
insert into marks values ('after generate', pg_temp.scans());
reset role;
select is((select n from marks where at = 'after generate') - (select n from marks where at = 'before generate'),
  12::bigint, 'generate: the user row read once (and eleven foreign-key checks)');

-- Generate as a user whose row nothing has locked yet in this transaction.
select pg_temp.as_medic('aal2', 'a1190000-0000-4000-8000-0000000000f2');
select count(*) from public.generate_mfa_backup_codes();
reset role;
select is(pg_temp.row_locks('a1190000-0000-4000-8000-0000000000f2'), '{"For Update"}'::text[],
  'generate locked the row for update (the 5 sets a day cannot be raced past)');

select * from finish();
rollback;
