-- 20261204005000: the RLS role checks (and reveal_many) are PARALLEL UNSAFE again, so no read through
-- audit_logs' policy is planned with workers. What the parallel labels cost, and what this file fails on:
-- the failed sign-ins report's `failures` CTE, planned as the function plans it (its p_hours unknown, so
-- priced at a third of the failures, ~86x its rows on the benchmark's 10M), took a Gather of workers over
-- every monthly partition instead of an Append that prunes all but the window's months when it starts.
begin;
create extension if not exists pgtap;
select plan(5);

select is((select proparallel from pg_proc where oid = 'app.current_user_role()'::regprocedure), 'u',
  'app.current_user_role() is parallel unsafe (20261204005000)');
select is((select proparallel from pg_proc where oid = 'app.current_organization_id()'::regprocedure), 'u',
  'app.current_organization_id() is parallel unsafe');
-- reveal_many is unsafe since 20261204005000 and stays so only because 20261204006000's CREATE OR REPLACE
-- names no label: a later redefinition that adds one is caught here.
select is((select proparallel from pg_proc where oid = 'audit.reveal_many(uuid[])'::regprocedure), 'u',
  'audit.reveal_many(uuid[]) is parallel unsafe');

-- The function's body as a prepared statement with its parameter as $1, planned generically: what a
-- non-inlined SQL function does with its body (planned with its arguments unknown). Read as an admin
-- through the audited door, with parallel plans made as cheap as can be, so that only the labels can
-- keep workers out.
select replace(prosrc, 'p_hours', '$1') as failures_body
from pg_proc where oid = 'audit.get_failed_auth_attempts(integer)'::regprocedure \gset
select set_config('request.jwt.claims', json_build_object('sub', 'e9300000-0000-4000-8000-000000000001',
  'role', 'authenticated', 'aal', 'aal2',
  'app_metadata', json_build_object('role', 'admin', 'organization_id', 'a9300000-0000-4000-8000-00000000000a'))::text,
  true) as admin_claims \gset
set local role audit_reader;
set local max_parallel_workers_per_gather = 2; -- workers allowed, whatever the stack's default
set local parallel_setup_cost = 0;
set local parallel_tuple_cost = 0;
set local min_parallel_table_scan_size = 0;
set local min_parallel_index_scan_size = 0;
set local plan_cache_mode = force_generic_plan;
prepare failures_report(integer) as :failures_body;
create function pg_temp.plan_of_report() returns jsonb language plpgsql as $$
declare plan jsonb;
begin
  execute 'explain (format json) execute failures_report(168)' into plan;
  return plan;
end $$;
select jsonb_path_query_array(pg_temp.plan_of_report(), 'strict $.**."Node Type"') as report_nodes,
  jsonb_path_query_array(pg_temp.plan_of_report(), 'strict $.**."Subplans Removed"') as report_pruned \gset
reset role;

select ok(:'report_nodes'::jsonb @> '["Append"]',
  'the failures are read by an Append over the monthly partitions (the plan read as intended)');
select ok(not (:'report_nodes'::jsonb @> '["Gather"]' or :'report_nodes'::jsonb @> '["Gather Merge"]'),
  'no Gather: the report is planned without workers, even when they cost nothing');
-- For the reader only (the test stack has few partitions, the benchmark's trail 25): pruning is
-- Postgres's own and needs no label.
select diag('partitions pruned when the report starts: ' || :'report_pruned');

select * from finish();
rollback;
