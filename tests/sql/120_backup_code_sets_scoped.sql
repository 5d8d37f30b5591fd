-- The sets of backup codes in the GDPR export (20261205113000): each set is of the organization the
-- person was in when they made it, and its codes are the ones its generate made (mfa_backup_codes.set_id),
-- not those made between its time and the next set's.
--   1. A member who moved from organization Y to X: X's admin exports only the set made in X, with its
--      own counts; the person and the platform operator see both, each with its organization.
--   2. Two generates of one person that overlap (the second's transaction began before the first's and
--      took the lock after it had committed, and one of the first's codes was used meanwhile), through two
--      more sessions (dblink) that commit, under a user of this file alone removed at the end: each set
--      counts its own codes, and the set made last is the current one.
begin;
create extension if not exists pgtap;
create extension if not exists dblink;
select plan(11);

-- 1. Scoped to the organization.
insert into public.organizations (id, name) values
  ('a1200000-0000-4000-8000-0000000000a0', 'Org X (t120)'), ('a1200000-0000-4000-8000-0000000000b0', 'Org Y (t120)');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1200000-0000-4000-8000-0000000000a1', 'admin-x@t120.test',
   '{"role":"admin","organization_id":"a1200000-0000-4000-8000-0000000000a0"}'),
  ('a1200000-0000-4000-8000-0000000000c1', 'mover@t120.test',
   '{"role":"paramedic","organization_id":"a1200000-0000-4000-8000-0000000000b0"}');

create function pg_temp.as_user(id text, role text, org text, aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', aal,
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;

-- In Y: a set, one of its codes used.
select pg_temp.as_user('a1200000-0000-4000-8000-0000000000c1', 'paramedic', 'a1200000-0000-4000-8000-0000000000b0', 'aal2');
create temp table y_codes as select code from public.generate_mfa_backup_codes() as code;
select public.use_mfa_backup_code((select code from y_codes limit 1));
reset role;
-- The operator moves them to X, where they make a new set.
update auth.users set raw_app_meta_data = '{"role":"paramedic","organization_id":"a1200000-0000-4000-8000-0000000000a0"}'
where id = 'a1200000-0000-4000-8000-0000000000c1';
update public.users set full_name = 'Mover' where id = 'a1200000-0000-4000-8000-0000000000c1';
select pg_temp.as_user('a1200000-0000-4000-8000-0000000000c1', 'paramedic', 'a1200000-0000-4000-8000-0000000000a0', 'aal2');
select count(*) from public.generate_mfa_backup_codes();
reset role;

create function pg_temp.sets(p_subject uuid) returns table (organization_id uuid, data jsonb)
language sql as $$
  select r.organization_id, r.data - 'generatedAt' - 'replacedAt' - 'lastUsedAt' from gdpr.subject_records(p_subject) r
  where r.category = 'mfa_backup_code_sets' order by r.occurred_at, r.record_id::bigint
$$;

select pg_temp.as_user('a1200000-0000-4000-8000-0000000000a1', 'admin', 'a1200000-0000-4000-8000-0000000000a0', 'aal2');
set local role audit_reader; -- the export's reads are the audited door's (20261206030000)
create temp table x_admin_sees as select * from pg_temp.sets('a1200000-0000-4000-8000-0000000000c1');
create temp table x_admin_plan as
  select gdpr.export_plan('a1200000-0000-4000-8000-0000000000c1', repeat('0', 64)) as p;
reset role;
select results_eq($$select organization_id, data from x_admin_sees$$,
  $$values ('a1200000-0000-4000-8000-0000000000a0'::uuid, '{"codesUsed": 0, "codesLeft": 10}'::jsonb)$$,
  'X''s admin exports only the set made in X, with its own counts');
select is((select (p -> 'counts' ->> 'mfa_backup_code_sets')::int from x_admin_plan), 1,
  'and the export''s plan counts that one');

select pg_temp.as_user('a1200000-0000-4000-8000-0000000000c1', 'paramedic', 'a1200000-0000-4000-8000-0000000000a0', 'aal1');
set local role audit_reader;
create temp table own_sees as select * from pg_temp.sets('a1200000-0000-4000-8000-0000000000c1');
reset role;
select results_eq($$select organization_id, data from own_sees$$,
  $$values ('a1200000-0000-4000-8000-0000000000b0'::uuid, '{"codesUsed": 1, "codesLeft": 0}'::jsonb),
           ('a1200000-0000-4000-8000-0000000000a0'::uuid, '{"codesUsed": 0, "codesLeft": 10}'::jsonb)$$,
  'the person exports both, each of the organization it was made in');
-- The platform operator: the owner's own session with no claims (20261205115000).
select set_config('request.jwt.claims', '', true);
select results_eq($$select organization_id, data from pg_temp.sets('a1200000-0000-4000-8000-0000000000c1')$$,
  $$select organization_id, data from own_sees$$, 'and so does the platform operator');
select set_config('request.jwt.claims', '', true);
select is((select array_agg(s.organization_id order by s.id) from app.mfa_backup_code_sets s
    where s.user_id = 'a1200000-0000-4000-8000-0000000000c1'),
  array['a1200000-0000-4000-8000-0000000000b0', 'a1200000-0000-4000-8000-0000000000a0']::uuid[],
  'generate records the organization of the set');

-- 2. Overlapping generates.
select format('host=127.0.0.1 port=%s dbname=%s user=postgres password=postgres', current_setting('port'),
  current_database()) as conn \gset
select gen_random_uuid() as race_org, gen_random_uuid() as racer \gset
select json_build_object('sub', :'racer', 'role', 'authenticated', 'aal', 'aal2',
  'app_metadata', json_build_object('role', 'paramedic', 'organization_id', :'race_org'))::text as claims \gset
select dblink_connect('t120_a', :'conn');
select dblink_connect('t120_b', :'conn');
select dblink_exec('t120_a', format($$insert into public.organizations (id, name) values (%L, 't120 race')$$, :'race_org'));
select dblink_exec('t120_a', format($$insert into auth.users (id, email, raw_app_meta_data) values (%L, %L, %L)$$,
  :'racer', 'racer-' || :'racer' || '@t120.test',
  json_build_object('role', 'paramedic', 'organization_id', :'race_org')::text));
select dblink_exec('t120_a', 'set role authenticated');
select dblink_exec('t120_a', format('set request.jwt.claims = %L', :'claims'));

-- B's request begins first...
select dblink_exec('t120_b', 'begin');
select dblink_exec('t120_b', 'set local role authenticated');
select dblink_exec('t120_b', format('set local request.jwt.claims = %L', :'claims'));
select * from dblink('t120_b', 'select now()::text') as t(began text) \gset b_
-- ...A's makes a set and commits, and one of its codes is used...
create temp table a_codes as select * from dblink('t120_a', 'select * from public.generate_mfa_backup_codes()') as t(code text);
select * from dblink('t120_a', format('select public.use_mfa_backup_code(%L)', (select code from a_codes limit 1)))
  as t(used boolean);
-- ...then B's takes the lock, replaces A's set and commits.
select * from dblink('t120_b', 'select count(*) from public.generate_mfa_backup_codes()') as t(n bigint);
select dblink_exec('t120_b', 'commit');

create temp table race_sets as select s.id, s.generated_at from app.mfa_backup_code_sets s where s.user_id = :'racer';
-- Setup, not a test (the steps above order it): the race happened, B's transaction began before A's set.
create function pg_temp.setup_guard(holds boolean, what text) returns void language plpgsql as $$
begin
  if not holds then raise exception 'setup: %', what; end if;
end $$;
select pg_temp.setup_guard((select count(*) = 2 from race_sets)
    and :'b_began'::timestamptz < (select generated_at from race_sets order by id limit 1),
  'the race did not happen');
select is((select array_agg(n order by set_id) from (select c.set_id, count(*)::int as n from public.mfa_backup_codes c
    where c.user_id = :'racer' group by c.set_id) x), array[1, 10],
  'each code is of the set that made it (A''s used one; B''s ten)');

select pg_temp.as_user(:'racer', 'paramedic', :'race_org', 'aal1');
set local role audit_reader;
create temp table race_export as select record_id::bigint as id, occurred_at, data
  from gdpr.subject_records(:'racer') where category = 'mfa_backup_code_sets';
reset role;
select results_eq($$select id, (data ->> 'codesUsed')::int, (data ->> 'codesLeft')::int from race_export
    order by occurred_at, id$$,
  $$select id, n.used, n.left_over from (select id, row_number() over (order by id) as k from race_sets) s
    join (values (1, 1, 0), (2, 0, 10)) n(k, used, left_over) using (k) order by id$$,
  'A''s set: its one code used, the rest deleted by B''s; B''s set: ten left');
select is((select array_agg(id order by occurred_at, id) from race_export),
  (select array_agg(id order by id) from race_sets), 'the sets are exported in the order they were made');
select is((select id from race_export where data ->> 'replacedAt' is null), (select max(id) from race_sets),
  'the set made last is the current one');
select ok((select bool_and((data ->> 'replacedAt') is null
    or (data ->> 'replacedAt')::timestamptz >= (data ->> 'generatedAt')::timestamptz) from race_export),
  'no set is replaced before it was made');
select is((select data ->> 'replacedAt' from race_export order by id limit 1),
  (select data ->> 'generatedAt' from race_export order by id desc limit 1), 'A''s set is replaced when B''s was made');

-- The racer's committed rows go (their audit events stay, as every audit row does).
select dblink_exec('t120_a', 'reset role');
select dblink_exec('t120_a', format('delete from auth.users where id = %L', :'racer'));
select dblink_exec('t120_a', format('delete from public.organizations where id = %L', :'race_org'), false);
select dblink_disconnect('t120_a');
select dblink_disconnect('t120_b');
select * from finish();
rollback;
