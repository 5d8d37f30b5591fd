-- The clients' per-hour bound on their own measurements is counted by the project's one database limiter.
--
-- 20261206020000 bounded a caller to 1,000 rows an hour per table (performance_metrics, web_vitals) with a
-- limiter of its own: a received_at column, a partial index per table, an advisory lock per caller and an
-- index count of the caller's last hour on every statement (walking up to 1,000 index entries near the cap).
-- public.rate_limit_hit already is a fixed-window counter per identifier and class, with its cleanup job and
-- its place in erasure (gdpr.erase_subject deletes the subject's `user:<uuid>` rows). It now takes a cost, so
-- one statement's rows count as one hit of that many, and the statement trigger asks it:
--   identifier `user:<uuid>` (the functions' limiter's key for a signed-in caller), class
--   `client:<table>` (apart from the functions' classes, which are upper case), window 3,600 s.
-- The counter row's upsert serialises a caller's concurrent statements by itself, so the advisory lock goes;
-- a refused statement rolls back with its own increment, so refused rows use none of the hour. The window is
-- the clock hour (fixed, as the functions' database limiter), no longer the last sixty minutes.
-- The trigger runs as the owner to reach the limiter (request roles may not call it); whether RLS binds the
-- caller is asked in the trigger's WHEN, which Postgres evaluates as the caller, before the owner's function.
-- received_at and its indexes served only the old count: dropped (the Data API never let clients name it).
-- tests/sql/136_client_measurements_bounded.sql, tests/sql/20_rate_limits.sql.
set local lock_timeout = '5s';

drop function public.rate_limit_hit(text, text, integer, integer);
-- p_cost: how many hits this call is (at least 1, so no caller can give its window back).
create function public.rate_limit_hit(p_identifier text, p_class text, p_max integer, p_window_seconds integer,
  p_cost integer default 1)
returns table (allowed boolean, remaining integer, reset_at timestamptz)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  this_window timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  counted integer;
begin
  if p_cost is null or p_cost < 1 then
    raise exception 'p_cost must be at least 1; it was %', coalesce(p_cost::text, 'null') using errcode = '22023';
  end if;
  insert into public.rate_limit_tracking as t (identifier, class, window_start, request_count)
  values (p_identifier, p_class, this_window, p_cost)
  on conflict on constraint rate_limit_tracking_pkey do update set request_count = t.request_count + p_cost
  returning t.request_count into counted;
  return query select counted <= p_max, greatest(0, p_max - counted),
    this_window + make_interval(secs => p_window_seconds);
end $$;
revoke all on function public.rate_limit_hit(text, text, integer, integer, integer) from public, anon, authenticated;
grant execute on function public.rate_limit_hit(text, text, integer, integer, integer) to service_role, medic_server;

-- TG_ARGV: rows per caller per clock hour.
create or replace function app.client_measurements_counted() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  per_hour integer := tg_argv[0]::integer;
  added integer;
  hit record;
begin
  select count(*) into added from new_rows;
  if added = 0 then
    return null;
  end if;
  select * into hit from public.rate_limit_hit('user:' || coalesce(auth.uid()::text, 'unknown'),
    'client:' || tg_table_name, per_hour, 3600, added);
  if not hit.allowed then
    raise exception 'at most % rows per caller per clock hour into %', per_hour, tg_table_name
      using errcode = 'PT429', table = tg_table_name, schema = tg_table_schema,
        hint = format('the hour''s count starts again at %s', to_char(hit.reset_at at time zone 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  end if;
  return null;
end $$;
revoke all on function app.client_measurements_counted() from public, anon, authenticated, service_role;

drop trigger performance_metrics_counted on public.performance_metrics;
drop trigger web_vitals_counted on public.web_vitals;
create trigger performance_metrics_counted after insert on public.performance_metrics
  referencing new table as new_rows for each statement
  when (row_security_active('public.performance_metrics'::regclass))
  execute function app.client_measurements_counted('1000');
create trigger web_vitals_counted after insert on public.web_vitals
  referencing new table as new_rows for each statement
  when (row_security_active('public.web_vitals'::regclass))
  execute function app.client_measurements_counted('1000');

drop index public.performance_metrics_user_received_idx;
drop index public.web_vitals_user_received_idx;
alter table public.performance_metrics drop column received_at;
alter table public.web_vitals drop column received_at;
