-- Database health (issue 20): the hourly flush-metrics run used to record only the server version and a
-- latency. It now records what seed 000/002 ask to watch — connections against max_connections, cache and
-- index hit ratios, table and index bloat estimates, database size and the largest tables, the
-- longest-running query and pg_cron job failures — in system_health (component 'database'), and alert
-- rules with thresholds in monitoring_configs fire on that row.
--
--   public.database_health_snapshot()       the figures and their status (security definer: the functions'
--                                           role cannot read other sessions in pg_stat_activity nor cron)
--   app.database_health_breaches(details)   which thresholds a snapshot crosses — the one place the rules
--                                           are, used for the row's status and for the alerts
--   public.evaluate_database_health_rules() raises one alert per rule crossed by the newest database row
--
-- A rule of its own function beside evaluate_alert_rules (as evaluate_audit_loss_rules is), so that the
-- other rules are not restated here. No query text is kept: it may carry literals (identifiers, PHI); the
-- longest query is named by its kind, its digest and who runs it.

insert into public.monitoring_configs (kind, name, config, enabled) values
  ('alert_rule', 'db_connections', '{"severity": "HIGH", "threshold": 0.8}', true),
  ('alert_rule', 'db_cache_hit_ratio', '{"severity": "MEDIUM", "threshold": 0.95, "min_reads": 10000}', true),
  ('alert_rule', 'db_index_hit_ratio', '{"severity": "MEDIUM", "threshold": 0.95, "min_reads": 10000}', true),
  ('alert_rule', 'db_table_bloat', '{"severity": "LOW", "threshold": 0.5, "min_bytes": 104857600}', true),
  ('alert_rule', 'db_index_bloat', '{"severity": "LOW", "threshold": 0.5, "min_bytes": 104857600}', true),
  -- Supabase's Pro plan starts with an 8 GB disk; the operator sets the project's own figure.
  ('alert_rule', 'db_size', '{"severity": "MEDIUM", "threshold_bytes": 6442450944}', true),
  ('alert_rule', 'db_long_query', '{"severity": "HIGH", "threshold_seconds": 300}', true),
  ('alert_rule', 'cron_job_failures', '{"severity": "HIGH", "threshold": 0, "window_minutes": 65}', true)
on conflict do nothing;

-- Bloat as the common catalogue estimate: the pages the live rows would need (row count × average width
-- from pg_stats, with tuple and page overheads and the fill factor) against the pages the relation has.
-- A table without statistics for every column is estimated from its dead tuples instead; indexes on
-- expressions, and all but btree, are left out (no width to go on).
create function app.database_bloat(p_min_bytes bigint)
returns table (kind text, schema_name text, relation text, bytes bigint, wasted_bytes bigint, ratio numeric)
language sql stable security definer set search_path = '' as $$
  with bs as (select current_setting('block_size')::numeric as bs),
  tables as (
    select c.oid, n.nspname, c.relname, c.relpages::numeric as pages, c.reltuples::numeric as tuples,
      coalesce((select (regexp_match(o, '^fillfactor=(\d+)$'))[1]::numeric from unnest(c.reloptions) o
                where o like 'fillfactor=%'), 100) as fill,
      (select sum(s.avg_width) from pg_catalog.pg_stats s
        where s.schemaname = n.nspname and s.tablename = c.relname) as width,
      (select count(*) from pg_catalog.pg_stats s where s.schemaname = n.nspname and s.tablename = c.relname)
        = (select count(*) from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0
           and not a.attisdropped) as all_stats,
      st.n_live_tup::numeric as live, st.n_dead_tup::numeric as dead
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    left join pg_catalog.pg_stat_all_tables st on st.relid = c.oid
    where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and c.relpages::bigint * (select bs from bs) >= p_min_bytes
  ),
  table_estimates as (
    select 'table'::text as kind, t.nspname, t.relname, t.pages,
      case when t.all_stats and t.tuples >= 0 then
        ceil(t.tuples * (24 + 4 + 8 * ceil(coalesce(t.width, 0)::numeric / 8)) / (((select bs from bs) - 24) * t.fill / 100))
      else t.pages * (1 - coalesce(t.dead / nullif(t.live + t.dead, 0), 0)) end as needed
    from tables t
  ),
  index_estimates as (
    select 'index'::text as kind, n.nspname, ic.relname, ic.relpages::numeric as pages,
      ceil(greatest(ic.reltuples::numeric, 0) * (8 + 4 + 8 * ceil(sum(s.avg_width)::numeric / 8))
        / (((select bs from bs) - 24 - 16) * 0.9)) as needed
    from pg_catalog.pg_index i
    join pg_catalog.pg_class ic on ic.oid = i.indexrelid
    join pg_catalog.pg_am am on am.oid = ic.relam and am.amname = 'btree'
    join pg_catalog.pg_class tc on tc.oid = i.indrelid
    join pg_catalog.pg_namespace n on n.oid = ic.relnamespace
    cross join lateral unnest(i.indkey::int2[]) k(attnum)
    join pg_catalog.pg_attribute a on a.attrelid = tc.oid and a.attnum = k.attnum
    join pg_catalog.pg_stats s on s.schemaname = n.nspname and s.tablename = tc.relname and s.attname = a.attname
    where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and ic.relpages::bigint * (select bs from bs) >= p_min_bytes
      and not (0 = any(i.indkey::int2[]))
    group by n.nspname, ic.relname, ic.relpages, ic.reltuples
  )
  select e.kind, e.nspname::text, e.relname::text, (e.pages * (select bs from bs))::bigint,
    (greatest(e.pages - e.needed, 0) * (select bs from bs))::bigint,
    round(greatest(1 - e.needed::numeric / nullif(e.pages, 0), 0), 4)
  from (select * from table_estimates union all select * from index_estimates) e
$$;

create function app.database_health_figures()
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
  -- The estimate reads pg_stats for every relation: once, for both kinds.
  create temp table bloat on commit drop as select * from app.database_bloat(min_bytes);
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
  drop table bloat;
  return out;
end $$;

-- Each enabled rule a snapshot crosses: the alert's rule name, severity, words and figures.
create function app.database_health_breaches(p_details jsonb)
returns table (rule text, severity text, title text, description text, metadata jsonb)
language plpgsql stable security definer set search_path = '' as $$
declare
  cfg jsonb;
  v numeric;
begin
  cfg := app.monitoring_config('alert_rule', 'db_connections');
  v := (p_details #>> '{connections,ratio}')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold')::numeric, 0.8) then
    return query select 'db_connections', cfg ->> 'severity', 'Database connections near the limit',
      format('%s of %s connections in use', p_details #>> '{connections,used}', p_details #>> '{connections,max}'),
      jsonb_build_object('ratio', v, 'threshold', cfg -> 'threshold');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_cache_hit_ratio');
  v := (p_details #>> '{cache_hit,ratio}')::numeric;
  if cfg is not null and v < coalesce((cfg ->> 'threshold')::numeric, 0.95)
     and (p_details #>> '{cache_hit,hits}')::numeric + (p_details #>> '{cache_hit,reads}')::numeric
         >= coalesce((cfg ->> 'min_reads')::numeric, 0) then
    return query select 'db_cache_hit_ratio', cfg ->> 'severity', 'Database cache hit ratio low',
      format('%s of block reads came from the buffer cache', v),
      jsonb_build_object('ratio', v, 'threshold', cfg -> 'threshold');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_index_hit_ratio');
  v := (p_details #>> '{index_hit,ratio}')::numeric;
  if cfg is not null and v < coalesce((cfg ->> 'threshold')::numeric, 0.95)
     and (p_details #>> '{index_hit,hits}')::numeric + (p_details #>> '{index_hit,reads}')::numeric
         >= coalesce((cfg ->> 'min_reads')::numeric, 0) then
    return query select 'db_index_hit_ratio', cfg ->> 'severity', 'Database index hit ratio low',
      format('%s of index block reads came from the buffer cache', v),
      jsonb_build_object('ratio', v, 'threshold', cfg -> 'threshold');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_table_bloat');
  v := (p_details #>> '{table_bloat,max_ratio}')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold')::numeric, 0.5) then
    return query select 'db_table_bloat', cfg ->> 'severity', 'Table bloat above threshold',
      format('%s is an estimated %s wasted', p_details #>> '{table_bloat,worst,0,relation}', v),
      jsonb_build_object('ratio', v, 'threshold', cfg -> 'threshold',
        'relation', p_details #>> '{table_bloat,worst,0,relation}');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_index_bloat');
  v := (p_details #>> '{index_bloat,max_ratio}')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold')::numeric, 0.5) then
    return query select 'db_index_bloat', cfg ->> 'severity', 'Index bloat above threshold',
      format('%s is an estimated %s wasted', p_details #>> '{index_bloat,worst,0,relation}', v),
      jsonb_build_object('ratio', v, 'threshold', cfg -> 'threshold',
        'relation', p_details #>> '{index_bloat,worst,0,relation}');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_size');
  v := (p_details ->> 'database_bytes')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold_bytes')::numeric, 6442450944) then
    return query select 'db_size', cfg ->> 'severity', 'Database size above threshold',
      format('the database holds %s', pg_catalog.pg_size_pretty(v)),
      jsonb_build_object('bytes', v, 'threshold_bytes', cfg -> 'threshold_bytes');
  end if;

  cfg := app.monitoring_config('alert_rule', 'db_long_query');
  v := (p_details #>> '{longest_query,seconds}')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold_seconds')::numeric, 300) then
    return query select 'db_long_query', cfg ->> 'severity', 'A query has been running too long',
      format('a %s by %s has run %s s (%s)', p_details #>> '{longest_query,kind}',
        p_details #>> '{longest_query,role}', v, p_details #>> '{longest_query,state}'),
      jsonb_build_object('seconds', v, 'threshold_seconds', cfg -> 'threshold_seconds',
        'query_sha256', p_details #>> '{longest_query,query_sha256}');
  end if;

  cfg := app.monitoring_config('alert_rule', 'cron_job_failures');
  v := (p_details #>> '{cron_failures,failed}')::numeric;
  if cfg is not null and v > coalesce((cfg ->> 'threshold')::numeric, 0) then
    return query select 'cron_job_failures', cfg ->> 'severity', 'Scheduled jobs failed',
      format('%s pg_cron run(s) failed in the last %s minutes: %s', v,
        p_details #>> '{cron_failures,window_minutes}', p_details #>> '{cron_failures,jobs}'),
      jsonb_build_object('failed', v, 'jobs', p_details #> '{cron_failures,jobs}');
  end if;
end $$;

-- The figures and the status they give: degraded when a rule is crossed.
create function public.database_health_snapshot()
returns table (status text, details jsonb)
language plpgsql security definer set search_path = '' as $$
declare
  figures jsonb := app.database_health_figures();
  crossed jsonb;
begin
  select coalesce(jsonb_agg(b.rule order by b.rule), '[]') into crossed from app.database_health_breaches(figures) b;
  return query select case when jsonb_array_length(crossed) > 0 then 'degraded' else 'healthy' end,
    figures || jsonb_build_object('breaches', crossed);
end $$;

-- Alerts from the newest database row (recorded by this flush, so at most 15 minutes old: a stale row
-- raises nothing). Repeats go through raise_alert's suppression, so one breach is one alert.
create function public.evaluate_database_health_rules()
returns table (rule text, alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  latest public.system_health;
begin
  select * into latest from public.system_health h
  where h.component = 'database' and h.checked_at > now() - interval '15 minutes' and h.details ? 'connections'
  order by h.checked_at desc, h.id desc limit 1;
  if latest.id is null then
    return;
  end if;
  return query
    select b.rule, x.alert_id, x.outcome
    from app.database_health_breaches(latest.details) b
    cross join lateral public.raise_alert(b.severity, case when b.rule = 'cron_job_failures' then 'SYSTEM'
        else 'PERFORMANCE' end, b.title, b.description, 'rule:' || b.rule, b.rule,
      b.metadata || jsonb_build_object('system_health_id', latest.id)) x;
end $$;

revoke all on function app.database_bloat(bigint), app.database_health_figures(),
  app.database_health_breaches(jsonb), public.database_health_snapshot(),
  public.evaluate_database_health_rules() from public, anon, authenticated;
grant execute on function public.database_health_snapshot(), public.evaluate_database_health_rules()
  to service_role;
