-- Reveal's pairs follow the rows (step 2 of 3; 20261204001000 says why and how). Its own transaction: the
-- scan below takes only ACCESS SHARE on the audit tables, which no insert waits for, so writers go on
-- while it reads; since 1000's commit the triggers record the periods of what they add. One statement,
-- sorted as the triggers sort, for the reasons 20261203005110 gives. The scan is this file's first
-- statement (the function is 1000's): until it inserts, the transaction has no id, so audit.seal and the
-- roll-up, which wait for transaction ids in progress, are held back only by the insert, not by the scan.
-- Deploy it outside the partition and retention jobs' windows (00:10–00:30 and 03:30–04:00 UTC): their
-- DETACH or CREATE of a partition waits for the scan's ACCESS SHARE, and audit inserts queue behind them.

select audit.backfill_pseudonym_organization_periods();

-- Reveal: the rule of 20261203005110, checked against the periods. "Some period of (pseudonym,
-- organization)" is one descent of their primary key (its leading columns), as the pair's probe was.
create or replace function audit.reveal_many(pseudonyms uuid[])
returns table (pseudonym uuid, value text)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
  org uuid;
begin
  if coalesce(auth.role(), '') = 'service_role' then
    key := audit.pseudonym_key();
    return query
      select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
      from audit.pseudonym_mapping m
      where m.pseudonym = any(pseudonyms);
    return;
  end if;
  org := app.current_organization_id();
  if org is null or app.current_user_role() not in ('admin', 'medical_director') then
    return;
  end if;
  key := audit.pseudonym_key();
  return query
    select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
    from audit.pseudonym_mapping m
    where m.pseudonym = any(pseudonyms)
      and exists (select 1 from audit.pseudonym_organization_periods o
                  where o.pseudonym = m.pseudonym and o.organization_id = org);
end $$;

create or replace function audit.reveal(p uuid) returns text
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p is null then return null; end if;
  if coalesce(auth.role(), '') <> 'service_role' and not (
       app.current_user_role() in ('admin', 'medical_director')
       and exists (select 1 from audit.pseudonym_organization_periods o
                   where o.pseudonym = p and o.organization_id = app.current_organization_id())) then
    return null;
  end if;
  return (select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)
          from audit.pseudonym_mapping m where m.pseudonym = p);
end $$;

-- The triggers record only the periods from now on.
create or replace function audit.record_audit_log_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  -- one scan per column (UNION ALL), as 20261203005100 measured
  insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
  select distinct s.p, s.o, 'audit_logs'::audit.pseudonym_row_source, date_trunc('month', s.ts at time zone 'UTC')::date
  from (
    select i.actor_pseudonym, i.organization_id, i."timestamp" from inserted i
    union all select i.session_pseudonym, i.organization_id, i."timestamp" from inserted i
    union all select i.ip_pseudonym, i.organization_id, i."timestamp" from inserted i
    union all select i.user_agent_pseudonym, i.organization_id, i."timestamp" from inserted i
    union all
    select (i.metadata ->> 'subject_pseudonym')::uuid, i.organization_id, i."timestamp" from inserted i
    where i.metadata ->> 'subject_pseudonym'
          ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
  ) s(p, o, ts)
  where s.o is not null and s.p is not null
  order by 1, 2, 4
  on conflict do nothing;
  return null;
end $$;

create or replace function audit.record_phi_access_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
  select distinct v.p, i.organization_id, 'phi_access_audit_log'::audit.pseudonym_row_source,
    date_trunc('month', i.occurred_at at time zone 'UTC')::date
  from inserted i
  cross join lateral (values (i.actor_pseudonym), (i.patient_pseudonym), (i.ip_pseudonym),
                             (i.user_agent_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2, 4
  on conflict do nothing;
  return null;
end $$;

create or replace function audit.record_ai_trail_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
  select distinct v.p, i.organization_id, 'ai_audit_trails'::audit.pseudonym_row_source,
    (i."timestamp" at time zone 'UTC')::date
  from inserted i
  cross join lateral (values (i.user_pseudonym), (i.session_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2, 4
  on conflict do nothing;
  return null;
end $$;

-- Retention takes the periods with the rows, in the transaction that removes the rows, so reveal and the
-- rows never disagree. One statement per month (or day): an index range scan on (source, period), a few
-- hundred thousand rows for a county's month at most, beside the archive of that month's every row that
-- the same transaction writes.

-- A month of audit_logs or of the PHI-access log: archive_partition of 20261203001600 (it qualifies its
-- parameters with its own name, so it is restated, not wrapped), unchanged until the partition is dropped
-- but for its search_path, pg_catalog, pg_temp as 20261203002200 made every function's (so too below).
create or replace function audit.archive_partition(parent text, partition_name text, range_from timestamptz)
returns jsonb
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'UTC' as $$
declare
  chunk_lines constant integer := 5000;
  key_col text := case when parent = 'audit_logs' then 'seq' else 'id' end;
  classes text[];
  cls text;
  aid bigint;
  doc text;
  n integer;
  page_last bigint;
  page_seqs int8multirange;
  last_key bigint;
  chunk integer;
  total bigint;
  seqset int8multirange;
  h bytea;
  hashes bytea;
  out jsonb := '[]';
begin
  if parent not in ('audit_logs', 'phi_access_audit_log') then
    raise exception 'unknown audit parent %', parent using errcode = '22023';
  end if;
  -- Statistics first: a month attached or filled since the last autovacuum has none, and the pages below
  -- must be index range scans on the key, not a scan and sort of the month per page.
  execute format('analyze audit.%I', partition_name);
  if parent = 'audit_logs' then
    execute format('select coalesce(array_agg(distinct data_classification::text), ''{}'') from audit.%I',
      partition_name) into classes;
  else
    classes := array['PHI'];
  end if;
  foreach cls in array (case when cardinality(classes) = 0 then array[null::text] else classes end) loop
    aid := nextval(pg_get_serial_sequence('audit.archives', 'id'));
    last_key := -1;
    chunk := 0;
    total := 0;
    seqset := '{}';
    hashes := ''::bytea;
    loop
      -- The rows are made JSON after the page is cut (to_jsonb of the page only), in the page's order.
      execute format(
        'select coalesce(string_agg(to_jsonb(x.r)::text, E''\n'' order by x.k), ''''), count(*), max(x.k), '
        'coalesce(range_agg(int8range(x.k, x.k, ''[]'')), ''{}''::int8multirange) '
        'from (select r, r.%1$I as k from audit.%2$I r where r.%1$I > $2 %3$s '
        'order by r.%1$I limit $3) x',
        key_col, archive_partition.partition_name,
        case when parent = 'audit_logs' then 'and r.data_classification::text is not distinct from $1' else '' end)
        using cls, last_key, chunk_lines into doc, n, page_last, page_seqs;
      exit when n = 0;
      h := sha256(convert_to(doc, 'UTF8'));
      insert into audit.archive_chunks (archive_id, chunk_no, line_count, sha256, content)
      values (aid, chunk, n, h, doc);
      hashes := hashes || h;
      seqset := seqset + page_seqs;
      total := total + n;
      last_key := page_last;
      chunk := chunk + 1;
      exit when n < chunk_lines;
    end loop;
    insert into audit.archives (id, partition_name, range_from, range_to, row_count, seqs, content_sha256, content,
      data_classification, chunk_lines)
    values (aid, archive_partition.partition_name, archive_partition.range_from,
      archive_partition.range_from + interval '1 month', total,
      case when parent = 'audit_logs' then seqset end, sha256(hashes), '', cls::public.data_classification,
      chunk_lines);
    out := out || jsonb_build_object('partition', archive_partition.partition_name, 'class', cls, 'rows', total);
  end loop;
  execute format('alter table public.%I detach partition audit.%I', parent, archive_partition.partition_name);
  execute format('drop table audit.%I', archive_partition.partition_name);
  -- New: the month's reveal periods go with its rows. No row of the month is left in public.<parent> (a
  -- month with a partition has none in the default one: they would have refused the attach).
  delete from audit.pseudonym_organization_periods x
  where x.source = parent::audit.pseudonym_row_source
    and x.period >= (archive_partition.range_from at time zone 'UTC')::date
    and x.period < ((archive_partition.range_from + interval '1 month') at time zone 'UTC')::date;
  return out;
end $$;

-- The AI trail: whole days before the cutoff's day go with their rows; on the cutoff's day itself, where
-- rows before the cutoff went and later ones stay, a period goes when none of that day's remaining rows
-- of its organization carries its pseudonym (that day's rows, read by the timestamp index).
create or replace function app.apply_ai_audit_retention(now_ts timestamptz default now()) returns integer
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  days integer := (select retention_days from app.ai_audit_settings);
  cutoff timestamptz := now_ts - make_interval(days => days);
  cutoff_day date := (cutoff at time zone 'UTC')::date;
  removed integer;
begin
  perform set_config('app.ai_audit_retention', 'on', true);
  delete from public.ai_audit_trails where "timestamp" < cutoff;
  get diagnostics removed = row_count;
  perform set_config('app.ai_audit_retention', 'off', true);
  delete from audit.pseudonym_organization_periods x
  where x.source = 'ai_audit_trails' and x.period < cutoff_day;
  delete from audit.pseudonym_organization_periods x
  using (
    select d.pseudonym, d.organization_id from audit.pseudonym_organization_periods d
    where d.source = 'ai_audit_trails' and d.period = cutoff_day
    except
    select v.p, t.organization_id from public.ai_audit_trails t
    cross join lateral (values (t.user_pseudonym), (t.session_pseudonym)) v(p)
    where t."timestamp" >= cutoff and t."timestamp" < (cutoff_day + 1)::timestamp at time zone 'UTC'
      and t.organization_id is not null and v.p is not null
  ) gone
  where x.source = 'ai_audit_trails' and x.period = cutoff_day
    and x.pseudonym = gone.pseudonym and x.organization_id = gone.organization_id;
  if removed > 0 then
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'ai_audit.retention', 'resource', 'ai_audit_trails', 'outcome', 'success',
      'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_build_object('rows', removed, 'cutoff', cutoff, 'retention_days', days))));
  end if;
  return removed;
end $$;
