-- Hourly metrics: counters per function and status class, latency histograms summarised as count,
-- percentiles, min, max and avg. Rows are written only by flush-metrics (service role) through
-- public.upsert_metrics, which replaces an hour's row with the full aggregate from Redis: flushing the
-- same hour twice changes nothing, and a partial current hour is completed by the next flush.

create table public.metrics (
  id bigint generated always as identity primary key,
  metric_name text not null check (metric_name ~ '^[a-z0-9_.:-]{1,120}$'),
  metric_type text not null check (metric_type in ('counter', 'histogram')),
  date date not null,
  hour smallint not null check (hour between 0 and 23),
  count bigint not null check (count >= 0),
  p50 double precision,
  p95 double precision,
  p99 double precision,
  min double precision,
  max double precision,
  avg double precision,
  updated_at timestamptz not null default now(),
  unique (metric_name, date, hour),
  -- A counter is a count and nothing else; a histogram with samples has all its statistics.
  check (metric_type = 'histogram' or num_nonnulls(p50, p95, p99, min, max, avg) = 0),
  check (metric_type = 'counter' or count = 0 or num_nonnulls(p50, p95, p99, min, max, avg) = 6),
  check (min is null or (min <= p50 and p50 <= p95 and p95 <= p99 and p99 <= max))
);
create index metrics_date_hour_idx on public.metrics (date desc, hour desc);

comment on table public.metrics is
  'Hourly metric buckets flushed from Redis by flush-metrics (idempotent upsert per metric, date, hour).';

alter table public.metrics enable row level security;
create policy metrics_admin_read on public.metrics
  for select to authenticated using (app.current_user_role() in ('admin', 'medical_director'));
revoke insert, update, delete, truncate on public.metrics from anon, authenticated;

-- rows: [{metric_name, metric_type, date, hour, count, p50, p95, p99, min, max, avg}]. An identical row
-- is left alone (no write, updated_at unchanged); returns how many rows were inserted, updated, unchanged.
create function public.upsert_metrics(rows jsonb)
returns table (inserted integer, updated integer, unchanged integer)
language plpgsql security definer set search_path = '' as $$
declare
  total integer := coalesce(jsonb_array_length(rows), 0);
  ins integer;
  upd integer;
begin
  with r as (
    select * from jsonb_to_recordset(rows) as x(metric_name text, metric_type text, date date, hour smallint,
      count bigint, p50 double precision, p95 double precision, p99 double precision, min double precision,
      max double precision, avg double precision)
  ),
  written as (
    insert into public.metrics as m (metric_name, metric_type, date, hour, count, p50, p95, p99, min, max, avg)
    select metric_name, metric_type, date, hour, count, p50, p95, p99, min, max, avg from r
    on conflict (metric_name, date, hour) do update set
      metric_type = excluded.metric_type, count = excluded.count, p50 = excluded.p50, p95 = excluded.p95,
      p99 = excluded.p99, min = excluded.min, max = excluded.max, avg = excluded.avg, updated_at = now()
    where (m.metric_type, m.count, m.p50, m.p95, m.p99, m.min, m.max, m.avg) is distinct from
      (excluded.metric_type, excluded.count, excluded.p50, excluded.p95, excluded.p99, excluded.min,
       excluded.max, excluded.avg)
    returning (xmax = 0) as is_insert
  )
  select count(*) filter (where is_insert), count(*) filter (where not is_insert) into ins, upd from written;
  return query select ins, upd, total - ins - upd;
end $$;

revoke all on function public.upsert_metrics(jsonb) from public, anon, authenticated;
grant execute on function public.upsert_metrics(jsonb) to service_role;
