-- Protocol usage (issue 20): views and chat retrievals recorded as the caller without any text; the
-- weekly report's counts, top lists, zero-result queries (scrubbed) and ratings, for the caller's
-- organization only and only through the audited door; the AI trail open to medical directors of the
-- organization, still closed to others. Role by role.
begin;
create extension if not exists pgtap;
select plan(25);

create function pg_temp.as_user(sub text, role text, org text) returns void language sql as $$
  select set_config('request.jwt.claims', jsonb_build_object('sub', sub, 'role', 'authenticated',
    'session_id', 's-91', 'app_metadata', jsonb_build_object('role', role, 'organization_id', org))::text, true)
$$;
-- Organizations made here, so no other test's rows are counted.
insert into public.organizations (id, name) values
  ('91a00000-0000-4000-8000-0000000000aa', 't91 A'), ('91b00000-0000-4000-8000-0000000000bb', 't91 B');

-- A paramedic of A searches, views and asks the chat; one of B views once. The functions' login writes the
-- rows with each caller's claims (113); the caller rates their own searches.
set local role medic_edge;
select pg_temp.as_user('91000000-0000-4000-8000-000000000001', 'paramedic', '91a00000-0000-4000-8000-0000000000aa');
create temp table s1 as select * from public.record_protocol_access('seizure', '[{"protocolNumber":"1231","rank":1,"score":9},{"protocolNumber":"1309","rank":2,"score":3}]');
create temp table s2 as select * from public.record_protocol_access('seizure peds', '[{"protocolNumber":"1231","rank":1,"score":8}]');
create temp table s3 as select * from public.record_protocol_access('call 213-555-1234 zzqx', '[]');
select is(public.record_protocol_use('91c00000-0000-4000-8000-000000000001', 'view', '[{"protocolNumber":"1210","rank":1}]', 7),
  true, 'a view is recorded');
select is(public.record_protocol_use('91c00000-0000-4000-8000-000000000001', 'view', '[{"protocolNumber":"1210","rank":1}]', 7),
  false, 'the same id twice is one row (a retried write)');
select is(public.record_protocol_use('91c00000-0000-4000-8000-000000000002', 'chat',
  '[{"protocolNumber":"1231","rank":1,"cited":true},{"protocolNumber":"1210","rank":2,"cited":false}]'),
  true, 'a chat answer''s retrievals are recorded');
select throws_ok($$select public.record_protocol_use(gen_random_uuid(), 'search', '[]')$$, '22023', null,
  'searches keep their own writer');
select throws_ok($$select public.record_protocol_use(gen_random_uuid(), 'view', '[{"rank":1}]')$$, '22023', null,
  'every result names a protocol');
select throws_ok($$select public.record_protocol_use(gen_random_uuid(), 'chat', '{"protocolNumber":"1231"}')$$,
  '22023', null, 'results are an array');
reset role;
grant select on s1, s2 to authenticated;
set local role authenticated;
select is(public.set_protocol_access_feedback((select id from s1), false), true, 'the medic rates a search');
select is(public.set_protocol_access_feedback((select id from s2), true), true, 'and another');
select is(public.set_protocol_access_feedback('91c00000-0000-4000-8000-000000000002', true), false,
  'a chat row is not rated through search feedback');
set local role medic_edge;
select pg_temp.as_user('91000000-0000-4000-8000-000000000002', 'paramedic', '91b00000-0000-4000-8000-0000000000bb');
select is(public.record_protocol_use('91c00000-0000-4000-8000-000000000003', 'view', '[{"protocolNumber":"1309","rank":1}]'),
  true, 'B views once');
reset role;

select results_eq($$select kind, query_text, query_length, result_count, user_role::text, organization_id::text,
    user_pseudonym = audit.pseudonym_of('user', '91000000-0000-4000-8000-000000000001')
  from public.protocol_access where id = '91c00000-0000-4000-8000-000000000002'$$,
  $$values ('chat', '', 0, 2, 'paramedic', '91a00000-0000-4000-8000-0000000000aa', true)$$,
  'a chat row: no text, the count, the role, the organization and the user as a pseudonym');

set local role medic_edge;
set local request.jwt.claims to '{"role":"anon"}';
select is(public.record_protocol_use(gen_random_uuid(), 'view', '[{"protocolNumber":"1210","rank":1}]'), true,
  'a guest''s view counts too (no organization, no pseudonym)');
reset role;

-- The report as a medical director of A, through the audited door.
set local role audit_reader;
select pg_temp.as_user('91000000-0000-4000-8000-000000000003', 'medical_director', '91a00000-0000-4000-8000-0000000000aa');
create temp table report as
  select audit.protocol_usage(now() - interval '1 day', now() + interval '1 second') as r;
create temp table week as select jsonb_array_elements(r -> 'weeks') as w from report;
reset role;
select is((select count(*)::int from week), (case when date_trunc('week', now() - interval '1 day')
  = date_trunc('week', now()) then 1 else 2 end), 'every week of the window is listed');
create temp table this_week as select w from week where (w ->> 'week')::date = date_trunc('week', now() at time zone 'UTC')::date;
select is((select (w ->> 'searches')::int || '/' || (w ->> 'views') || '/' || (w ->> 'chat_answers')
    || '/' || (w ->> 'zero_result_searches') from this_week), '3/1/1/1',
  'searches, views, chat answers and zero-result searches of the organization only');
select is((select w -> 'top_searched' from this_week), '[{"count": 2, "protocol_number": "1231"}]'::jsonb,
  'top searched counts first hits');
select is((select w -> 'top_viewed' from this_week), '[{"count": 1, "protocol_number": "1210"}]'::jsonb,
  'top viewed: B''s and the guest''s views are not A''s');
select is((select w -> 'top_cited' from this_week),
  '[{"cited": 1, "retrieved": 1, "protocol_number": "1231"}, {"cited": 0, "retrieved": 1, "protocol_number": "1210"}]'::jsonb,
  'cited by the chat, and retrieved');
select is((select w -> 'zero_result_queries' from this_week), '[{"count": 1, "query": "call [phone] zzqx"}]'::jsonb,
  'zero-result queries, scrubbed');
select is((select w -> 'feedback' from this_week), '{"helpful": 1, "unhelpful": 1, "helpful_ratio": 0.5000}'::jsonb,
  'helpful and unhelpful, and the ratio');
select is((select w -> 'rated' from this_week),
  '[{"helpful": 1, "unhelpful": 1, "helpful_ratio": 0.5000, "protocol_number": "1231"}]'::jsonb,
  'ratings per protocol');

-- Who may read.
set local role audit_reader;
select pg_temp.as_user('91000000-0000-4000-8000-000000000004', 'paramedic', '91a00000-0000-4000-8000-0000000000aa');
select is((select (audit.protocol_usage(now() - interval '1 day', now() + interval '1 second') #>> '{weeks,-1,searches}')::int),
  0, 'a paramedic of A counts nothing (RLS)');
select pg_temp.as_user('91000000-0000-4000-8000-000000000005', 'admin', '91b00000-0000-4000-8000-0000000000bb');
select is((select (audit.protocol_usage(now() - interval '1 day', now() + interval '1 second') #>> '{weeks,-1,views}')::int),
  1, 'an admin of B sees B''s view alone');
reset role;
set local role authenticated;
select pg_temp.as_user('91000000-0000-4000-8000-000000000003', 'medical_director', '91a00000-0000-4000-8000-0000000000aa');
select throws_ok($$select audit.protocol_usage(now() - interval '1 day', now())$$, '42501', null,
  'not over the Data API: only the audited door runs the report');
reset role;

-- The AI trail: a medical director of the organization now reads it; of another, not.
insert into public.ai_audit_trails (message_id, "timestamp", organization_id, prompt_version, mode, outcome)
values ('91d00000-0000-4000-8000-000000000001', now(), '91a00000-0000-4000-8000-0000000000aa', 'v1', 'retrieval-only', 'offline');
set local role audit_reader;
select pg_temp.as_user('91000000-0000-4000-8000-000000000003', 'medical_director', '91a00000-0000-4000-8000-0000000000aa');
select is((select count(*)::int from audit.ai_audit_trail_entries where message_id = '91d00000-0000-4000-8000-000000000001'),
  1, 'a medical director of A reads A''s AI trail');
select pg_temp.as_user('91000000-0000-4000-8000-000000000006', 'medical_director', '91b00000-0000-4000-8000-0000000000bb');
select is((select count(*)::int from audit.ai_audit_trail_entries where message_id = '91d00000-0000-4000-8000-000000000001'),
  0, 'a medical director of B does not');
reset role;

select * from finish();
rollback;
