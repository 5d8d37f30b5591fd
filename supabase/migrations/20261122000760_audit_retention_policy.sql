-- Retention per data classification.
--
-- public.audit_retention_policy holds, per classification of audit_logs rows (phi_access_audit_log is
-- PHI throughout):
--   retention_days      the legal minimum: nothing of the class is purged earlier
--   archive_after_days  rows leave the live table for audit.archives (compressed NDJSON, hashed)
--   delete_after_days   the archived rows' content is purged (their seqs stay, so verify still passes)
--
-- Audit rows are append-only and live in monthly partitions that mix classifications, so a month
-- leaves the live table as a whole, once every class present in it is past its archive-after; it is
-- archived one row per class, and each class's archive is purged on that class's own schedule.
-- Rows of a class still live past its delete-after (their month holds a longer-kept class) are
-- reported as held_past_delete_after in the run's summary.
--
-- audit.apply_retention_policy() is the daily job (pg_cron 'audit-retention', which ran the
-- single-period audit.apply_retention before; that function stays for manual use, and
-- audit.settings.retention_months no longer drives a schedule). Each run writes one audit.retention
-- event with its summary.

create table public.audit_retention_policy (
  data_classification public.data_classification primary key,
  retention_days integer not null check (retention_days between 1 and 36500),
  archive_after_days integer not null check (archive_after_days between 1 and 36500),
  delete_after_days integer not null check (delete_after_days between 1 and 36500),
  description text not null check (length(description) between 1 and 300),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  check (delete_after_days >= retention_days),
  check (archive_after_days <= delete_after_days)
);
create trigger audit_retention_policy_stamp before insert or update on public.audit_retention_policy
  for each row execute function app.stamp_updated();

comment on table public.audit_retention_policy is
  'Audit retention per data classification: minimum retention, archive-after and delete-after days.';

-- HIPAA keeps audit documentation six years (45 CFR 164.316(b)(2)); PHI access one year more.
insert into public.audit_retention_policy
  (data_classification, retention_days, archive_after_days, delete_after_days, description) values
  ('PHI', 2190, 2190, 2555, 'Patient data access: six years live, purged after seven.'),
  ('CONFIDENTIAL', 2190, 2190, 2190, 'Personal data and security events: six years, then purged.'),
  ('INTERNAL', 365, 730, 1095, 'Operational events: two years live, purged after three.'),
  ('PUBLIC', 30, 90, 365, 'Public reference lookups: three months live, purged after a year.');

alter table public.audit_retention_policy enable row level security;
-- A platform-wide legal setting: oversight reads it, only the owner (migrations, dashboard) writes it.
create policy audit_retention_policy_read on public.audit_retention_policy for select to authenticated
  using (app.current_user_role() in ('admin', 'medical_director'));
revoke all on public.audit_retention_policy from anon;
revoke insert, update, delete, truncate on public.audit_retention_policy from authenticated, service_role;

-- Archives per class, and their purge: only content and purged_at may change, only inside the job.
alter table audit.archives add column data_classification public.data_classification,
  add column purged_at timestamptz;

create function audit.guard_archive_update() returns trigger
language plpgsql as $$
begin
  if current_setting('audit.purging', true) = 'on' and new.content = '' and new.purged_at is not null
     and old.purged_at is null
     and (new.id, new.partition_name, new.range_from, new.range_to, new.row_count, new.seqs, new.content_sha256,
          new.archived_at, new.data_classification)
       is not distinct from (old.id, old.partition_name, old.range_from, old.range_to, old.row_count, old.seqs,
          old.content_sha256, old.archived_at, old.data_classification) then
    return new;
  end if;
  raise exception 'audit archives are append-only (only the retention job purges content)'
    using errcode = 'insufficient_privilege';
end $$;

drop trigger archives_no_update on audit.archives;
create trigger archives_no_update before update on audit.archives
  for each row execute function audit.guard_archive_update();

-- Archives one month of `parent` per class and drops it. Returns [{partition, class, rows}].
create function audit.archive_partition(parent text, partition_name text, range_from timestamptz) returns jsonb
language plpgsql security definer set search_path = '' set timezone = 'UTC' as $$
declare
  classes text[];
  cls text;
  doc text;
  n bigint;
  seqset int8multirange;
  out jsonb := '[]';
begin
  if parent = 'audit_logs' then
    execute format('select coalesce(array_agg(distinct data_classification::text), ''{}'') from audit.%I',
      partition_name) into classes;
  else
    classes := array['PHI'];
  end if;
  foreach cls in array (case when cardinality(classes) = 0 then array[null::text] else classes end) loop
    if parent = 'audit_logs' then
      execute format(
        'select coalesce(string_agg(to_jsonb(r)::text, E''\n'' order by r.seq), ''''), count(*), '
        'coalesce(range_agg(int8range(r.seq, r.seq, ''[]'')), ''{}''::int8multirange) '
        'from audit.%I r where r.data_classification::text is not distinct from $1',
        archive_partition.partition_name) using cls into doc, n, seqset;
    else
      execute format(
        'select coalesce(string_agg(to_jsonb(r)::text, E''\n'' order by r.id), ''''), count(*) from audit.%I r',
        archive_partition.partition_name) into doc, n;
      seqset := null;
    end if;
    insert into audit.archives (partition_name, range_from, range_to, row_count, seqs, content_sha256, content,
      data_classification)
    values (archive_partition.partition_name, archive_partition.range_from, archive_partition.range_from + interval '1 month', n, seqset,
      extensions.digest(convert_to(doc, 'UTF8'), 'sha256'), doc, cls::public.data_classification);
    out := out || jsonb_build_object('partition', archive_partition.partition_name, 'class', cls, 'rows', n);
  end loop;
  execute format('alter table public.%I detach partition audit.%I', parent, archive_partition.partition_name);
  execute format('drop table audit.%I', archive_partition.partition_name);
  return out;
end $$;

create function audit.apply_retention_policy(now_ts timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = '' set timezone = 'UTC' as $$
declare
  pol jsonb := (select jsonb_object_agg(r.data_classification, jsonb_build_object('retention', r.retention_days,
    'archive_after', r.archive_after_days, 'delete_after', r.delete_after_days))
    from public.audit_retention_policy r);
  parent text;
  part record;
  classes text[];
  eligible boolean;
  archived jsonb := '[]';
  purged jsonb := '[]';
  overdue jsonb := '{}';
  a record;
  n bigint;
  summary jsonb;
begin
  if pol is null or (select count(*) from jsonb_object_keys(pol)) < 4 then
    raise exception 'audit_retention_policy must name every data classification' using errcode = '22023';
  end if;

  -- 1. Archive months whose every class is past its archive-after.
  foreach parent in array array['audit_logs', 'phi_access_audit_log'] loop
    for part in select * from audit.partition_months(parent) m where m.range_from + interval '1 month' <= now_ts loop
      if parent = 'audit_logs' then
        execute format('select coalesce(array_agg(distinct data_classification::text), ''{}'') from audit.%I',
          part.partition_name) into classes;
        if cardinality(classes) = 0 then
          classes := array['PHI', 'CONFIDENTIAL', 'INTERNAL', 'PUBLIC'];  -- an empty month waits for the longest
        end if;
      else
        classes := array['PHI'];
      end if;
      select bool_and(part.range_from + interval '1 month'
                      + make_interval(days => (pol -> c ->> 'archive_after')::integer) <= now_ts)
        into eligible from unnest(classes) c;
      if eligible then
        archived := archived || audit.archive_partition(parent, part.partition_name, part.range_from);
      end if;
    end loop;
  end loop;

  -- 2. Purge archived content past its class's delete-after (never before its retention: the policy's
  --    check keeps delete_after_days >= retention_days). Seqs, counts and hashes stay.
  perform set_config('audit.purging', 'on', true);
  for a in
    select ar.id, ar.partition_name, ar.data_classification::text as cls, ar.row_count from audit.archives ar
    where ar.purged_at is null and ar.data_classification is not null
      and ar.range_to + make_interval(days => (pol -> ar.data_classification::text ->> 'delete_after')::integer) <= now_ts
    order by ar.id
  loop
    update audit.archives set content = '', purged_at = now_ts where id = a.id;
    purged := purged || jsonb_build_object('partition', a.partition_name, 'class', a.cls, 'rows', a.row_count);
  end loop;
  perform set_config('audit.purging', 'off', true);

  -- 3. What the month rule keeps live past its class's delete-after.
  select coalesce(jsonb_object_agg(c.cls, c.n) filter (where c.n > 0), '{}') into overdue from (
    select k.cls, (select count(*) from public.audit_logs l where l.data_classification::text = k.cls
        and l."timestamp" < now_ts - make_interval(days => (pol -> k.cls ->> 'delete_after')::integer))
      + case when k.cls = 'PHI' then (select count(*) from public.phi_access_audit_log x
        where x.occurred_at < now_ts - make_interval(days => (pol -> 'PHI' ->> 'delete_after')::integer)) else 0 end as n
    from jsonb_object_keys(pol) k(cls)) c;

  summary := jsonb_build_object(
    'policy', pol,
    'archived', jsonb_build_object('archives', jsonb_array_length(archived),
      'rows', (select coalesce(sum((x ->> 'rows')::bigint), 0) from jsonb_array_elements(archived) x),
      'partitions', (select coalesce(jsonb_agg(distinct x ->> 'partition'), '[]')
                     from (select x from jsonb_array_elements(archived) x limit 100) y)),
    'purged', jsonb_build_object('archives', jsonb_array_length(purged),
      'rows', (select coalesce(sum((x ->> 'rows')::bigint), 0) from jsonb_array_elements(purged) x),
      'partitions', (select coalesce(jsonb_agg(distinct x ->> 'partition'), '[]')
                     from (select x from jsonb_array_elements(purged) x limit 100) y)),
    'held_past_delete_after', overdue);
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'audit.retention', 'resource', 'audit_retention_policy', 'outcome', 'success',
    'data_classification', 'CONFIDENTIAL', 'metadata', summary)));
  return summary;
end $$;

revoke all on function audit.guard_archive_update(), audit.archive_partition(text, text, timestamptz),
  audit.apply_retention_policy(timestamptz) from public, anon, authenticated, service_role;

-- The daily job keeps its name and time; it applies the policy now.
select cron.schedule('audit-retention', '37 3 * * *', 'select audit.apply_retention_policy()');
