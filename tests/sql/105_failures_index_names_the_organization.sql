-- 20261205080000: an admin's list page filtered by outcome = failure (and an action) walks the recent-failures
-- index with the caller's organization as an index condition, so no other organization's failure is fetched
-- only for the policy to drop it. Under the policy only LEAKPROOF conditions can be index conditions: the
-- organization's (uuid equality) can, the action's and outcome's (enum equality) cannot. What is checked is
-- which conditions the failures index takes, not the planner's costs: the other indexes such a page could
-- walk are dropped in this rolled-back transaction and sequential and bitmap scans are off, so the plan
-- depends on no other suite's rows and no statistics.
begin;
create extension if not exists pgtap;
select plan(5);

drop index public.audit_logs_org_time_idx;
drop index public.audit_logs_action_outcome_time_idx;
set local enable_seqscan = off;
set local enable_bitmapscan = off;

select set_config('request.jwt.claims', json_build_object('sub', 'e1050000-0000-4000-8000-000000000001',
  'role', 'authenticated', 'aal', 'aal2',
  'app_metadata', json_build_object('role', 'admin', 'organization_id', 'a1050000-0000-4000-8000-00000000000a'))::text,
  true) as admin_claims \gset
set local role audit_reader;
-- The list page's shape (queries.ts, listQuery and filterConditions): the window, the filters as arrays.
create function pg_temp.plan_of_page() returns jsonb language plpgsql as $$
declare plan jsonb;
begin
  execute $q$explain (format json)
    select l.* from public.audit_logs l
    where l."timestamp" >= now() - interval '7 days' and l."timestamp" < now() + interval '1 minute'
      and l.action = any('{dosing.calculate}'::public.audit_action[])
      and l.outcome = any('{failure}'::public.audit_outcome[])
    order by l."timestamp" desc, l.seq desc
    limit 101$q$ into plan;
  return plan;
end $$;
select jsonb_path_query_array(pg_temp.plan_of_page(), 'strict $.**."Index Name"') as indexes,
  jsonb_path_query_array(pg_temp.plan_of_page(), 'strict $.**."Index Cond"') as index_conditions,
  jsonb_path_query_array(pg_temp.plan_of_page(), 'strict $.**."Filter"') as filters \gset
reset role;

select ok(jsonb_array_length(:'indexes'::jsonb) > 0, 'the page walks an index of the live partitions');
select ok((select bool_and(name ~ '^audit_logs_(\d{4}_\d\d|default)_timestamp_organization_id_idx$')
    from jsonb_array_elements_text(:'indexes'::jsonb) name),
  'each partition''s failures index, keyed by the time and then the organization: ' || :'indexes');
select ok((select bool_and(condition ~ 'organization_id = \$')
    from jsonb_array_elements_text(:'index_conditions'::jsonb) condition),
  'the caller''s organization is an index condition: ' || :'index_conditions');
select ok((select coalesce(bool_and(filter !~ 'organization_id'), true)
    from jsonb_array_elements_text(:'filters'::jsonb) filter),
  'and not a filter over every organization''s failures: ' || :'filters');

select ok((select 'jit=off' = any(proconfig) from pg_proc
    where oid = 'audit.get_failed_auth_attempts(integer)'::regprocedure),
  'the failed sign-ins report does not compile its plan (its estimate crossed JIT''s thresholds with this index)');

select * from finish();
rollback;
