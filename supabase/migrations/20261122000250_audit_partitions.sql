-- Monthly partitions kept 6 months ahead, the retention settings and the archive that retention
-- (20261122000280_audit_retention.sql) fills before it drops a month.

create table audit.settings (
  only_row boolean primary key default true check (only_row),
  retention_months integer not null default 72 check (retention_months >= 1),
  months_ahead integer not null default 6 check (months_ahead between 1 and 24)
);
insert into audit.settings default values;

create table audit.archives (
  id bigserial primary key,
  partition_name text not null,
  range_from timestamptz not null,
  range_to timestamptz not null,
  row_count bigint not null,
  seqs int8multirange,                     -- audit_logs only: the seqs archived, for audit.verify
  content_sha256 bytea not null,
  content text compression lz4 not null,   -- the rows as NDJSON in seq order
  archived_at timestamptz not null default now()
);
create trigger archives_no_update before update on audit.archives
  for each row execute function audit.refuse_change();
create trigger archives_no_delete before delete on audit.archives
  for each row execute function audit.refuse_change();

-- Creates the monthly partition of public.<parent> holding `month` if it is missing (in schema audit,
-- out of reach of the Data API roles). Returns its name.
create function audit.ensure_partition(parent text, month date) returns text
language plpgsql security definer set search_path = '' as $$
declare
  first_day date := date_trunc('month', month)::date;
  name text := format('%s_%s', parent, to_char(first_day, 'YYYY_MM'));
begin
  if to_regclass('audit.' || name) is null then
    execute format(
      'create table audit.%I partition of public.%I for values from (%L) to (%L)',
      name, parent, first_day::timestamptz, (first_day + interval '1 month')::timestamptz);
    execute format(
      'create trigger audit_logs_no_truncate before truncate on audit.%I '
      'for each statement execute function audit.refuse_change()', name);
  end if;
  return name;
end $$;

-- Partitions for every month from `from_ts` to `to_ts` (a backfill calls this before importing).
create function audit.ensure_partitions_between(from_ts timestamptz, to_ts timestamptz) returns integer
language sql security definer set search_path = '' as $$
  select count(audit.ensure_partition('audit_logs', m::date))::integer
  from generate_series(date_trunc('month', from_ts), date_trunc('month', to_ts), interval '1 month') m
$$;

-- This month through months_ahead months ahead.
create function audit.ensure_future_partitions() returns integer
language sql security definer set search_path = '' as $$
  select audit.ensure_partitions_between(now(),
    now() + make_interval(months => (select months_ahead from audit.settings)))
$$;

select audit.ensure_future_partitions();

-- Monthly partitions of public.<parent>, for retention, the health check and the "future partitions
-- missing" alert.
create function audit.partition_months(parent text default 'audit_logs')
returns table (partition_name text, range_from timestamptz, rows_estimate bigint)
language sql stable security definer set search_path = '' as $$
  select c.relname::text,
    (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
    c.reltuples::bigint
  from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = format('public.%I', parent)::regclass and c.relname not like '%\_default'
  order by 2
$$;

revoke all on all functions in schema audit from public;
revoke all on all tables in schema audit from public, anon, authenticated, service_role;
grant execute on function audit.write_events(jsonb), audit.ensure_partitions_between(timestamptz, timestamptz),
  audit.verify(bigint, bigint), audit.latest_seal(), audit.verify_anchor(bigint, text),
  audit.partition_months(text) to service_role;
grant execute on function audit.pseudonym_of(text, text, uuid), audit.reveal(uuid) to authenticated, service_role;

-- Scheduled jobs (pg_cron), named so that cron.job says what each does.
create extension if not exists pg_cron;
select cron.schedule('audit-seal', '* * * * *', 'select audit.seal()');
select cron.schedule('audit-partitions-ahead', '17 0 * * *', 'select audit.ensure_future_partitions()');
