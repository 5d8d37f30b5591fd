-- audit.seal() settles its horizon on every transaction running when it read the horizon, by their own locks,
-- instead of on its snapshot's in-progress list (a CI run's pgTAP found `audit.verify` answering 'row inserted' at
-- one seq of the committed trail: 1 run in ~185; Stop 51's note).
--
-- The horizon is the newest seq drawn; it is settled once every transaction that may have drawn a seq at or
-- below it has finished, so that no late commit can land under a seal. audit.snapshot_settled asked that of the
-- snapshot taken after reading the horizon, with two holes:
-- 1. Postgres 14+ builds a snapshot's xmax from the newest *completed* transaction id + 1, and lists only running
--    ids below it: a writer newer than every completed transaction is not in pg_snapshot_xip at all (a writer at
--    957 open, a snapshot read "956:956:"). The sealer then took the horizon as settled, could not see the
--    writer's row, recorded its seq in missing_seqs as a rolled-back write and committed the seal; once the row
--    became visible, audit.verify reported it inserted, for good (a CRITICAL audit_verify_failed alert).
-- 2. It asked pg_xact_status(x) = 'in progress', which reads the commit log: a committing transaction is marked
--    committed there a moment before its rows can be seen by new snapshots.
--
-- Every transaction with an id holds an exclusive lock on that id from its assignment to the end of its commit or
-- rollback, released after it has left the running list (what XactLockTableWait relies on); audit.write_events
-- takes its transaction id before drawing any seq. So the writers are the transaction-id locks held when the
-- horizon has been read, and they are settled once none of those locks is held: their rows are then visible to
-- every later statement of the sealer. The pending horizon keeps its writers for the next run, in place of the
-- snapshot it kept.
set local lock_timeout = '5s';  -- the column takes seal_state's lock: fail and retry rather than queue the sealer
alter table audit.seal_state add column pending_writers xid[];
update audit.seal_state set pending_hi = null where true;  -- re-read on the next run, with its writers

-- The transaction ids (top level and sub) other sessions hold now.
create function audit.writers_running() returns xid[]
language sql volatile set search_path = pg_catalog, pg_temp as $$
  select coalesce(array_agg(l.transactionid), '{}')  -- xid has no ordering: no distinct (each is held once)
  from pg_catalog.pg_locks l
  where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted
    and l.pid is distinct from pg_catalog.pg_backend_pid()
$$;

-- True once none of `writers` is still held by another session: each has committed or rolled back and is visible.
create function audit.writers_settled(writers xid[]) returns boolean
language sql volatile set search_path = pg_catalog, pg_temp as $$
  select not exists (
    select 1 from pg_catalog.pg_locks l
    where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted
      and l.transactionid = any (writers) and l.pid is distinct from pg_catalog.pg_backend_pid())
$$;

revoke all on function audit.writers_running(), audit.writers_settled(xid[]) from public;

-- audit.seal() as it stands (20261122000240, 20261206070000), each change made where its text stands once.
do $do$
declare
  definition text := pg_get_functiondef('audit.seal(integer)'::regprocedure);
  change record;
begin
  for change in
    select * from (values
      ('  snap pg_snapshot;',
       '  writers xid[];'),
      ('  if state.pending_snapshot is not null and audit.snapshot_settled(state.pending_snapshot) then',
       '  if state.pending_writers is not null and audit.writers_settled(state.pending_writers) then'),
      ('  -- Every seq drawn by now belongs to a transaction that is finished or listed in snap.',
       '  -- Every seq drawn by now belongs to a transaction that is finished or among the writers (20261207000100).'),
      ('  snap := pg_current_snapshot();',
       '  writers := audit.writers_running();'),
      ('    exit when audit.snapshot_settled(snap);',
       '    exit when audit.writers_settled(writers);'),
      ('  if audit.snapshot_settled(snap) then',
       '  if audit.writers_settled(writers) then'),
      ('update audit.seal_state set pending_hi = null, pending_snapshot = null where true;',
       'update audit.seal_state set pending_hi = null, pending_writers = null where true;'),
      ('update audit.seal_state set pending_hi = hi, pending_snapshot = snap where true;',
       'update audit.seal_state set pending_hi = hi, pending_writers = writers where true;')
    ) c(was, becomes)
  loop
    if array_length(string_to_array(definition, change.was), 1) <> 2 then
      raise exception 'audit.seal(integer) no longer has "%" exactly once', change.was;
    end if;
    definition := replace(definition, change.was, change.becomes);
  end loop;
  execute definition;
end $do$;

-- The snapshot the pending horizon kept, and the test that read it: audit.seal() was their only reader.
alter table audit.seal_state drop column pending_snapshot;
drop function audit.snapshot_settled(pg_snapshot);
