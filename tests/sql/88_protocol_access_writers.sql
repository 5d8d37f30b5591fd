-- The protocol_access writers share one rule for who the caller is and one insert (20261203002100):
-- record_protocol_access (both forms) and record_protocol_use, caller by caller, name the caller of the
-- claims the same way (they are the functions' login's since 20261205093200: it sets the caller's claims);
-- a refusal of the results' shape is one code from every writer, 22023 naming p_results, and leaves nothing
-- written; the table's constraint stays the rule (a direct insert meets it as 23514); the shared parts are
-- not callable over the Data API.
begin;
create extension if not exists pgtap;
select plan(17);

create function pg_temp.as_user(sub text, role text, org text, session text) returns void language sql as $$
  select set_config('request.jwt.claims', jsonb_build_object('sub', sub, 'role', 'authenticated',
    'session_id', session, 'app_metadata', jsonb_build_object('role', role, 'organization_id', org))::text, true)
$$;
-- What a statement was refused with: its code, the column it names and the constraint behind it.
create function pg_temp.refusal(statement text) returns text language plpgsql as $$
declare
  code text;
  col text;
  rule text;
begin
  execute statement;
  return 'no refusal';
exception when others then
  get stacked diagnostics code = returned_sqlstate, col = column_name, rule = constraint_name;
  return concat_ws(' ', code, nullif(col, ''), nullif(rule, ''));
end $$;
-- Who a row names: organization, role and pseudonyms, as one comparable value.
create function pg_temp.who(p_id uuid) returns text language sql as $$
  select concat_ws('|', a.organization_id, a.user_role, a.user_pseudonym, a.session_pseudonym)
  from public.protocol_access a where a.id = p_id
$$;
insert into public.organizations (id, name) values ('88a00000-0000-4000-8000-0000000000aa', 't88 A');

-- A paramedic with a session: the three writers, the same person and session.
set local role medic_edge;
select pg_temp.as_user('88000000-0000-4000-8000-000000000001', 'paramedic', '88a00000-0000-4000-8000-0000000000aa', 's-88');
select is(public.record_protocol_access('88c00000-0000-4000-8000-000000000001'::uuid, 'seizure',
  '[{"protocolNumber":"1231","rank":1,"score":9.5}]'), true, 'a search, as the search writes it');
create temp table old_form as select * from public.record_protocol_access('stroke', '[{"protocolNumber":"1232","rank":1}]');
select is(public.record_protocol_use('88c00000-0000-4000-8000-000000000002', 'view', '[{"protocolNumber":"1210","rank":1}]'),
  true, 'a view');
select is(public.record_protocol_access('88c00000-0000-4000-8000-000000000001'::uuid, 'seizure', '[]'), false,
  'a repeated search id is one row');
reset role;
select is(pg_temp.who('88c00000-0000-4000-8000-000000000001'),
  concat_ws('|', '88a00000-0000-4000-8000-0000000000aa', 'paramedic',
    audit.pseudonym_of('user', '88000000-0000-4000-8000-000000000001'),
    audit.pseudonym_of('session', 's-88', audit.pseudonym_of('user', '88000000-0000-4000-8000-000000000001'))),
  'the search names the organization, the role, the user''s and the session''s pseudonyms');
select is(pg_temp.who('88c00000-0000-4000-8000-000000000002'), pg_temp.who('88c00000-0000-4000-8000-000000000001'),
  'the view names them the same way');
select is(pg_temp.who((select id from old_form)), pg_temp.who('88c00000-0000-4000-8000-000000000001'),
  'and so does the search that has its id made in the database');
select is((select query_sha256 from old_form), encode(extensions.digest('stroke', 'sha256'), 'hex'),
  'which still answers the hash of its stored query');

-- A medical director without a session id: a user pseudonym, no session.
set local role medic_edge;
select pg_temp.as_user('88000000-0000-4000-8000-000000000002', 'medical_director', '88a00000-0000-4000-8000-0000000000aa', null);
select is(public.record_protocol_use('88c00000-0000-4000-8000-000000000003', 'chat', '[{"protocolNumber":"1231","cited":true}]'),
  true, 'a chat answer without a session id');
reset role;
select is(pg_temp.who('88c00000-0000-4000-8000-000000000003'),
  concat_ws('|', '88a00000-0000-4000-8000-0000000000aa', 'medical_director',
    audit.pseudonym_of('user', '88000000-0000-4000-8000-000000000002')),
  'names the user and no session');

-- A guest and a caller with the service key: nobody to name, through either writer.
set local role medic_edge;
set local request.jwt.claims to '{"role":"anon"}';
select is(public.record_protocol_access('88c00000-0000-4000-8000-000000000004'::uuid, 'stroke', '[]'), true, 'a guest''s search');
select is(public.record_protocol_use('88c00000-0000-4000-8000-000000000005', 'view', '[{"protocolNumber":"1232","rank":1}]'),
  true, 'a guest''s view');
set local request.jwt.claims to '{"role":"service_role"}';
select is(public.record_protocol_use('88c00000-0000-4000-8000-000000000006', 'view', '[{"protocolNumber":"1232","rank":1}]'),
  true, 'the service key''s view');
reset role;
select is((select array_agg(distinct pg_temp.who(i)) from unnest(array['88c00000-0000-4000-8000-000000000004',
    '88c00000-0000-4000-8000-000000000005', '88c00000-0000-4000-8000-000000000006']::uuid[]) i),
  array['guest'], 'rows without organization or pseudonyms, the role a guest');

-- One refusal, whichever writer: 22023 naming p_results (and the table's rule behind it); nothing written.
set local role medic_edge;
select pg_temp.as_user('88000000-0000-4000-8000-000000000001', 'paramedic', '88a00000-0000-4000-8000-0000000000aa', 's-88');
select is(array[
    pg_temp.refusal($$select public.record_protocol_access('88c00000-0000-4000-8000-000000000007'::uuid, 'q', '[{"protocolNumber":"1231","rank":"one"}]')$$),
    pg_temp.refusal($$select public.record_protocol_use('88c00000-0000-4000-8000-000000000008', 'chat', '[{"protocolNumber":"1231","cited":"x"}]')$$),
    pg_temp.refusal($$select public.record_protocol_access('q', '[{"protocolNumber":""}]')$$),
    pg_temp.refusal($$select public.record_protocol_use('88c00000-0000-4000-8000-000000000009', 'view', '{"protocolNumber":"1231"}')$$)],
  array['22023 p_results protocol_access_results_shape', '22023 p_results protocol_access_results_shape',
    '22023 p_results protocol_access_results_shape', '22023 p_results protocol_access_results_check'],
  'a malformed result is 22023 naming p_results from every writer, a non-array too');
reset role;
select is((select count(*)::int from public.protocol_access where id in ('88c00000-0000-4000-8000-000000000007',
    '88c00000-0000-4000-8000-000000000008', '88c00000-0000-4000-8000-000000000009')), 0, 'and nothing was written');
select is(pg_temp.refusal($$insert into public.protocol_access (query_text, query_length, result_count, results)
    values ('q', 1, 1, '[{"protocolNumber":"1231","rank":"one"}]')$$),
  '23514 protocol_access_results_shape', 'the rule is the table''s: a direct insert meets it');

-- The shared parts are not for API roles: the kind rule and the claims stay the public functions' own.
set local role authenticated;
select is(array[pg_temp.refusal('select app.caller_pseudonyms()'),
    pg_temp.refusal($$select app.write_protocol_access(gen_random_uuid(), 'search', 'q', '[]', null, null, null)$$)],
  array['42501', '42501'], 'app.caller_pseudonyms and app.write_protocol_access are not callable by API roles');
reset role;

select * from finish();
rollback;
