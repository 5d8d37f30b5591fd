-- audit.scrub_metadata's fast path (20261204002000, issue 18): a value with no personal key at any depth
-- comes back as it came, and every value comes back as the previous definition (each value visited,
-- rebuilt level by level; kept here as the reference) made it — personal keys at the top, inside
-- objects, inside arrays of arrays, in camelCase, and values that are not objects at all.
begin;
create extension if not exists pgtap;
select plan(7);

create function pg_temp.scrub_reference(m jsonb) returns jsonb
language sql immutable as $$
  select case jsonb_typeof(m)
    when 'object' then coalesce(
      (select jsonb_object_agg(key, pg_temp.scrub_reference(value))
       from jsonb_each(m) where not audit.is_personal_key(key)),
      '{}'::jsonb)
    when 'array' then (select coalesce(jsonb_agg(pg_temp.scrub_reference(v)), '[]'::jsonb)
                       from jsonb_array_elements(m) v)
    else m
  end
$$;

create temp table samples (id text, m jsonb);
insert into samples values
  ('query event', '{"to":"2026-12-04T16:35:41Z","page":"first","rows":100,"route":"/","filters":{"actions":["dosing.calculate"],"outcomes":["failure"],"metadata_keys":["medication"]},"has_more":true}'),
  ('flat, personal', '{"patientName":"x","weight_band":"10-11","email":"a@b.c"}'),
  ('nested, personal deep', '{"nested":{"email":"a@b.c","ok":[{"phone":"1"},2]}}'),
  ('arrays of arrays', '[1,[2,{"zip":"90012","kept":[{"dateOfBirth":"x"}]}],{"a":{}}]'),
  ('personal key whose value is an object', '{"address":{"street":"x"},"b":[]}'),
  ('empty object', '{}'),
  ('empty array', '[]'),
  ('scalar string', '"text"'),
  ('scalar number', '42'),
  ('json null', 'null'),
  ('null', null),
  ('keys that only look personal', '{"username_hint":1,"named":2,"zipper":{"emails_sent":3}}');

select is(
  (select jsonb_agg(jsonb_build_array(id, audit.scrub_metadata(m)) order by id) from samples),
  (select jsonb_agg(jsonb_build_array(id, pg_temp.scrub_reference(m)) order by id) from samples),
  'every sample scrubs as the previous definition scrubbed it');
select is(audit.scrub_metadata((select m from samples where id = 'query event')),
  (select m from samples where id = 'query event'),
  'nested metadata without a personal key comes back as it came');
select is(audit.scrub_metadata('{"nested":{"email":"a@b.c","ok":[{"phone":"1"},2]}}'),
  '{"nested":{"ok":[{},2]}}'::jsonb, 'a personal key inside an array inside an object is removed');
select is(audit.scrub_metadata('[1,[2,{"zip":"90012","kept":[{"dateOfBirth":"x"}]}]]'),
  '[1,[2,{"kept":[{}]}]]'::jsonb, 'personal keys inside arrays of arrays are removed, camelCase too');
select is(audit.scrub_metadata(null), null, 'a null stays null');

-- Through the writer: an audit-query event's nested metadata is stored as it came.
grant select on samples to service_role;
set local role service_role;
select is(audit.write_events(jsonb_build_array(jsonb_build_object('action', 'audit.query',
  'resource', 'scrub-fast-path', 'outcome', 'success', 'correlation_id', 'scrub-fast-1',
  'metadata', (select m from samples where id = 'query event')))), 1, 'an audit-query event is written');
reset role;
select is((select metadata from public.audit_logs where correlation_id = 'scrub-fast-1'),
  (select m from samples where id = 'query event'), 'write_events stores that event''s metadata unchanged');

select * from finish();
rollback;
