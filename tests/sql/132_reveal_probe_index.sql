-- The reveal's organization probe on an index of its own (20261205130000, issue 18): the periods' pair
-- (pseudonym, organization_id) indexed alone, which the planner takes for the probe once the periods hold
-- many months per pair, and reveal_many's answers on it are the rule's: an admin or medical director sees
-- the originals of their organization's pseudonyms and no others; anyone else nothing.
begin;
create extension if not exists pgtap;
select plan(6);

select has_index('audit', 'pseudonym_organization_periods', 'pseudonym_organization_periods_pseudonym_organization_idx',
  array['pseudonym', 'organization_id'], 'the periods'' pair has an index of its own');
select ok((select not i.indisunique and i.indpred is null and i.indisvalid from pg_index i
           where i.indexrelid = 'audit.pseudonym_organization_periods_pseudonym_organization_idx'::regclass),
  'plain, whole and valid: every period of every pair is in it');

insert into public.organizations (id, name) values
  ('aaaaaaaa-1320-4000-8000-00000000000a', 'Probe org A'),
  ('bbbbbbbb-1320-4000-8000-00000000000b', 'Probe org B');
-- 40 rows of A, 20 of B: each its own user, session, address and agent (mappings and periods by the writer)
select audit.write_events((
  select jsonb_agg(jsonb_build_object(
    'action', 'dosing.calculate', 'resource', 'probe-132', 'outcome', 'success', 'correlation_id', 'c132-' || i,
    'organization_id', case when i <= 40 then 'aaaaaaaa-1320-4000-8000-00000000000a'
                            else 'bbbbbbbb-1320-4000-8000-00000000000b' end,
    'user_id', format('a1320000-0000-4000-8000-%s', lpad(i::text, 12, '0')),
    'session_id', 'sess-132-' || i, 'ip_address', '10.132.0.' || i, 'user_agent', 'Agent132/' || i))
  from generate_series(1, 60) i));
-- Months of history per pair, as a trail of years has (the primary key then holds ~24 entries a pair): the
-- fixture's own pairs and 3,000 other pseudonyms of A's.
insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
select p.pseudonym, p.organization_id, 'audit_logs', (date '2024-01-01' + make_interval(months => m))::date
from (select distinct pseudonym, organization_id from audit.pseudonym_organization_periods
      where organization_id in ('aaaaaaaa-1320-4000-8000-00000000000a', 'bbbbbbbb-1320-4000-8000-00000000000b')
      union all
      select gen_random_uuid(), 'aaaaaaaa-1320-4000-8000-00000000000a' from generate_series(1, 3000)) p
cross join generate_series(0, 23) m
on conflict do nothing;
analyze audit.pseudonym_organization_periods;

-- The probe as reveal_many writes it, planned as its generic plan (the pseudonym and the organization unknown).
prepare probe132(uuid, uuid) as
  select true from audit.pseudonym_organization_periods o
  where o.pseudonym = $1 and o.organization_id = $2 limit 1;
set local plan_cache_mode = force_generic_plan;
create function pg_temp.probe_plan() returns text language plpgsql as $$
declare
  line text;
  plan text := '';
begin
  for line in execute 'explain execute probe132(gen_random_uuid(), gen_random_uuid())' loop
    plan := plan || line || E'\n';
  end loop;
  return plan;
end $$;
select matches(pg_temp.probe_plan(), 'pseudonym_organization_periods_pseudonym_organization_idx',
  'the probe descends the pair''s own index, not the primary key of every month');
set local plan_cache_mode = force_custom_plan; -- as the audited door

create temp table asked132 as
  select array_agg(distinct v.p) || array[gen_random_uuid()] as ps
  from public.audit_logs l
  cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                             (l.user_agent_pseudonym)) v(p)
  where l.resource = 'probe-132' and v.p is not null;
create temp table written132 as
  select l.organization_id, v.p, v.original
  from public.audit_logs l
  cross join lateral (select substring(l.correlation_id from 6)::int as n) s
  cross join lateral (values
    (l.actor_pseudonym, format('a1320000-0000-4000-8000-%s', lpad(s.n::text, 12, '0'))),
    (l.session_pseudonym, 'sess-132-' || s.n), (l.ip_pseudonym, '10.132.0.' || s.n),
    (l.user_agent_pseudonym, 'Agent132/' || s.n)) v(p, original)
  where l.resource = 'probe-132';
grant select on asked132 to audit_reader;

-- reveal_many as the audited door calls it: audit_reader with the caller's claims.
create function pg_temp.revealed(claims jsonb) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform set_config('role', 'audit_reader', true);
  select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]') into answer
  from audit.reveal_many((select ps from asked132)) r;
  perform set_config('role', 'none', true);
  return answer;
end $$;
create function pg_temp.expected(org uuid) returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_array(p, original) order by p), '[]')
  from (select distinct p, original from written132 where organization_id = org) w
$$;

select is(
  pg_temp.revealed('{"role":"authenticated","sub":"a1320000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-1320-4000-8000-00000000000a"}}'),
  pg_temp.expected('aaaaaaaa-1320-4000-8000-00000000000a'),
  'an admin of A: exactly the originals of A''s rows');
select is(
  pg_temp.revealed('{"role":"authenticated","sub":"b1320000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-1320-4000-8000-00000000000b"}}'),
  pg_temp.expected('bbbbbbbb-1320-4000-8000-00000000000b'),
  'a medical director of B: exactly B''s, none of A''s');
select is(
  pg_temp.revealed('{"role":"authenticated","sub":"a1320000-0000-4000-8000-0000000000ee","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-1320-4000-8000-00000000000a"}}'),
  '[]'::jsonb,
  'a paramedic of A: nothing');

select * from finish();
rollback;
