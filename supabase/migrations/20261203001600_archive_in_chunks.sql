-- No 1 GB cap on a month (issue 20). audit.archive_partition built a month's NDJSON as one text value,
-- which Postgres caps at 1 GB (about 1.2M audit rows), and the archiver read it back through a door that
-- split it in one piece. A month is now archived in chunks of at most `chunk_lines` lines (keyset pages by
-- seq, or by id for the PHI-access log) into audit.archive_chunks, each hashed as it is written, so any
-- month size works with bounded memory. The content digest of a chunked archive is the sha256 of its
-- chunks' sha256s in order (a one-level hash list: no single value holds the month, so no single sha256 of
-- it can be computed in SQL); the archiver and the restore compute the same over the stream, and
-- audit.confirm_cold_archive still purges only on a read-back with that digest. Archives made before this
-- migration keep their one text value and its plain sha256 (chunk_lines null); both kinds are read alike.
--
-- audit.cold_archive_read is the archiver's door: audited once, it opens a cursor over the archive's
-- chunks that the archiver fetches one chunk at a time in the same transaction. audit.cold_archive_lines
-- stays, restated over the chunks. Purging (the cold archive's confirmation, or retention past the
-- delete-after) deletes the chunks in the same statement, through a trigger on the archive row.

alter table audit.archives add column chunk_lines integer check (chunk_lines between 1 and 1000000);
comment on column audit.archives.chunk_lines is
  'Lines per chunk in audit.archive_chunks; null: the NDJSON is in content (archives before 20261203001600).';

create table audit.archive_chunks (
  archive_id bigint not null references audit.archives (id) deferrable initially deferred,
  chunk_no integer not null check (chunk_no >= 0),
  line_count integer not null check (line_count > 0),
  sha256 bytea not null check (length(sha256) = 32),
  content text compression lz4 not null,
  primary key (archive_id, chunk_no)
);
comment on table audit.archive_chunks is
  'An archived month''s NDJSON in chunks of at most audit.archives.chunk_lines lines, each with its sha256.';
revoke all on audit.archive_chunks from public, anon, authenticated, service_role;

-- Chunks are append-only; they leave only with their archive's purge (audit.purging is on in both paths).
create function audit.guard_archive_chunk_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'DELETE' and current_setting('audit.purging', true) = 'on'
     and exists (select 1 from audit.archives a where a.id = old.archive_id and a.purged_at is not null) then
    return old;
  end if;
  raise exception 'archive chunks are append-only (they leave only when their archive is purged)'
    using errcode = 'insufficient_privilege';
end $$;
create trigger archive_chunks_no_update before update or delete on audit.archive_chunks
  for each row execute function audit.guard_archive_chunk_change();
create trigger archive_chunks_no_truncate before truncate on audit.archive_chunks
  for each statement execute function audit.refuse_change();

create function audit.purge_archive_chunks() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from audit.archive_chunks c where c.archive_id = new.id;
  return null;
end $$;
create trigger archives_purge_chunks after update of purged_at on audit.archives
  for each row when (old.purged_at is null and new.purged_at is not null)
  execute function audit.purge_archive_chunks();

-- The guard of 20261122000760, with chunk_lines among the columns that never change.
create or replace function audit.guard_archive_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_setting('audit.purging', true) = 'on' and new.content = '' and new.purged_at is not null
     and old.purged_at is null
     and (new.id, new.partition_name, new.range_from, new.range_to, new.row_count, new.seqs, new.content_sha256,
          new.archived_at, new.data_classification, new.chunk_lines)
       is not distinct from (old.id, old.partition_name, old.range_from, old.range_to, old.row_count, old.seqs,
          old.content_sha256, old.archived_at, old.data_classification, old.chunk_lines) then
    return new;
  end if;
  raise exception 'audit archives are append-only (only the retention job purges content)'
    using errcode = 'insufficient_privilege';
end $$;

-- Archives one month of `parent` per class, in chunks, and drops it. Returns [{partition, class, rows}].
-- 5,000 lines is about 4 MB of NDJSON for a typical row: a chunk stays far below 1 GB even for rows of
-- 100 KB, and each page is one index range scan on seq (id) from where the previous one stopped.
create or replace function audit.archive_partition(parent text, partition_name text, range_from timestamptz)
returns jsonb
language plpgsql security definer set search_path = '' set timezone = 'UTC' as $$
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
  return out;
end $$;

-- The archiver's door: audited once, then a cursor named cold_archive_<id> over the archive's chunks
-- (chunk_no, line_count, content), which the caller fetches one at a time in the same transaction. An
-- archive from before chunking is one chunk: its whole content.
create function audit.cold_archive_read(p_archive_id bigint) returns refcursor
language plpgsql volatile security definer set search_path = '' as $$
declare
  a audit.archives;
  c refcursor := 'cold_archive_' || p_archive_id;
begin
  select * into a from audit.archives x where x.id = p_archive_id;
  if not found or a.purged_at is not null then
    raise exception 'archive % has no content in the database', p_archive_id using errcode = 'P0002';
  end if;
  perform audit.event_one('audit.archive', 'audit_archives', 'success', jsonb_build_object(
    'step', 'read', 'archive_id', a.id, 'partition', a.partition_name, 'rows', a.row_count));
  if a.chunk_lines is null then
    open c for select 0 as chunk_no, a.row_count::integer as line_count, a.content
      where a.row_count > 0;
  else
    open c for select x.chunk_no, x.line_count, x.content from audit.archive_chunks x
      where x.archive_id = p_archive_id order by x.chunk_no;
  end if;
  return c;
end $$;

-- The line door of 20261203001410, restated over the chunks.
create or replace function audit.cold_archive_lines(p_archive_id bigint) returns table (line_no bigint, line text)
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
  if a.row_count = 0 then
    return;
  elsif a.chunk_lines is null then
    return query select t.n, t.line from string_to_table(a.content, E'\n') with ordinality t(line, n);
  else
    return query select c.chunk_no::bigint * a.chunk_lines + t.n, t.line
      from audit.archive_chunks c cross join lateral string_to_table(c.content, E'\n') with ordinality t(line, n)
      where c.archive_id = a.id order by c.chunk_no, t.n;
  end if;
end $$;

-- The manifest of 20261203001410, which now also says how content_sha256 was computed.
create or replace function audit.cold_archive_manifest(p_archive_id bigint) returns jsonb
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
    'content_digest', case when a.chunk_lines is null then jsonb_build_object('method', 'sha256')
      else jsonb_build_object('method', 'sha256 of the chunk sha256s', 'chunk_lines', a.chunk_lines) end,
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

-- verify_restore of 20261203001410; a chunked PHI-access archive is checked against its hash list.
-- Verifies a restore against the database's own records and, for audit_logs, against the seals: every
-- archive has its row count; each audit_logs row's hash is its recomputed digest (the version its seq was
-- written under), the restored seqs are exactly the archived seq set, each row's hash prefix is the one its
-- seal recorded at its position, and each of those seals still hashes to itself, chains to its predecessor
-- and has the hash the manifest (p_manifests: the manifests read from storage) carried. PHI-access rows
-- have no seals: their NDJSON must hash to the recorded content digest. Records and audits the outcome.
create or replace function audit.verify_restore(p_restore_id bigint, p_manifests jsonb default '[]')
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
    if a.seqs is null and a.chunk_lines is null then
      select extensions.digest(convert_to(coalesce(string_agg(x.row::text, E'\n' order by x.line_no), ''), 'UTF8'),
        'sha256') into doc_hash from audit.restored_rows x where x.restore_id = r.id and x.archive_id = a.id;
    elsif a.seqs is null then
      -- The hash list, chunk by chunk: no value ever holds the whole month.
      select sha256(coalesce(string_agg(c.h, ''::bytea order by c.k), ''::bytea)) into doc_hash from (
        select (x.line_no - 1) / a.chunk_lines as k,
          sha256(convert_to(string_agg(x.row::text, E'\n' order by x.line_no), 'UTF8')) as h
        from audit.restored_rows x where x.restore_id = r.id and x.archive_id = a.id group by 1) c;
    end if;
    if a.seqs is null then
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

revoke all on function audit.guard_archive_chunk_change(), audit.purge_archive_chunks(),
  audit.cold_archive_read(bigint) from public, anon, authenticated, service_role;
grant execute on function audit.cold_archive_read(bigint) to audit_archiver;
