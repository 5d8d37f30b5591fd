-- The AI trail's writer bounds an entry's time as the audit writer does (20261206010000): the request path's
-- medic_server writes entries of the last 15 minutes only, whatever it adds to them; the jobs' role (the
-- AI-trail spool's drain) and the operator (the service role, the owner's session) land older ones; nobody
-- writes one more than an hour ahead (audit_logs' own bound). A landed backdated row keeps its time, and its
-- created_at shows when it arrived.
begin;
create extension if not exists pgtap;
select plan(23);

create function pg_temp.entries(tag text, variadic ages interval[]) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('message_id', gen_random_uuid(), 'timestamp', now() - age,
    'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'offline', 'correlation_id', tag))
  from unnest(ages) age
$$;
create function pg_temp.landed(tag text) returns integer language sql as $$
  select count(*)::integer from public.ai_audit_trails where correlation_id = tag
$$;

-- The request path's role, with the claims it keeps.
set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_server;
select is(public.write_ai_audit_trails(pg_temp.entries('t133-server-live', interval '0')), 1,
  'medic_server writes a live entry (the chat)');
select is(public.write_ai_audit_trails(pg_temp.entries('t133-server-10m', interval '10 minutes')), 1,
  'and one ten minutes old (clock skew, a slow answer)');
select is(public.write_ai_audit_trails(pg_temp.entries('t133-server-ahead', interval '-30 minutes')), 1,
  'and one half an hour ahead (a fast clock)');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-server-1h', interval '1 hour'))$$,
  '22023', 'role medic_server may not write an AI audit entry older than 15 minutes: a spooled entry is landed by the jobs'' role (medic_job_writer) or the operator',
  'medic_server: an entry an hour old is refused, and the message names the role and who may');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-server-3y', interval '3 years'))$$,
  '22023', null, 'so no AI-trail row is planted years back');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-server-batch', interval '0', interval '1 hour'))$$,
  '22023', null, 'a batch with one stale entry is refused whole');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-server-2h-ahead', interval '-2 hours'))$$,
  '22023', 'an AI audit entry''s timestamp may be at most 1 hour ahead of now',
  'an entry two hours ahead is refused');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(
    (pg_temp.entries('t133-server-origin', interval '1 hour') -> 0) || '{"origin":"spool"}'))$$,
  '22023', null, 'naming an origin does not help: the bound is the role''s');
set local request.jwt.claims to '{"role":"authenticated","sub":"a1330000-0000-4000-8000-000000000001"}';
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-server-claims', interval '1 hour'))$$,
  '22023', null, 'nor do other claims: the SQL role decides, not the claim');
reset role;
select is((select count(*)::integer from public.ai_audit_trails where correlation_id like 't133-server-%'), 3,
  'medic_server''s three timely entries landed and nothing of what was refused');

-- The jobs' role: the spool's drain.
set local request.jwt.claims to '{"role":"service_role"}';
set local role medic_job_writer;
select is(public.write_ai_audit_trails(pg_temp.entries('t133-jobs-1h', interval '1 hour')), 1,
  'medic_job_writer lands an entry an hour old (a spooled one)');
select is(public.write_ai_audit_trails(pg_temp.entries('t133-jobs-3d', interval '3 days')), 1,
  'and one three days old (a long outage)');
select is(public.write_ai_audit_trails(pg_temp.entries('t133-jobs-live', interval '0')), 1, 'and a live one');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-jobs-ahead', interval '-2 hours'))$$,
  '22023', null, 'but none two hours ahead');
reset role;

-- The operator: the service role and the owner's own session (pg_cron, migrations, the SQL editor).
set local role service_role;
select is(public.write_ai_audit_trails(pg_temp.entries('t133-operator-1d', interval '1 day')), 1,
  'service_role writes an entry a day old');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-operator-ahead', interval '-2 hours'))$$,
  '22023', null, 'but none two hours ahead');
reset role;
reset request.jwt.claims;
select is(public.write_ai_audit_trails(pg_temp.entries('t133-owner-91d', interval '91 days')), 1,
  'the owner writes one 91 days old');
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-owner-ahead', interval '-2 hours'))$$,
  '22023', null, 'the bound ahead holds for the owner too, as audit_logs'' check does');

-- The request login cannot pass for the owner's session by dropping its role.
set local session authorization medic_edge;
set local role none;
select throws_ok($$select public.write_ai_audit_trails(pg_temp.entries('t133-edge-none', interval '1 hour'))$$,
  '42501', null, 'medic_edge without a role may not call the writer at all');
reset role;
reset session authorization;

-- Nor can another login that may call it (the EXECUTE that 42501 above stops before the body): a session that
-- took no role is the operator only on the owner's login. The entry is a literal: nothing of pg_temp is called.
create role t133_caller nologin;
grant usage on schema public to t133_caller;
grant execute on function public.write_ai_audit_trails(jsonb) to t133_caller;
set local session authorization t133_caller;
set local role none;
select lives_ok($$select public.write_ai_audit_trails(jsonb_build_array(jsonb_build_object(
    'message_id', gen_random_uuid(), 'timestamp', now(), 'prompt_version', 'v1', 'mode', 'retrieval-only',
    'outcome', 'offline', 'correlation_id', 't133-caller-live')))$$,
  'a login granted the writer, with no role, writes a live entry: the call reaches the body');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(jsonb_build_object(
    'message_id', gen_random_uuid(), 'timestamp', now() - interval '1 hour', 'prompt_version', 'v1',
    'mode', 'retrieval-only', 'outcome', 'offline', 'correlation_id', 't133-caller-1h')))$$,
  '22023', null, 'and is refused an entry an hour old: not being the owner, it is not the operator');
reset role;
reset session authorization;

select results_eq($$select correlation_id, now() - "timestamp", created_at = now() from public.ai_audit_trails
                    where correlation_id in ('t133-jobs-1h', 't133-jobs-3d') order by 1$$,
  $$values ('t133-jobs-1h'::text, interval '1 hour', true), ('t133-jobs-3d', interval '3 days', true)$$,
  'a landed spooled row keeps its own time; its created_at says when it arrived');
select is(pg_temp.landed('t133-owner-91d') + pg_temp.landed('t133-operator-1d'), 2, 'the operator''s rows are there');

select * from finish();
rollback;
