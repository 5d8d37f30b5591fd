-- "An erased user's session, ip and user-agent pseudonyms have no owner, so erasure cannot reach them": not
-- so. Every writer that knows the user pseudonymises their session, address and agent owned by (hashed
-- with) the user's pseudonym — the audit writer, the PHI-access trigger, the AI trail and the protocol-usage
-- log — and gdpr.erase_subject deletes every mapping row the subject's pseudonym owns. Proved here writer
-- by writer: before the erasure each of those pseudonyms is owned by the subject and reveals its original to
-- their organization's admin; after it none has a mapping row, nobody reveals it (the platform operator
-- neither), the audit rows still carry it unchanged and verify; another person's pseudonym of the very
-- same address is theirs, and stays.
--
-- And what arrives after the erasure with the erased user's id (an event spooled before it, a token issued
-- before it), through each writer, is written without actor, session, address or agent, and makes no mapping
-- row (20261204001100): before, the session, address and agent were pseudonymised with no owner, out of any
-- erasure's reach. A guest's address in the same batch is still pseudonymised.
begin;
create extension if not exists pgtap;
select plan(18);

insert into public.organizations (id, name) values ('aaaaaaaa-6602-4000-8000-00000000000a', 'Erasure reach org');
insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data) values
  ('a6602000-0000-4000-8000-000000000001', 'admin@reach66.test',
   '{"role":"admin","organization_id":"aaaaaaaa-6602-4000-8000-00000000000a"}', '{}'),
  ('a6602000-0000-4000-8000-000000000005', 'subject@reach66.test',
   '{"role":"paramedic","organization_id":"aaaaaaaa-6602-4000-8000-00000000000a"}', '{}'),
  ('a6602000-0000-4000-8000-000000000006', 'medic@reach66.test',
   '{"role":"paramedic","organization_id":"aaaaaaaa-6602-4000-8000-00000000000a"}', '{}');

create function pg_temp.act_as(sub text, role text, session text) returns void language sql as $$
  select set_config('request.jwt.claims', json_build_object('sub', sub, 'role', 'authenticated', 'session_id', session,
    'app_metadata', json_build_object('role', role, 'organization_id', 'aaaaaaaa-6602-4000-8000-00000000000a'))::text, true)
$$;

-- The subject's requests, through each writer. The other medic uses the same address.
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"reach-66","outcome":"success","organization_id":"aaaaaaaa-6602-4000-8000-00000000000a",
   "user_id":"a6602000-0000-4000-8000-000000000005","session_id":"sess-audit-6602","ip_address":"203.0.113.166",
   "user_agent":"ReachAgent/6602"},
  {"action":"dosing.calculate","resource":"reach-66-other","outcome":"success","organization_id":"aaaaaaaa-6602-4000-8000-00000000000a",
   "user_id":"a6602000-0000-4000-8000-000000000006","ip_address":"203.0.113.166"}
]$$);
select public.write_ai_audit_trails($$[{"message_id":"a6602000-a1a1-4000-8000-000000000001",
  "organization_id":"aaaaaaaa-6602-4000-8000-00000000000a","user_id":"a6602000-0000-4000-8000-000000000005",
  "session_id":"sess-ai-6602","prompt_version":"v1","mode":"retrieval-only","outcome":"offline"}]$$);
create temp table reach_notes (id integer, patient_id text, organization_id uuid);
create trigger reach_notes_phi after insert on reach_notes for each row execute function audit.log_phi_access('patient_id');
select pg_temp.act_as('a6602000-0000-4000-8000-000000000005', 'paramedic', 'sess-protocol-6602');
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.177","user-agent":"PhiAgent/6602"}', true);
insert into reach_notes values (1, 'patient-6602', 'aaaaaaaa-6602-4000-8000-00000000000a');
select public.record_protocol_access('chest pain', '[]', false, null, 1);
select set_config('request.headers', '', true);
select set_config('request.jwt.claims', '', true);

create temp table p6602 (label text primary key, pseudonym uuid, original text not null);
insert into p6602 values
  ('audit.session', (select session_pseudonym from public.audit_logs where resource = 'reach-66'), 'sess-audit-6602'),
  ('audit.ip', (select ip_pseudonym from public.audit_logs where resource = 'reach-66'), '203.0.113.166'),
  ('audit.agent', (select user_agent_pseudonym from public.audit_logs where resource = 'reach-66'), 'ReachAgent/6602'),
  ('ai.session', (select session_pseudonym from public.ai_audit_trails where message_id = 'a6602000-a1a1-4000-8000-000000000001'),
     'sess-ai-6602'),
  ('phi.ip', (select ip_pseudonym from public.phi_access_audit_log where table_name like '%.reach_notes'), '198.51.100.177'),
  ('phi.agent', (select user_agent_pseudonym from public.phi_access_audit_log where table_name like '%.reach_notes'),
     'PhiAgent/6602'),
  ('protocol.session', (select session_pseudonym from public.protocol_access
                        where user_pseudonym = audit.pseudonym_of('user', 'a6602000-0000-4000-8000-000000000005')),
     'sess-protocol-6602');
create temp table subject6602 as
  select audit.pseudonym_of('user', 'a6602000-0000-4000-8000-000000000005') as p,
         (select ip_pseudonym from public.audit_logs where resource = 'reach-66-other') as other_ip;
create temp table rows6602 as select seq, row_hash from public.audit_logs where resource like 'reach-66%';
grant select on p6602, subject6602 to authenticated, service_role;

select is((select count(*)::int from p6602 where pseudonym is null), 0, 'each writer recorded its pseudonym of the subject');
select is((select coalesce(array_agg(p.label order by p.label), '{}') from p6602 p
           where not exists (select 1 from audit.pseudonym_mapping m
                             where m.pseudonym = p.pseudonym and m.owner_pseudonym = (select s.p from subject6602 s))),
  '{}', 'every one of them is owned by the subject''s pseudonym: none is ownerless');
select isnt((select other_ip from subject6602), (select pseudonym from p6602 where label = 'audit.ip'),
  'the other medic''s request from the same address has a pseudonym of its own (owned by them)');

set local role audit_reader; -- reveal is the audited door's (20261206030000)
select pg_temp.act_as('a6602000-0000-4000-8000-000000000001', 'admin', 'sess-admin-6602');
select is((select coalesce(array_agg(p.label order by p.label), '{}') from p6602 p where audit.reveal(p.pseudonym) = p.original),
  '{ai.session,audit.agent,audit.ip,audit.session,phi.agent,phi.ip}',
  'before the erasure their organization''s admin reveals them (the protocol-usage log is no audit row: nothing to reveal there)');
set local role authenticated; -- the erasure is the request path's
select is((gdpr.erase_subject('a6602000-0000-4000-8000-000000000005', repeat('6', 64), 'consent_withdrawn', null,
  'erased-tokentokentoken66') -> 'linkage'), '{"ip":2,"user":1,"session":3,"user_agent":2}'::jsonb,
  'the erasure unlinks the user and every session, address and agent of theirs, from every writer');
set local role audit_reader;
select is((select coalesce(array_agg(p.label order by p.label), '{}') from p6602 p where audit.reveal(p.pseudonym) is not null),
  '{}', 'after it the admin reveals none of them');
reset role;
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is((select count(*)::int from audit.reveal_many(array(select pseudonym from p6602))), 0, 'nor does the platform operator');
select is(audit.reveal((select other_ip from subject6602)), '203.0.113.166',
  'the other medic''s pseudonym of the same address still reveals: it is theirs');
reset role;
reset request.jwt.claims;

select is((select count(*)::int from p6602 p join audit.pseudonym_mapping m on m.pseudonym = p.pseudonym), 0,
  'no mapping row of any of them is left');
select set_eq('select seq, row_hash from public.audit_logs where resource like ''reach-66%''', 'select seq, row_hash from rows6602',
  'the audit rows are the same rows with the same hashes');
select is((select count(*)::int from public.audit_logs where resource = 'reach-66'
             and session_pseudonym = (select pseudonym from p6602 where label = 'audit.session')
             and ip_pseudonym = (select pseudonym from p6602 where label = 'audit.ip')), 1,
  'and still carry the now unresolvable pseudonyms');
select is((select ok from audit.verify()), true, 'the chain verifies');

-- After the erasure, with their id: a spooled request of theirs landing beside a guest's from the same
-- address, an AI-trail entry, a PHI access and a protocol search on a token issued before.
create temp table mappings6602 as select count(*) as n from audit.pseudonym_mapping;
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'reach-66-late', 'outcome', 'success',
    'organization_id', 'aaaaaaaa-6602-4000-8000-00000000000a', 'user_id', 'a6602000-0000-4000-8000-000000000005',
    'session_id', 'sess-late-6602', 'ip_address', '203.0.113.188', 'user_agent', 'LateAgent/6602',
    'timestamp', now() - interval '1 hour', 'origin', 'spool'),
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'reach-66-guest', 'outcome', 'success',
    'organization_id', 'aaaaaaaa-6602-4000-8000-00000000000a', 'ip_address', '203.0.113.188')));
select public.write_ai_audit_trails($$[{"message_id":"a6602000-a1a1-4000-8000-000000000002",
  "organization_id":"aaaaaaaa-6602-4000-8000-00000000000a","user_id":"a6602000-0000-4000-8000-000000000005",
  "session_id":"sess-late-6602","prompt_version":"v1","mode":"retrieval-only","outcome":"offline"}]$$);
select pg_temp.act_as('a6602000-0000-4000-8000-000000000005', 'paramedic', 'sess-late-6602');
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.188","user-agent":"LateAgent/6602"}', true);
insert into reach_notes values (2, 'patient-6602', 'aaaaaaaa-6602-4000-8000-00000000000a');
select public.record_protocol_access('stroke', '[]', false, null, 1);
select set_config('request.headers', '', true);
select set_config('request.jwt.claims', '', true);

select is((select count(*)::int from public.audit_logs where resource = 'reach-66-late' and actor_pseudonym is null
             and session_pseudonym is null and ip_pseudonym is null and user_agent_pseudonym is null), 1,
  'the late audit event is written, with no actor, session, address or agent');
select is((select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted) from public.audit_logs l
            join audit.pseudonym_mapping m on m.pseudonym = l.ip_pseudonym and m.owner_pseudonym is null
            where l.resource = 'reach-66-guest'), '203.0.113.188',
  'the guest''s event beside it keeps its address pseudonym (a guest''s, no owner)');
select is((select count(*)::int from public.ai_audit_trails where message_id = 'a6602000-a1a1-4000-8000-000000000002'
             and user_pseudonym is null and session_pseudonym is null), 1, 'the late AI-trail row: no user, no session');
select is((select count(*)::int from public.phi_access_audit_log where table_name like '%.reach_notes' and record_id = '2'
             and actor_pseudonym is null and ip_pseudonym is null and user_agent_pseudonym is null), 1,
  'the late PHI access: logged, with no actor, address or agent');
select is((select count(*)::int from public.protocol_access where query_text = 'stroke' and user_pseudonym is null
             and session_pseudonym is null), 1, 'the late protocol search: no user, no session');
select is((select count(*) from audit.pseudonym_mapping) - (select n from mappings6602), 1::bigint,
  'and the only mapping row made is the guest''s address: none for the erased user''s session, address or agent');

select * from finish();
rollback;
