-- Included by the pgTAP files that assert on what audit.seal() sealed (psql \ir), inside their transaction.
-- audit.seal() leaves its horizon pending while another session's transaction has run past its one-second wait
-- (20261207000100: a pg_cron job on a busy machine, say): sealed again until nothing is pending, so no assertion
-- here depends on that timing (Stop 54: 95_cold_archive once found its rows unsealed). Stop 61's CI run 281 found 60
-- rounds spent with 0 rows sealed (95 again; pg_prove 80 s slower than usual): a session that holds a transaction id
-- while it waits for a lock this file's transaction holds (seal_state, taken first for the lock order) can never
-- settle before the file ends, so each round cancels the statements waiting on this session (they could not go on
-- until the file's rollback, and their jobs run again), and up to 180 rounds are allowed.
create function pg_temp.seal_settled() returns bigint language plpgsql as $seal$
declare
  sealed bigint := audit.seal();
begin
  for i in 1..180 loop
    exit when (select pending_hi is null from audit.seal_state);
    perform pg_cancel_backend(a.pid) from pg_stat_activity a
      where a.pid <> pg_backend_pid() and pg_backend_pid() = any (pg_blocking_pids(a.pid));
    sealed := sealed + audit.seal();
  end loop;
  return sealed;
end $seal$;
