-- protocol_access.results has one shape whatever writes it (20261203001500): callers reached the writers over
-- the Data API (the functions' login alone since 20261205093200), and one malformed result used to make the
-- organization's usage report fail. The writers answer a refusal of the table's rule with one code, 22023
-- naming p_results (20261203002100).
begin;
create extension if not exists pgtap;
select plan(11);

create function pg_temp.as_user(sub text, role text, org text) returns void language sql as $$
  select set_config('request.jwt.claims', jsonb_build_object('sub', sub, 'role', 'authenticated',
    'session_id', 's-96', 'app_metadata', jsonb_build_object('role', role, 'organization_id', org))::text, true)
$$;
insert into public.organizations (id, name) values ('96a00000-0000-4000-8000-0000000000aa', 't96 A');

set local role medic_edge;
select pg_temp.as_user('96000000-0000-4000-8000-000000000001', 'paramedic', '96a00000-0000-4000-8000-0000000000aa');
select is(public.record_protocol_use('96c00000-0000-4000-8000-000000000001', 'chat',
  '[{"protocolNumber":"1231","rank":1,"cited":true},{"protocolNumber":"1210","rank":2,"cited":false}]'), true,
  'a chat answer''s retrievals, as the function writes them');
select lives_ok($$select public.record_protocol_access(gen_random_uuid(), 'seizure',
  '[{"protocolNumber":"1231","rank":1,"score":9.5}]')$$, 'a search, as the search writes it');
select throws_ok($$select public.record_protocol_use(gen_random_uuid(), 'chat', '[{"protocolNumber":"1231","cited":"x"}]')$$,
  '22023', null, 'cited must be a boolean');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '[{"protocolNumber":"1231","rank":"one"}]')$$,
  '22023', null, 'rank must be a number');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '[{"protocolNumber":"1231","rank":1.5}]')$$,
  '22023', null, 'rank must be a whole number');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '[{"protocolNumber":"1231","note":"anything"}]')$$,
  '22023', null, 'no keys beyond protocolNumber, rank, score and cited');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '["1231"]')$$,
  '22023', null, 'each result is an object');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '{"protocolNumber":"1231"}')$$,
  '22023', null, 'results are an array');
select throws_ok($$select public.record_protocol_access('q', (select jsonb_agg(jsonb_build_object('protocolNumber', '1231'))
  from generate_series(1, 65)))$$, '22023', null, 'at most 64 results');
select throws_ok($$select public.record_protocol_access(gen_random_uuid(), 'q', '[{"protocolNumber":""}]')$$,
  '22023', null, 'a protocol number is not empty');

-- A row written before the rule (the constraint is NOT VALID) no longer breaks the report: it is not counted.
reset role;
alter table public.protocol_access drop constraint protocol_access_results_shape; -- as before the rule
insert into public.protocol_access (kind, organization_id, query_text, query_length, result_count, results)
  values ('chat', '96a00000-0000-4000-8000-0000000000aa', '', 0, 1, '[{"protocolNumber":"1231","cited":"x","rank":"a"}]'),
         ('search', '96a00000-0000-4000-8000-0000000000aa', 'q', 1, 1, '[{"protocolNumber":"1231","rank":"a"}]');
alter table public.protocol_access
  add constraint protocol_access_results_shape check (app.protocol_results_valid(results)) not valid;
set local role audit_reader;
select pg_temp.as_user('96000000-0000-4000-8000-000000000002', 'medical_director', '96a00000-0000-4000-8000-0000000000aa');
select lives_ok($$select audit.protocol_usage(now() - interval '1 day', now() + interval '1 minute')$$,
  'the report reads past a malformed old row');

select * from finish();
rollback;
