-- The writer's plain insert (issue 18, 20261203003200), since 20261203003700 only for batches of 100 events or
-- more, since 20261205032000 of 10 or more (tests/sql/102 holds the new boundary): their rows go in without ON CONFLICT, and a batch that repeats a stored event is undone whole (its
-- subtransaction) and written again skipping the repeats. A smaller batch takes no subtransaction and goes in
-- with ON CONFLICT at once. On both paths a repeat inserts nothing, the count is the new rows, and nothing is
-- half-written. The checks read values: an event_id needs a non-null timestamp, and "origin": null is no origin.
begin;
create extension if not exists pgtap;
select plan(23);

create function pg_temp.event(correlation text, event_id uuid default gen_random_uuid(),
  at timestamptz default now()) returns jsonb language sql as $$
  select jsonb_build_object('event_id', event_id, 'timestamp', at, 'action', 'dosing.calculate',
    'resource', 'plain-insert-test', 'outcome', 'success', 'correlation_id', correlation,
    'user_id', 'e6200000-0000-4000-8000-000000000001', 'ip_address', '198.51.100.62')
$$;
-- A batch of `n` fresh events (at a size that takes the subtransaction: n >= 10 since 20261205032000), their correlation ids
-- prefix-1 … prefix-n.
create function pg_temp.fresh(prefix text, n int) returns jsonb language sql as $$
  select jsonb_agg(pg_temp.event(prefix || '-' || i) order by i) from generate_series(1, n) i
$$;
create temp table ev as
select gen_random_uuid() as a, gen_random_uuid() as b, gen_random_uuid() as c, gen_random_uuid() as x,
  gen_random_uuid() as y, now() - interval '1 minute' as at, pg_temp.fresh('pl', 150) as large,
  (select last_value from audit.audit_logs_seq) as seq0;
grant select on ev to service_role;
grant execute on function pg_temp.event(text, uuid, timestamptz), pg_temp.fresh(text, int) to service_role;

set local role service_role;
select is(audit.write_events((select jsonb_build_array(pg_temp.event('pi-a', a, at), pg_temp.event('pi-b', b, at))
  from ev)), 2, 'a new batch: every row inserted');
select is(audit.write_events((select jsonb_build_array(pg_temp.event('pi-a', a, at), pg_temp.event('pi-b', b, at))
  from ev)), 0, 'the same batch again: nothing inserted, no error');
select is(audit.write_events((select jsonb_build_array(pg_temp.event('pi-a', a, at), pg_temp.event('pi-c', c, at),
    pg_temp.event('pi-b', b, at)) from ev)), 1, 'a batch mixing a new event among repeats: only the new one counted');
select is(audit.write_events((select jsonb_build_array(pg_temp.event('pi-d'), pg_temp.event('pi-d-twice', a, at),
    pg_temp.event('pi-d-again', a, at)) from ev)), 1, 'an event twice in one batch, already stored: only the new one');
select is(audit.write_events((select jsonb_build_array(pg_temp.event('pi-x', x, at), pg_temp.event('pi-x-twice', x, at))
  from ev)), 1, 'a new event twice in one small batch: kept once');
reset role;

-- A small batch's rows are written by the transaction itself: no subtransaction (whose id would be their xmin).
select is((select array_agg(distinct xmin::text) from public.audit_logs where resource = 'plain-insert-test'),
  array[pg_current_xact_id()::xid::text], 'small batches take no subtransaction: their rows'' xmin is the transaction''s');

-- The large path: a plain insert in a subtransaction, redone with ON CONFLICT when it meets a repeat.
set local role service_role;
select is(audit.write_events((select large from ev)), 150, 'a large new batch: every row inserted');
select is(audit.write_events((select large || jsonb_build_array(pg_temp.event('pl-new')) from ev)), 1,
  'the large batch again with one new event: only the new one');
select is(audit.write_events((select pg_temp.fresh('pl-pair', 98) || jsonb_build_array(pg_temp.event('pl-y', y, at),
    pg_temp.event('pl-y-twice', y, at)) from ev)), 99, 'a new event twice in one large batch: kept once');
reset role;
select is((select count(*)::int from public.audit_logs where correlation_id like 'pl-%'), 150 + 1 + 99,
  'the large batches left one row per event');
select is((select array_agg(correlation_id) from public.audit_logs where correlation_id in ('pl-y', 'pl-y-twice')),
  array['pl-y'],
  'the twice-listed event once, its first listing kept');
-- (A redo runs in the handler, after the subtransaction is undone: only a batch without repeats keeps its id.)
select ok((select bool_and(xmin <> pg_current_xact_id()::xid) from public.audit_logs where correlation_id ~ '^pl-\d+$'),
  'a large batch writes in a subtransaction');

select is((select array_agg(correlation_id order by seq) from public.audit_logs where correlation_id like 'pi-%'),
  array['pi-a', 'pi-b', 'pi-c', 'pi-d', 'pi-x'], 'one row per event, in the order written');
select ok((select bool_and(l.row_hash = audit.row_digest(l) and l.created_at = now()) from public.audit_logs l
           where l.resource = 'plain-insert-test'), 'rows written after a repeat carry their digest and now()');
select is((select count(*)::int from public.audit_logs l
           where l.seq > (select seq0 from ev)
             and not exists (select 1 from audit.write_ledger w where w.seqs @> l.seq)), 0,
  'every row written is in the write ledger');
-- Every ledger entry since the test began, the undone attempts' included if any had stayed, counts only the
-- rows that survive.
select is((select sum(w.row_count)::int from audit.write_ledger w
           where w.seqs && int8range((select seq0 from ev), null, '()')),
  (select count(*)::int from public.audit_logs where seq > (select seq0 from ev)),
  'the ledger since the first batch counts exactly the surviving rows: none for an undone attempt');

-- A refused batch leaves nothing, small or large.
set local role service_role;
select throws_ok($$select audit.write_events(jsonb_build_array(
    jsonb_build_object('action', 'dosing.calculate', 'resource', 'plain-insert-test', 'outcome', 'success',
      'correlation_id', 'pi-bad-1'),
    jsonb_build_object('action', 'dosing.calculate', 'resource', repeat('x', 201), 'outcome', 'success',
      'correlation_id', 'pi-bad-2')))$$, '23514', null, 'a row the table refuses fails the whole batch');
select throws_ok($$select audit.write_events(pg_temp.fresh('pl-bad', 149) || jsonb_build_array(
    jsonb_build_object('action', 'dosing.calculate', 'resource', repeat('x', 201), 'outcome', 'success',
      'correlation_id', 'pl-bad-refused')))$$, '23514', null, 'so does a large batch (its subtransaction)');
reset role;
select is((select count(*)::int from public.audit_logs
           where correlation_id like 'pi-bad-%' or correlation_id like 'pl-bad-%'), 0, 'and none of their rows stays');

-- The checks read values.
set local role service_role;
select throws_ok($$select audit.write_events(jsonb_build_array(jsonb_build_object('event_id', gen_random_uuid(),
    'timestamp', null, 'action', 'dosing.calculate', 'resource', 'plain-insert-test', 'outcome', 'success')))$$,
  '22023', 'an event with an event_id needs its timestamp', 'an event_id with a null timestamp is refused');
select throws_ok($$select audit.write_events(jsonb_build_array(jsonb_build_object('origin', null,
    'timestamp', now() - interval '1 hour', 'action', 'dosing.calculate', 'resource', 'plain-insert-test',
    'outcome', 'success')))$$,
  '22023', 'an event older than 15 minutes must name its origin (spool or import)',
  '"origin": null is no origin: an hour-old event is refused');
select is(audit.write_events(jsonb_build_array(jsonb_build_object('origin', null, 'event_id', null,
    'action', 'dosing.calculate', 'resource', 'plain-insert-test', 'outcome', 'success',
    'correlation_id', 'pi-nulls'))), 1, 'null origin and null event_id on a fresh event: written');
reset role;
select ok((select not (metadata ? 'origin') and event_id is not null from public.audit_logs
           where correlation_id = 'pi-nulls'), 'with no origin on the row and an event id of its own');

select * from finish();
rollback;
