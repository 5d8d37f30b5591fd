-- The personal-key rule once per write_events call (20261204004000, issue 18): audit.personal_keys holds
-- the rule and gives, for any list of keys, exactly the keys the previous audit.is_personal_key called
-- personal (kept here as the reference); is_personal_key still answers key by key; and write_events, which
-- now asks the rule once over every key at every depth of its batch, stores every event's metadata as the
-- previous definitions did — removed where a key at any depth is personal, as it came otherwise — whether
-- the event comes alone or in a batch beside others whose keys are personal.
begin;
create extension if not exists pgtap;
select plan(10);

create function pg_temp.is_personal_key_reference(k text) returns boolean
language sql immutable as $$
  select lower(regexp_replace(k, '([a-z0-9])([A-Z])', '\1_\2', 'g')) ~ (
    '^(.*_)?(name|first_?name|last_?name|full_?name|given_?name|family_?name|dob|date_?of_?birth|' ||
    'birth_?date|birthday|ssn|social_?security(_?number)?|email|e_?mail(_?address)?|mrn|' ||
    'medical_?record(_?number)?|phone|phone_?number|telephone|mobile|cell|address|street|' ||
    'home_?address|zip|zip_?code|postal_?code|password|passwd|secret|api_?key|token|' ||
    'driver_?license|license_?number|insurance_?id)$')
$$;
-- 67_scrub_metadata_fast_path.sql's reference: every value visited, rebuilt level by level.
create function pg_temp.scrub_reference(m jsonb) returns jsonb
language sql immutable as $$
  select case jsonb_typeof(m)
    when 'object' then coalesce(
      (select jsonb_object_agg(key, pg_temp.scrub_reference(value))
       from jsonb_each(m) where not pg_temp.is_personal_key_reference(key)),
      '{}'::jsonb)
    when 'array' then (select coalesce(jsonb_agg(pg_temp.scrub_reference(v)), '[]'::jsonb)
                       from jsonb_array_elements(m) v)
    else m
  end
$$;

create temp table keys (k text);
insert into keys values ('email'), ('patientName'), ('first_name'), ('firstName'), ('dateOfBirth'),
  ('homeAddress'), ('zip'), ('zipper'), ('username_hint'), ('named'), ('emails_sent'), ('API_KEY'),
  ('apiKey'), ('x_token'), ('tokens'), ('medication'), ('rows'), ('has_more'), ('metadata_keys'),
  ('rate_limit_class'), ('Name'), ('NAME'), ('cellPhone'), (''), ('ÄddressName'), ('a_b_ssn'), ('ssn_last4');

select is(
  (select array_agg(p order by p) from unnest(audit.personal_keys((select array_agg(k) from keys))) p),
  (select array_agg(k order by k) from keys where pg_temp.is_personal_key_reference(k)),
  'personal_keys of a list gives the keys the previous rule called personal, and only them');
select is(
  (select count(*) from keys where audit.is_personal_key(k) is distinct from pg_temp.is_personal_key_reference(k)),
  0::bigint, 'is_personal_key answers each key as the previous rule did');
select is(audit.is_personal_key(null), null, 'is_personal_key of null is null, as before');
select is(audit.personal_keys('{}'), null, 'personal_keys of no key is null');

create temp table samples (id text, m jsonb);
insert into samples values
  ('query event', '{"to":"2026-12-04T16:35:41Z","page":"first","rows":100,"route":"/","filters":{"actions":["dosing.calculate"],"outcomes":["failure"],"metadata_keys":["medication"]},"has_more":true}'),
  ('flat, personal', '{"patientName":"x","weight_band":"10-11","email":"a@b.c"}'),
  ('flat, plain', '{"medication":"naloxone","weight_band":"10-11"}'),
  ('nested, personal deep', '{"nested":{"email":"a@b.c","ok":[{"phone":"1"},2]}}'),
  ('arrays of arrays', '[1,[2,{"zip":"90012","kept":[{"dateOfBirth":"x"}]}],{"a":{}}]'),
  ('a personal key as a value, not a key', '{"fields":["email","phone"],"note":{"kind":"email"}}'),
  ('personal key whose value is an object', '{"address":{"street":"x"},"b":[]}'),
  ('empty object', '{}'),
  ('empty array', '[]'),
  ('scalar string', '"text"'),
  ('scalar number', '42'),
  ('null', null),
  ('keys that only look personal', '{"username_hint":1,"named":2,"zipper":{"emails_sent":3}}');

select is(
  (select jsonb_agg(jsonb_build_array(id, audit.scrub_metadata(m)) order by id) from samples),
  (select jsonb_agg(jsonb_build_array(id, pg_temp.scrub_reference(m)) order by id) from samples),
  'scrub_metadata scrubs every sample as the previous definitions did');

-- Through the writer, which stores objects only (audit_logs_metadata_check): each sample alone (a one-event
-- call), then all of them in one batch (personal keys of some values beside values without), then the plain
-- ones in a batch of their own.
delete from samples where jsonb_typeof(m) <> 'object';
create temp table expected as
  select id, coalesce(pg_temp.scrub_reference(m), '{}'::jsonb) as m from samples;
grant select on samples, expected to service_role;
set local role service_role;
select is(
  (select sum(audit.write_events(jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('action', 'audit.query',
     'resource', 'rule-once-89', 'outcome', 'success', 'correlation_id', 'alone-89:' || s.id)) ||
     jsonb_build_object('metadata', s.m))))
   from samples s),
  (select count(*) from samples)::bigint, 'each sample written alone');
select is(audit.write_events((select jsonb_agg(jsonb_build_object('action', 'audit.query',
    'resource', 'rule-once-89', 'outcome', 'success', 'correlation_id', 'batch-89:' || s.id, 'metadata', s.m))
  from samples s)), (select count(*) from samples)::integer, 'all samples written in one batch');
select is(audit.write_events((select jsonb_agg(jsonb_build_object('action', 'audit.query',
    'resource', 'rule-once-89', 'outcome', 'success', 'correlation_id', 'plain-89:' || s.id, 'metadata', s.m))
  from samples s where s.id in ('query event', 'flat, plain', 'a personal key as a value, not a key',
                                'keys that only look personal', 'empty object'))),
  5, 'the samples without a personal key written in a batch of their own');
select throws_ok($$select audit.write_events('[{"action":"audit.query","resource":"rule-once-89",
    "outcome":"success","metadata":[{"email":"a@b.c"}]}]')$$, '23514', null,
  'metadata that is not an object is refused, as before');
reset role;

select is(
  (select jsonb_agg(jsonb_build_array(l.correlation_id, l.metadata) order by l.correlation_id)
   from public.audit_logs l where l.resource = 'rule-once-89'),
  (select jsonb_agg(jsonb_build_array(c.p || e.id, e.m) order by c.p || e.id)
   from expected e cross join (values ('alone-89:'), ('batch-89:'), ('plain-89:')) c(p)
   where c.p <> 'plain-89:' or e.id in ('query event', 'flat, plain', 'a personal key as a value, not a key',
                                        'keys that only look personal', 'empty object')),
  'every stored metadata is the previous definitions'' scrub of what was sent (an empty object for none)');

select * from finish();
rollback;
