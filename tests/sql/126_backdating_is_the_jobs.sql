-- The audit writer's backdating allowance (origin spool or import) is the jobs' role's and the operator's
-- (20261205120100): the request path's medic_server writes now, with or without an origin, so a statement
-- injected into a request's transaction cannot write events backdated as "spool". The jobs' role drains the
-- spool (origin spool, backdated) but is bound like the request roles without an origin.
begin;
create extension if not exists pgtap;
select plan(8);

create function pg_temp.event(resource text, age interval, origin text) returns jsonb language sql as $$
  select jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('action', 'protocol.view', 'resource', resource,
    'outcome', 'success', 'timestamp', now() - age, 'origin', origin)))
$$;

set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_server;
select is(audit.write_events(pg_temp.event('t126-live', interval '0', null)), 1, 'medic_server writes a live event');
select throws_ok($$select audit.write_events(pg_temp.event('t126-server-spool', interval '1 hour', 'spool'))$$,
  '22023', null, 'medic_server: an event an hour old is refused though it names origin spool');
select throws_ok($$select audit.write_events(pg_temp.event('t126-server-import', interval '1 hour', 'import'))$$,
  '22023', null, 'or origin import');
select throws_ok($$select audit.write_events(pg_temp.event('t126-server-none', interval '1 hour', null))$$,
  '22023', null, 'or none');
reset role;

set local role medic_job_writer;
select is(audit.write_events(pg_temp.event('t126-jobs-spool', interval '1 hour', 'spool')), 1,
  'medic_job_writer lands a spooled event an hour old (the drain)');
select throws_ok($$select audit.write_events(pg_temp.event('t126-jobs-none', interval '1 hour', null))$$,
  '22023', null, 'but not one without an origin: the bound still holds for it');
reset role;

set local role service_role;
select is(audit.write_events(pg_temp.event('t126-operator-import', interval '1 hour', 'import')), 1,
  'the operator (service_role) still imports a backdated event (the backfill)');
reset role;

select is(array(select resource || ': ' || (metadata ->> 'origin') from public.audit_logs
                where resource in ('t126-jobs-spool', 't126-operator-import') order by 1),
  array['t126-jobs-spool: spool', 't126-operator-import: import'], 'each kept with its origin');

select * from finish();
rollback;
