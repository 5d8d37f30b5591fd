-- Two properties of the trail's checks. Run inside one transaction, rolled back.
--  1. The tamper rule's quiet run (no full check due, nothing sealed past its mark) leaves its state row
--     as it is: no new row version a minute (20261206140100).
--  2. A missing seal id proves nothing alone, and a deleted seal is found without it: seal ids come from a
--     sequence (audit.seals_id_seq), which a rolled-back audit.seal() advances too, while audit.verify
--     checks that each seal chains to the one before it (prev_hash) and starts where it ended (from_seq).
--     The owner deleting a middle seal (triggers off) breaks both, with or without its rows; deleting the
--     newest seals and re-sealing is the anchors' to find (tests/sql/143_anchors_disagreement.sql).
--  3. The overlap of a seal and an anchored seal of another id is written once (20261206140200).
begin;
create extension if not exists pgtap;
select plan(11);

\ir support/seal_settled.sql

create function pg_temp.write_and_seal(r text) returns bigint language plpgsql as $$
begin
  perform audit.write_events(jsonb_build_array(
    jsonb_build_object('action', 'dosing.list', 'resource', r, 'outcome', 'success'),
    jsonb_build_object('action', 'dosing.list', 'resource', r, 'outcome', 'success')));
  perform pg_temp.seal_settled();
  return (select s.id from audit.seals s join public.audit_logs l on l.seq between s.from_seq and s.to_seq
          where l.resource = r order by s.id desc limit 1);
end $$;

-- 1. The tamper rule's quiet run.
select pg_temp.write_and_seal('t147-0');
update audit.alert_verify_state set verified_to_seq = (select max(to_seq) from audit.seals),
  full_check_at = now() where true;
create temp table state_before as select ctid as version from audit.alert_verify_state;
select results_eq($$select ok, full_check from audit.verify_for_alerts('{}')$$, $$values (true, false)$$,
  'a quiet run of the tamper rule: nothing sealed past the mark, no full check due, all agrees');
select is((select ctid from audit.alert_verify_state), (select version from state_before),
  'and it leaves its state row as it was (no new row version)');
create temp table sealed_1 as select pg_temp.write_and_seal('t147-1') as id;
select ok((select ok from audit.verify_for_alerts('{}')), 'a run with a new seal');
select is((select verified_to_seq from audit.alert_verify_state), (select s.to_seq from audit.seals s join sealed_1 using (id)),
  'moves the mark to it');

-- 2. Seal ids: a rolled-back seal leaves a gap in a trail that is whole.
create temp table ours as select pg_temp.write_and_seal('t147-a') as a;
savepoint rolled_back;
select pg_temp.write_and_seal('t147-gone');
rollback to savepoint rolled_back;
create temp table more as select pg_temp.write_and_seal('t147-b') as b, pg_temp.write_and_seal('t147-c') as c;
select ok((select m.b > o.a + 1 from ours o, more m)
    and not exists (select 1 from audit.seals s where s.id > (select a from ours) and s.id < (select b from more)),
  'a rolled-back audit.seal() leaves a gap in the seal ids');
select ok((select ok from audit.verify((select from_seq from audit.seals where id = (select a from ours)), null)),
  'and the trail is whole: a gap alone proves nothing');

-- The owner deletes the middle seal b (triggers off): audit.verify names it without any id check.
create temp table seal_b as select * from audit.seals where id = (select b from more);
set local session_replication_role = replica;
delete from audit.seals where id = (select b from more);
set local session_replication_role = origin;
select results_eq(
  $$select ok, first_bad_seq, problem from audit.verify((select from_seq from audit.seals where id = (select a from ours)), null)$$,
  $$select false, min(seq), 'row inserted'::text from public.audit_logs where resource = 't147-b'$$,
  'a middle seal deleted: its rows are sealed by none, the first is named');
-- And with its rows and their write-ledger entries: seal c no longer chains to the seal before it.
set local session_replication_role = replica;
delete from audit.write_ledger w using public.audit_logs l where l.resource = 't147-b' and w.seqs @> l.seq;
delete from public.audit_logs l using seal_b b where l.seq between b.from_seq and b.to_seq;
set local session_replication_role = origin;
select results_eq(
  $$select ok, first_bad_seq, problem from audit.verify((select from_seq from audit.seals where id = (select a from ours)), null)$$,
  $$select false, from_seq, 'seal chain broken'::text from audit.seals where id = (select c from more)$$,
  'a middle seal deleted with its rows: the next seal''s chain link is broken');
select results_eq($$select ok, first_bad_seq from audit.verify_for_alerts('{"full_check_minutes": 0}')$$,
  $$select false, from_seq from audit.seals where id = (select c from more)$$,
  'and the tamper rule''s full check finds it');

-- 3. One overlap query.
select is((select count(*)::integer from pg_proc p where p.oid in (
    'audit.anchors_disagreement(bigint, bigint)'::regprocedure, 'audit.seals_to_anchor(integer)'::regprocedure,
    'audit.record_anchor(bigint, bytea, text, text[])'::regprocedure)
  and p.prosrc like '%audit.seal_anchor_overlaps x%' and p.prosrc not like '%&&%int8range(s.from_seq%'), 3,
  'anchors_disagreement, seals_to_anchor and record_anchor read audit.seal_anchor_overlaps, none writes the overlap out');
select is(has_table_privilege('medic_job_writer', 'audit.seal_anchor_overlaps', 'select'), false,
  'and only the owner''s functions may read it');

select * from finish();
rollback;
