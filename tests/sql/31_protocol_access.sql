-- protocol_access: the scrubber, recording for the caller (pseudonyms, never raw ids or raw text),
-- feedback on one's own search only, and who reads the log. The writers are the functions' login's
-- (medic_edge), which sets the caller's claims beside the call (113); feedback is the caller's own.
begin;
create extension if not exists pgtap;
select plan(16);

select is(app.scrub_protocol_query('pt john@example.com called 213-555-1234 dob 03/04/1950'),
  'pt [email] called [phone] dob [date]', 'email, phone and date are removed');
select is(app.scrub_protocol_query('mrn 12345678 ssn 123-45-6789 on Jan 5, 2024 or 2024-01-05'),
  'mrn [number] ssn [number] on [date] or [date]', 'record numbers, SSN-like groups and dates');
select is(app.scrub_protocol_query('(310) 555 0000 or +1 424.555.0199'), '[phone] or [phone]', 'phone formats');
select is(app.scrub_protocol_query('TP 1210-P ref 1317.17 epi 0.01 mg/kg 12-lead 325 mg'),
  'TP 1210-P ref 1317.17 epi 0.01 mg/kg 12-lead 325 mg', 'protocol numbers and doses survive');

set local role medic_edge;
set local request.jwt.claims to '{"sub":"cccc0000-0000-4000-8000-00000000cccc","role":"authenticated","session_id":"s-1","app_metadata":{"role":"paramedic","organization_id":"00000000-0000-4000-8000-000000000001"}}';
create temp table rec as select * from public.record_protocol_access('seizure call me 213-555-1234',
  '[{"protocolNumber":"1231","rank":1,"score":9.5}]', false, null, 42);
reset role;
grant select on rec to authenticated; -- the login made it: the callers below read the id from it
select results_eq($$select query_text, query_length, result_count, kb_version, user_role::text from public.protocol_access
  where id = (select id from rec)$$, $$values ('seizure call me [phone]', 28, 1, 42::bigint, 'paramedic')$$,
  'the row holds the scrubbed query, its original length and the results');
select is((select user_pseudonym from public.protocol_access where id = (select id from rec)),
  audit.pseudonym_of('user', 'cccc0000-0000-4000-8000-00000000cccc'), 'the user is a pseudonym');
select is((select query_sha256 from rec), encode(extensions.digest('seizure call me [phone]', 'sha256'), 'hex'),
  'the returned hash is of the scrubbed query');

set local role authenticated;
set local request.jwt.claims to '{"sub":"dddd0000-0000-4000-8000-00000000dddd","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is(public.set_protocol_access_feedback((select id from rec), true), false, 'another user cannot rate my search');
select throws_ok($$insert into public.protocol_access (query_text, query_length, result_count) values ('x', 1, 0)$$,
  '42501', null, 'nobody inserts directly');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"cccc0000-0000-4000-8000-00000000cccc","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is(public.set_protocol_access_feedback((select id from rec), true), true, 'I can');
select throws_ok($$select count(*) from public.protocol_access$$, '42501', null,
  'a signed-in user does not read the log over the Data API');
reset role;
select is((select was_helpful from public.protocol_access where id = (select id from rec)), true, 'was_helpful is set');

set local role medic_edge;
set local request.jwt.claims to '{"role":"anon"}';
create temp table guest as select * from public.record_protocol_access('stroke', '[]');
reset role;
grant select on guest to anon;
set local role anon;
select is(public.set_protocol_access_feedback((select id from guest), false), true, 'a guest rates a guest search by id');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub":"eeee0000-0000-4000-8000-00000000eeee","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"00000000-0000-4000-8000-000000000001"}}';
select throws_ok($$select count(*) from public.protocol_access$$, '42501', null,
  'nor does a medical director: the searches are read through the audited door (20261203001510)');
reset role;
set local role audit_reader;
set local request.jwt.claims to '{"sub":"eeee0000-0000-4000-8000-00000000eeee","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"00000000-0000-4000-8000-000000000001"}}';
select ok((select count(*) >= 1 from public.protocol_access where id = (select id from rec)),
  'a medical director reads the organization''s searches through the door (audit_reader)');
select is((select count(*)::int from public.protocol_access where organization_id is distinct from
  '00000000-0000-4000-8000-000000000001'), 0, 'and only that organization''s');
reset role;

select * from finish();
rollback;
