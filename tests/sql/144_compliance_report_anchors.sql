-- Auditor review H2 and H1, the compliance report's integrity section (audit.compliance_report_chain):
-- a re-sealed trail is no longer integrity.ok (the anchors disagree: why, and which seal), and the section
-- says how many seqs the period's seals record as missing, rolled back or deleted with their write-ledger
-- entries. The rows written here carry the transaction's start as their timestamp: the period is
-- [now(), now() + 1 s). Run inside one transaction, rolled back.
begin;
create extension if not exists pgtap;
select plan(11);

\ir support/seal_settled.sql

create function pg_temp.write(r text, n integer default 2) returns void language sql as $$
  select audit.write_events((select jsonb_agg(jsonb_build_object('action', 'dosing.list', 'resource', r,
    'outcome', 'success')) from generate_series(1, n))) $$;
create function pg_temp.seal_of(r text) returns bigint language sql as $$
  select s.id from audit.seals s join public.audit_logs l on l.seq between s.from_seq and s.to_seq
  where l.resource = r order by s.id desc limit 1 $$;
create function pg_temp.integrity() returns jsonb language sql as $$
  select audit.compliance_report_chain(now(), now() + interval '1 second') -> 'integrity' $$;

-- A first row and its seal take whatever earlier suites left unsealed (their rolled-back seqs among it):
-- the counts below are what our rows add to it.
select pg_temp.write('t144-0', 1);
select pg_temp.seal_settled();
create temp table baseline as select (pg_temp.integrity() ->> 'missingSeqs')::integer as n;

-- A rolled-back write between two kept ones: its seqs are missing, and rightly so.
select pg_temp.write('t144-a');
savepoint rolled_back;
select pg_temp.write('t144-gone', 3);
rollback to savepoint rolled_back;
select pg_temp.write('t144-b');
select pg_temp.seal_settled();
select pg_temp.write('t144-c');
select pg_temp.seal_settled();
select ok(audit.record_anchor(s.id, '\x01', 'test-key', '{storage}'), format('seal %s anchored', s.id))
from audit.seals s where s.id >= pg_temp.seal_of('t144-a') order by s.id limit 2;

create temp table before as select pg_temp.integrity() as i;
select ok((select (i ->> 'ok')::boolean and (i ->> 'anchorsAgree')::boolean and i -> 'disagreeingSealId' = 'null'
  from before), 'an intact, anchored period: ok, and the anchors agree');
select is((select (i ->> 'missingSeqs')::integer from before), (select n + 3 from baseline),
  'the seals record the rolled-back write''s three seqs as missing, and the report says so');

-- The attack: t144-c's rows and their ledger entry go, its seal goes, the trail is re-sealed (nothing
-- newer to seal yet).
create temp table attacked as select pg_temp.seal_of('t144-c') as seal_id;
set local session_replication_role = replica;
delete from audit.write_ledger w using public.audit_logs l where l.resource = 't144-c' and w.seqs @> l.seq;
delete from public.audit_logs where resource = 't144-c';
delete from audit.seals where id >= (select seal_id from attacked);
set local session_replication_role = origin;
select pg_temp.seal_settled();

create temp table after as select pg_temp.integrity() as i;
select ok(not (select (i ->> 'ok')::boolean from after), 'the re-sealed period is not ok');
select ok(not (select (i ->> 'anchorsAgree')::boolean from after), 'its anchors disagree');
select is((select (i ->> 'disagreeingSealId')::bigint from after), (select seal_id from attacked),
  'naming the anchored seal that is gone');
select is((select i ->> 'problem' from after), 'the anchored seal is gone (trail re-sealed)', 'and why');
select ok((select (i ->> 'toSeq')::bigint < (select from_seq from audit.anchors where seal_id = (select seal_id from attacked))
  from after), 'though the gone seal lies past the period''s remaining seqs: the check reaches the next anchor');

-- A new row, sealed with the deleted rows' seqs: the re-seal records them as missing, as if rolled back.
select pg_temp.write('t144-d', 1);
select pg_temp.seal_settled();
select is((pg_temp.integrity() ->> 'missingSeqs')::integer, (select n + 5 from baseline),
  'the deleted rows count among the missing seqs (H1): three rolled back, two deleted');
select is((pg_temp.integrity() ->> 'disagreeingSealId')::bigint, (select seal_id from attacked),
  'and the re-sealed period still names the gone seal');

select * from finish();
rollback;
