-- audit.reveal_many keeps its statement's plan (20261205020000, issue 18): plan_cache_mode = auto in its own
-- SET clause, whatever the caller's transaction sets, and the same answers on every call of a connection —
-- before and after PL/pgSQL moves from custom plans (the first five) to a generic one — caller by caller,
-- under the audited door's force_custom_plan.
begin;
create extension if not exists pgtap;
select plan(9);

select ok((select 'plan_cache_mode=auto' = any(p.proconfig) and 'search_path=pg_catalog, pg_temp' = any(p.proconfig)
           from pg_proc p where p.oid = 'audit.reveal_many(uuid[])'::regprocedure),
  'reveal_many plans as auto in its own SET clause, beside its search_path');
select ok((select p.prosecdef and p.provolatile = 's' from pg_proc p where p.oid = 'audit.reveal_many(uuid[])'::regprocedure),
  'still a stable security definer');

insert into public.organizations (id, name) values
  ('aaaaaaaa-9900-4000-8000-00000000000a', 'Plan org A'),
  ('bbbbbbbb-9900-4000-8000-00000000000b', 'Plan org B');
-- 60 rows of A, 20 of B: each its own user, session, address and agent
select audit.write_events((
  select jsonb_agg(jsonb_build_object(
    'action', 'dosing.calculate', 'resource', 'plan-99', 'outcome', 'success', 'correlation_id', 'c99-' || i,
    'organization_id', case when i <= 60 then 'aaaaaaaa-9900-4000-8000-00000000000a'
                            else 'bbbbbbbb-9900-4000-8000-00000000000b' end,
    'user_id', format('a9900000-0000-4000-8000-%s', lpad(i::text, 12, '0')),
    'session_id', 'sess-99-' || i, 'ip_address', '10.99.0.' || i, 'user_agent', 'Agent99/' || i))
  from generate_series(1, 80) i));

-- A page's worth: every pseudonym of the 80 rows, an unknown one and a null.
create temp table asked99 as
  select array_agg(distinct v.p) || array[gen_random_uuid(), null::uuid] as ps
  from public.audit_logs l
  cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                             (l.user_agent_pseudonym)) v(p)
  where l.resource = 'plan-99' and v.p is not null;
-- What each caller may see, from the fixture itself: the originals of its organization's rows.
create temp table written99 as
  select l.organization_id, v.p, v.original
  from public.audit_logs l
  cross join lateral (select substring(l.correlation_id from 5)::int as n) s
  cross join lateral (values
    (l.actor_pseudonym, format('a9900000-0000-4000-8000-%s', lpad(s.n::text, 12, '0'))),
    (l.session_pseudonym, 'sess-99-' || s.n), (l.ip_pseudonym, '10.99.0.' || s.n),
    (l.user_agent_pseudonym, 'Agent99/' || s.n)) v(p, original)
  where l.resource = 'plan-99';

-- Since 20261205115000 the platform operator is a SQL role, not a claim, and the owner's session running this
-- file is the operator: each caller takes the role the functions would give it around its call of
-- audit.reveal_many (the audited door's audit_reader; service_role for the service role's claims).
create function pg_temp.take_role(claims jsonb) returns void language sql as $$
  select set_config('role', case when claims ->> 'role' = 'service_role' then 'service_role' else 'audit_reader' end, true);
$$;
grant select on asked99 to audit_reader, service_role;

-- Ten calls in a row as one caller, each its own call of reveal_many (a loop, not a subquery the planner
-- would run once), past the fifth, where PL/pgSQL may move to a generic plan: the distinct answers; one
-- answer means every call gave the same.
create function pg_temp.answers(claims jsonb) returns setof jsonb language plpgsql as $$
declare
  answer jsonb;
  seen jsonb[] := '{}';
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform pg_temp.take_role(claims);
  for i in 1..10 loop
    select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]') into answer
    from audit.reveal_many((select ps from asked99)) r;
    if not answer = any(seen) then
      seen := seen || answer;
    end if;
  end loop;
  perform set_config('role', 'none', true);
  return query select unnest(seen);
end $$;
create function pg_temp.expected(org uuid) returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_array(p, original) order by p), '[]')
  from (select distinct p, original from written99 where org is null or organization_id = org) w
$$;

set local plan_cache_mode = force_custom_plan; -- as the audited door
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a9900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-9900-4000-8000-00000000000a"}}')$$,
  $$values (pg_temp.expected('aaaaaaaa-9900-4000-8000-00000000000a'))$$,
  'an admin of A: ten calls, one answer, exactly the originals of A''s rows');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"b9900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-9900-4000-8000-00000000000b"}}')$$,
  $$values (pg_temp.expected('bbbbbbbb-9900-4000-8000-00000000000b'))$$,
  'then a medical director of B on the same connection (the plan kept): exactly B''s, none of A''s');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a9900000-0000-4000-8000-0000000000ee","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-9900-4000-8000-00000000000a"}}')$$,
  $$values ('[]'::jsonb)$$,
  'a paramedic of A: nothing, on every call');
select results_eq(
  $$select * from pg_temp.answers('{"role":"service_role"}')$$,
  $$values (pg_temp.expected(null))$$,
  'the service role: every original of the fixture, on every call');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a9900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-9900-4000-8000-00000000000a"}}')$$,
  $$values (pg_temp.expected('aaaaaaaa-9900-4000-8000-00000000000a'))$$,
  'the admin of A again, after the others: still exactly A''s');

-- And with the generic plan certain (the function's own setting forced; rolled back with the test).
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_generic_plan;
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"b9900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-9900-4000-8000-00000000000b"}}')$$,
  $$values (pg_temp.expected('bbbbbbbb-9900-4000-8000-00000000000b'))$$,
  'generic plans only: a medical director of B gets exactly B''s');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a9900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-9900-4000-8000-00000000000a"}}')$$,
  $$values (pg_temp.expected('aaaaaaaa-9900-4000-8000-00000000000a'))$$,
  'generic plans only: then an admin of A gets exactly A''s, none of B''s');

select * from finish();
rollback;
