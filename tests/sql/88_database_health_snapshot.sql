-- database_health_snapshot creates nothing (20261203002110): the bloat estimate is a materialized CTE, no
-- longer a temporary table made and dropped on every flush, so the snapshot runs even in a read-only
-- transaction, with every figure the flush records.
begin;
create extension if not exists pgtap;
select plan(3);

set local transaction_read_only = on;
select lives_ok('select * from public.database_health_snapshot()', 'the snapshot runs in a read-only transaction');
select is((select array_agg(k order by k) from public.database_health_snapshot() s, jsonb_object_keys(s.details) k),
  array['breaches', 'cache_hit', 'connections', 'cron_failures', 'database_bytes', 'index_bloat', 'index_hit',
    'largest_tables', 'longest_query', 'table_bloat', 'version'],
  'with every figure');
select is((select array_agg(k order by k) from public.database_health_snapshot() s,
    jsonb_object_keys(s.details -> 'table_bloat') k),
  array['bytes', 'max_ratio', 'min_bytes', 'wasted_bytes', 'worst'], 'the bloat estimate read for tables');

select * from finish();
rollback;
