-- A client's statement stops at its 101st measurement, not after its last (review of 20261206020000).
--
-- The per-statement bound (100 rows into performance_metrics or web_vitals) was an AFTER STATEMENT trigger
-- over the transition table: a 20,000-row Data API body was inserted whole (rows, WAL, indexes, 20,000 row
-- triggers) before PT413 rolled it back, so one request still cost the database the work the bound exists to
-- refuse. The count now lives in the row trigger that already checks recorded_at for every caller RLS binds:
-- a transaction-local counter per table, set back to 0 by a BEFORE STATEMENT trigger, so the statement fails
-- at row 101 (PT413, naming the row). The AFTER STATEMENT trigger keeps the per-hour bound only, which needs
-- the caller's hour and runs once. The owner and service_role are still not bound (the row trigger's WHEN).
-- A caller cannot preset the counter: the statement's own BEFORE trigger resets it before any row.
-- tests/sql/136_client_measurements_bounded.sql.
set local lock_timeout = '5s';

-- TG_ARGV: how far behind and ahead of now() recorded_at may be; how many rows one statement may add.
create or replace function app.client_measurement_in_window() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  behind interval := tg_argv[0]::interval;
  ahead interval := tg_argv[1]::interval;
  per_statement integer := tg_argv[2]::integer;
  counter text := 'app.client_measurement_rows_' || tg_table_name;
  row_number integer := coalesce(nullif(current_setting(counter, true), ''), '0')::integer + 1;
begin
  if row_number > per_statement then
    raise exception 'at most % rows per statement into %; stopped at row %', per_statement, tg_table_name,
      row_number using errcode = 'PT413', table = tg_table_name, schema = tg_table_schema;
  end if;
  perform set_config(counter, row_number::text, true);
  if new.recorded_at > now() + ahead then
    raise exception '%.recorded_at may be at most % ahead of the database''s clock', tg_table_name, ahead
      using errcode = '22023', column = 'recorded_at', table = tg_table_name, schema = tg_table_schema,
        hint = 'leave recorded_at out and the database stamps the time';
  end if;
  if new.recorded_at < now() - behind then
    raise exception '%.recorded_at may be at most % in the past', tg_table_name, behind
      using errcode = '22023', column = 'recorded_at', table = tg_table_name, schema = tg_table_schema,
        hint = 'leave recorded_at out and the database stamps the time';
  end if;
  return new;
end $$;

create function app.client_measurements_statement_begins() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform set_config('app.client_measurement_rows_' || tg_table_name, '0', true);
  return null;
end $$;
revoke all on function app.client_measurements_statement_begins() from public, anon, authenticated, service_role;

-- TG_ARGV: rows per caller per hour. Invoker's rights: it counts the caller's own rows, which RLS lets it see.
create or replace function app.client_measurements_counted() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  per_hour integer := tg_argv[0]::integer;
  caller uuid := auth.uid();
  recent bigint;
begin
  if not row_security_active(tg_relid) or not exists (select 1 from new_rows) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtextextended(tg_table_name || ':' || caller::text, 0));
  if tg_table_name = 'performance_metrics' then
    select count(*) into recent from public.performance_metrics
    where user_id = caller and received_at > now() - interval '1 hour';
  else
    select count(*) into recent from public.web_vitals
    where user_id = caller and received_at > now() - interval '1 hour';
  end if;
  if recent > per_hour then
    raise exception 'at most % rows per caller per hour into %', per_hour, tg_table_name
      using errcode = 'PT429', table = tg_table_name, schema = tg_table_schema;
  end if;
  return null;
end $$;

drop trigger performance_metrics_recorded_in_window on public.performance_metrics;
drop trigger performance_metrics_counted on public.performance_metrics;
drop trigger web_vitals_recorded_in_window on public.web_vitals;
drop trigger web_vitals_counted on public.web_vitals;

create trigger performance_metrics_statement_begins before insert on public.performance_metrics
  for each statement execute function app.client_measurements_statement_begins();
create trigger performance_metrics_recorded_in_window before insert on public.performance_metrics
  for each row when (row_security_active('public.performance_metrics'::regclass))
  execute function app.client_measurement_in_window('24 hours', '5 minutes', '100');
create trigger performance_metrics_counted after insert on public.performance_metrics
  referencing new table as new_rows for each statement
  execute function app.client_measurements_counted('1000');
create trigger web_vitals_statement_begins before insert on public.web_vitals
  for each statement execute function app.client_measurements_statement_begins();
create trigger web_vitals_recorded_in_window before insert on public.web_vitals
  for each row when (row_security_active('public.web_vitals'::regclass))
  execute function app.client_measurement_in_window('24 hours', '5 minutes', '100');
create trigger web_vitals_counted after insert on public.web_vitals
  referencing new table as new_rows for each statement
  execute function app.client_measurements_counted('1000');
