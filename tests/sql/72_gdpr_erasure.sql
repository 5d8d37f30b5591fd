-- Erasure in the database (gdpr.erase_subject): a subject with data in every table is erased by an
-- admin of their organization; their non-audit data is deleted or anonymised, the linkage to their
-- pseudonyms is gone, the audit rows are byte-for-byte the same and still verify, their events stay
-- countable under the pseudonym, nothing anywhere still holds their id, address, session or agent,
-- and a second erasure is a no-op. Who may erase whom is checked too.
begin;
create extension if not exists pgtap;
select plan(38);

\ir support/seal_settled.sql

insert into public.organizations (id, name) values
  ('aaaaaaaa-7200-4000-8000-00000000000a', 'Erasure org A'),
  ('bbbbbbbb-7200-4000-8000-00000000000b', 'Erasure org B');
insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data) values
  ('a7200000-0000-4000-8000-000000000001', 'admin-a@erase.test', '{"role":"admin","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a"}', '{}'),
  ('a7200000-0000-4000-8000-000000000005', 'subject-7200@erase.test', '{"role":"paramedic","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a"}', '{"full_name":"Sam Subject"}'),
  ('a7200000-0000-4000-8000-000000000006', 'medic-a@erase.test', '{"role":"paramedic","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a"}', '{}'),
  ('b7200000-0000-4000-8000-000000000001', 'admin-b@erase.test', '{"role":"admin","organization_id":"bbbbbbbb-7200-4000-8000-00000000000b"}', '{}');
update public.users set badge_number = 'B-7200-55', station = 'Station 72' where id = 'a7200000-0000-4000-8000-000000000005';

create function pg_temp.act_as(sub text, role text, org text) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', json_build_object('sub', sub, 'role', 'authenticated',
    'session_id', 'a7200000-5e55-4000-8000-000000000005',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;

-- The subject's data, everywhere it can be.
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"erase-test","outcome":"success","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a",
   "user_id":"a7200000-0000-4000-8000-000000000005","session_id":"a7200000-5e55-4000-8000-000000000005",
   "ip_address":"203.0.113.72","user_agent":"erase-test-agent/7200"},
  {"action":"auth.failure","resource":"erase-test","outcome":"failure","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a",
   "user_id":"a7200000-0000-4000-8000-000000000005","ip_address":"203.0.113.72","user_agent":"erase-test-agent/7200"},
  {"action":"dosing.calculate","resource":"erase-test","outcome":"success","organization_id":"aaaaaaaa-7200-4000-8000-00000000000a",
   "user_id":"a7200000-0000-4000-8000-000000000006","ip_address":"203.0.113.99"}
]$$);
select public.check_session('a7200000-5e55-4000-8000-000000000005', 'a7200000-0000-4000-8000-000000000005',
  'aaaaaaaa-7200-4000-8000-00000000000a', 'paramedic');
-- A PHI table of a later issue: another medic touches the subject's record (the subject is the patient).
create temp table erase_notes (id integer, patient_id text, organization_id uuid);
create trigger erase_notes_phi after insert on erase_notes
  for each row execute function audit.log_phi_access('patient_id');
select pg_temp.act_as('a7200000-0000-4000-8000-000000000006', 'paramedic', 'aaaaaaaa-7200-4000-8000-00000000000a');
insert into erase_notes values (1, 'a7200000-0000-4000-8000-000000000005', 'aaaaaaaa-7200-4000-8000-00000000000a');
select pg_temp.act_as('a7200000-0000-4000-8000-000000000005', 'paramedic', 'aaaaaaaa-7200-4000-8000-00000000000a');
select public.record_protocol_access('chest pain', '[]', false, null, 1);
select public.write_ai_audit_trails($$[{"message_id":"a7200000-a1a1-4000-8000-000000000001",
  "organization_id":"aaaaaaaa-7200-4000-8000-00000000000a","user_id":"a7200000-0000-4000-8000-000000000005",
  "session_id":"a7200000-5e55-4000-8000-000000000005","prompt_version":"v1","mode":"retrieval-only","outcome":"offline"}]$$);
insert into public.security_policies (organization_id, name, category)
  values ('aaaaaaaa-7200-4000-8000-00000000000a', 'erase-test', 'password');  -- stamped updated_by = the subject
select set_config('request.jwt.claims', '', true);
update app.rate_limit_policy set penalty = 100;
select public.record_rate_limit_violation('user:a7200000-0000-4000-8000-000000000005', 'user', 'API', '203.0.113.72', 'erase-req');
insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class)
  values ('client:erase-test-fingerprint', 'fingerprint', '203.0.113.72', 'API');
select public.raise_alert('MEDIUM', 'SECURITY', 'A client was banned', 'user:a7200000-0000-4000-8000-000000000005 banned',
  'rule:rate_limit_ban', 'rate_limit_ban:user:a7200000-0000-4000-8000-000000000005:1',
  '{"client":"user:a7200000-0000-4000-8000-000000000005"}', null, 'aaaaaaaa-7200-4000-8000-00000000000a');
update public.alerts set acknowledged_by = 'a7200000-0000-4000-8000-000000000005', acknowledged_at = now()
  where dedup_key like 'rate_limit_ban:user:a7200000-0000-4000-8000-000000000005%';
select public.record_mfa_enrollment('a7200000-0000-4000-8000-000000000005', 'totp', 'active');
select public.record_mfa_challenge('a7200000-0000-4000-8000-000000000005', 'totp', true);
insert into public.mfa_backup_codes (user_id, organization_id, code_hash)
  values ('a7200000-0000-4000-8000-000000000005', 'aaaaaaaa-7200-4000-8000-00000000000a', '$2a$10$erase');
insert into public.performance_metrics (user_id, organization_id, metric_name, value, unit)
  values ('a7200000-0000-4000-8000-000000000005', 'aaaaaaaa-7200-4000-8000-00000000000a', 'page.load', 10, 'ms');
insert into public.web_vitals (user_id, organization_id, metric, value)
  values ('a7200000-0000-4000-8000-000000000005', 'aaaaaaaa-7200-4000-8000-00000000000a', 'LCP', 900);
select pg_temp.seal_settled();

create temp table subject as select audit.pseudonym_of('user', 'a7200000-0000-4000-8000-000000000005') as p,
  audit.pseudonym_of('patient', 'a7200000-0000-4000-8000-000000000005') as pp;
create temp table rows_before as select seq, row_hash from public.audit_logs;
create temp table counted_before as
  select (select count(*) from public.audit_logs where actor_pseudonym = (select p from subject)) as events,
         (select count(*) from public.phi_access_audit_log where patient_pseudonym = (select pp from subject)) as phi;
select ok((select p is not null and pp is not null and p <> pp from subject),
  'the subject has a user and a patient pseudonym, told apart by kind (audit.pseudonym_of honours it)');

-- Who may erase: not a paramedic, not the subject, not another organization's admin; nobody unknown.
set local role authenticated;
select pg_temp.act_as('a7200000-0000-4000-8000-000000000006', 'paramedic', 'aaaaaaaa-7200-4000-8000-00000000000a');
select throws_ok($$select gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('a', 64), 'consent_withdrawn', null, 'erased-tokentokentoken01')$$,
  '42501', null, 'a paramedic may not erase anyone');
select pg_temp.act_as('b7200000-0000-4000-8000-000000000001', 'admin', 'bbbbbbbb-7200-4000-8000-00000000000b');
select throws_ok($$select gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('a', 64), 'consent_withdrawn', null, 'erased-tokentokentoken01')$$,
  'P0002', null, 'an admin of B does not find A''s subject');
select pg_temp.act_as('a7200000-0000-4000-8000-000000000001', 'admin', 'aaaaaaaa-7200-4000-8000-00000000000a');
select throws_ok($$select gdpr.erase_subject('a7200000-0000-4000-8000-000000000001', repeat('a', 64), 'consent_withdrawn', null, 'erased-tokentokentoken01')$$,
  '55000', null, 'an admin cannot erase themselves');
select throws_ok($$select gdpr.erase_subject(gen_random_uuid(), repeat('a', 64), 'consent_withdrawn', null, 'erased-tokentokentoken01')$$,
  'P0002', null, 'nobody erases an unknown subject');
select throws_ok($$select gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('a', 64), 'because I said so', null, 'erased-tokentokentoken01')$$,
  '22023', null, 'the reason is one of the recorded grounds');

-- The erasure.
create temp table erased as select gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('e', 64),
  'consent_withdrawn', 'DSR-2026-0072', 'erased-tokentokentoken72',
  jsonb_build_object('event_id', 'a7200000-e4e4-4000-8000-000000000001', 'timestamp', now(),
    'correlation_id', 'a7200000-e4e4-4000-8000-000000000001', 'metadata', '{"function":"gdpr-export"}'::jsonb)) as s;
reset role;

select is((select (s ->> 'alreadyErased')::boolean from erased), false, 'a first erasure');
select is((select s -> 'deleted' from erased) - 'rate_limit_tracking',
  '{"users":1,"auth_users":1,"web_vitals":1,"user_sessions":1,"mfa_challenges":1,"mfa_enrollments":1,"mfa_backup_codes":1,"mfa_backup_code_sets":0,"performance_metrics":1,"rate_limit_violations":1}'::jsonb,
  'account, profile, sessions, MFA records, limiter record and telemetry are deleted');
select is((select s -> 'anonymised' from erased),
  '{"alerts":1,"protocol_access":1,"security_events":1,"rate_limit_violations":1}'::jsonb,
  'security events, alerts, searches and the address in a fingerprint''s record are anonymised');
select is((select (s -> 'kept' ->> 'audit_events')::bigint from erased), (select events from counted_before),
  'every audit event of theirs stays (requests, session start, ban, MFA enrollment)');
select ok((select (s -> 'linkage' ->> 'user')::integer = 1 and (s -> 'linkage' ->> 'patient')::integer = 1
             and (s -> 'linkage' ->> 'ip')::integer >= 1 and (s -> 'linkage' ->> 'session')::integer >= 1 from erased),
  'the user, patient, address and session pseudonyms are unlinked');

-- The linkage is gone; the audit rows are not.
select is(audit.pseudonym_of('user', 'a7200000-0000-4000-8000-000000000005'), null, 'the id has no pseudonym any more');
select is(audit.pseudonym_of('patient', 'a7200000-0000-4000-8000-000000000005'), null, 'nor as a patient');
select is((select count(*)::integer from audit.pseudonym_mapping where owner_pseudonym = (select p from subject)
             or pseudonym in (select p from subject union select pp from subject)), 0, 'no mapping row of theirs is left');
select is(audit.reveal((select p from subject)), null, 'and their pseudonym reveals nothing');
select set_eq('select seq, row_hash from public.audit_logs where seq in (select seq from rows_before)',
  'select seq, row_hash from rows_before', 'every audit row is the same row with the same hash');
select is((select ok from audit.verify()), true, 'audit.verify passes over the same rows');
select is((select count(*) from public.audit_logs where actor_pseudonym = (select p from subject)),
  (select events from counted_before), 'their events are still countable under the pseudonym');
select is((select count(*) from public.phi_access_audit_log where patient_pseudonym = (select pp from subject)),
  (select phi from counted_before), 'and so are the accesses to their patient record');
select is((select count(*)::integer from public.audit_logs where actor_pseudonym = (select p from subject)
             and action = 'auth.failure'), 1, 'a compliance-critical failure is still there to count');

-- Nothing anywhere still names them.
create function pg_temp.holding(needle text) returns text[] language plpgsql as $$
declare r record; hits text[] := '{}'; n bigint;
begin
  for r in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relkind in ('r', 'p', 'm') and not c.relispartition
             and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
             and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%' loop
    execute format('select count(*) from %I.%I t where to_jsonb(t)::text ilike %L', r.nspname, r.relname,
      '%' || needle || '%') into n;
    if n > 0 then hits := hits || (r.nspname || '.' || r.relname); end if;
  end loop;
  return hits;
end $$;
select is(pg_temp.holding('a7200000-0000-4000-8000-000000000005'), '{}'::text[], 'no table holds their id');
select is(pg_temp.holding('203.0.113.72'), '{}'::text[], 'nor their address');
select is(pg_temp.holding('a7200000-5e55-4000-8000-000000000005'), '{}'::text[], 'nor their session id');
select is(pg_temp.holding('erase-test-agent/7200'), '{}'::text[], 'nor their user agent');
select is(pg_temp.holding('subject-7200@erase.test') || pg_temp.holding('Sam Subject') || pg_temp.holding('B-7200-55'),
  '{}'::text[], 'nor their e-mail, name or badge');

select is((select updated_by from public.security_policies where name = 'erase-test'), null,
  'the settings they edited forget who, without stamping the erasing admin instead');
select is((select dedup_key from public.alerts where source = 'rule:rate_limit_ban' and organization_id = 'aaaaaaaa-7200-4000-8000-00000000000a'),
  'rate_limit_ban:user:erased-tokentokentoken72:1', 'the alert keeps its shape with a random token in their place');
select is((select count(*)::integer from public.rate_limit_violations where identifier = 'client:erase-test-fingerprint'
             and ip_address is null), 1, 'an anonymous client''s record loses the address but keeps its standing');

-- The erasure's own record: one gdpr.erase event with the grounds, nothing that leads back to them.
select results_eq($$select action::text, user_role::text, outcome::text, metadata ->> 'reason', metadata ->> 'reference',
    metadata -> 'deleted' ? 'users', metadata ->> 'function' from public.audit_logs
    where event_id = 'a7200000-e4e4-4000-8000-000000000001'$$,
  $$values ('gdpr.erase', 'admin', 'success', 'consent_withdrawn', 'DSR-2026-0072', true, 'gdpr-export')$$,
  'the request''s gdpr.erase event is written with the erasure, by the admin, with reason and reference');
select is((select count(*)::integer from public.audit_logs where action = 'gdpr.erase'
             and to_jsonb(audit_logs)::text like '%' || (select p from subject)::text || '%'), 0,
  'it does not name the erased pseudonym');
select is((select to_jsonb(e) - 'subject_hash' from gdpr.erased_subjects e where subject_hash = repeat('e', 64)),
  '{"organization_id":"aaaaaaaa-7200-4000-8000-00000000000a"}'::jsonb,
  'the erased-subjects list holds the salted hash and the organization, nothing else');

-- A token issued before the erasure keeps arriving: its session is refused and it is audited anonymously.
select is((select status || '/' || reason from public.check_session('a7200000-5e55-4000-8000-0000000000ff',
  'a7200000-0000-4000-8000-000000000005', 'aaaaaaaa-7200-4000-8000-00000000000a', 'paramedic')), 'ended/revoked',
  'a new session of the erased user is refused before it starts');
select is((select count(*)::integer from public.user_sessions where user_id = 'a7200000-0000-4000-8000-000000000005'), 0,
  'and leaves no session row with their id');
select audit.write_events($$[{"action":"auth.failure","resource":"erase-test-late","outcome":"failure",
  "user_id":"a7200000-0000-4000-8000-000000000005","session_id":"a7200000-5e55-4000-8000-0000000000ff"}]$$);
select is((select actor_pseudonym from public.audit_logs where resource = 'erase-test-late'), null,
  'a late event of theirs is recorded without an actor');
select is(audit.pseudonym_of('user', 'a7200000-0000-4000-8000-000000000005'), null,
  'and the erased id has still no pseudonym: the linkage does not come back');

-- Again: idempotent. And an export now says "erased".
set local role authenticated;
select pg_temp.act_as('a7200000-0000-4000-8000-000000000001', 'admin', 'aaaaaaaa-7200-4000-8000-00000000000a');
select is((gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('e', 64), 'consent_withdrawn',
  'DSR-2026-0072', 'erased-tokentokentoken73') ->> 'alreadyErased')::boolean, true,
  'a second erasure succeeds and says it was erased already');
set local role audit_reader; -- the export is the audited door's (20261206030000)
select throws_ok($$select gdpr.export_plan('a7200000-0000-4000-8000-000000000005', repeat('e', 64))$$,
  'P0002', 'this data subject was erased', 'an export of the erased subject answers "erased"');
set local role authenticated;
select pg_temp.act_as('b7200000-0000-4000-8000-000000000001', 'admin', 'bbbbbbbb-7200-4000-8000-00000000000b');
select throws_ok($$select gdpr.erase_subject('a7200000-0000-4000-8000-000000000005', repeat('e', 64), 'consent_withdrawn', null, 'erased-tokentokentoken74')$$,
  'P0002', null, 'another organization learns nothing, not even that they were erased');
reset role;

select * from finish();
rollback;
