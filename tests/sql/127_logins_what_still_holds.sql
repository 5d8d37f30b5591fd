-- What the door's and the jobs' logins (20261205120000, 120100) leave as it was, and what the jobs' role
-- really does (review17e F6: 125 and 126 show the refusals; these show the grants at work and the rest
-- unchanged): the owner's own session still backdates unbounded (migrations, psql), medic_server still writes
-- a live event that names an origin (only the age is bounded), and medic_job_writer inserts its health row,
-- reads the delivery channels and runs the alert routines it now holds, but reads no health row back.
begin;
create extension if not exists pgtap;
select plan(7);

create function pg_temp.event(resource text, age interval, origin text) returns jsonb language sql as $$
  select jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('action', 'protocol.view', 'resource', resource,
    'outcome', 'success', 'timestamp', now() - age, 'origin', origin)))
$$;

select is(audit.write_events(pg_temp.event('t127-owner', interval '1 hour', null)), 1,
  'the owner''s own session writes an event an hour old without an origin (unbounded, as before)');

set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_server;
select is(audit.write_events(pg_temp.event('t127-server-live', interval '0', 'spool')), 1,
  'medic_server writes a live event that names an origin: only an old one is refused');
reset role;

set local role medic_job_writer;
select lives_ok($$insert into public.system_health (component, status, response_time_ms, details)
  values ('redis', 'healthy', 1.5, '{"probe":"t127"}')$$, 'medic_job_writer inserts a health row');
select lives_ok($$select count(*) from public.monitoring_configs$$,
  'it reads the delivery channels (its policy: channels only)');
select lives_ok($$select * from public.pending_alert_deliveries()$$, 'it lists the pending deliveries');
select lives_ok($$select public.evaluate_database_health_rules()$$, 'it runs a health rule');
select throws_ok($$select count(*) from public.system_health$$, '42501', null,
  'but reads no health row back (insert only)');
reset role;

select * from finish();
rollback;
