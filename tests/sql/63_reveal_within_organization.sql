-- audit.reveal_many and audit.reveal, role by role (20261203005100, 5110): an organization's admin or
-- medical director reveals the pseudonyms that appear in their organization's audit rows (audit_logs,
-- their metadata's subject_pseudonym, the PHI-access log and the AI trail) and no other; nobody else of an
-- organization reveals anything; the service role reveals any, as before. The pairs they are checked
-- against are written by the inserts themselves, whatever wrote them (the triggers), and for rows from
-- before the triggers by audit.backfill_pseudonym_organization_periods(), exercised here on the fixture's rows.
-- The pairs are kept per source and retention period since 20261204001000; that they go with their rows is
-- 66_reveal_pairs_follow_rows.sql.
begin;
create extension if not exists pgtap;
select plan(46);

insert into public.organizations (id, name) values
  ('aaaaaaaa-6300-4000-8000-00000000000a', 'Reveal org A'),
  ('bbbbbbbb-6300-4000-8000-00000000000b', 'Reveal org B');

-- A: a medic's request (user, session, address, agent) and an address probing sign-in anonymously.
-- B: its medic's request. Both: one person who acted in each (same user id, so the same pseudonym).
-- None: a guest's request, which no organization's row carries.
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"reveal-63","outcome":"success","organization_id":"aaaaaaaa-6300-4000-8000-00000000000a",
   "user_id":"a6300000-0000-4000-8000-000000000001","session_id":"sess-a-63","ip_address":"198.51.100.63","user_agent":"AgentA/63"},
  {"action":"auth.failure","resource":"reveal-63","outcome":"failure","organization_id":"aaaaaaaa-6300-4000-8000-00000000000a",
   "ip_address":"192.0.2.63"},
  {"action":"dosing.calculate","resource":"reveal-63","outcome":"success","organization_id":"bbbbbbbb-6300-4000-8000-00000000000b",
   "user_id":"b6300000-0000-4000-8000-000000000001","session_id":"sess-b-63","ip_address":"203.0.113.63","user_agent":"AgentB/63"},
  {"action":"dosing.list","resource":"reveal-63","outcome":"success","organization_id":"aaaaaaaa-6300-4000-8000-00000000000a",
   "user_id":"c6300000-0000-4000-8000-000000000001"},
  {"action":"dosing.list","resource":"reveal-63","outcome":"success","organization_id":"bbbbbbbb-6300-4000-8000-00000000000b",
   "user_id":"c6300000-0000-4000-8000-000000000001"},
  {"action":"dosing.list","resource":"reveal-63","outcome":"success","ip_address":"198.51.100.99"}
]$$);
-- An AI-trail row of A whose user has no audit_logs row.
select public.write_ai_audit_trails($$[{"message_id":"a6300000-a1a1-4000-8000-000000000001",
  "organization_id":"aaaaaaaa-6300-4000-8000-00000000000a","user_id":"d6300000-0000-4000-8000-000000000001",
  "prompt_version":"v1","mode":"retrieval-only","outcome":"offline"}]$$);

-- A PHI access in A by someone with no other row (as the PHI trigger writes it), of a patient.
insert into public.phi_access_audit_log (organization_id, actor_pseudonym, actor_role, table_name, record_id,
  patient_pseudonym, operation)
select 'aaaaaaaa-6300-4000-8000-00000000000a', a.pseudonym, 'authenticated/paramedic', 'public.notes-63', '1',
  p.pseudonym, 'INSERT'
from audit.pseudonymize(audit.pseudonym_key(),
       '[{"kind":"user","value":"f6300000-0000-4000-8000-000000000001"}]') a,
     audit.pseudonymize(audit.pseudonym_key(), '[{"kind":"patient","value":"patient-63"}]') p;

-- An action in A about a person with no row of their own (metadata.subject_pseudonym, as gdpr-export's
-- events name their subject), and one whose subject_pseudonym is not a uuid: it is written all the same.
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'gdpr.export', 'resource', 'reveal-63', 'outcome', 'success',
    'organization_id', 'aaaaaaaa-6300-4000-8000-00000000000a', 'user_id', 'a6300000-0000-4000-8000-000000000001',
    'metadata', jsonb_build_object('subject_pseudonym', (select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
      '[{"kind":"user","value":"a6300000-5b1e-4000-8000-000000000001"}]') p))),
  jsonb_build_object('action', 'gdpr.export', 'resource', 'reveal-63-odd', 'outcome', 'success',
    'organization_id', 'aaaaaaaa-6300-4000-8000-00000000000a', 'metadata', '{"subject_pseudonym":"not-a-uuid"}'::jsonb)));
-- The same in B, about a person with no row of their own: B's, never A's.
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'gdpr.export', 'resource', 'reveal-63', 'outcome', 'success',
    'organization_id', 'bbbbbbbb-6300-4000-8000-00000000000b', 'user_id', 'b6300000-0000-4000-8000-000000000001',
    'metadata', jsonb_build_object('subject_pseudonym', (select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
      '[{"kind":"user","value":"b6300000-5b1e-4000-8000-000000000001"}]') p)))));

-- Every pseudonym written above, with the original and whose it is.
create temp table p63 (label text primary key, pseudonym uuid not null, original text not null);
insert into p63 values
  ('a.user', audit.pseudonym_of('user', 'a6300000-0000-4000-8000-000000000001'), 'a6300000-0000-4000-8000-000000000001'),
  ('a.session', (select session_pseudonym from public.audit_logs where resource = 'reveal-63' and session_pseudonym is not null
     and organization_id = 'aaaaaaaa-6300-4000-8000-00000000000a'), 'sess-a-63'),
  ('a.ip', (select ip_pseudonym from public.audit_logs where resource = 'reveal-63' and action = 'dosing.calculate'
     and organization_id = 'aaaaaaaa-6300-4000-8000-00000000000a'), '198.51.100.63'),
  ('a.agent', (select user_agent_pseudonym from public.audit_logs where resource = 'reveal-63' and user_agent_pseudonym is not null
     and organization_id = 'aaaaaaaa-6300-4000-8000-00000000000a'), 'AgentA/63'),
  ('a.probe', (select ip_pseudonym from public.audit_logs where resource = 'reveal-63' and action = 'auth.failure'), '192.0.2.63'),
  ('a.ai_user', (select user_pseudonym from public.ai_audit_trails where message_id = 'a6300000-a1a1-4000-8000-000000000001'),
     'd6300000-0000-4000-8000-000000000001'),
  ('a.phi_actor', audit.pseudonym_of('user', 'f6300000-0000-4000-8000-000000000001'), 'f6300000-0000-4000-8000-000000000001'),
  ('a.phi_patient', audit.pseudonym_of('patient', 'patient-63'), 'patient-63'),
  ('a.subject', audit.pseudonym_of('user', 'a6300000-5b1e-4000-8000-000000000001'), 'a6300000-5b1e-4000-8000-000000000001'),
  ('b.user', audit.pseudonym_of('user', 'b6300000-0000-4000-8000-000000000001'), 'b6300000-0000-4000-8000-000000000001'),
  ('b.subject', audit.pseudonym_of('user', 'b6300000-5b1e-4000-8000-000000000001'), 'b6300000-5b1e-4000-8000-000000000001'),
  ('b.ip', (select ip_pseudonym from public.audit_logs where resource = 'reveal-63' and action = 'dosing.calculate'
     and organization_id = 'bbbbbbbb-6300-4000-8000-00000000000b'), '203.0.113.63'),
  ('both.user', audit.pseudonym_of('user', 'c6300000-0000-4000-8000-000000000001'), 'c6300000-0000-4000-8000-000000000001'),
  ('none.ip', (select ip_pseudonym from public.audit_logs where resource = 'reveal-63' and organization_id is null), '198.51.100.99');
grant select on p63 to authenticated, service_role;

-- What reveal_many gives the caller for every pseudonym above, as sorted labels.
create function pg_temp.revealed_many() returns text[] language sql as $$
  select coalesce(array_agg(p.label order by p.label), '{}')
  from audit.reveal_many(array(select pseudonym from p63)) r join p63 p on p.pseudonym = r.pseudonym
  where r.value = p.original
$$;
-- And audit.reveal, one by one.
create function pg_temp.revealed_one_by_one() returns text[] language sql as $$
  select coalesce(array_agg(p.label order by p.label), '{}') from p63 p where audit.reveal(p.pseudonym) = p.original
$$;
-- And as gdpr-export's /reveal asks (functions-shared/handlers/gdpr_export/queries.ts, revealAuditPseudonyms):
-- audit.reveal over the uuids it was sent as text, in a transaction of the caller's (asUser: role
-- authenticated, the caller's claims).
create function pg_temp.revealed_as_gdpr_export() returns text[] language sql as $$
  select coalesce(array_agg(p.label order by p.label), '{}')
  from (select r::text as pseudonym, audit.reveal(r) as value
        from unnest((select array_agg(pseudonym::text) from p63)::uuid[]) r) x
  join p63 p on p.pseudonym::text = x.pseudonym
  where x.value = p.original
$$;
create function pg_temp.as_caller(role text, org text) returns void language sql as $$
  select set_config('request.jwt.claims', json_build_object('sub', 'e6300000-0000-4000-8000-000000000001',
    'role', 'authenticated', 'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true)
$$;

select is((select count(*)::int from p63 where pseudonym is null), 0, 'every pseudonym of the fixture exists');
select is(
  (select count(*)::int from public.audit_logs l
   cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym), (l.user_agent_pseudonym)) v(p)
   where l.organization_id is not null and v.p is not null
     and not exists (select 1 from audit.pseudonym_organization_periods o where o.pseudonym = v.p and o.organization_id = l.organization_id)),
  0, 'every pseudonym of every organization''s audit row is recorded with that organization (backfill and trigger)');
select is(
  (select count(*)::int from public.ai_audit_trails t
   cross join lateral (values (t.user_pseudonym), (t.session_pseudonym)) v(p)
   where t.organization_id is not null and v.p is not null
     and not exists (select 1 from audit.pseudonym_organization_periods o where o.pseudonym = v.p and o.organization_id = t.organization_id)),
  0, 'and of every AI-trail row');
select is(
  (select count(*)::int from public.phi_access_audit_log l
   cross join lateral (values (l.actor_pseudonym), (l.patient_pseudonym), (l.ip_pseudonym), (l.user_agent_pseudonym)) v(p)
   where l.organization_id is not null and v.p is not null
     and not exists (select 1 from audit.pseudonym_organization_periods o where o.pseudonym = v.p and o.organization_id = l.organization_id)),
  0, 'and of every PHI-access row');
select is(
  (select count(*)::int from public.audit_logs l
   where l.organization_id is not null
     and l.metadata ->> 'subject_pseudonym' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
     and not exists (select 1 from audit.pseudonym_organization_periods o
                     where o.pseudonym = (l.metadata ->> 'subject_pseudonym')::uuid and o.organization_id = l.organization_id)),
  0, 'and every subject an organization''s audit row names in its metadata');
select is((select count(*)::int from public.audit_logs where resource = 'reveal-63-odd'), 1,
  'an event whose subject_pseudonym is no uuid is still written');
select is((select count(*)::int from audit.pseudonym_organization_periods where pseudonym = (select pseudonym from p63 where label = 'none.ip')),
  0, 'a row without an organization records nothing');

set local role audit_reader; -- the audited door, as audit-query calls it
select pg_temp.as_caller('admin', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}',
  'an admin of A reveals every pseudonym of A''s rows: an anonymous probe''s, the AI trail''s, the PHI-access log''s and a subject named in metadata included');
select is(pg_temp.revealed_one_by_one(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}', 'reveal: the same');
select is((select count(*)::int from audit.reveal_many(array[(select pseudonym from p63 where label = 'b.user'),
    (select pseudonym from p63 where label = 'b.ip')])), 0, 'B''s pseudonyms, asked for alone: nothing');
select is(audit.reveal((select pseudonym from p63 where label = 'b.user')), null, 'reveal of B''s user: null');
select is(audit.reveal((select pseudonym from p63 where label = 'none.ip')), null, 'reveal of a guest''s address: null');
select is(audit.reveal((select pseudonym from p63 where label = 'b.subject')), null,
  'reveal of the subject a B event names in its metadata, asked for by A''s admin: null');
select is((select count(*)::int from audit.reveal_many(array[(select pseudonym from p63 where label = 'b.subject')])), 0,
  'reveal_many: nothing');
select is((select count(*)::int from audit.get_failed_auth_attempts(1) where ip_address = '192.0.2.63'), 1,
  'the failed-auth report still shows the address probing A');

select pg_temp.as_caller('medical_director', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}',
  'a medical director of A: A''s');
select is(pg_temp.revealed_one_by_one(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}', 'reveal: the same');

select pg_temp.as_caller('admin', 'bbbbbbbb-6300-4000-8000-00000000000b');
select is(pg_temp.revealed_many(), '{b.ip,b.subject,b.user,both.user}', 'an admin of B: B''s only (the person of both included)');
select is(pg_temp.revealed_one_by_one(), '{b.ip,b.subject,b.user,both.user}', 'reveal: the same');

select pg_temp.as_caller('admin', null);
select is(pg_temp.revealed_many(), '{}', 'an admin without an organization: nothing');
select is(pg_temp.revealed_one_by_one(), '{}', 'reveal: nothing');

select pg_temp.as_caller('paramedic', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{}', 'a paramedic of A: nothing');
select is(pg_temp.revealed_one_by_one(), '{}', 'reveal: nothing');

select pg_temp.as_caller('emt', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{}', 'an EMT of A: nothing');
reset role;

-- gdpr-export's /reveal: audit.reveal per pseudonym, as audit_reader on the door's login since 20261206030000.
set local role audit_reader;
select pg_temp.as_caller('admin', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_as_gdpr_export(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}',
  'the way gdpr-export asks: an admin of A gets A''s (B''s metadata subject not among them)');
select pg_temp.as_caller('admin', 'bbbbbbbb-6300-4000-8000-00000000000b');
select is(pg_temp.revealed_as_gdpr_export(), '{b.ip,b.subject,b.user,both.user}', 'an admin of B: B''s (its metadata subject included)');
select pg_temp.as_caller('paramedic', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_as_gdpr_export(), '{}', 'a paramedic of A: nothing');
reset role;

-- The platform operator: every pseudonym, those of no organization included, as before.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(pg_temp.revealed_many(),
  '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,b.ip,b.subject,b.user,both.user,none.ip}', 'the service role: every one');
select is(pg_temp.revealed_one_by_one(),
  '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,b.ip,b.subject,b.user,both.user,none.ip}', 'reveal: every one');
reset role;

-- The backfill (20261203005110, per period since 20261204001010), on the fixture's rows as if they predated the triggers: their pairs gone,
-- A's admin reveals none of them; the backfill adds exactly those back, and reveal works again.
reset request.jwt.claims;
create temp table gone63 as
  with d as (delete from audit.pseudonym_organization_periods
             where organization_id in ('aaaaaaaa-6300-4000-8000-00000000000a', 'bbbbbbbb-6300-4000-8000-00000000000b')
             returning pseudonym, organization_id, source, period)
  select * from d;
select cmp_ok((select count(*)::int from gone63), '>=', (select count(*)::int from p63 where label <> 'none.ip'),
  'the fixture''s pairs are deleted (one per pseudonym of A or B at least)');
set local role audit_reader;
select pg_temp.as_caller('admin', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{}', 'without its pairs an admin of A reveals none of A''s pseudonyms');
select is(pg_temp.revealed_one_by_one(), '{}', 'reveal: none');
reset role;
select is(audit.backfill_pseudonym_organization_periods(), (select count(*) from gone63),
  'the backfill adds as many pairs as were deleted');
select is((select count(*)::int from gone63 g where not exists (select 1 from audit.pseudonym_organization_periods o
            where o.pseudonym = g.pseudonym and o.organization_id = g.organization_id
              and o.source = g.source and o.period = g.period)), 0, 'each of them');
set local role audit_reader;
select pg_temp.as_caller('admin', 'aaaaaaaa-6300-4000-8000-00000000000a');
select is(pg_temp.revealed_many(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}', 'an admin of A reveals A''s again');
select is(pg_temp.revealed_one_by_one(), '{a.agent,a.ai_user,a.ip,a.phi_actor,a.phi_patient,a.probe,a.session,a.subject,a.user,both.user}', 'reveal: the same');
select pg_temp.as_caller('admin', 'bbbbbbbb-6300-4000-8000-00000000000b');
select is(pg_temp.revealed_many(), '{b.ip,b.subject,b.user,both.user}', 'an admin of B: B''s only, its metadata subject included');
reset role;
reset request.jwt.claims;
select is(audit.backfill_pseudonym_organization_periods(), 0::bigint, 'a second run adds nothing');
select is((select count(*) from audit.pseudonym_organization_periods
           where organization_id in ('aaaaaaaa-6300-4000-8000-00000000000a', 'bbbbbbbb-6300-4000-8000-00000000000b')),
  (select count(*) from gone63), 'and leaves the pairs as they were');

-- The API roles never touch the pairs themselves.
select is(has_table_privilege('authenticated', 'audit.pseudonym_organization_periods', 'select'), false, 'authenticated cannot read the pairs');
select is(has_table_privilege('audit_reader', 'audit.pseudonym_organization_periods', 'insert'), false, 'nor can the audited door write them');
select is(has_table_privilege('service_role', 'audit.pseudonym_organization_periods', 'insert'), false, 'nor the service role');
select is(has_function_privilege('authenticated', 'audit.backfill_pseudonym_organization_periods()', 'execute'), false,
  'authenticated cannot run the backfill');
select is(has_function_privilege('audit_reader', 'audit.backfill_pseudonym_organization_periods()', 'execute'), false,
  'nor the audited door');
select is(has_function_privilege('service_role', 'audit.backfill_pseudonym_organization_periods()', 'execute'), false,
  'nor the service role');
select is(has_function_privilege('anon', 'audit.backfill_pseudonym_organization_periods()', 'execute'), false, 'nor anon');

select * from finish();
rollback;
