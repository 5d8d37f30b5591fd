-- Cold archive (issue 20). audit.apply_retention_policy moves a month out of the live partitions into
-- audit.archives (NDJSON in an lz4 column) and, until now, kept it there until its delete-after. Now the
-- archiver (scripts/audit/cold_archive.ts, `deno task audit:archive`) writes each archive to object
-- storage through the S3 API as gzip NDJSON plus a manifest, reads both back, and only then may the
-- content leave Postgres: audit.confirm_cold_archive purges it when the digest of what was read back
-- equals the content_sha256 the database recorded when it archived the month. The row count, seq set
-- and hashes stay, so audit.verify still accounts for every archived seq. Past its class's delete-after
-- the object is deleted and that is recorded here, audited (audit.record_cold_object_deleted).
-- `deno task audit:restore <month>` loads the objects into audit.restored_rows and
-- audit.verify_restore checks them against the seals.
--
-- The S3 credentials are never in the database: the archiver reads them from its environment. The
-- functions' login reaches these functions only as service_role; no app role reads these tables.

create table audit.cold_objects (
  archive_id bigint primary key references audit.archives (id),
  bucket text not null check (length(bucket) between 3 and 63),
  data_key text not null check (length(data_key) between 1 and 1024),
  manifest_key text not null check (length(manifest_key) between 1 and 1024),
  object_sha256 bytea not null check (length(object_sha256) = 32),
  object_bytes bigint not null check (object_bytes > 0),
  stored_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (bucket, data_key)
);
comment on table audit.cold_objects is
  'Where each archive lives in object storage (S3 API), its object digest, and when retention deleted it.';

-- Only deleted_at may change, once, inside audit.record_cold_object_deleted.
create function audit.guard_cold_object_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_setting('audit.cold_deleting', true) = 'on' and old.deleted_at is null
     and new.deleted_at is not null
     and (new.archive_id, new.bucket, new.data_key, new.manifest_key, new.object_sha256, new.object_bytes,
          new.stored_at) is not distinct from (old.archive_id, old.bucket, old.data_key, old.manifest_key,
          old.object_sha256, old.object_bytes, old.stored_at) then
    return new;
  end if;
  raise exception 'cold archive records are append-only (only retention marks an object deleted)'
    using errcode = 'insufficient_privilege';
end $$;
create trigger cold_objects_no_update before update on audit.cold_objects
  for each row execute function audit.guard_cold_object_update();
create trigger cold_objects_no_delete before delete on audit.cold_objects
  for each row execute function audit.refuse_change();
create trigger cold_objects_no_truncate before truncate on audit.cold_objects
  for each statement execute function audit.refuse_change();

-- Restores: which archives were brought back, and what their verification found.
create table audit.restores (
  id bigserial primary key,
  month date not null check (month = date_trunc('month', month)::date),
  archive_ids bigint[] not null check (cardinality(archive_ids) > 0),
  requested_at timestamptz not null default now(),
  verified_at timestamptz,
  ok boolean,
  problem text,
  first_bad_seq bigint,
  rows_restored bigint
);
create table audit.restored_rows (
  restore_id bigint not null references audit.restores (id),
  archive_id bigint not null references audit.archives (id),
  line_no bigint not null check (line_no >= 1),
  row jsonb not null,
  primary key (restore_id, archive_id, line_no)
);
comment on table audit.restored_rows is 'Archived audit rows brought back from object storage, one per NDJSON line.';
revoke all on audit.cold_objects, audit.restores, audit.restored_rows from public, anon, authenticated, service_role;
revoke all on sequence audit.restores_id_seq from public, anon, authenticated, service_role;

create function audit.event_one(action text, resource text, outcome text, metadata jsonb) returns void
language sql volatile security definer set search_path = '' as $$
  select audit.write_events(jsonb_build_array(jsonb_build_object('action', action, 'resource', resource,
    'outcome', outcome, 'data_classification', 'CONFIDENTIAL', 'metadata', metadata)))
$$;

-- Archives whose content is still in Postgres and has no object yet, oldest first.
create function audit.cold_archive_pending(p_limit integer default 100)
returns table (archive_id bigint, partition_name text, data_classification text, range_from timestamptz,
  range_to timestamptz, row_count bigint, content_sha256 text)
language sql stable security definer set search_path = '' as $$
  select a.id, a.partition_name, a.data_classification::text, a.range_from, a.range_to, a.row_count,
    encode(a.content_sha256, 'hex')
  from audit.archives a
  where a.purged_at is null and not exists (select 1 from audit.cold_objects c where c.archive_id = a.id)
  order by a.id limit least(greatest(p_limit, 1), 1000)
$$;

-- What travels beside the rows: counts, the seq set, the seals covering it and their anchors.
create function audit.cold_archive_manifest(p_archive_id bigint) returns jsonb
language sql stable security definer set search_path = '' set timezone = 'UTC' as $$
  with a as (select * from audit.archives where id = p_archive_id),
  s as (
    select s.* from audit.seals s, a
    where a.seqs is not null and a.seqs && int8multirange(int8range(s.from_seq, s.to_seq, '[]'))
  )
  select jsonb_build_object(
    'format', 'medic-bot-edge audit archive v1',
    'archive_id', a.id,
    'parent', case when a.partition_name like 'phi\_access\_audit\_log\_%' then 'phi_access_audit_log'
                   else 'audit_logs' end,
    'partition', a.partition_name,
    'data_classification', a.data_classification,
    'range_from', a.range_from, 'range_to', a.range_to, 'archived_at', a.archived_at,
    'row_count', a.row_count,
    'content_sha256', encode(a.content_sha256, 'hex'),
    'seq_range', case when a.seqs is null or isempty(a.seqs) then null
                      else jsonb_build_array(lower(a.seqs), upper(a.seqs) - 1) end,
    'seqs', a.seqs::text,
    'seals', coalesce((select jsonb_agg(jsonb_build_object('seal_id', s.id, 'from_seq', s.from_seq,
      'to_seq', s.to_seq, 'seal_hash', encode(s.seal_hash, 'hex')) order by s.id) from s), '[]'),
    'anchors', coalesce((select jsonb_agg(jsonb_build_object('seal_id', x.seal_id, 'from_seq', x.from_seq,
      'to_seq', x.to_seq, 'seal_hash', encode(x.seal_hash, 'hex'),
      'signature', translate(encode(x.signature, 'base64'), E'+/=\n', '-_'), 'key_id', x.key_id,
      'anchored_at', x.anchored_at) order by x.seal_id)
      from audit.anchors x join s on s.id = x.seal_id), '[]'))
  from a
$$;

-- The door the archiver reads an archive's rows through (one NDJSON line each, in order): audited.
create function audit.cold_archive_lines(p_archive_id bigint) returns table (line_no bigint, line text)
language plpgsql volatile security definer set search_path = '' as $$
declare
  a audit.archives;
begin
  select * into a from audit.archives x where x.id = p_archive_id;
  if not found or a.purged_at is not null then
    raise exception 'archive % has no content in the database', p_archive_id using errcode = 'P0002';
  end if;
  perform audit.event_one('audit.archive', 'audit_archives', 'success', jsonb_build_object(
    'step', 'read', 'archive_id', a.id, 'partition', a.partition_name, 'rows', a.row_count));
  if a.row_count > 0 then
    return query select t.n, t.line from string_to_table(a.content, E'\n') with ordinality t(line, n);
  end if;
end $$;

-- Purges an archive's content once its object was written and read back: the digest of what was read
-- back must be the one recorded when the month was archived. Nothing is purged otherwise.
create function audit.confirm_cold_archive(p_archive_id bigint, p_bucket text, p_data_key text,
  p_manifest_key text, p_object_sha256 text, p_object_bytes bigint, p_readback_content_sha256 text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  a audit.archives;
  meta jsonb;
begin
  select * into a from audit.archives x where x.id = p_archive_id for update;
  if not found then
    raise exception 'no archive %', p_archive_id using errcode = 'P0002';
  end if;
  if a.purged_at is not null then
    raise exception 'archive % was purged already', p_archive_id using errcode = '55000';
  end if;
  if p_readback_content_sha256 is null or p_readback_content_sha256 !~ '^[0-9a-f]{64}$'
     or p_readback_content_sha256 <> encode(a.content_sha256, 'hex') then
    raise exception 'archive %: what was read back does not match its content digest', p_archive_id
      using errcode = '22000',
        detail = format('read back %s, recorded %s', p_readback_content_sha256, encode(a.content_sha256, 'hex'));
  end if;
  if p_object_sha256 is null or p_object_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'object_sha256 must be 64 lowercase hex digits' using errcode = '22023';
  end if;
  insert into audit.cold_objects (archive_id, bucket, data_key, manifest_key, object_sha256, object_bytes)
  values (a.id, p_bucket, p_data_key, p_manifest_key, decode(p_object_sha256, 'hex'), p_object_bytes);
  perform set_config('audit.purging', 'on', true);
  update audit.archives set content = '', purged_at = now() where id = a.id;
  perform set_config('audit.purging', 'off', true);
  meta := jsonb_build_object('step', 'purged', 'archive_id', a.id, 'partition', a.partition_name,
    'class', a.data_classification, 'rows', a.row_count, 'bucket', p_bucket, 'data_key', p_data_key,
    'object_sha256', p_object_sha256, 'object_bytes', p_object_bytes,
    'content_sha256', encode(a.content_sha256, 'hex'));
  perform audit.event_one('audit.archive', 'audit_archives', 'success', meta);
  return meta;
end $$;

-- Objects past their class's delete-after (audit_retention_policy), not deleted yet.
create function audit.cold_objects_due()
returns table (archive_id bigint, bucket text, data_key text, manifest_key text)
language sql stable security definer set search_path = '' as $$
  select c.archive_id, c.bucket, c.data_key, c.manifest_key
  from audit.cold_objects c
  join audit.archives a on a.id = c.archive_id
  join public.audit_retention_policy p on p.data_classification = coalesce(a.data_classification, 'PHI')
  where c.deleted_at is null and a.range_to + make_interval(days => p.delete_after_days) <= now()
  order by c.archive_id
$$;

-- Records that retention deleted an archive's objects; refused before its delete-after.
create function audit.record_cold_object_deleted(p_archive_id bigint) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  c audit.cold_objects;
  meta jsonb;
begin
  select * into c from audit.cold_objects x where x.archive_id = p_archive_id for update;
  if not found or c.deleted_at is not null then
    raise exception 'archive % has no stored object', p_archive_id using errcode = 'P0002';
  end if;
  if not exists (select 1 from audit.cold_objects_due() d where d.archive_id = p_archive_id) then
    raise exception 'archive % is not past its delete-after', p_archive_id using errcode = '55000';
  end if;
  perform set_config('audit.cold_deleting', 'on', true);
  update audit.cold_objects set deleted_at = now() where archive_id = p_archive_id;
  perform set_config('audit.cold_deleting', 'off', true);
  meta := (select jsonb_build_object('step', 'objects_deleted', 'archive_id', a.id, 'partition', a.partition_name,
    'class', a.data_classification, 'rows', a.row_count, 'bucket', c.bucket, 'data_key', c.data_key,
    'manifest_key', c.manifest_key) from audit.archives a where a.id = p_archive_id);
  perform audit.event_one('audit.retention', 'audit_cold_objects', 'success', meta);
  return meta;
end $$;

-- Starts a restore of one month: the stored objects of its archives, to fetch. Audited.
create function audit.begin_restore(p_month date)
returns table (restore_id bigint, archive_id bigint, partition_name text, bucket text, data_key text,
  manifest_key text, object_sha256 text, object_bytes bigint, content_sha256 text, row_count bigint)
language plpgsql volatile security definer set search_path = '' as $$
declare
  ids bigint[];
  rid bigint;
begin
  if p_month is null or p_month <> date_trunc('month', p_month)::date then
    raise exception 'month must be the first day of a month' using errcode = '22023';
  end if;
  select array_agg(a.id order by a.id) into ids
  from audit.archives a join audit.cold_objects c on c.archive_id = a.id
  where a.range_from = p_month::timestamp at time zone 'UTC' and c.deleted_at is null;
  if ids is null then
    raise exception 'no stored archive for %', to_char(p_month, 'YYYY-MM') using errcode = 'P0002';
  end if;
  insert into audit.restores (month, archive_ids) values (p_month, ids) returning id into rid;
  perform audit.event_one('audit.restore', 'audit_archives', 'success', jsonb_build_object(
    'step', 'begin', 'restore_id', rid, 'month', to_char(p_month, 'YYYY-MM'), 'archive_ids', to_jsonb(ids)));
  return query
    select rid, a.id, a.partition_name, c.bucket, c.data_key, c.manifest_key, encode(c.object_sha256, 'hex'),
      c.object_bytes, encode(a.content_sha256, 'hex'), a.row_count
    from audit.archives a join audit.cold_objects c on c.archive_id = a.id
    where a.id = any (ids) order by a.id;
end $$;

-- Loads a batch of NDJSON lines of one archive into the side table, numbered from p_first_line. The
-- lines come as one text (joined by \n): an array of JSON strings would be escaped twice on the way.
create function audit.restore_rows(p_restore_id bigint, p_archive_id bigint, p_first_line bigint, p_ndjson text)
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  n integer;
begin
  if not exists (select 1 from audit.restores r where r.id = p_restore_id and p_archive_id = any (r.archive_ids)
                 and r.verified_at is null) then
    raise exception 'restore % is not open for archive %', p_restore_id, p_archive_id using errcode = '55000';
  end if;
  insert into audit.restored_rows (restore_id, archive_id, line_no, row)
  select p_restore_id, p_archive_id, p_first_line + t.n - 1, t.line::jsonb
  from string_to_table(p_ndjson, E'\n') with ordinality t(line, n);
  get diagnostics n = row_count;
  return n;
end $$;

-- Ends a restore that could not be verified (an object missing, damaged or not the recorded one): its
-- rows loaded so far are removed, so no half-restored month stays behind, and the failure is audited.
create function audit.abandon_restore(p_restore_id bigint, p_problem text) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  r audit.restores;
begin
  select * into r from audit.restores x where x.id = p_restore_id for update;
  if not found or r.verified_at is not null then
    raise exception 'restore % is not open', p_restore_id using errcode = '55000';
  end if;
  delete from audit.restored_rows where restore_id = p_restore_id;
  update audit.restores set verified_at = now(), ok = false, problem = left(p_problem, 500), rows_restored = 0
    where id = p_restore_id;
  perform audit.event_one('audit.restore', 'audit_archives', 'failure', jsonb_build_object(
    'step', 'load', 'restore_id', p_restore_id, 'month', to_char(r.month, 'YYYY-MM'),
    'error', left(p_problem, 500)));
end $$;

-- Verifies a restore against the database's own records and, for audit_logs, against the seals: every
-- archive has its row count; each audit_logs row's hash is its recomputed digest (the version its seq was
-- written under), the restored seqs are exactly the archived seq set, each row's hash prefix is the one its
-- seal recorded at its position, and each of those seals still hashes to itself, chains to its predecessor
-- and has the hash the manifest (p_manifests: the manifests read from storage) carried. PHI-access rows
-- have no seals: their NDJSON must hash to the recorded content digest. Records and audits the outcome.
create function audit.verify_restore(p_restore_id bigint, p_manifests jsonb default '[]')
returns table (ok boolean, problem text, first_bad_seq bigint, rows_checked bigint)
language plpgsql volatile security definer set search_path = '' as $$
#variable_conflict use_column
declare
  r audit.restores;
  a audit.archives;
  v2_from bigint := (select v.from_seq from audit.row_digest_versions v where v.version = 2);
  n bigint;
  total bigint := 0;
  why text;
  bad bigint;
  restored_seqs int8multirange;
  doc_hash bytea;
begin
  select * into r from audit.restores x where x.id = p_restore_id for update;
  if not found then
    raise exception 'no restore %', p_restore_id using errcode = 'P0002';
  end if;
  if jsonb_typeof(p_manifests) is distinct from 'array' then
    raise exception 'manifests must be a JSON array' using errcode = '22023';
  end if;
  for a in select * from audit.archives x where x.id = any (r.archive_ids) order by x.id loop
    exit when why is not null;
    select count(*) into n from audit.restored_rows x where x.restore_id = r.id and x.archive_id = a.id;
    total := total + n;
    if n <> a.row_count then
      why := format('archive %s: %s rows restored, %s archived', a.id, n, a.row_count);
      exit;
    end if;
    if a.seqs is null then
      select extensions.digest(convert_to(coalesce(string_agg(x.row::text, E'\n' order by x.line_no), ''), 'UTF8'),
        'sha256') into doc_hash from audit.restored_rows x where x.restore_id = r.id and x.archive_id = a.id;
      if doc_hash <> a.content_sha256 then
        why := format('archive %s: the restored rows do not hash to the recorded content digest', a.id);
      end if;
      continue;
    end if;
    select coalesce(range_agg(int8range((x.row ->> 'seq')::bigint, (x.row ->> 'seq')::bigint, '[]')), '{}')
      into restored_seqs from audit.restored_rows x where x.restore_id = r.id and x.archive_id = a.id;
    if restored_seqs <> a.seqs then
      why := format('archive %s: the restored seqs are not the archived ones', a.id);
      exit;
    end if;
    -- Each row: its digest, and its prefix at its position in its seal (seqs less the seal's missing ones).
    execute format($q$
      select min(c.seq), (array_agg(c.problem order by c.seq))[1] from (
        select (l).seq as seq, case
          when s.id is null then 'row not sealed'
          when (l).row_hash is distinct from (case when (l).seq < $3 then audit.row_digest_v1(l) else %s end)
            then 'row modified'
          when substring((l).row_hash from 1 for 8) <> substring(s.row_digests from
              ((l).seq - s.from_seq - (select count(*) from unnest(s.missing_seqs) m where m < (l).seq))::integer * 8 + 1
              for 8)
            then 'row is not the one its seal recorded'
        end as problem
        -- offset 0: each row is parsed once, not once per field the checks read
        from (select jsonb_populate_record(null::public.audit_logs, x.row) as l
              from audit.restored_rows x where x.restore_id = $1 and x.archive_id = $2 offset 0) rows
        -- the one seal that can hold the seq: the last to start at or before it (seals are contiguous)
        left join lateral (
          select p.* from (select * from audit.seals q where q.from_seq <= (l).seq order by q.from_seq desc limit 1) p
          where p.to_seq >= (l).seq) s on true
      ) c where c.problem is not null
    $q$, audit.row_digest_v2_sql('(l)')) into bad, why using r.id, a.id, v2_from;
    if why is not null then
      why := format('archive %s: %s', a.id, why);
      exit;
    end if;
    -- The seals those rows belong to: intact, chained, and as the manifest recorded them.
    select s.from_seq, case
        when audit.seal_digest(s) <> s.seal_hash then 'seal altered'
        when s.prev_hash is distinct from (select p.seal_hash from audit.seals p where p.id < s.id order by p.id desc limit 1)
          then 'seal chain broken'
        when not exists (select 1 from jsonb_array_elements(p_manifests) m
                         cross join jsonb_array_elements(m -> 'seals') ms
                         where (m ->> 'archive_id')::bigint = a.id and (ms ->> 'seal_id')::bigint = s.id
                           and ms ->> 'seal_hash' = encode(s.seal_hash, 'hex'))
          then 'seal differs from the manifest'
      end
      into bad, why
    from audit.seals s
    where a.seqs && int8multirange(int8range(s.from_seq, s.to_seq, '[]'))
      and (audit.seal_digest(s) <> s.seal_hash
        or s.prev_hash is distinct from (select p.seal_hash from audit.seals p where p.id < s.id order by p.id desc limit 1)
        or not exists (select 1 from jsonb_array_elements(p_manifests) m
                       cross join jsonb_array_elements(m -> 'seals') ms
                       where (m ->> 'archive_id')::bigint = a.id and (ms ->> 'seal_id')::bigint = s.id
                         and ms ->> 'seal_hash' = encode(s.seal_hash, 'hex')))
    order by s.id limit 1;
    if why is not null then
      why := format('archive %s: %s', a.id, why);
    end if;
  end loop;
  update audit.restores set verified_at = now(), ok = (why is null), problem = why, first_bad_seq = bad,
    rows_restored = total where id = r.id;
  perform audit.event_one('audit.restore', 'audit_archives', case when why is null then 'success' else 'failure' end,
    jsonb_build_object('step', 'verified', 'restore_id', r.id, 'month', to_char(r.month, 'YYYY-MM'),
      'rows', total, 'ok', why is null, 'problem', why, 'first_bad_seq', bad));
  return query select why is null, why, bad, total;
end $$;

revoke all on function audit.guard_cold_object_update(), audit.event_one(text, text, text, jsonb),
  audit.cold_archive_pending(integer), audit.cold_archive_manifest(bigint), audit.cold_archive_lines(bigint),
  audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text), audit.cold_objects_due(),
  audit.record_cold_object_deleted(bigint), audit.begin_restore(date),
  audit.restore_rows(bigint, bigint, bigint, text), audit.verify_restore(bigint, jsonb),
  audit.abandon_restore(bigint, text)
  from public, anon, authenticated, service_role;
-- The archiver and audit:restore run as the platform operator (the functions' login as service_role).
grant execute on function audit.cold_archive_pending(integer), audit.cold_archive_manifest(bigint),
  audit.cold_archive_lines(bigint), audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text),
  audit.cold_objects_due(), audit.record_cold_object_deleted(bigint), audit.begin_restore(date),
  audit.restore_rows(bigint, bigint, bigint, text), audit.verify_restore(bigint, jsonb),
  audit.abandon_restore(bigint, text) to service_role;
