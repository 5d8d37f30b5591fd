-- app.record_protocol_searches (20261203004500): many searches' protocol_access rows in one statement.
-- Only the functions' login calls it; each row is pseudonymised and scrubbed as the one-row writer does;
-- a repeated id is one row; a refused row leaves nothing of its batch written.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.organizations (id, name) values ('69a00000-0000-4000-8000-0000000000aa', 't69 A');
create temp table ids (name text primary key, id uuid);
insert into ids values ('one', gen_random_uuid()), ('two', gen_random_uuid()), ('guest', gen_random_uuid()),
  ('single', gen_random_uuid()), ('bad', gen_random_uuid()), ('good', gen_random_uuid());
grant select on ids to public;
create function pg_temp.batch(rows jsonb) returns uuid[] language sql as $$
  select app.record_protocol_searches(rows)
$$;
create function pg_temp.search(name text, user_id text, session_id text, role text, query text) returns jsonb
language sql as $$
  select jsonb_build_object('id', (select id from ids i where i.name = search.name), 'user_id', user_id,
    'session_id', session_id, 'organization_id', '69a00000-0000-4000-8000-0000000000aa', 'user_role', role,
    'query', query, 'results', '[{"protocolNumber":"1231","rank":1,"score":2.5}]'::jsonb, 'pediatric', false,
    'category', 'neurology', 'kb_version', '7')
$$;
grant execute on function pg_temp.batch(jsonb), pg_temp.search(text, text, text, text, text) to public;

-- Privileges: not over the Data API's roles, only the functions' own login.
select ok(not has_function_privilege('anon', 'app.record_protocol_searches(jsonb)', 'execute'), 'anon cannot execute it');
select ok(not has_function_privilege('authenticated', 'app.record_protocol_searches(jsonb)', 'execute'),
  'authenticated cannot execute it');
select ok(not has_function_privilege('service_role', 'app.record_protocol_searches(jsonb)', 'execute'),
  'service_role cannot execute it');
set local role service_role;
select throws_ok($$select app.record_protocol_searches('[]')$$, '42501', null, 'service_role is refused when it tries');
reset role;
set local role authenticated;
select throws_ok($$select app.record_protocol_searches('[]')$$, '42501', null, 'so is authenticated');
reset role;

set local role medic_edge;
select is(cardinality(pg_temp.batch(jsonb_build_array(
    pg_temp.search('one', '69000000-0000-4000-8000-000000000001', 's-69', 'paramedic', 'seizure cb 213-555-1234 on 3/4/2026'),
    pg_temp.search('two', '69000000-0000-4000-8000-000000000002', 's-69b', 'emt', 'stroke mrn 12345678'),
    pg_temp.search('guest', null, null, 'nonsense', 'chest pain jo@example.com'),
    pg_temp.search('one', '69000000-0000-4000-8000-000000000001', 's-69', 'paramedic', 'a repeat in the batch')))),
  3, 'the functions'' login writes a batch of three callers'' searches in one call (a repeated id once)');
select is(cardinality(pg_temp.batch(jsonb_build_array(
    pg_temp.search('one', '69000000-0000-4000-8000-000000000001', 's-69', 'paramedic', 'again')))),
  0, 'the same accessId again writes nothing');
reset role;

select is(array(select a.query_text from public.protocol_access a join ids i on i.id = a.id order by i.name),
  array['chest pain [email]', 'seizure cb [phone] on [date]', 'stroke mrn [number]'],
  'each row''s query is scrubbed, the first occurrence of an id kept');
select is((select count(*)::int from public.protocol_access a join ids i on i.id = a.id where i.name = 'one'), 1,
  'one row for the repeated id');
select is((select concat_ws('|', user_role, organization_id, pediatric, category, kb_version, result_count, results::text)
           from public.protocol_access a join ids i on i.id = a.id where i.name = 'one'),
  'paramedic|69a00000-0000-4000-8000-0000000000aa|f|neurology|7|1|[{"rank": 1, "score": 2.5, "protocolNumber": "1231"}]',
  'the row as sent');
select is((select concat_ws('|', user_role, user_pseudonym, session_pseudonym) from public.protocol_access a
           join ids i on i.id = a.id where i.name = 'guest'), 'guest', 'a guest (and an unknown role) is named by nothing');
select isnt((select user_pseudonym from public.protocol_access a join ids i on i.id = a.id where i.name = 'one'),
  (select user_pseudonym from public.protocol_access a join ids i on i.id = a.id where i.name = 'two'),
  'two users, two pseudonyms in one batch');

-- The same pseudonyms as the one-row writer (the login's too, 113) gives the same caller from its claims
-- (so feedback finds the row).
set local role medic_edge;
select set_config('request.jwt.claims', jsonb_build_object('sub', '69000000-0000-4000-8000-000000000001',
  'role', 'authenticated', 'session_id', 's-69', 'app_metadata',
  jsonb_build_object('role', 'paramedic', 'organization_id', '69a00000-0000-4000-8000-0000000000aa'))::text, true);
select public.record_protocol_access((select id from ids where name = 'single'), 'seizure', '[]');
set local role authenticated;
select ok(public.set_protocol_access_feedback((select id from ids where name = 'one'), true),
  'its caller gives feedback on the batched row');
reset role;
select is((select concat_ws('|', user_pseudonym, session_pseudonym) from public.protocol_access a join ids i on i.id = a.id where i.name = 'one'),
  (select concat_ws('|', user_pseudonym, session_pseudonym) from public.protocol_access a join ids i on i.id = a.id where i.name = 'single'),
  'user and session pseudonyms as record_protocol_access makes them');

-- A row the table refuses: the statement fails, and no row of its batch is written.
set local role medic_edge;
select throws_ok($$select pg_temp.batch(jsonb_build_array(
    pg_temp.search('good', null, null, 'guest', 'good'),
    pg_temp.search('bad', null, null, 'guest', 'bad') || '{"results":[{"rank":1}]}'))$$,
  '23514', null, 'a malformed result list refuses the batch');
reset role;
select is((select count(*)::int from public.protocol_access a join ids i on i.id = a.id where i.name in ('good', 'bad')), 0,
  'nothing of the refused batch was written');

select * from finish();
rollback;
