-- audit.reveal_many keeps its statement's plan (20261205020000, issue 18): plan_cache_mode = auto in its own
-- SET clause, whatever the caller's transaction sets, and the same answers on every call of a connection —
-- before and after PL/pgSQL moves from custom plans (the first five) to a generic one — caller by caller,
-- under the audited door's force_custom_plan.
begin;
create extension if not exists pgtap;
select plan(7);

select ok((select 'plan_cache_mode=auto' = any(p.proconfig) and 'search_path=pg_catalog, pg_temp' = any(p.proconfig)
           from pg_proc p where p.oid = 'audit.reveal_many(uuid[])'::regprocedure),
  'reveal_many plans as auto in its own SET clause, beside its search_path');
select ok((select p.prosecdef and p.provolatile = 's' from pg_proc p where p.oid = 'audit.reveal_many(uuid[])'::regprocedure),
  'still a stable security definer');

insert into public.organizations (id, name) values
  ('aaaaaaaa-6800-4000-8000-00000000000a', 'Plan org A'),
  ('bbbbbbbb-6800-4000-8000-00000000000b', 'Plan org B');
-- 60 rows of A, 20 of B: each its own user, session, address and agent
select audit.write_events((
  select jsonb_agg(jsonb_build_object(
    'action', 'dosing.calculate', 'resource', 'plan-68', 'outcome', 'success', 'correlation_id', 'c68-' || i,
    'organization_id', case when i <= 60 then 'aaaaaaaa-6800-4000-8000-00000000000a'
                            else 'bbbbbbbb-6800-4000-8000-00000000000b' end,
    'user_id', format('a6800000-0000-4000-8000-%s', lpad(i::text, 12, '0')),
    'session_id', 'sess-68-' || i, 'ip_address', '10.68.0.' || i, 'user_agent', 'Agent68/' || i))
  from generate_series(1, 80) i));

-- A page's worth: every pseudonym of the 80 rows, an unknown one and a null.
create temp table asked68 as
  select array_agg(distinct v.p) || array[gen_random_uuid(), null::uuid] as ps
  from public.audit_logs l
  cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                             (l.user_agent_pseudonym)) v(p)
  where l.resource = 'plan-68' and v.p is not null;
-- What each caller may see, from the fixture itself: the originals of its organization's rows.
create temp table written68 as
  select l.organization_id, v.p, v.original
  from public.audit_logs l
  cross join lateral (select substring(l.correlation_id from 5)::int as n) s
  cross join lateral (values
    (l.actor_pseudonym, format('a6800000-0000-4000-8000-%s', lpad(s.n::text, 12, '0'))),
    (l.session_pseudonym, 'sess-68-' || s.n), (l.ip_pseudonym, '10.68.0.' || s.n),
    (l.user_agent_pseudonym, 'Agent68/' || s.n)) v(p, original)
  where l.resource = 'plan-68';

-- Ten calls in a row as one caller (past the fifth, where a generic plan may take over): each call's
-- (pseudonym, original) pairs, as distinct answers; one answer means every call gave the same.
create function pg_temp.answers(claims jsonb) returns setof jsonb language plpgsql as $$
begin
  perform set_config('request.jwt.claims', claims::text, true);
  return query
    select distinct (select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]')
                     from audit.reveal_many((select ps from asked68)) r)
    from generate_series(1, 10);
end $$;
create function pg_temp.expected(org uuid) returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_array(p, original) order by p), '[]')
  from (select distinct p, original from written68 where org is null or organization_id = org) w
$$;

set local plan_cache_mode = force_custom_plan; -- as the audited door
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a6800000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-6800-4000-8000-00000000000a"}}')$$,
  $$values (pg_temp.expected('aaaaaaaa-6800-4000-8000-00000000000a'))$$,
  'an admin of A: ten calls, one answer, exactly the originals of A''s rows');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"b6800000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-6800-4000-8000-00000000000b"}}')$$,
  $$values (pg_temp.expected('bbbbbbbb-6800-4000-8000-00000000000b'))$$,
  'then a medical director of B on the same connection (the plan kept): exactly B''s, none of A''s');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a6800000-0000-4000-8000-0000000000ee","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-6800-4000-8000-00000000000a"}}')$$,
  $$values ('[]'::jsonb)$$,
  'a paramedic of A: nothing, on every call');
select results_eq(
  $$select * from pg_temp.answers('{"role":"service_role"}')$$,
  $$values (pg_temp.expected(null))$$,
  'the service role: every original of the fixture, on every call');
select results_eq(
  $$select * from pg_temp.answers('{"role":"authenticated","sub":"a6800000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-6800-4000-8000-00000000000a"}}')$$,
  $$values (pg_temp.expected('aaaaaaaa-6800-4000-8000-00000000000a'))$$,
  'the admin of A again, after the others: still exactly A''s');

select * from finish();
rollback;
