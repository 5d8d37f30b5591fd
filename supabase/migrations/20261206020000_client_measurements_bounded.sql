-- Clients' own measurements are bounded in time and in number (review19 M2).
--
-- performance_metrics and web_vitals are written by the clients themselves over the Data API (README,
-- "Metrics, health, alerts, sessions"); no function, job or script writes them (only daily_cleanup deletes by
-- recorded_at, gdpr.subject_records reads and gdpr.erase_subject deletes a subject's rows). 20261122000520 left
-- authenticated a table-wide INSERT, so any signed-in user could add 20,000 rows (43 MB) in one statement, date a
-- row 2999 (retention deletes `recorded_at < cutoff`: it would never go) or back-date rows into an
-- organization's past figures. Now, for every caller that RLS binds (row_security_active: anon, authenticated
-- and roles that inherit it such as audit_reader; not the owner, nor service_role, the operator):
--
--   recorded_at   at most 5 minutes ahead of the database's clock (a device's clock runs a little fast) and
--                 at most 24 hours behind (a rig's tablet queues beacons offline through a shift; older is
--                 not a beacon but a rewrite of the past). Left out, it is now(). Nothing rolls these tables
--                 up, so retention (90 / 30 days, app.observability_retention) is the only other horizon,
--                 and 24 hours is inside both. Refused: 22023 naming the column and the bound (PostgREST 400).
--   per statement at most 100 rows (a client's batch of beacons is a few dozen): PT413 (PostgREST 413).
--   per hour      at most 1,000 rows per caller per table, counted by received_at, the new column the
--                 database stamps and the request roles cannot name (column grants), so back-dating cannot
--                 hide a row from the count: PT429 (PostgREST 429). One caller's inserts take a transaction
--                 advisory lock first, so concurrent requests cannot all pass on the same count.
--
-- The time bound is a row trigger that runs before the row is written, so a bad row stops the statement at
-- once; the counts are a statement trigger over the transition table (one count of the statement's rows, one
-- index count of the caller's last hour). Measured on the dev stack (single-row inserts as authenticated, a
-- busy 2-core host): ~160 us without the triggers; ~230 us with ~100 of the caller's rows in the hour, ~380 us
-- near the 1,000 cap (the count walks the caller's hour in the index). Rows from before this migration have
-- no received_at (unknown; not counted). Rows dated more than a day ahead cannot be measurements and would
-- outlive retention: removed.
-- tests/sql/136_client_measurements_bounded.sql.
set local lock_timeout = '5s';

alter table public.performance_metrics add column received_at timestamptz;
alter table public.performance_metrics alter column received_at set default now();
alter table public.web_vitals add column received_at timestamptz;
alter table public.web_vitals alter column received_at set default now();
comment on column public.performance_metrics.received_at is
  'When the database took the row (now(); request roles cannot set it): the per-hour bound counts by it.';
comment on column public.web_vitals.received_at is
  'When the database took the row (now(); request roles cannot set it): the per-hour bound counts by it.';
create index performance_metrics_user_received_idx on public.performance_metrics (user_id, received_at)
  where received_at is not null;
create index web_vitals_user_received_idx on public.web_vitals (user_id, received_at)
  where received_at is not null;
-- Statistics that know received_at is all null so far, so the hour's count below takes its index from the start.
analyze public.performance_metrics, public.web_vitals;

-- Everything a client may name, which is every column but id and received_at.
revoke insert on public.performance_metrics, public.web_vitals from anon, authenticated;
grant insert (user_id, organization_id, recorded_at, metric_name, value, unit, page, app_version, metadata)
  on public.performance_metrics to authenticated;
grant insert (user_id, organization_id, recorded_at, metric, value, page, navigation_type, app_version)
  on public.web_vitals to authenticated;

-- TG_ARGV: how far behind, how far ahead of now() recorded_at may be.
create function app.client_measurement_in_window() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  behind interval := tg_argv[0]::interval;
  ahead interval := tg_argv[1]::interval;
begin
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

-- TG_ARGV: rows per statement, rows per caller per hour. Invoker's rights: it counts the caller's own rows,
-- which RLS lets the caller see.
create function app.client_measurements_counted() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  per_statement integer := tg_argv[0]::integer;
  per_hour integer := tg_argv[1]::integer;
  caller uuid := auth.uid();
  added bigint;
  recent bigint;
begin
  if not row_security_active(tg_relid) then
    return null;
  end if;
  select count(*) into added from new_rows;
  if added = 0 then
    return null;
  end if;
  if added > per_statement then
    raise exception 'at most % rows per statement into %; this one had %', per_statement, tg_table_name, added
      using errcode = 'PT413', table = tg_table_name, schema = tg_table_schema;
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

revoke all on function app.client_measurement_in_window(), app.client_measurements_counted()
  from public, anon, authenticated, service_role;

create trigger performance_metrics_recorded_in_window before insert on public.performance_metrics
  for each row when (row_security_active('public.performance_metrics'::regclass))
  execute function app.client_measurement_in_window('24 hours', '5 minutes');
create trigger performance_metrics_counted after insert on public.performance_metrics
  referencing new table as new_rows for each statement
  execute function app.client_measurements_counted('100', '1000');
create trigger web_vitals_recorded_in_window before insert on public.web_vitals
  for each row when (row_security_active('public.web_vitals'::regclass))
  execute function app.client_measurement_in_window('24 hours', '5 minutes');
create trigger web_vitals_counted after insert on public.web_vitals
  referencing new table as new_rows for each statement
  execute function app.client_measurements_counted('100', '1000');

delete from public.performance_metrics where recorded_at > now() + interval '1 day';
delete from public.web_vitals where recorded_at > now() + interval '1 day';
