-- audit.write_events: server-stamped fields, pseudonyms instead of identifiers, personal metadata keys
-- dropped, idempotent on event_id, and the table's CHECKs.
begin;
create extension if not exists pgtap;
select plan(19);

select is(audit.write_events($$[{
  "event_id":"0d1b2c3a-0000-4000-8000-0000000000e1","timestamp":"2026-01-15T10:00:00Z",
  "action":"dosing.calculate","resource":"writer-test","outcome":"success",
  "user_id":"77777777-0000-4000-8000-000000000007","session_id":"sess-1","ip_address":"198.51.100.7",
  "user_agent":"MedicApp/1.0","duration_ms":42,"correlation_id":"req-writer-1",
  "metadata":{"medication":"adenosine","patientName":"x","dob":"2001-01-01","nested":{"email":"a@b.c","weight_band":"10-11"}}
}]$$), 1, 'one event written');

create temp view w as select * from public.audit_logs where correlation_id = 'req-writer-1';

select ok((select seq > 0 and created_at = now() from w), 'seq and created_at are stamped by the server');
select is((select row_hash from w), (select audit.row_digest(l) from public.audit_logs l where correlation_id = 'req-writer-1'),
  'row_hash is the canonical digest');
select is((select metadata from w), '{"medication":"adenosine","nested":{"weight_band":"10-11"}}'::jsonb,
  'metadata keys naming personal data are dropped, also nested and camelCase');
select ok((select actor_pseudonym is not null and actor_pseudonym <> '77777777-0000-4000-8000-000000000007'::uuid from w),
  'the user id is stored as a pseudonym');
select is((select actor_pseudonym from w), audit.pseudonym_of('user', '77777777-0000-4000-8000-000000000007'),
  'the pseudonym is found again from the original id');
select ok((select session_pseudonym is not null and ip_pseudonym is not null and user_agent_pseudonym is not null from w),
  'session, ip and user agent are pseudonymised too');
select is((select count(*) from public.audit_logs l where to_jsonb(l)::text ~ '198\.51\.100\.7|MedicApp|sess-1|77777777-0000'),
  0::bigint, 'no original identifier appears anywhere in the stored rows');

select is(audit.write_events($$[{"event_id":"0d1b2c3a-0000-4000-8000-0000000000e1","timestamp":"2026-01-15T10:00:00Z",
  "action":"dosing.calculate","resource":"writer-test","outcome":"success"}]$$), 0,
  'the same event_id again inserts nothing');

select audit.write_events($$[{"action":"dosing.calculate","resource":"writer-test","outcome":"failure",
  "user_id":"77777777-0000-4000-8000-000000000007","correlation_id":"req-writer-2"}]$$);
select is((select actor_pseudonym from public.audit_logs where correlation_id = 'req-writer-2'),
  (select actor_pseudonym from w), 'one user, one pseudonym: grouping by actor keeps working');

select throws_ok($$select audit.write_events('[{"action":"no.such.action","resource":"x","outcome":"success"}]')$$,
  '22P02', null, 'an unknown action is refused');
select throws_ok($$select audit.write_events('[{"action":"dosing.list","resource":"x","outcome":"success","duration_ms":-1}]')$$,
  '23514', null, 'a negative duration is refused');
select throws_ok(format($$select audit.write_events('[{"action":"dosing.list","resource":"x","outcome":"success","timestamp":"%s"}]')$$,
  now() + interval '2 hours'), '23514', null, 'a timestamp more than an hour ahead is refused');
select throws_ok($$select audit.write_events('{"action":"dosing.list"}')$$, '22023', null, 'a batch must be an array');
select throws_ok($$select audit.write_events('[{"action":"dosing.list","resource":"x","outcome":"success","user_id":"medic-7"}]')$$,
  '22P02', null, 'a user id that is not a uuid is refused');
select throws_ok($$select audit.write_events('[{"event_id":"0d1b2c3a-0000-4000-8000-0000000000e9","action":"dosing.list","resource":"x","outcome":"success"}]')$$,
  '22023', null, 'an event_id without its timestamp is refused (it could not be idempotent)');

create temp table p as select actor_pseudonym from w;
grant select on p to authenticated, service_role;
set local role audit_reader; -- reveal is the audited door's (20261206030000)
set local request.jwt.claims to '{"sub":"88888888-0000-4000-8000-000000000008","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is(audit.reveal((select actor_pseudonym from p)), null, 'reveal gives a paramedic nothing');
set local request.jwt.claims to '{"sub":"88888888-0000-4000-8000-000000000008","role":"authenticated","app_metadata":{"role":"admin"}}';
select is(audit.reveal((select actor_pseudonym from p)), null,
  'nor an admin of no organization: the row is none''s (an organization''s admins: 63_reveal_within_organization)');
reset role;
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(audit.reveal((select actor_pseudonym from p)), '77777777-0000-4000-8000-000000000007',
  'reveal gives the platform operator the original');
reset role;

select * from finish();
rollback;
