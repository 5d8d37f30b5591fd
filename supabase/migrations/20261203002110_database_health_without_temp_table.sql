-- database_health_snapshot (20261203001200) kept the bloat estimate, which both the table and the index
-- figures read, in a temporary table created and dropped on every flush: catalogue churn (pg_class,
-- pg_attribute rows written and deleted each hour) and a function that fails where temporary tables are
-- not allowed (a read-only transaction). The estimate is now a materialized CTE: computed once, read twice,
-- nothing created. The figures are the same.

create or replace function app.database_health_figures()
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  min_bytes bigint := least(
    coalesce((app.monitoring_config('alert_rule', 'db_table_bloat') ->> 'min_bytes')::bigint, 104857600),
    coalesce((app.monitoring_config('alert_rule', 'db_index_bloat') ->> 'min_bytes')::bigint, 104857600));
  cron_window interval := make_interval(mins => coalesce(
    (app.monitoring_config('alert_rule', 'cron_job_failures') ->> 'window_minutes')::integer, 65));
  out jsonb;
begin
  -- The estimate reads pg_stats for every relation: once, for both kinds (materialized, not inlined twice).
  with bloat as materialized (select * from app.database_bloat(min_bytes))
  select jsonb_build_object(
    'version', current_setting('server_version'),
    'connections', (
      select jsonb_build_object('used', count(*), 'max', current_setting('max_connections')::integer,
        'ratio', round(count(*)::numeric / current_setting('max_connections')::integer, 4),
        'active', count(*) filter (where a.state = 'active'),
        'idle_in_transaction', count(*) filter (where a.state like 'idle in transaction%'))
      from pg_catalog.pg_stat_activity a where a.backend_type = 'client backend'),
    'cache_hit', (
      select jsonb_build_object('hits', d.blks_hit, 'reads', d.blks_read,
        'ratio', round(d.blks_hit::numeric / nullif(d.blks_hit + d.blks_read, 0), 4))
      from pg_catalog.pg_stat_database d where d.datname = current_database()),
    'index_hit', (
      select jsonb_build_object('hits', coalesce(sum(i.idx_blks_hit), 0), 'reads', coalesce(sum(i.idx_blks_read), 0),
        'ratio', round(sum(i.idx_blks_hit)::numeric / nullif(sum(i.idx_blks_hit) + sum(i.idx_blks_read), 0), 4))
      from pg_catalog.pg_statio_all_indexes i
      where i.schemaname not in ('pg_catalog', 'information_schema', 'pg_toast')),
    'table_bloat', (
      select jsonb_build_object('min_bytes', min_bytes, 'bytes', coalesce(sum(b.bytes), 0),
        'wasted_bytes', coalesce(sum(b.wasted_bytes), 0), 'max_ratio', coalesce(max(b.ratio), 0),
        'worst', coalesce((select jsonb_agg(jsonb_build_object('relation', w.schema_name || '.' || w.relation,
            'bytes', w.bytes, 'wasted_bytes', w.wasted_bytes, 'ratio', w.ratio) order by w.ratio desc)
          from (select * from bloat w where w.kind = 'table'
                order by w.ratio desc limit 5) w), '[]'))
      from bloat b where b.kind = 'table'),
    'index_bloat', (
      select jsonb_build_object('min_bytes', min_bytes, 'bytes', coalesce(sum(b.bytes), 0),
        'wasted_bytes', coalesce(sum(b.wasted_bytes), 0), 'max_ratio', coalesce(max(b.ratio), 0),
        'worst', coalesce((select jsonb_agg(jsonb_build_object('relation', w.schema_name || '.' || w.relation,
            'bytes', w.bytes, 'wasted_bytes', w.wasted_bytes, 'ratio', w.ratio) order by w.ratio desc)
          from (select * from bloat w where w.kind = 'index'
                order by w.ratio desc limit 5) w), '[]'))
      from bloat b where b.kind = 'index'),
    'database_bytes', pg_catalog.pg_database_size(current_database()),
    -- Partitions count under their root, so the audit trail is one table however many months it has.
    'largest_tables', (
      select coalesce(jsonb_agg(jsonb_build_object('table', t.name, 'bytes', t.bytes) order by t.bytes desc), '[]')
      from (
        select rn.nspname || '.' || r.relname as name, sum(pg_catalog.pg_total_relation_size(c.oid)) as bytes
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        join pg_catalog.pg_class r on r.oid = coalesce(pg_catalog.pg_partition_root(c.oid), c.oid)
        join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
        where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        group by 1 order by 2 desc limit 5) t),
    'longest_query', (
      select jsonb_build_object('seconds', round(extract(epoch from now() - a.query_start)::numeric, 1),
        'state', a.state, 'role', a.usename::text, 'application', left(a.application_name, 64),
        'kind', upper(coalesce((regexp_match(a.query, '^\s*([A-Za-z]+)'))[1], '?')),
        'query_sha256', encode(sha256(convert_to(a.query, 'UTF8')), 'hex'),
        'wait_event_type', a.wait_event_type)
      from pg_catalog.pg_stat_activity a
      where a.backend_type = 'client backend' and a.state <> 'idle' and a.pid <> pg_catalog.pg_backend_pid()
        and a.query_start is not null
      order by a.query_start limit 1),
    'cron_failures', (
      select jsonb_build_object('window_minutes', (extract(epoch from cron_window) / 60)::integer, 'failed', count(*),
        'jobs', coalesce(jsonb_agg(distinct coalesce(j.jobname, 'job ' || d.jobid)), '[]'),
        'last_failed_at', max(d.end_time))
      from cron.job_run_details d left join cron.job j on j.jobid = d.jobid
      where d.status = 'failed' and coalesce(d.end_time, d.start_time) > now() - cron_window))
  into out;
  return out;
end $$;
