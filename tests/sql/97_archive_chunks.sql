-- A month archived in chunks (20261203001600): no single value holds it; each chunk is hashed and the
-- content digest is the sha256 of the chunk digests in order; chunks are append-only and leave with the
-- purge; the door gives the lines in order; a PHI-access month restores against its hash list.
begin;
create extension if not exists pgtap;
select plan(12);

-- The archive's NDJSON as the archiver reads it: through the door audit.cold_archive_read, a cursor
-- fetched chunk by chunk; returns the chunks and lines fetched and their content joined.
create function pg_temp.door_ndjson(p_archive_id bigint) returns table (chunks integer, lines bigint, ndjson text)
language plpgsql as $$
declare
  c refcursor := audit.cold_archive_read(p_archive_id);
  r record;
  parts text[] := '{}';
  n bigint := 0;
begin
  loop
    fetch c into r;
    exit when not found;
    parts := parts || r.content;
    n := n + r.line_count;
  end loop;
  close c;
  return query select cardinality(parts), n, array_to_string(parts, E'\n');
end $$;

-- 12,001 PHI-access rows in a month long past: three chunks of 5,000, 5,000 and 2,001 lines.
select audit.ensure_partition('phi_access_audit_log', '2001-03-01') as p \gset
insert into public.phi_access_audit_log (occurred_at, actor_role, table_name, operation)
select '2001-03-05'::timestamptz + make_interval(secs => g), 'authenticated/paramedic', 't97-chunks', 'INSERT'
from generate_series(1, 12001) g;
select audit.archive_partition('phi_access_audit_log', :'p', '2001-03-01');
create temp table arc as select a.id, a.row_count, a.chunk_lines, encode(a.content_sha256, 'hex') as sha, a.content
  from audit.archives a where a.partition_name = :'p';

select results_eq($$select row_count, chunk_lines, content from arc$$, $$values (12001::bigint, 5000, '')$$,
  'the archive row counts the month and holds no text of its own');
select results_eq($$select line_count from audit.archive_chunks where archive_id = (select id from arc) order by chunk_no$$,
  $$values (5000), (5000), (2001)$$, 'the lines are in chunks of 5,000');
select is((select bool_and(sha256 = sha256(convert_to(content, 'UTF8'))) from audit.archive_chunks
           where archive_id = (select id from arc)), true, 'each chunk carries its own digest');
select is((select sha from arc), (select encode(sha256(string_agg(c.sha256, ''::bytea order by c.chunk_no)), 'hex')
           from audit.archive_chunks c where c.archive_id = (select id from arc)),
  'the content digest is the sha256 of the chunk digests in order');
create temp table door as select * from pg_temp.door_ndjson((select id from arc));
select results_eq($$select chunks, lines from door$$, $$values (3, 12001::bigint)$$,
  'the door gives every line, a chunk per fetch');
select is((select ndjson from door),
  (select string_agg(content, E'\n' order by chunk_no) from audit.archive_chunks where archive_id = (select id from arc)),
  'in order, across the chunks');
select throws_ok(format($$update audit.archive_chunks set content = '{}' where archive_id = %s$$, (select id from arc)),
  '42501', null, 'a chunk cannot be rewritten');
select throws_ok(format($$delete from audit.archive_chunks where archive_id = %s$$, (select id from arc)),
  '42501', null, 'nor deleted outside the purge');

-- Confirmed in storage: the purge takes the chunks with it.
create temp table ndjson as select string_agg(content, E'\n' order by chunk_no) as content
  from audit.archive_chunks where archive_id = (select id from arc);
select audit.confirm_cold_archive((select id from arc), 'audit-archive', 't97.ndjson.gz', 't97.manifest.json',
  repeat('ab', 32), 10, (select sha from arc));
select is((select count(*)::integer from audit.archive_chunks where archive_id = (select id from arc)), 0,
  'the purge deletes the chunks');

-- Restored: the intact rows verify against the hash list; one altered row does not.
create temp table rs1 as select distinct restore_id from audit.begin_restore('2001-03-01');
select audit.restore_rows((select restore_id from rs1), (select id from arc), 1, (select content from ndjson));
select is((select ok from audit.verify_restore((select restore_id from rs1), '[]')), true,
  'the restored month hashes to its recorded digest, chunk by chunk');
create temp table rs2 as select distinct restore_id from audit.begin_restore('2001-03-01');
select audit.restore_rows((select restore_id from rs2), (select id from arc), 1,
  regexp_replace((select content from ndjson), '"INSERT"', '"DELETE"'));
create temp table v2 as select * from audit.verify_restore((select restore_id from rs2), '[]');
select is((select ok from v2), false, 'one altered row fails it');
select alike((select problem from v2), '%do not hash to the recorded content digest%', 'named as a digest mismatch');

select * from finish();
rollback;
