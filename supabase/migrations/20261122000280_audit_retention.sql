-- Retention: the only path by which audit rows (audit_logs, phi_access_audit_log) leave the database.
-- Whole months older than audit.settings.retention_months (six years by default) are archived —
-- rows as NDJSON in an lz4-compressed column, with row count, seq set and content hash — then
-- detached, dropped, and the removal itself is audited.

create function audit.apply_retention(now_ts timestamptz default now()) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  parent text;
  p record;
  cutoff timestamptz := date_trunc('month', now_ts)
    - make_interval(months => (select retention_months from audit.settings));
  removed integer := 0;
  doc text;
  n bigint;
  seqset int8multirange;
  content_hash bytea;
begin
  foreach parent in array array['audit_logs', 'phi_access_audit_log'] loop
    for p in select * from audit.partition_months(parent) m where m.range_from + interval '1 month' <= cutoff loop
      if parent = 'audit_logs' then
        execute format(
          'select coalesce(string_agg(to_jsonb(r)::text, E''\n'' order by r.seq), ''''), count(*), '
          'coalesce(range_agg(int8range(r.seq, r.seq, ''[]'')), ''{}''::int8multirange) from audit.%I r',
          p.partition_name) into doc, n, seqset;
      else
        execute format(
          'select coalesce(string_agg(to_jsonb(r)::text, E''\n'' order by r.id), ''''), count(*) from audit.%I r',
          p.partition_name) into doc, n;
        seqset := null;
      end if;
      content_hash := extensions.digest(convert_to(doc, 'UTF8'), 'sha256');
      insert into audit.archives (partition_name, range_from, range_to, row_count, seqs, content_sha256, content)
      values (p.partition_name, p.range_from, p.range_from + interval '1 month', n, seqset, content_hash, doc);
      execute format('alter table public.%I detach partition audit.%I', parent, p.partition_name);
      execute format('drop table audit.%I', p.partition_name);
      perform audit.write_events(jsonb_build_array(jsonb_build_object(
        'action', 'audit.retention', 'resource', parent, 'outcome', 'success',
        'data_classification', 'CONFIDENTIAL',
        'metadata', jsonb_build_object('partition', p.partition_name, 'rows', n,
          'range_from', p.range_from, 'content_sha256', encode(content_hash, 'hex')))));
      removed := removed + 1;
    end loop;
  end loop;
  return removed;
end $$;

revoke all on function audit.apply_retention(timestamptz) from public;

select cron.schedule('audit-retention', '37 3 * * *', 'select audit.apply_retention()');
