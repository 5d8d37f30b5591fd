-- Review L2: a compliance report over a period with no audit row left asks the anchors too
-- (20261206140000). The period is [now(), now() + 1 s): the rows written here carry the transaction's
-- start as their timestamp and the seals made here their sealed_at, so the last seal made before the
-- period is one made before this transaction. Run inside one transaction, rolled back.
begin;
create extension if not exists pgtap;
select plan(8);

\ir support/seal_settled.sql

create function pg_temp.write(r text) returns void language sql as $$
  select audit.write_events((select jsonb_agg(jsonb_build_object('action', 'dosing.list', 'resource', r,
    'outcome', 'success')) from generate_series(1, 2))) $$;
create function pg_temp.seal_of(r text) returns bigint language sql as $$
  select s.id from audit.seals s join public.audit_logs l on l.seq between s.from_seq and s.to_seq
  where l.resource = r order by s.id desc limit 1 $$;
create function pg_temp.integrity() returns jsonb language sql as $$
  select audit.compliance_report_chain(now(), now() + interval '1 second') -> 'integrity' $$;

-- Two seals of the period's rows, both anchored as the job records them.
select pg_temp.write('t146-a');
select pg_temp.seal_settled();
select pg_temp.write('t146-b');
select pg_temp.seal_settled();
create temp table ours as select pg_temp.seal_of('t146-a') as a, pg_temp.seal_of('t146-b') as b;
select ok(audit.record_anchor(s.id, '\x01', 'test-key', '{storage}'), format('seal %s anchored', s.id))
from audit.seals s where s.id >= (select a from ours) order by s.id;
select ok((select (i ->> 'ok')::boolean and i ->> 'fromSeq' is not null from (select pg_temp.integrity() i) x),
  'the period has rows and is ok');

-- The rows go, the seals and anchors stay (as when a month moves to the cold archive): no false alarm.
set local session_replication_role = replica;
delete from public.audit_logs where "timestamp" >= now() and "timestamp" < now() + interval '1 second';
set local session_replication_role = origin;
select results_eq($$select i ->> 'fromSeq', (i ->> 'ok')::boolean, (i ->> 'anchorsAgree')::boolean
    from (select pg_temp.integrity() i) x$$,
  $$values (null::text, true, true)$$,
  'no row of the period left, its seals and anchors intact: ok, the anchors agree');

-- The owner deletes the period's seals too (triggers off): the anchors still name them.
set local session_replication_role = replica;
delete from audit.seals where id >= (select a from ours);
set local session_replication_role = origin;
create temp table after as select pg_temp.integrity() as i;
select is((select i ->> 'fromSeq' from after), null, 'still no row of the period');
select ok(not (select (i ->> 'ok')::boolean from after), 'the emptied period is not ok');
select ok(not (select (i ->> 'anchorsAgree')::boolean from after), 'its anchors disagree');
select results_eq($$select (i ->> 'disagreeingSealId')::bigint, i ->> 'problem', (i ->> 'firstBadSeq')::bigint
    from after$$,
  $$select a.seal_id, 'the anchored seal is gone (trail re-sealed)'::text, a.from_seq from audit.anchors a
    where a.seal_id = (select a from ours)$$,
  'naming the first anchored seal that is gone, why, and its first seq');

select * from finish();
rollback;
