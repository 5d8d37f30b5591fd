-- audit.write_events over a batch (issue 18: identifiers pseudonymised once per batch, metadata scrubbed
-- per distinct key): each event gets what it would get alone — its own scrubbed metadata, its own
-- pseudonyms, its place in the order — whatever the other events of the batch hold.
begin;
create extension if not exists pgtap;
select plan(12);

-- An erased user: never pseudonymised again, also inside a batch with others.
insert into audit.erased_identifiers (blind_index)
values (audit.blind_index(audit.pseudonym_key(), 'user', null, 'e8500000-0000-4000-8000-0000000000ee'));

set local role service_role;
select is(audit.write_events($$[
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-1",
   "user_id":"e8500000-0000-4000-8000-000000000001","session_id":"s-1","ip_address":"198.51.100.1",
   "user_agent":"UA/1","metadata":{"medication":"adenosine","status":200}},
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-2",
   "user_id":"E8500000-0000-4000-8000-000000000002","session_id":"s-2","ip_address":"198.51.100.1",
   "user_agent":"UA/1","metadata":{"patientName":"x","weight_band":"10-11"}},
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-3",
   "user_id":"e8500000-0000-4000-8000-000000000001","session_id":"s-1","ip_address":"198.51.100.1",
   "user_agent":"UA/1","metadata":{"nested":{"email":"a@b.c","ok":[{"phone":"1"},2]}}},
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-4",
   "user_id":"e8500000-0000-4000-8000-0000000000ee","ip_address":"198.51.100.9","metadata":{"a":"b"}},
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-5"}
]$$), 5, 'a batch of five is written');
reset role;

create temp view bt as select * from public.audit_logs where resource = 'batch-test';

select is((select array_agg(correlation_id order by seq) from bt), array['bt-1', 'bt-2', 'bt-3', 'bt-4', 'bt-5'],
  'seqs follow the order of the batch');
select is((select jsonb_object_agg(correlation_id, metadata) from bt), jsonb_build_object(
    'bt-1', '{"medication":"adenosine","status":200}'::jsonb,
    'bt-2', '{"weight_band":"10-11"}'::jsonb,
    'bt-3', '{"nested":{"ok":[{},2]}}'::jsonb,
    'bt-4', '{"a":"b"}'::jsonb,
    'bt-5', '{}'::jsonb),
  'each event''s metadata is scrubbed on its own: a personal key of one event does not touch another');
select is((select jsonb_object_agg(correlation_id, metadata) from bt),
  (select jsonb_object_agg(id, audit.scrub_metadata(m)) from (values
    ('bt-1', '{"medication":"adenosine","status":200}'::jsonb),
    ('bt-2', '{"patientName":"x","weight_band":"10-11"}'),
    ('bt-3', '{"nested":{"email":"a@b.c","ok":[{"phone":"1"},2]}}'),
    ('bt-4', '{"a":"b"}'),
    ('bt-5', '{}')) as input(id, m)),
  'what audit.scrub_metadata makes of each event');

select is((select actor_pseudonym from bt where correlation_id = 'bt-1'),
  audit.pseudonym_of('user', 'e8500000-0000-4000-8000-000000000001'), 'the user''s pseudonym is found again from their id');
select is((select actor_pseudonym from bt where correlation_id = 'bt-2'),
  audit.pseudonym_of('user', 'e8500000-0000-4000-8000-000000000002'), 'an upper-case id is the same user as its lower-case form');
select is((select session_pseudonym from bt where correlation_id = 'bt-1'),
  audit.pseudonym_of('session', 's-1', (select actor_pseudonym from bt where correlation_id = 'bt-1')),
  'a session is pseudonymised as its user''s');
select ok((select a.actor_pseudonym = b.actor_pseudonym and a.session_pseudonym = b.session_pseudonym
    and a.ip_pseudonym = b.ip_pseudonym and a.user_agent_pseudonym = b.user_agent_pseudonym
  from bt a, bt b where a.correlation_id = 'bt-1' and b.correlation_id = 'bt-3'),
  'the same identifiers twice in a batch: the same pseudonyms');
select ok((select a.ip_pseudonym <> b.ip_pseudonym and a.user_agent_pseudonym <> b.user_agent_pseudonym
  from bt a, bt b where a.correlation_id = 'bt-1' and b.correlation_id = 'bt-2'),
  'one address used by two users: two pseudonyms, each owned by its user');
-- (their address is not pseudonymised either since 20261204001100: an erased user names no identifier)
select ok((select actor_pseudonym is null and ip_pseudonym is null from bt where correlation_id = 'bt-4')
    and audit.pseudonym_of('user', 'e8500000-0000-4000-8000-0000000000ee') is null
    and (select bool_and(actor_pseudonym is not null and ip_pseudonym is not null) from bt
         where correlation_id in ('bt-1', 'bt-2', 'bt-3')),
  'an erased user in a batch stays without a pseudonym, and so does their address; the others of the batch have theirs');
select ok((select actor_pseudonym is null and session_pseudonym is null and ip_pseudonym is null
    and user_agent_pseudonym is null from bt where correlation_id = 'bt-5'), 'an event without identifiers has no pseudonyms');

-- A later batch with the same identifiers maps nothing new.
create temp table mapped as select count(*) as n from audit.pseudonym_mapping;
set local role service_role;
select audit.write_events($$[
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-6",
   "user_id":"e8500000-0000-4000-8000-000000000001","session_id":"s-1","ip_address":"198.51.100.1","user_agent":"UA/1"},
  {"action":"dosing.calculate","resource":"batch-test","outcome":"success","correlation_id":"bt-7",
   "user_id":"e8500000-0000-4000-8000-000000000002","session_id":"s-2","ip_address":"198.51.100.1","user_agent":"UA/1"}
]$$);
reset role;
select is((select count(*) from audit.pseudonym_mapping), (select n from mapped),
  'known identifiers in a later batch: no new mapping rows');

select * from finish();
rollback;
