-- Auditor review H2: the owner deletes the newest seals (and the newest rows with their write-ledger
-- entries) and re-seals in one transaction. audit.verify finds the rebuilt chain self-consistent; the
-- anchors recorded before (audit.anchors) do not agree with it. audit.anchors_disagreement names the first
-- anchored seal that disagrees, the tamper rule raises on it (CRITICAL, once per seal), the anchor job
-- refuses to sign the re-seal (audit.seals_to_anchor, audit.record_anchor), and the audit health check sees
-- the open alert (audit.integrity_alerts_open). Run inside one transaction, rolled back.
begin;
create extension if not exists pgtap;
select plan(22);

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
create function pg_temp.seal_of(r text) returns bigint language sql as $$
  select s.id from audit.seals s join public.audit_logs l on l.seq between s.from_seq and s.to_seq
  where l.resource = r order by s.id desc limit 1 $$;
create function pg_temp.disagreement(lo bigint default null)
returns table (ok boolean, seal_id bigint, problem text, overlapping_seal_id bigint)
language sql as $$
  select d.ok, d.seal_id, d.problem, d.overlapping_seal_id from audit.anchors_disagreement(lo, null) d $$;

-- Three seals of our rows, each anchored as the job records them.
create temp table ours as
  select pg_temp.write_and_seal('t143-a') as a, pg_temp.write_and_seal('t143-b') as b,
    pg_temp.write_and_seal('t143-c') as c;
select ok((select a < b and b < c from ours), 'three seals of our rows');
select ok(audit.record_anchor(x.id, '\x01', 'test-key', '{storage}'), format('seal %s anchored', x.id))
from audit.seals x where x.id >= (select a from ours) order by x.id;
create temp table mark as select verified_to_seq, full_check_at from audit.alert_verify_state;
create temp table alerts_before as select audit.integrity_alerts_open() as n;
select results_eq('select ok, seal_id from pg_temp.disagreement((select from_seq from audit.seals where id = (select a from ours)))',
  $$values (true, null::bigint)$$, 'anchored and intact: the anchors agree with the seals');
select ok((select anchors_checked >= 3 from audit.anchors_disagreement(
  (select from_seq from audit.seals where id = (select a from ours)), null)), 'and all three were compared');

-- The attack: the newest rows and their ledger entry go, seals b and c go, the trail is re-sealed.
set local session_replication_role = replica;
delete from audit.write_ledger w using public.audit_logs l
  where l.resource = 't143-c' and w.seqs @> l.seq;
delete from public.audit_logs where resource = 't143-c';
delete from audit.seals where id >= (select b from ours);
set local session_replication_role = origin;
select pg_temp.seal_settled();
create temp table resealed as select pg_temp.seal_of('t143-b') as id;
select ok((select id > (select c from ours) from resealed), 'the re-seal is a new seal over b''s and c''s ranges');
select ok((select ok from audit.verify((select from_seq from audit.seals where id = (select a from ours)), null)),
  'audit.verify alone finds the rebuilt chain self-consistent');
select ok((select cardinality(missing_seqs) >= 2 from audit.seals where id = (select id from resealed)),
  'and the re-seal records the deleted rows'' seqs as missing, as if rolled back (H1)');

select results_eq('select ok, seal_id, problem, overlapping_seal_id from pg_temp.disagreement()',
  $$values (false, (select b from ours), 'the anchored seal is gone (trail re-sealed)'::text,
    (select id from resealed))$$,
  'the anchors disagree: the first anchored seal gone is named, with the seal over its range');
select results_eq('select ok, seal_id from pg_temp.disagreement((select to_seq from audit.seals where id = (select id from resealed)))',
  $$values (false, (select b from ours))$$,
  'a span holding only the re-seal''s last seq still finds it, through the overlap');

-- The same seal id over other contents: the anchor's hash no longer matches.
create temp table rewritten as select * from audit.seals where id = (select a from ours);
set local session_replication_role = replica;
delete from audit.seals where id = (select a from ours);
insert into audit.seals select r.id, r.from_seq, r.to_seq, r.row_count, r.missing_seqs, r.row_digests,
  r.root_hash, r.prev_hash, sha256('rewritten'), r.sealed_at from rewritten r;
set local session_replication_role = origin;
select results_eq('select ok, seal_id, problem from pg_temp.disagreement()',
  $$values (false, (select a from ours), 'seal differs from its anchor (trail rewritten)'::text)$$,
  'a seal rewritten under its own id differs from its anchor');
set local session_replication_role = replica;
delete from audit.seals where id = (select a from ours);
insert into audit.seals select * from rewritten;
set local session_replication_role = origin;

-- The tamper rule, between full checks and with nothing newer than its mark: it still asks the anchors.
update audit.alert_verify_state set verified_to_seq = (select max(to_seq) from audit.seals),
  full_check_at = now() where true;
select results_eq('select ok, first_bad_seq, anchor_seal_id, full_check from audit.verify_for_alerts(''{}'')',
  $$values (false, (select from_seq from audit.anchors where seal_id = (select b from ours)),
    (select b from ours), false)$$,
  'verify_for_alerts fails on the anchors, at the gone seal''s first seq, naming it');
select is((select verified_to_seq from audit.alert_verify_state), (select max(to_seq) from audit.seals),
  'and leaves its mark where it was');
select results_eq(
  $$select rule, outcome from public.evaluate_alert_rules() where rule = 'audit_verify_failed'$$,
  $$values ('audit_verify_failed'::text, 'new'::text)$$, 'the tamper rule raises an alert');
select results_eq(
  $$select severity, type, metadata ->> 'seal_id', metadata ->> 'problem' from public.alerts
    where dedup_key = 'audit_verify_failed:seal:' || (select b from ours) and resolved_at is null$$,
  $$values ('CRITICAL'::text, 'COMPLIANCE'::text, (select b from ours)::text,
    'the anchored seal is gone (trail re-sealed)'::text)$$,
  'CRITICAL, naming the anchored seal and why');
select results_eq(
  $$select outcome from public.evaluate_alert_rules() where rule = 'audit_verify_failed'$$,
  $$values ('suppressed'::text)$$, 'the next run finds it again, dedup''d');

-- The anchor job: it signs nothing from the re-seal on, and says why.
select results_eq(
  $$select seal_id, refused is not null, overlaps_seal_id from audit.seals_to_anchor(1000)
    where seal_id >= (select id from resealed)$$,
  $$values ((select id from resealed), true, (select b from ours))$$,
  'seals_to_anchor ends at the re-seal, refused, naming the anchored seal it overlaps');
select results_eq(
  $$select severity, metadata ->> 'overlaps_seal_id' from public.alerts
    where dedup_key = 'audit_anchor_refused:' || (select id from resealed) and resolved_at is null$$,
  $$values ('CRITICAL'::text, (select b from ours)::text)$$, 'with a CRITICAL alert');
select throws_ok(format('select audit.record_anchor(%s, ''\x02'', ''test-key'', ''{storage}'')',
    (select id from resealed)), '23P01', null, 'record_anchor refuses the re-seal too');
select is(audit.integrity_alerts_open() - (select n from alerts_before), 2::bigint,
  'the audit health check sees the two integrity alerts this attack raised');
-- At whatever severity the operator set the tamper rule to (20261206120000).
update public.alerts set severity = 'HIGH'
  where dedup_key like 'audit_verify_failed:seal:%' and created_at = now();
select is(audit.integrity_alerts_open() - (select n from alerts_before), 2::bigint,
  'and counts them at any severity');

select * from finish();
rollback;
