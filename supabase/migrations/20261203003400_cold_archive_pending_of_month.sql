-- `deno task audit:archive YYYY-MM` asked cold_archive_pending for its first page (1000, oldest first) and
-- kept that month's archives from it: a month whose archives lay past the first page was reported as
-- "nothing due" although it was pending. The month is now part of the query (p_month: the first day of
-- the month, as begin_restore takes it; null: every month), so the page is taken from that month's
-- archives only.
drop function audit.cold_archive_pending(integer);

create function audit.cold_archive_pending(p_limit integer default 100, p_month date default null)
returns table (archive_id bigint, partition_name text, data_classification text, range_from timestamptz,
  range_to timestamptz, row_count bigint, content_sha256 text)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p_month <> date_trunc('month', p_month)::date then
    raise exception 'month must be the first day of a month' using errcode = '22023';
  end if;
  return query
    select a.id, a.partition_name, a.data_classification::text, a.range_from, a.range_to, a.row_count,
      encode(a.content_sha256, 'hex')
    from audit.archives a
    where a.purged_at is null and not exists (select 1 from audit.cold_objects c where c.archive_id = a.id)
      and (p_month is null or a.range_from = p_month::timestamp at time zone 'UTC')
    order by a.id limit least(greatest(p_limit, 1), 1000);
end $$;

revoke all on function audit.cold_archive_pending(integer, date) from public, anon, authenticated, service_role;
grant execute on function audit.cold_archive_pending(integer, date) to audit_archiver;
