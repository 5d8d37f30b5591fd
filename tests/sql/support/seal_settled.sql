-- Included by the pgTAP files that assert on what audit.seal() sealed (psql \ir), inside their transaction.
-- audit.seal() leaves its horizon pending while another session's transaction has run past its one-second wait
-- (20261207000100: a pg_cron job on a busy machine, say): sealed again until nothing is pending, so no assertion
-- here depends on that timing (Stop 54: 95_cold_archive once found its rows unsealed).
create function pg_temp.seal_settled() returns bigint language plpgsql as $seal$
declare
  sealed bigint := audit.seal();
begin
  for i in 1..60 loop
    exit when (select pending_hi is null from audit.seal_state);
    sealed := sealed + audit.seal();
  end loop;
  return sealed;
end $seal$;
