-- audit.scrub_metadata returns metadata as it came when no key at any depth is personal, and recurses
-- only into objects and arrays (issue 18, audited reads). Every audit-query event carries nested metadata
-- (`filters`, arrays of actions and outcomes), which write_events hands to this function row by row; it
-- called itself on every value, scalars included, and a SQL function with a SET clause is planned again
-- on each call: 16 calls, ~1.1 ms of a read's ~3.5 ms write_events (pg_stat_statements, dev stack under
-- load), 1.4-1.6 ms an event over 200 stored audit.query metadata values against 0.23-0.47 ms now.
--
-- Same output for every input: scrubbing removes personal keys and keeps everything else, so a value
-- with none at any depth is its own scrub (an empty object or array included), and a scalar's scrub is
-- the scalar. When a personal key is found, the value is rebuilt as before, level by level
-- (tests/sql/67_scrub_metadata_fast_path.sql; 86_audit_writer_batches.sql and
-- 65_audit_writer_compact_batch.sql scrub through write_events). CREATE OR REPLACE keeps the owner and the
-- grants; the SET clause is restated as 20261203002200 made it (pg_catalog, then pg_temp last; pgTAP 75).
create or replace function audit.scrub_metadata(m jsonb) returns jsonb
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select case
    -- every key of every object, at any depth (`.**` walks arrays too)
    when not exists (
        select from pg_catalog.jsonb_path_query(m,
          'strict $.** ? (@.type() == "object").keyvalue().key'::pg_catalog.jsonpath) k
        where audit.is_personal_key(k #>> '{}'))
      then m
    when pg_catalog.jsonb_typeof(m) = 'object' then coalesce(
      (select pg_catalog.jsonb_object_agg(e.key,
                case when pg_catalog.jsonb_typeof(e.value) in ('object', 'array')
                  then audit.scrub_metadata(e.value) else e.value end)
       from pg_catalog.jsonb_each(m) e where not audit.is_personal_key(e.key)),
      '{}'::jsonb)
    when pg_catalog.jsonb_typeof(m) = 'array' then
      (select coalesce(pg_catalog.jsonb_agg(case when pg_catalog.jsonb_typeof(v) in ('object', 'array')
                                              then audit.scrub_metadata(v) else v end), '[]'::jsonb)
       from pg_catalog.jsonb_array_elements(m) v)
    else m
  end
$$;
