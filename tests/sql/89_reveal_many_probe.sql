-- audit.reveal_many with the pair check as a probe per row (20261204004010, issue 18) reveals exactly what
-- the previous definition (20261204001010, kept here as the reference) revealed, caller by caller, for a
-- list mixing the caller's organization's pseudonyms, another organization's, ones of no organization and
-- unknown ones, planned for its values (as the audited door plans it: force_custom_plan) and generically.
-- (Which plan it takes is a matter of time, measured in the migration's head, not tested here.)
begin;
create extension if not exists pgtap;
select plan(8);

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
      and exists (select 1 from audit.pseudonym_organization_periods o
                  where o.pseudonym = m.pseudonym and o.organization_id = org);
end $$;

insert into public.organizations (id, name) values
  ('aaaaaaaa-8900-4000-8000-00000000000a', 'Probe org A'),
  ('bbbbbbbb-8900-4000-8000-00000000000b', 'Probe org B');
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"probe-89","outcome":"success","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a",
   "user_id":"a8900000-0000-4000-8000-000000000001","session_id":"sess-a-89","ip_address":"198.51.100.89","user_agent":"AgentA/89"},
  {"action":"dosing.calculate","resource":"probe-89","outcome":"success","organization_id":"bbbbbbbb-8900-4000-8000-00000000000b",
   "user_id":"b8900000-0000-4000-8000-000000000001","session_id":"sess-b-89","ip_address":"203.0.113.89","user_agent":"AgentB/89"},
  {"action":"dosing.list","resource":"probe-89","outcome":"success","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a",
   "user_id":"c8900000-0000-4000-8000-000000000001"},
  {"action":"dosing.list","resource":"probe-89","outcome":"success","organization_id":"bbbbbbbb-8900-4000-8000-00000000000b",
   "user_id":"c8900000-0000-4000-8000-000000000001"},
  {"action":"dosing.list","resource":"probe-89","outcome":"success","ip_address":"198.51.100.189"}
]$$);

-- Every pseudonym of the fixture's rows, and two nobody has.
create temp table asked as
select array_agg(distinct p) || array[gen_random_uuid(), gen_random_uuid()] as ps
from public.audit_logs l
cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym), (l.user_agent_pseudonym)) v(p)
where l.resource = 'probe-89' and p is not null;

-- Since 20261205115000 the platform operator is a SQL role, not a claim, and the owner's session running this
-- file is the operator: each caller takes the role the functions would give it around its call of
-- audit.reveal_many (the audited door's audit_reader; service_role for the service role's claims).
create function pg_temp.take_role(claims jsonb) returns void language sql as $$
  select set_config('role', case when claims ->> 'role' = 'service_role' then 'service_role' else 'audit_reader' end, true);
$$;
grant select on asked to audit_reader, service_role;

create function pg_temp.same_as_reference(claims jsonb) returns boolean language plpgsql as $$
declare
  now_ jsonb;
  before_ jsonb;
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform pg_temp.take_role(claims);
  select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]')
    into now_ from asked a, audit.reveal_many(a.ps) r;
  perform set_config('role', 'none', true); -- the reference reads the claims as the owner, as it did
  select coalesce(jsonb_agg(jsonb_build_array(r.pseudonym, r.value) order by r.pseudonym), '[]')
    into before_ from asked a, pg_temp.reveal_many_reference(a.ps) r;
  return now_ = before_;
end $$;

set local plan_cache_mode = force_custom_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_custom_plan; -- its own SET clause (20261205020000) outranks the caller's
select ok(pg_temp.same_as_reference(
  '{"role":"authenticated","sub":"a8900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a"}}'),
  'an admin of A: the same originals as before (custom plans)');
select ok(pg_temp.same_as_reference(
  '{"role":"authenticated","sub":"b8900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"medical_director","organization_id":"bbbbbbbb-8900-4000-8000-00000000000b"}}'),
  'a medical director of B: the same originals as before (custom plans)');
select ok(pg_temp.same_as_reference(
  '{"role":"authenticated","sub":"a8900000-0000-4000-8000-0000000000ee","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a"}}'),
  'a paramedic of A: nothing, as before');
select ok(pg_temp.same_as_reference('{"role":"service_role"}'), 'the service role: the same originals as before');
set local plan_cache_mode = force_generic_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = force_generic_plan;
select ok(pg_temp.same_as_reference(
  '{"role":"authenticated","sub":"a8900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a"}}'),
  'an admin of A: the same originals as before (generic plans)');
set local plan_cache_mode = force_custom_plan;
alter function audit.reveal_many(uuid[]) set plan_cache_mode = auto;

-- What an admin of A gets: A's pseudonyms (its medic's four, the shared user), not B's or the guest's.
create function pg_temp.revealed_values(claims jsonb) returns text[] language plpgsql as $$
declare
  revealed text[];
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform pg_temp.take_role(claims);
  revealed := (select array_agg(r.value order by r.value) from asked a, audit.reveal_many(a.ps) r);
  perform set_config('role', 'none', true);
  return revealed;
end $$;
select is(pg_temp.revealed_values(
  '{"role":"authenticated","sub":"a8900000-0000-4000-8000-0000000000ad","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-8900-4000-8000-00000000000a"}}'),
  array['198.51.100.89', 'AgentA/89', 'a8900000-0000-4000-8000-000000000001', 'c8900000-0000-4000-8000-000000000001',
        'sess-a-89'],
  'an admin of A reveals A''s pseudonyms and no other');
select is((select count(*) from audit.reveal_many('{}') r), 0::bigint, 'an empty list reveals nothing');
select is((select count(*) from audit.reveal_many(null) r), 0::bigint, 'a null list reveals nothing');

select * from finish();
rollback;
