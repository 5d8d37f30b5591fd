-- The audit writer keeps its statements' plans (20261205033000, issue 18): write_events plans as
-- force_generic_plan in its own SET clause (its other settings and body as before), audit.pseudonym_key and
-- audit.personal_keys are PL/pgSQL. Nothing written changes: for the same batches, the previous definition
-- (rebuilt here: write_events' body with plan_cache_mode = auto and the two helpers as the SQL functions they
-- were) and the new one write the same audit rows in the same order (each row hash its row's digest), the same
-- write ledger and reveal-period rows and the same pseudonyms — small batches (ON CONFLICT) and large ones (the
-- plain insert), personal metadata scrubbed, a spool event, a user without a pseudonym yet. The key is still
-- read from Vault on every call: a key changed in Vault is the next call's key, on the same connection.
begin;
create extension if not exists pgtap;
select plan(16);

select ok((select p.prosecdef and p.prolang = (select oid from pg_language where lanname = 'plpgsql')
             and p.proconfig @> array['search_path=pg_catalog, pg_temp', 'enable_mergejoin=off',
                                      'plan_cache_mode=force_generic_plan']
             and cardinality(p.proconfig) = 3
           from pg_proc p where p.oid = 'audit.write_events(jsonb)'::regprocedure),
  'write_events: security definer, search_path and enable_mergejoin as before, force_generic_plan');
select ok((select p.prosecdef and p.provolatile = 's' and p.proconfig = array['search_path=pg_catalog, pg_temp']
             and p.prolang = (select oid from pg_language where lanname = 'plpgsql')
           from pg_proc p where p.oid = 'audit.pseudonym_key()'::regprocedure),
  'pseudonym_key: a stable security definer in PL/pgSQL, searching pg_catalog then pg_temp');
select ok((select not p.prosecdef and p.provolatile = 'i' and p.proconfig = array['search_path=pg_catalog, pg_temp']
           from pg_proc p where p.oid = 'audit.personal_keys(text[])'::regprocedure),
  'personal_keys: immutable, invoker, same search_path');

-- The two helpers as they were (20261122000210 / 20261203002200, 20261204004000).
create function pg_temp.pseudonym_key_previous() returns bytea
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select decode(decrypted_secret, 'hex') from vault.decrypted_secrets where name = 'audit_pseudonym_key'
$$;
create function pg_temp.personal_keys_previous(keys text[]) returns text[]
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select pg_catalog.array_agg(k)
  from pg_catalog.unnest(keys) k
  where pg_catalog.lower(pg_catalog.regexp_replace(k, '([a-z0-9])([A-Z])', '\1_\2', 'g')) operator(pg_catalog.~) (
    '^(.*_)?(name|first_?name|last_?name|full_?name|given_?name|family_?name|dob|date_?of_?birth|' ||
    'birth_?date|birthday|ssn|social_?security(_?number)?|email|e_?mail(_?address)?|mrn|' ||
    'medical_?record(_?number)?|phone|phone_?number|telephone|mobile|cell|address|street|' ||
    'home_?address|zip|zip_?code|postal_?code|password|passwd|secret|api_?key|token|' ||
    'driver_?license|license_?number|insurance_?id)$')
$$;

select is(audit.pseudonym_key(), pg_temp.pseudonym_key_previous(), 'pseudonym_key gives the key it gave');
select ok(length(audit.pseudonym_key()) = 32, 'a 32-byte key, not null');

create temp table keys103 (k text);
insert into keys103 values ('email'), ('patientName'), ('first_name'), ('firstName'), ('dateOfBirth'),
  ('homeAddress'), ('zip'), ('zipper'), ('username_hint'), ('named'), ('API_KEY'), ('apiKey'), ('x_token'),
  ('tokens'), ('medication'), ('rows'), ('Name'), ('cellPhone'), (''), ('ÄddressName'), ('ssn_last4'), (null);
select is(audit.personal_keys((select array_agg(k order by k) from keys103)),
  pg_temp.personal_keys_previous((select array_agg(k order by k) from keys103)),
  'personal_keys gives, in the same order, the keys the previous definition gave');
select ok(audit.personal_keys('{}') is null and audit.personal_keys(null) is null
            and audit.personal_keys(array['rows']) is null,
  'personal_keys of no key, of null, of no personal key: null, as before');

-- The previous write_events: the deployed body with the previous setting and helpers. Each piece replaced is
-- found exactly once, so a later change of write_events makes this test say so instead of comparing less.
create temp table def103 as select pg_get_functiondef('audit.write_events(jsonb)'::regprocedure) as d;
select is((select array[
    (length(d) - length(replace(d, 'plan_cache_mode TO ''force_generic_plan''', ''))) / length('plan_cache_mode TO ''force_generic_plan'''),
    (length(d) - length(replace(d, 'audit.pseudonym_key()', ''))) / length('audit.pseudonym_key()'),
    (length(d) - length(replace(d, 'audit.personal_keys(', ''))) / length('audit.personal_keys('),
    (length(d) - length(replace(d, 'audit.write_events(', ''))) / length('audit.write_events(')]
  from def103), array[1, 1, 1, 1], 'the previous definition is rebuilt from one replacement of each part');
do $$
begin
  execute (select replace(replace(replace(replace(d,
    'audit.write_events(', 'pg_temp.write_events_previous('),
    'plan_cache_mode TO ''force_generic_plan''', 'plan_cache_mode TO ''auto'''),
    'audit.pseudonym_key()', 'pg_temp.pseudonym_key_previous()'),
    'audit.personal_keys(', 'pg_temp.personal_keys_previous(') from def103);
end $$;

-- A batch as the pipeline sends it: n events of one organization, users u103-1 and u103-2 (and, with
-- `fresh`, a third user and new addresses never seen), a session and agent each, personal metadata in one,
-- a spool event 20 minutes old in another.
create function pg_temp.batch103(tag text, n int, fresh boolean) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object(
    'event_id', md5(tag || i)::uuid, 'timestamp', now() - make_interval(secs => i),
    'organization_id', 'cccccccc-1030-4000-8000-00000000000c',
    'user_id', format('c1030000-0000-4000-8000-%s', lpad((case when fresh and i = 1 then 3 else 1 + i % 2 end)::text, 12, '0')),
    'user_role', 'paramedic', 'session_id', 'sess-103-' || (i % 2),
    'action', 'audit.query', 'resource', 'plans-103', 'outcome', 'success',
    'metadata', case i % 3
      when 0 then jsonb_build_object('route', '/audit-query/logs', 'rows', i, 'has_more', false)
      when 1 then jsonb_build_object('route', '/x', 'nested', jsonb_build_object('email', 'a@b.c', 'firstName', 'x', 'ok', 1))
      else '{}'::jsonb end,
    'ip_address', case when fresh then format('10.103.%s.%s', length(tag), i) else '10.103.0.' || (i % 2) end,
    'user_agent', 'Agent103/' || (i % 2), 'duration_ms', i, 'correlation_id', tag || '-' || i,
    'data_classification', 'CONFIDENTIAL', 'event_version', 1)
    || case when i = 2 then jsonb_build_object('origin', 'spool', 'timestamp', now() - interval '20 minutes')
            else '{}'::jsonb end
    order by i)
  from generate_series(1, n) i
$$;

create function pg_temp.value_of(p uuid) returns text language sql as $$
  select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted) from audit.pseudonym_mapping m
  where m.pseudonym = p
$$;

-- This file's rows after `last`: never another session's, which the stack's own jobs may write meanwhile (a CI run
-- once saw flush-metrics' audit.anchor row and its new mappings land between a call and its read).
create function pg_temp.ours103(last bigint) returns setof public.audit_logs language sql as $$
  select l.* from public.audit_logs l
  where l.seq > last and l.organization_id = 'cccccccc-1030-4000-8000-00000000000c'
$$;

-- What a call writes, taken inside a subtransaction that is then undone: both definitions write the same batch
-- from the same state. The sequence is not put back (the stack's own writers draw from it meanwhile: CI run 224
-- saw one take a seq inside a batch, and a seq handed out twice once set back), so the rows are compared in seq
-- order without their seqs, the ledger row as whether it names exactly the batch's seqs, and each row's hash is
-- checked to be its row's digest. The price of the concurrency: a writer that skips seqs is no longer seen.
create function pg_temp.written103(fn text, batch jsonb) returns jsonb language plpgsql as $$
declare
  last bigint;
  result jsonb;
begin
  select s.last_value into last from audit.audit_logs_seq s;
  begin
    execute format('select %s($1)', fn) using batch;
    select jsonb_build_object(
      'rows', (select jsonb_agg(to_jsonb(l) - array['actor_pseudonym', 'session_pseudonym', 'ip_pseudonym',
                                                 'user_agent_pseudonym', 'row_hash', 'seq']
                               || jsonb_build_object('actor', pg_temp.value_of(l.actor_pseudonym),
                                    'session', pg_temp.value_of(l.session_pseudonym),
                                    'ip', pg_temp.value_of(l.ip_pseudonym),
                                    'agent', pg_temp.value_of(l.user_agent_pseudonym),
                                                     'hash_ok', l.row_hash = sha256(int8send(l.seq) || uuid_send(l.event_id)
    || timestamptz_send(l."timestamp") || timestamptz_send(l.created_at) || int2send(l.event_version)
    || coalesce('\x01'::bytea || uuid_send(l.organization_id), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(l.actor_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(l.session_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(l.ip_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(l.user_agent_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || int4send(l.duration_ms), '\x00'::bytea)
    || convert_to(concat(
      octet_length(l.user_role::text), ':', l.user_role, octet_length(l.action::text), ':', l.action,
      octet_length(l.outcome::text), ':', l.outcome, octet_length(l.data_classification::text), ':', l.data_classification,
      octet_length(l.resource), ':', l.resource, octet_length(l.error_message), ':', l.error_message,
      octet_length(l.correlation_id), ':', l.correlation_id, l.metadata), 'UTF8')))
                               order by l.seq)
               from pg_temp.ours103(last) l),
      'ledger', (select jsonb_agg(jsonb_build_array(
                          w.seqs = (select range_agg(int8range(l.seq, l.seq + 1)) from pg_temp.ours103(last) l),
                          w.row_count) order by w.id)
                 from audit.write_ledger w
                 where w.seqs && (select range_agg(int8range(l.seq, l.seq + 1)) from pg_temp.ours103(last) l)),
      'periods', (select jsonb_agg(jsonb_build_array(pg_temp.value_of(p.pseudonym), p.source, p.period)
                                   order by pg_temp.value_of(p.pseudonym), p.source, p.period)
                  from audit.pseudonym_organization_periods p
                  where p.organization_id = 'cccccccc-1030-4000-8000-00000000000c'),
      'mappings', (select jsonb_agg(jsonb_build_array(m.kind, pg_temp.value_of(m.pseudonym), m.blind_index =
                      extensions.hmac(convert_to(m.kind || ':' || coalesce(m.owner_pseudonym::text, '') || ':'
                                                 || pg_temp.value_of(m.pseudonym), 'UTF8'), audit.pseudonym_key(), 'sha256'))
                                   order by m.kind, pg_temp.value_of(m.pseudonym))
                   from audit.pseudonym_mapping m
                   where not exists (select from seed103 s where s.pseudonym = m.pseudonym)
                     and m.pseudonym in (select unnest(array[l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym,
                                                             l.user_agent_pseudonym]) from pg_temp.ours103(last) l)))
      into result;
    raise exception using errcode = 'P0103';
  exception when sqlstate 'P0103' then
    null; -- undone; result is a variable, not data
  end;
  return result;
end $$;

-- The batches' known identifiers, written once before the comparisons (the previous definition's pseudonyms
-- then are the new one's to compare).
select audit.write_events(pg_temp.batch103('seed', 2, false));
create temp table seed103 as select m.pseudonym from audit.pseudonym_mapping m;

create temp table runs103 (run text, fn text, got jsonb);
insert into runs103
  select b.run, f.fn, pg_temp.written103(f.fn, b.batch)
  from (values ('3 known', pg_temp.batch103('k3', 3, false)), ('12 known', pg_temp.batch103('k12', 12, false)),
               ('3 fresh', pg_temp.batch103('f3', 3, true)), ('12 fresh', pg_temp.batch103('f12', 12, true))) b(run, batch)
  cross join (values ('pg_temp.write_events_previous'), ('audit.write_events')) f(fn);

-- coalesce: a run that wrote nothing (null rows or ledger) fails here, never passes as a null bool_and skips
select ok((select bool_and(coalesce(jsonb_array_length(r.got -> 'rows') = case when r.run like '3%' then 3 else 12 end
                                    and jsonb_array_length(r.got -> 'ledger') = 1
                                    and (r.got -> 'ledger' -> 0 ->> 0)::boolean
                                    and (select bool_and(coalesce((e ->> 'hash_ok')::boolean, false))
                                         from jsonb_array_elements(r.got -> 'rows') e), false))
           from runs103 r),
  'every run wrote its batch, one ledger row naming its seqs, every row hash its row''s digest (the comparisons below are not empty)');
select is((select got from runs103 where run = '3 known' and fn = 'audit.write_events'),
          (select got from runs103 where run = '3 known' and fn = 'pg_temp.write_events_previous'),
  '3 events, known identifiers: the same rows in the same order, ledger, periods as the previous definition');
select is((select got from runs103 where run = '12 known' and fn = 'audit.write_events'),
          (select got from runs103 where run = '12 known' and fn = 'pg_temp.write_events_previous'),
  '12 events (the plain insert), known identifiers: the same rows in the same order, ledger and periods');
select is((select got from runs103 where run = '3 fresh' and fn = 'audit.write_events'),
          (select got from runs103 where run = '3 fresh' and fn = 'pg_temp.write_events_previous'),
  '3 events, a new user and new addresses: the same rows but for the new pseudonyms, which name the same values');
select is((select got from runs103 where run = '12 fresh' and fn = 'audit.write_events'),
          (select got from runs103 where run = '12 fresh' and fn = 'pg_temp.write_events_previous'),
  '12 events, a new user and new addresses: the same rows but for the new pseudonyms, which name the same values');
select is((select jsonb_array_length(got -> 'mappings') from runs103 where run = '12 fresh' and fn = 'audit.write_events'),
  15, 'the fresh batch of 12 mapped its new user, its new session and agent under it, and its 12 new addresses');
select ok((select (got -> 'rows' -> 0 -> 'metadata') = '{"route": "/x", "nested": {"ok": 1}}'
             and (got -> 'rows' -> 1 -> 'metadata') = '{"origin": "spool"}'
           from runs103 where run = '12 known' and fn = 'audit.write_events'),
  'personal metadata scrubbed at depth, the spool event''s origin kept, as before');

-- The key is Vault's on every call: changed in Vault (in this transaction), it is the next call's key.
create temp table key103 as select audit.pseudonym_key() as old, extensions.gen_random_bytes(32) as new;
select audit.pseudonym_key() from generate_series(1, 7);
select vault.update_secret((select id from vault.secrets where name = 'audit_pseudonym_key'),
  encode((select new from key103), 'hex'));
select ok((select audit.pseudonym_key() = k.new and k.new <> k.old from key103 k),
  'a key changed in Vault is read by the next call of the same connection (no copy kept)');

select * from finish();
rollback;
