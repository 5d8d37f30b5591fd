-- Reveal's pairs follow the rows (step 3 of 3; 20261204001000 says why). Since 1010's commit nothing reads or
-- writes audit.pseudonym_organizations: the pairs that never left go, with the backfill that filled them.
-- DROP TABLE waits only for transactions that began before 1010's commit and still hold the table; bounded
-- (SET LOCAL: this file is one transaction under the CLI), so that no writer queues behind it for long.
-- Refused: run `supabase db push` again; nothing of this file was applied.
set local lock_timeout = '2s';

drop function audit.backfill_pseudonym_organizations();
drop table audit.pseudonym_organizations;

do $$
begin
  if current_setting('lock_timeout') <> '2s' then
    raise exception 'lock_timeout is % at the end of the migration: its statements did not run as one transaction',
      current_setting('lock_timeout');
  end if;
end $$;
