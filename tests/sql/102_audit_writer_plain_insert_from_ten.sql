-- The writer's plain insert from batches of 10 events (20261205032000; 100 before): a batch of 10 or more goes
-- in without ON CONFLICT, in a subtransaction redone with ON CONFLICT when it meets a repeat; up to 9 events
-- keep ON CONFLICT without one. On either side of the line: a retried batch inserts nothing twice, the count is
-- the new rows, every row carries its digest and is in the write ledger, the identifiers are pseudonymised as a
-- single event's are, the organization's periods are recorded, and the rows seal and verify.
begin;
create extension if not exists pgtap;
select plan(20);

\ir support/seal_settled.sql

create function pg_temp.event(correlation text, event_id uuid, at timestamptz, ip text) returns jsonb
language sql as $$
  select jsonb_build_object('event_id', event_id, 'timestamp', at, 'action', 'dosing.calculate',
    'resource', 'plain-from-ten-test', 'outcome', 'success', 'correlation_id', correlation,
    'organization_id', 'e1020000-0000-4000-8000-0000000000aa',
    'user_id', 'e1020000-0000-4000-8000-000000000001', 'session_id', 'plain-from-ten-session',
    'ip_address', ip, 'user_agent', 'wrk', 'duration_ms', 3)
$$;
-- Events prefix-1 … prefix-n (their ids and times fixed in ev, so that a batch can be sent again as it was),
-- each from an address of its own.
create temp table ev as
select p.prefix, i, gen_random_uuid() as id, now() - interval '1 minute' as at,
  '198.51.' || p.net || '.' || i as ip
from (values ('ten', 102), ('nine', 103), ('dup', 104)) p(prefix, net), generate_series(1, 12) i;
create function pg_temp.batch(p text, n int) returns jsonb language sql as $$
  select jsonb_agg(pg_temp.event(ev.prefix || '-' || ev.i, ev.id, ev.at, ev.ip) order by ev.i)
  from ev where ev.prefix = p and ev.i <= n
$$;
create temp table mark as select (select last_value from audit.audit_logs_seq) as seq0;
grant select on ev, mark to service_role;
grant execute on function pg_temp.event(text, uuid, timestamptz, text), pg_temp.batch(text, int) to service_role;

set local role service_role;
select is(audit.write_events(pg_temp.batch('ten', 10)), 10, 'a new batch of 10: every row inserted');
reset role;
select ok((select bool_and(xmin <> pg_current_xact_id()::xid) from public.audit_logs
           where correlation_id ~ '^ten-\d+$'), 'a batch of 10 takes the plain insert (its subtransaction)');

set local role service_role;
select is(audit.write_events(pg_temp.batch('ten', 10)), 0, 'the batch of 10 retried: nothing inserted, no error');
select is(audit.write_events(pg_temp.batch('ten', 11)), 1, 'retried with one new event: only the new one');
select is(audit.write_events(pg_temp.batch('nine', 9)), 9, 'a new batch of 9: every row inserted');
reset role;
select is((select array_agg(distinct xmin::text) from public.audit_logs where correlation_id ~ '^nine-\d+$'),
  array[pg_current_xact_id()::xid::text], 'a batch of 9 takes ON CONFLICT, no subtransaction');
set local role service_role;
select is(audit.write_events(pg_temp.batch('nine', 9)), 0, 'the batch of 9 retried: nothing inserted');
-- One event listed twice in a new batch of 10: the plain insert meets it, the redo keeps the first listing.
select is(audit.write_events(pg_temp.batch('dup', 9) || jsonb_build_array(
    (select pg_temp.event('dup-1-twice', id, at, ip) from ev where prefix = 'dup' and i = 1))), 9,
  'an event twice in a new batch of 10: kept once');
reset role;

select is((select count(*)::int from public.audit_logs where resource = 'plain-from-ten-test'), 11 + 9 + 9,
  'one row per event');
select is((select count(*)::int from public.audit_logs where correlation_id = 'dup-1-twice'), 0,
  'the twice-listed event''s first listing kept');
select is((select array_agg(correlation_id order by seq) from public.audit_logs where correlation_id ~ '^ten-'),
  (select array_agg('ten-' || i order by i) from generate_series(1, 11) i), 'in the order written');
select ok((select bool_and(l.row_hash = audit.row_digest(l) and l.created_at = now()) from public.audit_logs l
           where l.resource = 'plain-from-ten-test'), 'every row carries its digest and now()');
select is((select count(*)::int from public.audit_logs l
           where l.seq > (select seq0 from mark)
             and not exists (select 1 from audit.write_ledger w where w.seqs @> l.seq)), 0,
  'every row written is in the write ledger');
select is((select sum(w.row_count)::int from audit.write_ledger w
           where w.seqs && int8range((select seq0 from mark), null, '()')),
  (select count(*)::int from public.audit_logs where seq > (select seq0 from mark)),
  'the ledger counts exactly the surviving rows: none for an undone attempt');

-- Pseudonymised as a single event (ON CONFLICT, no subtransaction) is: the same identifiers, the same
-- pseudonyms, no address in the clear.
set local role service_role;
select is(audit.write_events(jsonb_build_array(pg_temp.event('single', gen_random_uuid(), now(), '198.51.102.1'))),
  1, 'a single event from the first address');
reset role;
select is((select count(distinct (actor_pseudonym, session_pseudonym, ip_pseudonym, user_agent_pseudonym))::int
           from public.audit_logs where correlation_id in ('single', 'ten-1')), 1,
  'the batch of 10 and a single event carry the same pseudonyms for the same identifiers');
select ok((select bool_and(actor_pseudonym is not null and session_pseudonym is not null
                    and ip_pseudonym is not null and user_agent_pseudonym is not null
                    and not (l::text like '%198.51.%') and not (l::text like '%plain-from-ten-session%'))
           from public.audit_logs l where l.resource = 'plain-from-ten-test'),
  'every identifier pseudonymised, none stored readable');
select is((select count(distinct l.ip_pseudonym)::int from public.audit_logs l
           where l.resource = 'plain-from-ten-test'
             and exists (select 1 from audit.pseudonym_organization_periods p
                         where p.pseudonym = l.ip_pseudonym and p.organization_id = l.organization_id
                           and p.source = 'audit_logs'
                           and p.period = date_trunc('month', l."timestamp" at time zone 'UTC')::date)),
  (select count(distinct ip_pseudonym)::int from public.audit_logs where resource = 'plain-from-ten-test'),
  'every address''s organization period recorded, the redone batch''s included');

-- Tamper evidence: the rows seal and verify.
select ok(pg_temp.seal_settled() >= 11 + 9 + 9 + 1, 'the new rows are sealed');
select is((select ok from audit.verify((select min(seq) from public.audit_logs where resource = 'plain-from-ten-test'),
                                        (select max(seq) from public.audit_logs where resource = 'plain-from-ten-test'))),
  true, 'and verify');

select * from finish();
rollback;
