-- The protocol-usage writers are the functions' login's alone (review finding 5), as
-- app.record_protocol_searches is (69): anon, authenticated and the service role's key over the Data API
-- write no protocol_access row. The login writes a view's or a chat answer's row with the caller's claims
-- set and no request role taken, and the row names that caller.
begin;
create extension if not exists pgtap;
select plan(13);

select ok(not has_function_privilege('anon', 'public.record_protocol_access(text, jsonb, boolean, text, bigint)', 'execute'),
  'anon cannot call record_protocol_access (a search''s row)');
select ok(not has_function_privilege('anon', 'public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint)', 'execute'),
  'nor its overload with an id');
select ok(not has_function_privilege('anon', 'public.record_protocol_use(uuid, text, jsonb, bigint)', 'execute'),
  'nor record_protocol_use (a view''s or a chat answer''s row)');
select ok(not has_function_privilege('authenticated', 'public.record_protocol_use(uuid, text, jsonb, bigint)', 'execute')
  and not has_function_privilege('authenticated', 'public.record_protocol_access(text, jsonb, boolean, text, bigint)', 'execute')
  and not has_function_privilege('authenticated', 'public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint)', 'execute'),
  'nor can a signed-in user');
select ok(not has_function_privilege('service_role', 'public.record_protocol_use(uuid, text, jsonb, bigint)', 'execute')
  and not has_function_privilege('service_role', 'public.record_protocol_access(text, jsonb, boolean, text, bigint)', 'execute')
  and not has_function_privilege('service_role', 'public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint)', 'execute'),
  'nor the service role''s key');
select ok(has_function_privilege('medic_edge', 'public.record_protocol_use(uuid, text, jsonb, bigint)', 'execute')
  and has_function_privilege('medic_edge', 'public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint)', 'execute'),
  'the functions'' login can');

-- As PostgREST would run /rest/v1/rpc/record_protocol_use with the anon key.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select public.record_protocol_use('a1130000-0000-4000-8000-0000000000f1', 'view', '[]')$$, '42501', null,
  'a guest over the Data API writes no row');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a1130000-0000-4000-8000-000000000011","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"a1130000-0000-4000-8000-00000000001a"}}';
select throws_ok($$select public.record_protocol_access('chest pain', '[]')$$, '42501', null, 'nor a medic');
reset role;
select is((select count(*)::int from public.protocol_access where id = 'a1130000-0000-4000-8000-0000000000f1'), 0,
  'nothing was written');

-- The functions' login, with the caller's claims and no request role (asLoginFor).
insert into public.organizations (id, name) values ('a1130000-0000-4000-8000-00000000001a', 'Usage org');
set local role medic_edge;
set local request.jwt.claims to '{"sub":"a1130000-0000-4000-8000-000000000011","role":"authenticated","session_id":"s-113","app_metadata":{"role":"paramedic","organization_id":"a1130000-0000-4000-8000-00000000001a"}}';
select is(public.record_protocol_use('a1130000-0000-4000-8000-0000000000f2', 'chat',
  '[{"protocolNumber":"TP 1210","rank":1,"cited":true}]'), true, 'the login writes a chat answer''s row');
set local request.jwt.claims to '{"role":"anon"}';
select is(public.record_protocol_use('a1130000-0000-4000-8000-0000000000f3', 'view', '[{"protocolNumber":"MCG 1309"}]'),
  true, 'and a guest''s view');
reset role;
select results_eq($$select kind, organization_id, user_role::text, user_pseudonym = audit.pseudonym_of('user', 'a1130000-0000-4000-8000-000000000011')
    from public.protocol_access where id = 'a1130000-0000-4000-8000-0000000000f2'$$,
  $$values ('chat'::text, 'a1130000-0000-4000-8000-00000000001a'::uuid, 'paramedic'::text, true)$$,
  'the row names the caller of the claims');
select results_eq($$select kind, organization_id, user_role::text, user_pseudonym from public.protocol_access
    where id = 'a1130000-0000-4000-8000-0000000000f3'$$,
  $$values ('view'::text, null::uuid, 'guest'::text, null::uuid)$$, 'and a guest''s names no one');

select * from finish();
rollback;
