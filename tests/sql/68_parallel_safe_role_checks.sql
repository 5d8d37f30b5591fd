-- 20261204003000: the RLS role checks are PARALLEL SAFE and audit.reveal_many PARALLEL RESTRICTED, so a read
-- through the audited door may be planned with parallel workers (the CSV export's statement is). Proves the
-- labels, that a parallel plan is then possible where none was, and that with a parallel plan forced RLS
-- leaves each caller the same rows as a plan without workers, and the export's shape (the originals in an
-- init plan, read by the workers) gives every row the same original as audit.reveal.
begin;
create extension if not exists pgtap;
select plan(18);

select is((select proparallel from pg_proc where oid = 'app.current_user_role()'::regprocedure), 's',
  'app.current_user_role() is parallel safe: it only reads the JWT claims, set before the statement');
select is((select proparallel from pg_proc where oid = 'app.current_organization_id()'::regprocedure), 's',
  'app.current_organization_id() is parallel safe');
select is((select proparallel from pg_proc where oid = 'audit.reveal_many(uuid[])'::regprocedure), 'r',
  'audit.reveal_many is parallel restricted: it runs in the leader only');
select is((select provolatile from pg_proc where oid = 'audit.reveal_many(uuid[])'::regprocedure), 's',
  'and still stable, its other properties unchanged');
-- Their policy is the one these labels are for; a second, unlabelled helper in it would plan serially again.
select is(
  (select count(*)::int from pg_policies where schemaname = 'public' and tablename = 'audit_logs'),
  1, 'audit_logs has one policy');

insert into public.organizations (id, name) values
  ('aaaaaaaa-6800-4000-8000-00000000000a', 'Parallel org A'),
  ('bbbbbbbb-6800-4000-8000-00000000000b', 'Parallel org B');
-- 40 rows in A (20 people), 25 in B, 5 of no organization; people with sessions and addresses to reveal.
select audit.write_events((
  select jsonb_agg(jsonb_build_object(
    'action', 'dosing.calculate', 'resource', 'parallel-68', 'outcome', 'success',
    'organization_id', case when i <= 40 then 'aaaaaaaa-6800-4000-8000-00000000000a'
                            when i <= 65 then 'bbbbbbbb-6800-4000-8000-00000000000b' end,
    'user_id', format('a6800000-0000-4000-8000-%s', lpad((i % 20)::text, 12, '0')),
    'session_id', 'sess-68-' || (i % 7), 'ip_address', '198.51.100.' || i,
    'duration_ms', i))
  from generate_series(1, 70) i));

-- The plan of a query, as EXPLAIN prints it (EXPLAIN plans as a cursor would: parallel allowed).
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare
  line text;
  plan text := '';
begin
  for line in execute 'explain (costs off) ' || query loop plan := plan || line || E'\n'; end loop;
  return plan;
end $$;
create function pg_temp.plan_json_of(query text) returns jsonb language plpgsql as $$
declare
  plan jsonb;
begin
  execute 'explain (costs off, format json) ' || query into plan;
  return plan;
end $$;
create function pg_temp.as_caller(role text, org text) returns void language sql as $$
  select set_config('request.jwt.claims', json_build_object('sub', 'e6800000-0000-4000-8000-000000000001',
    'role', 'authenticated', 'aal', 'aal2',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true)
$$;
-- Every seq of the fixture, by organization, as the owner sees them.
create temp table rows68 as
  select organization_id, array_agg(seq order by seq) as seqs from public.audit_logs
  where resource = 'parallel-68' group by organization_id;
grant select on rows68 to audit_reader;

-- A parallel plan whenever one is possible, whatever the table's size (these few rows would not pay for one).
set local parallel_setup_cost = 0;
set local parallel_tuple_cost = 0;
set local min_parallel_table_scan_size = 0;
set local min_parallel_index_scan_size = 0;
set local max_parallel_workers_per_gather = 2;
set local enable_indexscan = off; -- the fixture's rows by a (parallel) scan of the partition, not by index
set local enable_bitmapscan = off;
set local parallel_leader_participation = off; -- the workers read every row, so the helpers run in them

-- How many workers a query's run launched (EXPLAIN ANALYZE): planned with workers is not run in them.
create function pg_temp.workers_launched(query text) returns int language plpgsql as $$
declare
  plan jsonb;
begin
  execute 'explain (analyze, costs off, timing off, summary off, format json) ' || query into plan;
  return coalesce((select sum((w #>> '{}')::int) from jsonb_path_query(plan, '$.**."Workers Launched"') w), 0);
end $$;

set local role audit_reader; -- the audited door, as audit-query reads
select pg_temp.as_caller('admin', 'aaaaaaaa-6800-4000-8000-00000000000a');
select matches(pg_temp.plan_of($$select seq from public.audit_logs where resource = 'parallel-68'$$),
  'Gather[\s\S]*Parallel Seq Scan',
  'as an admin, a read of audit_logs under its policy may now be planned with parallel workers');
select matches(pg_temp.plan_of($$select seq from public.audit_logs where resource = 'parallel-68'$$),
  'Gather[\s\S]*One-Time Filter: \(\$\d+ = ANY[\s\S]*Parallel Seq Scan',
  'the role check is evaluated once (an init plan), and the rows are filtered below the Gather, in the workers');
-- Each read is its own statement, its answer kept by psql (\gset) and compared after: inside pgTAP's is(),
-- a parallel-unsafe function, the read would be planned without workers.
select ok(pg_temp.workers_launched($$select seq from public.audit_logs where resource = 'parallel-68'$$) > 0,
  'and run in them: the policy''s role checks are evaluated in parallel workers');
select array_agg(seq order by seq)::text as admin_a from public.audit_logs where resource = 'parallel-68' \gset
select pg_temp.as_caller('medical_director', 'aaaaaaaa-6800-4000-8000-00000000000a');
select array_agg(seq order by seq)::text as director_a from public.audit_logs where resource = 'parallel-68' \gset
select pg_temp.as_caller('admin', 'bbbbbbbb-6800-4000-8000-00000000000b');
select array_agg(seq order by seq)::text as admin_b from public.audit_logs where resource = 'parallel-68' \gset
select pg_temp.as_caller('paramedic', 'aaaaaaaa-6800-4000-8000-00000000000a');
select count(*) as paramedic_a from public.audit_logs where resource = 'parallel-68' \gset
select pg_temp.as_caller('admin', '');
select count(*) as admin_none from public.audit_logs where resource = 'parallel-68' \gset
select ok(pg_temp.workers_launched($$select count(*) from public.audit_logs where resource = 'parallel-68'$$) > 0,
  'the empty reads ran in workers too');
select is(:'admin_a', (select seqs::text from rows68 where organization_id = 'aaaaaaaa-6800-4000-8000-00000000000a'),
  'with a parallel plan, an admin of A reads exactly A''s rows');
select is(:'director_a', (select seqs::text from rows68 where organization_id = 'aaaaaaaa-6800-4000-8000-00000000000a'),
  'a medical director of A: the same rows');
select is(:'admin_b', (select seqs::text from rows68 where organization_id = 'bbbbbbbb-6800-4000-8000-00000000000b'),
  'an admin of B: exactly B''s rows');
select is(:'paramedic_a'::int, 0, 'a paramedic of A: no row, with a parallel plan as without');
select is(:'admin_none'::int, 0, 'an admin of no organization: no row (not the rows of no organization)');

-- The CSV export's shape (handlers/audit_query/export_csv.ts): the originals once, from reveal_many in a CTE
-- read by a scalar subquery (an init plan in the leader), the rows read and looked up in the workers.
select pg_temp.as_caller('admin', 'aaaaaaaa-6800-4000-8000-00000000000a');
create temp view export68 as
  with n as (
    select coalesce(jsonb_object_agg(r.pseudonym, r.value), '{}') as names
    from audit.reveal_many(array(
      select distinct v.p from public.audit_logs l,
        lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym)) v(p)
      where l.resource = 'parallel-68' and v.p is not null)) r
  )
  select l.seq, l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym,
    (select n.names from n) ->> l.actor_pseudonym::text as user_id,
    (select n.names from n) ->> l.session_pseudonym::text as session_id,
    (select n.names from n) ->> l.ip_pseudonym::text as ip_address
  from public.audit_logs l where l.resource = 'parallel-68';
select ok(jsonb_path_exists(pg_temp.plan_json_of('select * from export68'),
    '$.** ? (@."Node Type" like_regex "^Gather").Plans[*] ? (@."Parent Relationship" == "Outer").** ? (@."Parallel Aware" == true)'),
  'the export''s shape is planned with parallel workers: the rows are read below a Gather');
select ok(jsonb_path_exists(pg_temp.plan_json_of('select * from export68'), '$.** ? (@."Function Name" == "reveal_many")')
    and not jsonb_path_exists(pg_temp.plan_json_of('select * from export68'),
      '$.** ? (@."Node Type" like_regex "^Gather").Plans[*] ? (@."Parent Relationship" == "Outer").** ? (@."Function Name" == "reveal_many")'),
  'reveal_many runs once, in the leader: never below a Gather, where the workers are');
-- Read with that plan (psql keeps the answer), compared with audit.reveal after: a parallel-unsafe call
-- in the same statement would have planned it without workers.
select jsonb_agg(to_jsonb(e)) as export68 from export68 e \gset
select is(
  (select count(*)::int from jsonb_populate_recordset(null::export68, :'export68') e
   where e.user_id is distinct from audit.reveal(e.actor_pseudonym)
      or e.session_id is distinct from audit.reveal(e.session_pseudonym)
      or e.ip_address is distinct from audit.reveal(e.ip_pseudonym)),
  0, 'with the parallel plan, every row''s originals are those audit.reveal gives, one by one');
select is(
  (select array_agg(e.seq order by e.seq) from jsonb_populate_recordset(null::export68, :'export68') e
   where e.user_id is not null and e.session_id is not null and e.ip_address is not null),
  (select seqs from rows68 where organization_id = 'aaaaaaaa-6800-4000-8000-00000000000a'),
  'and exactly A''s rows, each with its user, session and address revealed');
reset role;

select * from finish();
rollback;
