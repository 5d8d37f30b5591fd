-- The platform operator's erasure names who runs it by a staff identifier (20261206230000): as the service
-- role or the owner's own session, gdpr.erase_subject without metadata.operator, or with an email or a
-- name in it, is refused (22023, column operator) and erases nothing; with a staff identifier it erases and
-- its gdpr.erase event carries it. An organization's administrator is not asked for one: their own user is
-- the event's actor.
begin;
create extension if not exists pgtap;
select plan(8);

insert into public.organizations (id, name) values ('a1560000-0000-4000-8000-0000000000a0', 'Operator org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1560000-0000-4000-8000-0000000000a1', 'admin@t156.test',
   '{"role":"admin","organization_id":"a1560000-0000-4000-8000-0000000000a0"}'),
  ('a1560000-0000-4000-8000-0000000000c1', 'medic@t156.test',
   '{"role":"paramedic","organization_id":"a1560000-0000-4000-8000-0000000000a0"}'),
  ('a1560000-0000-4000-8000-0000000000c2', 'medic2@t156.test',
   '{"role":"paramedic","organization_id":"a1560000-0000-4000-8000-0000000000a0"}');

-- The erasure of subject s with request r, as whoever is set: its SQLSTATE and column, or 'erased'.
create function pg_temp.erase(s text, r jsonb) returns text language plpgsql as $$
declare
  state text;
  col text;
begin
  perform gdpr.erase_subject(s::uuid, repeat('e', 64), 'consent_withdrawn', 'DSR-156',
    'erased-tokentokentoken156', r);
  return 'erased';
exception when others then
  get stacked diagnostics state = returned_sqlstate, col = column_name;
  return state || ' ' || coalesce(nullif(col, ''), '-');
end $$;

set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c1', '{}'), '22023 operator',
  'the service role''s erasure without an operator is refused, naming the field');
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c1', '{"metadata": {"operator": "dana@ops.example"}}'),
  '22023 operator', 'an email is no staff identifier');
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c1', '{"metadata": {"operator": "Dana Ops"}}'),
  '22023 operator', 'nor is a name');
reset role;
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c1', '{"metadata": {"via": "psql"}}'), '22023 operator',
  'the owner''s own session (SQL editor) is the operator too');
select ok(exists (select 1 from auth.users where id = 'a1560000-0000-4000-8000-0000000000c1'),
  'and nothing was erased');

set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c1', '{"metadata": {"operator": "EMP-1042"}}'), 'erased',
  'with a staff identifier the operator erases');
reset role;
select is((select array_agg(metadata ->> 'operator') from public.audit_logs
           where action = 'gdpr.erase' and metadata ->> 'operator' is not null
             and "timestamp" >= transaction_timestamp()),
  array['EMP-1042'], 'and its gdpr.erase event, the only one written, says who ran it');

-- An administrator of the subject's organization: no operator asked.
select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', json_build_object('sub', 'a1560000-0000-4000-8000-0000000000a1',
  'role', 'authenticated', 'aal', 'aal2', 'app_metadata',
  json_build_object('role', 'admin', 'organization_id', 'a1560000-0000-4000-8000-0000000000a0'))::text, true);
select is(pg_temp.erase('a1560000-0000-4000-8000-0000000000c2', '{}'), 'erased',
  'an organization''s administrator erases without naming an operator: their user is the actor');
reset role;

select * from finish();
rollback;
