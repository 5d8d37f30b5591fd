-- The audit writer's backdating refusal says what is wrong (20261206010100), with the same errcode: a role that
-- may backdate (the jobs', the operator's) is told to name the origin it left out; a role that may not (the
-- request path's medic_server; authenticated and anon, which may not call the writer at all) is named and told
-- whose spooled and imported events are, whether it named an origin or not. Who is refused is as 126 proves.
begin;
create extension if not exists pgtap;
select plan(8);

create function pg_temp.event(age interval, origin text) returns jsonb language sql as $$
  select jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('action', 'protocol.view', 'resource', 't134',
    'outcome', 'success', 'timestamp', now() - age, 'origin', origin)))
$$;

set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_server;
select throws_ok($$select audit.write_events(pg_temp.event('1 hour', 'spool'))$$, '22023',
  'role medic_server may not write an event older than 15 minutes, with or without an origin: spooled and imported events are the jobs'' role''s (medic_job_writer) and the operator''s',
  'medic_server naming origin spool: told the origin is not its to use, not to name one');
select throws_ok($$select audit.write_events(pg_temp.event('1 hour', 'import'))$$, '22023',
  'role medic_server may not write an event older than 15 minutes, with or without an origin: spooled and imported events are the jobs'' role''s (medic_job_writer) and the operator''s',
  'nor import');
select throws_ok($$select audit.write_events(pg_temp.event('1 hour', null))$$, '22023',
  'role medic_server may not write an event older than 15 minutes, with or without an origin: spooled and imported events are the jobs'' role''s (medic_job_writer) and the operator''s',
  'without an origin: the same, since naming one would not help it');
reset role;

set local role medic_job_writer;
select throws_ok($$select audit.write_events(pg_temp.event('1 hour', null))$$, '22023',
  'an event older than 15 minutes must name its origin (spool or import)',
  'medic_job_writer without an origin: told to name it');
reset role;

set local role service_role;
select throws_ok($$select audit.write_events(pg_temp.event('1 hour', null))$$, '22023',
  'an event older than 15 minutes must name its origin (spool or import)', 'the operator likewise');
reset role;

-- What still passes, so the new branch refuses nothing more than before.
set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_server;
select is(audit.write_events(pg_temp.event('10 minutes', 'spool')), 1, 'medic_server: a timely event naming an origin');
reset role;
set local role medic_job_writer;
select is(audit.write_events(pg_temp.event('1 hour', 'spool')), 1, 'medic_job_writer: a spooled one an hour old');
reset role;
select is(audit.write_events(pg_temp.event('3 years', null)), 1, 'the owner: unbound, as before');

select * from finish();
rollback;
