-- Seal lag in seconds where the platform allows it (issue 18). pg_cron 1.5 and later schedule in seconds
-- ('10 seconds'), as Supabase's does; an older pg_cron (Debian bookworm's 1.4) only in minutes. The
-- choice is made from the installed version when the migration runs, and again by hand with
-- `select app.schedule_audit_seal()` after a pg_cron upgrade.

-- The schedule for a pg_cron version string ('1.4.2', '1.6.4'): pure, so a test can ask for both.
create or replace function app.audit_seal_schedule(pg_cron_version text) returns text
language sql immutable set search_path = pg_catalog as $$
  select case
    when (string_to_array(split_part(pg_cron_version, '-', 1), '.')::int[])[1:2] >= array[1, 5]
      then '10 seconds'
    else '* * * * *'
  end
$$;

-- (Re)schedules audit-seal for the installed pg_cron; cron.schedule replaces a job of the same name.
create or replace function app.schedule_audit_seal() returns text
language plpgsql security definer set search_path = pg_catalog as $$
declare
  schedule text := app.audit_seal_schedule((select extversion from pg_extension where extname = 'pg_cron'));
begin
  perform cron.schedule('audit-seal', schedule, 'select audit.seal()');
  return schedule;
end $$;

revoke all on function app.audit_seal_schedule(text), app.schedule_audit_seal() from public;

select app.schedule_audit_seal();
