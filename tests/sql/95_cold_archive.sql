-- The cold archive (20261203001410_cold_archive.sql): no app role reaches its tables or doors except the
-- platform operator through the doors; an archive's content is purged only when the digest read back
-- matches the recorded one; an object is deleted only past its delete-after; a restore verifies against
-- the seals and names a restored row that was altered.
begin;
create extension if not exists pgtap;
select plan(37);

\ir support/seal_settled.sql

-- Who may do what.
select ok(not has_table_privilege(r, 'audit.' || t, p), format('%s has no %s on audit.%s', r, p, t))
from unnest(array['anon', 'authenticated', 'service_role', 'medic_edge']) r,
     unnest(array['cold_objects', 'restored_rows']) t,
     unnest(array['select']) p;
select ok(not has_function_privilege(r, 'audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text)', 'execute'),
  format('%s cannot purge an archive', r)) from unnest(array['anon', 'authenticated']) r;
select ok(not has_function_privilege(r, 'audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text)', 'execute'),
  format('%s (the functions) cannot purge an archive (20261203001520)', r)) from unnest(array['service_role', 'medic_edge']) r;
select ok(has_function_privilege('audit_archiver', 'audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text)', 'execute'),
  'the platform operator purges through the door, as audit_archiver');
select ok(not pg_has_role('medic_edge', 'audit_archiver', 'member'), 'the functions'' login cannot take audit_archiver');
select is((select count(*)::integer from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'audit' and c.relname in ('cold_objects', 'restores', 'restored_rows')
             and pg_get_userbyid(c.relowner) in ('medic_edge', 'service_role', 'authenticated', 'anon')), 0,
  'no app role owns the new tables');

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

-- A month of three sealed rows two years back (past INTERNAL's archive-after, years before its
-- delete-after), archived the way retention archives it.
select to_char(date_trunc('month', now()) - interval '24 months', 'YYYY-MM-DD') as m,
       'audit_logs_' || to_char(date_trunc('month', now()) - interval '24 months', 'YYYY_MM') as part \gset
-- The sealer's lock first, as audit.seal takes it: a pg_cron seal (every second here) that locked
-- seal_state and then waits for the new partition's lock would otherwise deadlock with this transaction's
-- own seal below (seen once: "deadlock detected" while locking seal_state).
select count(*) from (select 1 from audit.seal_state for update) locked;
select audit.ensure_partitions_between(:'m', :'m');
select audit.write_events(jsonb_agg(jsonb_build_object('action', a, 'resource', 'cold-archive-test',
  'outcome', 'success', 'data_classification', 'INTERNAL',
  'timestamp', :'m'::timestamptz + make_interval(days => n, hours => 8))))
from (values (1, 'dosing.list'), (2, 'dosing.list'), (3, 'protocol.view')) v(n, a);
select pg_temp.seal_settled();
select audit.archive_partition('audit_logs', :'part', :'m');
-- The NDJSON as the archive holds it: its chunks in order (20261203001600).
create temp table arc as select a.id, (select string_agg(c.content, E'\n' order by c.chunk_no)
    from audit.archive_chunks c where c.archive_id = a.id) as content, encode(a.content_sha256, 'hex') as sha
  from audit.archives a where a.partition_name = :'part';
select is((select count(*)::integer from audit.cold_archive_pending() p join arc on arc.id = p.archive_id), 1,
  'the archived month waits for cold storage');
select is((select (audit.cold_archive_manifest(id) ->> 'row_count')::integer from arc), 3, 'its manifest counts its rows');
select ok((select jsonb_array_length(audit.cold_archive_manifest(id) -> 'seals') >= 1 from arc),
  'and names the seals covering them');
select is((select d.ndjson from arc, pg_temp.door_ndjson(arc.id) d), (select content from arc),
  'the door gives the archived NDJSON, chunk by chunk');
select is((select count(*)::integer from public.audit_logs where action = 'audit.archive'
  and metadata ->> 'step' = 'read' and (metadata ->> 'archive_id')::bigint = (select id from arc)), 1,
  'and the read is audited');

-- A read back that does not match purges nothing.
select throws_ok(format($$select audit.confirm_cold_archive(%s, 'audit-archive', 'k.ndjson.gz', 'k.manifest.json',
    repeat('ab', 32), 10, repeat('00', 32))$$, (select id from arc)),
  '22000', null, 'a read-back digest that differs is refused');
select is((select purged_at is null and exists (select 1 from audit.archive_chunks c where c.archive_id = a.id)
  from audit.archives a where a.id = (select id from arc)), true, 'and the content stays in Postgres');
select is((select count(*)::integer from audit.cold_objects where archive_id = (select id from arc)), 0,
  'and no object is recorded');

-- A matching one purges the content and records the object, audited.
select lives_ok(format($$select audit.confirm_cold_archive(%s, 'audit-archive', 'k.ndjson.gz', 'k.manifest.json',
    repeat('ab', 32), 10, %L)$$, (select id from arc), (select sha from arc)), 'a matching read-back is accepted');
select is((select content = '' and purged_at is not null from audit.archives where id = (select id from arc)), true,
  'the content leaves Postgres');
select is((select count(*)::integer from audit.archive_chunks where archive_id = (select id from arc)), 0,
  'its chunks with it');
select ok(exists (select 1 from public.audit_logs where action = 'audit.archive' and metadata ->> 'step' = 'purged'
  and (metadata ->> 'archive_id')::bigint = (select id from arc)), 'the purge is an audit event');
select ok((select ok from audit.verify()), 'audit.verify still accounts for every archived seq');
select throws_ok($$update audit.cold_objects set data_key = 'elsewhere'$$, '42501', null,
  'an object record cannot be rewritten');
select throws_ok(format('select audit.record_cold_object_deleted(%s)', (select id from arc)), '55000', null,
  'nor marked deleted before its delete-after');

-- Restores: an altered row is named; the intact rows verify.
create temp table rs1 as select distinct restore_id from audit.begin_restore(:'m');
select audit.restore_rows((select restore_id from rs1), (select id from arc), 1,
  (select string_agg(case when n = 2 then replace(line, '"dosing.list"', '"dosing.calculate"') else line end, E'\n'
     order by n)
   from string_to_table((select content from arc), E'\n') with ordinality t(line, n)));
create temp table v1 as select * from audit.verify_restore((select restore_id from rs1),
  jsonb_build_array(audit.cold_archive_manifest((select id from arc))));
select is((select ok from v1), false, 'a restored row that was altered fails verification');
select alike((select problem from v1), '%row modified%', 'as a modified row');
select is((select first_bad_seq from v1),
  (select (line::jsonb ->> 'seq')::bigint from string_to_table((select content from arc), E'\n') with ordinality t(line, n)
   where n = 2), 'naming its seq');

-- A restore abandoned part-way leaves none of its rows behind.
create temp table rs0 as select distinct restore_id from audit.begin_restore(:'m');
select audit.restore_rows((select restore_id from rs0), (select id from arc), 1,
  split_part((select content from arc), E'\n', 1));
select audit.abandon_restore((select restore_id from rs0), 'object damaged');
select is((select count(*)::integer from audit.restored_rows where restore_id = (select restore_id from rs0)), 0,
  'an abandoned restore leaves no rows');
select is((select ok from audit.restores where id = (select restore_id from rs0)), false, 'and is recorded as failed');
select ok(exists (select 1 from public.audit_logs where action = 'audit.restore' and outcome = 'failure'
  and (metadata ->> 'restore_id')::bigint = (select restore_id from rs0)), 'audited');

create temp table rs2 as select distinct restore_id from audit.begin_restore(:'m');
select audit.restore_rows((select restore_id from rs2), (select id from arc), 1, (select content from arc));
select is((select ok from audit.verify_restore((select restore_id from rs2),
  jsonb_build_array(audit.cold_archive_manifest((select id from arc))))), true, 'the intact rows verify against the seals');

select * from finish();
rollback;
