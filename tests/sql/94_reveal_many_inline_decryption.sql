-- audit.reveal_many with its decryption inlined (20261204006000, issue 18) reveals exactly what the previous
-- definition (20261204004010, kept here as the reference, decrypting through audit.decrypt_value) revealed,
-- caller by caller, for a list page's worth of pseudonyms and for a large list (every pseudonym of ~2,000
-- rows, as the CSV export asks), under custom, generic and parallel-friendly plans. The lists mix the
-- caller's organization's pseudonyms, another organization's, ones of no organization, one whose mapping is
-- gone (what erasure leaves), one whose periods retention has taken, unknown ones, repeats and a null.
begin;
create extension if not exists pgtap;
select plan(21);

create function pg_temp.reveal_many_reference(pseudonyms uuid[]) returns table (pseudonym uuid, value text)
language plpgsql stable as $$
declare
  key bytea;
  org uuid;
begin
  if coalesce(auth.role(), '') = 'service_role' then
    key := audit.pseudonym_key();
    return query
      select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
      from audit.pseudonym_mapping m
      where m.pseudonym = any(pseudonyms);
    return;
  end if;
  org := app.current_organization_id();
  if org is null or app.current_user_role() not in ('admin', 'medical_director') then
    return;
  end if;
  key := audit.pseudonym_key();
  return query
    select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
    from audit.pseudonym_mapping m
    where m.pseudonym = any(pseudonyms)
      and (select true from audit.pseudonym_organization_periods o
           where o.pseudonym = m.pseudonym and o.organization_id = org limit 1);
end $$;

insert into public.organizations (id, name) values
  ('aaaaaaaa-9400-4000-8000-00000000000a', 'Inline org A'),
  ('bbbbbbbb-9400-4000-8000-00000000000b', 'Inline org B');
-- 1,400 rows of A, 500 of B, 100 of no organization: each its own user, session, address and agent, so
-- ~8,000 pseudonyms; every 50th user of A also acts for B (a pseudonym both may reveal).
select audit.write_events((
  select jsonb_agg(jsonb_build_object(
    'action', 'dosing.calculate', 'resource', 'inline-94', 'outcome', 'success', 'correlation_id', 'c94-' || i,
    'organization_id', case when i <= 1400 then 'aaaaaaaa-9400-4000-8000-00000000000a'
                            when i <= 1900 then 'bbbbbbbb-9400-4000-8000-00000000000b' end,
    'user_id', format('a9400000-0000-4000-8000-%s',
                      lpad((case when i > 1400 and i <= 1410 then (i - 1400) * 50 else i end)::text, 12, '0')),
    'session_id', 'sess-94-' || i, 'ip_address', '10.94.' || (i / 250) || '.' || (i % 250),
    'user_agent', 'Agent94/' || i || ' (inline decryption fixture, a value longer than one AES block)'))
  from generate_series(1, 2000) i));

-- What erasure leaves of a subject (gdpr.erase_subject deletes the mapping rows of the user and of what they
-- own; here the user's) and what retention leaves of a month it archived (audit.archive_partition deletes
-- that month's periods; here all of one A session's), on one A row each.
create temp table gone94 as
  select (select actor_pseudonym from public.audit_logs where resource = 'inline-94'
          and actor_pseudonym = audit.pseudonym_of('user', 'a9400000-0000-4000-8000-000000000007')) as erased,
         (select session_pseudonym from public.audit_logs where resource = 'inline-94'
          and session_pseudonym is not null and organization_id = 'aaaaaaaa-9400-4000-8000-00000000000a'
          order by seq limit 1 offset 10) as retired;
delete from audit.pseudonym_mapping where pseudonym = (select erased from gone94);
delete from audit.pseudonym_organization_periods where pseudonym = (select retired from gone94);

-- Every pseudonym of the fixture's rows, repeated, with a null and 50 nobody has: the large list; and a
-- page's worth (~330, as a 100-row list page reveals) drawn from all of it, the two gone ones included.
create temp table asked94 as
with every as (
  select distinct v.p from public.audit_logs l
  cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                             (l.user_agent_pseudonym)) v(p)
  where l.resource = 'inline-94' and v.p is not null
)
select 'large'::text as size,
  (select array_agg(p) from every) || (select array_agg(p) from (select p from every limit 500) r)
    || array[null::uuid] || (select array_agg(gen_random_uuid()) from generate_series(1, 50)) as ps
union all
select 'page', (select array_agg(p) from (select p from every order by md5(p::text) limit 320) r)
    || array[(select erased from gone94), (select retired from gone94), null::uuid, gen_random_uuid()];
select ok((select cardinality(ps) from asked94 where size = 'large') > 8000
          and (select cardinality(ps) from asked94 where size = 'page') between 300 and 400,
  'the lists: a large one (every pseudonym of 2,000 rows, repeats, a null, unknown ones) and a page''s worth');

-- Since 20261205115000 the platform operator is a SQL role, not a claim, and the owner's session running this
-- file is the operator: each caller takes the role the functions would give it around its call of
-- audit.reveal_many (the audited door's audit_reader; service_role for the service role's claims).
create function pg_temp.take_role(claims jsonb) returns void language sql as $$
  select set_config('role', case when claims ->> 'role' = 'service_role' then 'service_role' else 'audit_reader' end, true);
$$;
grant select on asked94 to audit_reader, service_role;

-- The same (pseudonym, original) pairs from both definitions, for a caller and a list.
create function pg_temp.same_as_reference(claims jsonb, list text) returns boolean language plpgsql as $$
declare
  now_ jsonb;
  before_ jsonb;
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform pg_temp.take_role(claims);
  select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]')
    into now_ from asked94 a, audit.reveal_many(a.ps) r where a.size = list;
  perform set_config('role', 'none', true); -- the reference reads the claims as the owner, as it did
  select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]')
    into before_ from asked94 a, pg_temp.reveal_many_reference(a.ps) r where a.size = list;
  return now_ = before_;
end $$;
create temp table callers94 (who text, claims jsonb);
insert into callers94 values
  ('an admin of A', '{"role":"authenticated","sub":"a9400000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-9400-4000-8000-00000000000a"}}'),
  ('a medical director of B', '{"role":"authenticated","sub":"b9400000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-9400-4000-8000-00000000000b"}}'),
  ('a paramedic of A', '{"role":"authenticated","sub":"a9400000-0000-4000-8000-0000000000ee","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-9400-4000-8000-00000000000a"}}'),
  ('an admin of no organization', '{"role":"authenticated","sub":"c9400000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin"}}'),
  ('the service role', '{"role":"service_role"}');
create function pg_temp.callers_differing(list text) returns text[] language sql as $$
  select coalesce(array_agg(c.who order by c.who), '{}') from callers94 c
  where not pg_temp.same_as_reference(c.claims, list)
$$;

-- As the audited door plans (force_custom_plan: the list's values known to the planner), generically, and
-- with parallel plans as cheap as can be (the statement inside may then be handed to workers).
set local plan_cache_mode = force_custom_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_custom_plan; -- its own SET clause (20261205020000) outranks the caller's
select is(pg_temp.callers_differing('page'), '{}', 'a page: every caller gets what the previous definition gave (custom plans)');
select is(pg_temp.callers_differing('large'), '{}', 'the large list: the same for every caller (custom plans)');
set local plan_cache_mode = force_generic_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_generic_plan;
select is(pg_temp.callers_differing('page'), '{}', 'a page: the same for every caller (generic plans)');
select is(pg_temp.callers_differing('large'), '{}', 'the large list: the same for every caller (generic plans)');
set local plan_cache_mode = force_custom_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_custom_plan;
set local parallel_setup_cost = 0;
set local parallel_tuple_cost = 0;
set local min_parallel_table_scan_size = 0;
set local min_parallel_index_scan_size = 0;
set local max_parallel_workers_per_gather = 2;
select is(pg_temp.callers_differing('page'), '{}', 'a page: the same for every caller (parallel plans allowed)');
select is(pg_temp.callers_differing('large'), '{}', 'the large list: the same for every caller (parallel plans allowed)');
reset parallel_setup_cost;
reset parallel_tuple_cost;
reset min_parallel_table_scan_size;
reset min_parallel_index_scan_size;
reset max_parallel_workers_per_gather;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = auto; -- as deployed, for the checks below

-- And what that is, independently of either definition: the originals written, by whose rows carry them.
create temp table written94 as
  select l.organization_id, v.p, v.original
  from public.audit_logs l
  cross join lateral (select substring(l.correlation_id from 5)::int as n) s
  cross join lateral (values
    (l.actor_pseudonym, format('a9400000-0000-4000-8000-%s',
       lpad((case when s.n > 1400 and s.n <= 1410 then (s.n - 1400) * 50 else s.n end)::text, 12, '0'))),
    (l.session_pseudonym, 'sess-94-' || s.n),
    (l.ip_pseudonym, '10.94.' || (s.n / 250) || '.' || (s.n % 250)),
    (l.user_agent_pseudonym, 'Agent94/' || s.n || ' (inline decryption fixture, a value longer than one AES block)'))
    v(p, original)
  where l.resource = 'inline-94';
select is((select count(distinct p)::int from written94), 8000 - 10,
  'the fixture: 2,000 rows, 4 pseudonyms each, the 10 users acting for both A and B counted once');

create function pg_temp.revealed(claims jsonb, list text) returns table (p uuid, value text) language plpgsql as $$
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform pg_temp.take_role(claims);
  return query select r.pseudonym, r.value from asked94 a, audit.reveal_many(a.ps) r where a.size = list;
  perform set_config('role', 'none', true);
end $$;
create temp table admin_a94 as
  select * from pg_temp.revealed((select claims from callers94 where who = 'an admin of A'), 'large');
create temp table director_b94 as
  select * from pg_temp.revealed((select claims from callers94 where who = 'a medical director of B'), 'large');
create temp table operator94 as
  select * from pg_temp.revealed((select claims from callers94 where who = 'the service role'), 'large');
create temp table admin_a_page94 as
  select * from pg_temp.revealed((select claims from callers94 where who = 'an admin of A'), 'page');

select set_eq('select p, value from admin_a94',
  $$select distinct p, original from written94 where organization_id = 'aaaaaaaa-9400-4000-8000-00000000000a'
      and p not in (select erased from gone94 union all select retired from gone94)$$,
  'an admin of A, the large list: exactly the originals of A''s rows, but the erased and the retired');
select is((select count(*)::int from admin_a94), (select count(distinct p)::int from admin_a94),
  'each pseudonym once, though the list repeats it');
select set_eq('select p, value from director_b94',
  $$select distinct p, original from written94 where organization_id = 'bbbbbbbb-9400-4000-8000-00000000000b'$$,
  'a medical director of B: exactly B''s, the users shared with A among them');
select is((select count(*)::int from admin_a94 a join director_b94 b using (p)), 10,
  'the ten users who act for both organizations are revealed to both');
select set_eq('select p, value from operator94',
  $$select distinct p, original from written94 where p <> (select erased from gone94)$$,
  'the service role: every original still mapped, any organization or none, the retired one too');
select is((select count(*)::int from admin_a94 where p in (select p from written94 where organization_id is null)), 0,
  'an admin reveals no pseudonym of rows of no organization');
select is((select count(*)::int from operator94 where p = (select erased from gone94)), 0,
  'nobody reveals the erased subject, not even the service role');
select set_eq('select p, value from admin_a_page94',
  $$select p, value from admin_a94 where p = any((select ps from asked94 where size = 'page')::uuid[])$$,
  'an admin of A, the page: the large list''s answer for the page''s pseudonyms, no more');
select is((select count(*)::int from admin_a_page94 where p in (select erased from gone94 union all select retired from gone94)),
  0, 'the page refuses the erased and the retired as the large list does');

select is((select count(*)::int from pg_temp.revealed((select claims from callers94 where who = 'a paramedic of A'), 'large')),
  0, 'a paramedic of A reveals nothing');
select is((select count(*)::int from pg_temp.revealed('{}', 'large')), 0, 'a caller with no claims reveals nothing');
select set_config('request.jwt.claims', (select claims::text from callers94 where who = 'an admin of A'), true);
select is((select count(*)::int from audit.reveal_many('{}')), 0, 'an empty list reveals nothing');
select is((select count(*)::int from audit.reveal_many(null)), 0, 'a null list reveals nothing');

select * from finish();
rollback;
