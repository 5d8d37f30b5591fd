-- What audit.anchors_disagreement finds besides what tests/sql/143 and 146 show (an anchored seal gone, a
-- seal's hash rewritten under its id, an anchor reached through the re-seal over its gone seal), so that a
-- cheaper check (20261206210000 made it look each anchor's seal up by id) cannot drop one of them unseen:
--  - an anchored seal still intact, overlapped by a seal of another id, inside or outside the span asked;
--  - an anchor outside the span, its seal intact, that a seal in the span overlaps;
--  - a seal whose range no longer is its anchor's, its hash kept;
--  - several at once: the lowest seal id named, each anchor counted once.
-- The extra seals are inserted by the owner (no trigger refuses an insert), the rewrite with triggers off.
-- Run inside one transaction, rolled back.
begin;
create extension if not exists pgtap;
select plan(10);

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
create function pg_temp.check_span(lo bigint, hi bigint)
returns table (ok boolean, seal_id bigint, problem text, overlapping_seal_id bigint, anchors_checked bigint)
language sql as $$
  select d.ok, d.seal_id, d.problem, d.overlapping_seal_id, d.anchors_checked
  from audit.anchors_disagreement(lo, hi) d $$;
-- A seal of another id over [lo, hi], as a re-seal that left the anchored seal in place would be.
create function pg_temp.extra_seal(lo bigint, hi bigint) returns bigint language sql as $$
  insert into audit.seals (from_seq, to_seq, row_count, missing_seqs, row_digests, root_hash, prev_hash,
    seal_hash, sealed_at)
  values (lo, hi, 0, '{}', '\x', sha256('t155'), null, sha256('t155-extra'), now())
  returning id $$;

-- Two seals of our rows (two rows each at least), both anchored as the job records them.
create temp table sealed as select pg_temp.write_and_seal('t155-a') as a, pg_temp.write_and_seal('t155-b') as b;
create temp table ours as
  select a.id as a, a.from_seq as a_from, a.to_seq as a_to, b.id as b, b.from_seq as b_from, b.to_seq as b_to
  from sealed, audit.seals a, audit.seals b where a.id = sealed.a and b.id = sealed.b;
select ok((select a < b and a_to > a_from and b_to > b_from from ours),
  'two seals of our rows, each over two seqs or more');
select ok(audit.record_anchor(s.id, '\x01', 'test-key', '{storage}'), format('seal %s anchored', s.id))
from audit.seals s, ours where s.id in (ours.a, ours.b) order by s.id;
select results_eq('select ok, seal_id, problem, overlapping_seal_id, anchors_checked from pg_temp.check_span((select a_from from ours), (select a_to from ours))',
  $$values (true, null::bigint, null::text, null::bigint, 1::bigint)$$,
  'over seal a''s range: one anchor checked, and it agrees');

-- A seal of another id over a's first seq; seal a itself untouched.
create temp table x as select pg_temp.extra_seal((select a_from from ours), (select a_from from ours)) as id;
select results_eq('select ok, seal_id, problem, overlapping_seal_id, anchors_checked from pg_temp.check_span((select a_from from ours), (select a_to from ours))',
  $$values (false, (select a from ours), 'a seal of another id overlaps the anchored range (trail re-sealed)'::text,
    (select id from x), 1::bigint)$$,
  'an anchored seal intact but overlapped by a seal of another id disagrees, the anchor counted once');
select results_eq('select ok, seal_id, problem, overlapping_seal_id from pg_temp.check_span((select a_to from ours), (select a_to from ours))',
  $$values (false, (select a from ours), 'a seal of another id overlaps the anchored range (trail re-sealed)'::text,
    (select id from x))$$,
  'and so it does when the overlapping seal lies outside the span asked');

-- Seal b rewritten under its id one seq shorter, its hash kept.
create temp table rewritten as select * from audit.seals where id = (select b from ours);
set local session_replication_role = replica;
delete from audit.seals where id = (select b from ours);
insert into audit.seals select r.id, r.from_seq, r.to_seq - 1, r.row_count, r.missing_seqs, r.row_digests,
  r.root_hash, r.prev_hash, r.seal_hash, r.sealed_at from rewritten r;
set local session_replication_role = origin;
select results_eq('select ok, seal_id, problem from pg_temp.check_span((select b_from from ours), (select b_to from ours))',
  $$values (false, (select b from ours), 'seal differs from its anchor (trail rewritten)'::text)$$,
  'a seal whose range is no longer its anchor''s differs from it, though its hash is the anchored one');
select results_eq('select ok, seal_id, overlapping_seal_id, anchors_checked from pg_temp.check_span((select a_from from ours), (select b_to from ours))',
  $$values (false, (select a from ours), (select id from x), 2::bigint)$$,
  'both at once: the lowest seal id is named, and each anchor is counted once');

-- Back as they were; then a seal of another id from b's last seq on, past everything sealed.
set local session_replication_role = replica;
delete from audit.seals where id in ((select b from ours), (select id from x));
insert into audit.seals select * from rewritten;
set local session_replication_role = origin;
create temp table y as select pg_temp.extra_seal((select b_to from ours), (select b_to + 1000 from ours)) as id;
select results_eq('select ok, seal_id, problem, overlapping_seal_id from pg_temp.check_span((select b_to + 1000 from ours), null)',
  $$values (false, (select b from ours), 'a seal of another id overlaps the anchored range (trail re-sealed)'::text,
    (select id from y))$$,
  'an anchor outside the span, its seal intact, is checked when a seal in the span overlaps it');

select ok((select 'jit=off' = any(p.proconfig) from pg_proc p
    where p.oid = 'audit.anchors_disagreement(bigint, bigint)'::regprocedure),
  'the check runs with JIT off: compiling its plan cost more than the check (20261206210000)');

select * from finish();
rollback;
