-- The personal-key rule runs once per write_events call over every metadata key of the batch, at any
-- depth, instead of once per key per look (issue 18, one audited read's own audit event).
--
-- Profiled (dev stack, 1M-row trail; pg_stat_statements track = all, auto_explain nested, and a loop of
-- calls): one audit-query event through write_events called audit.is_personal_key 27 times — 13 for the
-- batch's top-level keys, then, the metadata being nested (`filters`), 14 again inside
-- audit.scrub_metadata's fast path over the keys at every depth. Each call is a SQL function with a SET
-- clause (never inlined: a GUC save and restore, its own executor state) around two regular expressions,
-- ~17 us a call in a loop, ~0.3-0.8 ms an event: with scrub_metadata's walk, the largest part of the
-- event's cost after the insert itself. The JSON typing (0.03 ms), the batch checks (0.02) and the
-- partition routing were not worth a path of their own, so there is still one writer, not a second
-- single-event one beside it.
--
-- The rule now lives in audit.personal_keys(keys text[]), which applies it to a whole list in one
-- statement; audit.is_personal_key(k) is personal_keys of one key (same result, null for null). The
-- writer collects the keys at every depth of its batch's distinct metadata values (one jsonpath each),
-- asks personal_keys once, and a row's metadata is scrubbed only when it holds one of the keys found
-- personal (as scrub_metadata's own fast path decides, so every stored value is what it was:
-- tests/sql/89_personal_key_rule_once.sql compares with the previous definitions). scrub_metadata's fast
-- path asks personal_keys once too. The writer reads the Vault key through audit.pseudonym_key directly
-- (session_pseudonym_key only wrapped it).
--
-- And write_events sets plan_cache_mode = auto for itself: the audited door's transaction forces custom
-- plans (so that its page is planned for its window and subject), which reached every statement of the
-- writer and of the triggers its insert fires — each planned again on every call (the insert 0.46 ms of
-- planning per call in pg_stat_statements, ~0.9 ms in all). Backend CPU of one audit-query event per call
-- under force_custom_plan, previous and these definitions alternating: 2.90 -> 1.88 ms.
--
-- write_events is restated from 20261204001100 with only those changes (CREATE OR REPLACE keeps owner and
-- grants; search_path pg_catalog, pg_temp as 20261203002200 made every function's).

create function audit.personal_keys(keys text[]) returns text[]
language sql immutable set search_path = pg_catalog, pg_temp as $$
  -- camelCase is read as snake_case, then a key is personal when its last word (or words) name personal data
  select pg_catalog.array_agg(k)
  from pg_catalog.unnest(keys) k
  where pg_catalog.lower(pg_catalog.regexp_replace(k, '([a-z0-9])([A-Z])', '\1_\2', 'g')) operator(pg_catalog.~) (
    '^(.*_)?(name|first_?name|last_?name|full_?name|given_?name|family_?name|dob|date_?of_?birth|' ||
    'birth_?date|birthday|ssn|social_?security(_?number)?|email|e_?mail(_?address)?|mrn|' ||
    'medical_?record(_?number)?|phone|phone_?number|telephone|mobile|cell|address|street|' ||
    'home_?address|zip|zip_?code|postal_?code|password|passwd|secret|api_?key|token|' ||
    'driver_?license|license_?number|insurance_?id)$')
$$;
revoke all on function audit.personal_keys(text[]) from public;
grant execute on function audit.personal_keys(text[]) to service_role;

create or replace function audit.is_personal_key(k text) returns boolean
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select case when k is not null
    then k = any (coalesce(audit.personal_keys(array[k]), '{}')) end
$$;

create or replace function audit.scrub_metadata(m jsonb) returns jsonb
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select case
    -- every key of every object, at any depth (`.**` walks arrays too), the rule once over them all
    when audit.personal_keys(array(
        select k #>> '{}' from pg_catalog.jsonb_path_query(m,
          'strict $.** ? (@.type() == "object").keyvalue().key'::pg_catalog.jsonpath) k)) is null
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

do $do$
declare
  -- The batch's rows, stamped, as one INSERT … SELECT: written once, used by both inserts.
  insert_rows text := format($s$
  with owned as (
    select o.k, coalesce(o.ow, '00000000-0000-0000-0000-000000000000') as ow, o.v, o.p
    from unnest(o_kinds, o_owners, o_vals, o_ps) o(k, ow, v, p)
  ),
  typed as (
    -- an erased user's event (a user id without a pseudonym) has no owner to join: no session, address or agent
    select b.*, u.p as actor, case when b.user_id is not null and u.p is null then null
                                   else coalesce(u.p, '00000000-0000-0000-0000-000000000000') end as owner
    from unnest(batch) with ordinality b
    left join unnest(u_vals, u_ps) u(v, p) on u.v = b.user_id::text
  )
  insert into public.audit_logs (seq, event_id, "timestamp", organization_id, actor_pseudonym, user_role,
    session_pseudonym, action, resource, outcome, metadata, ip_pseudonym, user_agent_pseudonym,
    error_message, duration_ms, correlation_id, data_classification, event_version, created_at, row_hash)
  select r.seq, r.event_id, r."timestamp", r.organization_id, r.actor_pseudonym, r.user_role,
    r.session_pseudonym, r.action, r.resource, r.outcome, r.metadata, r.ip_pseudonym, r.user_agent_pseudonym,
    r.error_message, r.duration_ms, r.correlation_id, r.data_classification, r.event_version, r.created_at,
    %1$s
  from (
    -- nextval after the sort (a volatile output is computed last), so seqs follow the input order, one
    -- drawn right before its row reaches the stamp trigger's check
    select nextval('audit.audit_logs_seq') as seq, coalesce(b.event_id, gen_random_uuid()) as event_id,
      coalesce(b."timestamp", now()) as "timestamp", b.organization_id, b.actor as actor_pseudonym,
      b.user_role, s.p as session_pseudonym, b.action, b.resource, b.outcome,
      case when b.origin is null then m.scrubbed
        else m.scrubbed || jsonb_build_object('origin', b.origin) end as metadata,
      i.p as ip_pseudonym, a.p as user_agent_pseudonym, left(b.error_message, 1000) as error_message,
      b.duration_ms, left(b.correlation_id, 100) as correlation_id,
      coalesce(b.data_classification, 'INTERNAL') as data_classification,
      coalesce(b.event_version, 1)::smallint as event_version, now() as created_at
    from typed b
    cross join lateral (select case
        when b.metadata is null then '{}'::jsonb
        -- no key at any depth of any value in the batch is personal (the usual batch): as it came
        when personal is null then b.metadata
        -- none of this value's keys is among them: scrub_metadata would return it unchanged
        when not exists (select from jsonb_path_query(b.metadata,
                           'strict $.** ? (@.type() == "object").keyvalue().key') k
                         where k #>> '{}' = any (personal))
          then b.metadata
        else audit.scrub_metadata(b.metadata)
      end as scrubbed) m
    left join owned s on s.k = 'session' and s.ow = b.owner and s.v = nullif(b.session_id, '')
    left join owned i on i.k = 'ip' and i.ow = b.owner and i.v = host(b.ip_address)
    left join owned a on a.k = 'user_agent' and a.ow = b.owner and a.v = nullif(left(b.user_agent, 512), '')
    order by b.ordinality
  ) r$s$, audit.row_digest_v2_sql('r'));
begin
  execute format($f$
  create or replace function audit.write_events(events jsonb)
  returns integer
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
  -- The batch's estimates are guesses, and merge joins sorting text keys took 3x the time of hash joins.
  set enable_mergejoin = off
  -- Its statements keep their plans whoever calls: the audited door's transaction forces custom plans for
  -- its page, which made every statement here (and in the triggers it fires) be planned again per call.
  set plan_cache_mode = auto
  as $b$
declare
  batch audit.event_input[];
  key bytea;
  inserted integer;
  missing_time boolean;
  bad_origin boolean;
  too_old boolean;
  personal text[];
  u_vals text[];
  u_ps uuid[];
  o_kinds text[];
  o_owners uuid[];
  o_vals text[];
  o_ps uuid[];
begin
  if jsonb_typeof(events) is distinct from 'array' then
    raise exception 'write_events expects a JSON array of events' using errcode = '22023';
  end if;
  if jsonb_array_length(events) > 5000 then
    raise exception 'at most 5000 events per batch' using errcode = '22023';
  end if;
  if jsonb_array_length(events) = 0 then
    return 0;
  end if;

  -- Typed once, in input order (a lone function scan keeps it); every statement below reads this array.
  batch := array(select e from jsonb_populate_recordset(null::audit.event_input, events) e);

  -- The three checks and the batch's users in one pass.
  select coalesce(bool_or(b.event_id is not null and b."timestamp" is null), false),
         coalesce(bool_or(b.origin not in ('spool', 'import')), false),
         coalesce(bool_or(b.origin is null and b."timestamp" < now() - interval '15 minutes'), false),
         array_agg(distinct b.user_id::text) filter (where b.user_id is not null)
    into missing_time, bad_origin, too_old, u_vals
  from unnest(batch) b;
  -- Idempotency rests on (event_id, timestamp): a caller that names the event must name its time too.
  if missing_time then
    raise exception 'an event with an event_id needs its timestamp' using errcode = '22023';
  end if;
  -- The API roles write now, not then: an event may be at most 15 minutes older than its arrival unless
  -- it says where it comes from — the spool (an outage's backlog) or an import (the backfill) — and
  -- that origin is kept in its metadata. The connection's owner (migrations, operators) is not bound.
  if bad_origin then
    raise exception 'origin must be spool or import' using errcode = '22023';
  end if;
  if too_old and current_setting('role') in ('service_role', 'authenticated', 'anon') then
    raise exception 'an event older than 15 minutes must name its origin (spool or import)' using errcode = '22023';
  end if;

  -- Take a transaction id before any seq is drawn: audit.seal relies on every holder of an unsealed
  -- seq being visible as an in-progress transaction.
  perform pg_current_xact_id();
  key := audit.pseudonym_key();

  -- The personal-key rule once per call, over the distinct keys at every depth of the batch's distinct
  -- metadata values (a batch's events mostly share theirs): when none is personal, no row needs a look
  -- of its own.
  select audit.personal_keys(array_agg(distinct k.k #>> '{}')) into personal
  from (select distinct b.metadata as m from unnest(batch) b where b.metadata is not null) v
  cross join lateral jsonb_path_query(v.m, 'strict $.** ? (@.type() == "object").keyvalue().key') k(k);

  -- Users first: the other identifiers are owned by (hashed with) their user's pseudonym.
  if u_vals is not null then
    u_ps := audit.resolve_pseudonyms(key, array_fill('user'::text, array[cardinality(u_vals)]),
                                     array_fill(null::uuid, array[cardinality(u_vals)]), u_vals);
  end if;

  select array_agg(i.kind), array_agg(i.owner), array_agg(i.value) into o_kinds, o_owners, o_vals
  from (
    select distinct x.kind, u.p as owner, x.value
    from unnest(batch) b
    left join unnest(u_vals, u_ps) u(v, p) on u.v = b.user_id::text
    cross join lateral (values ('session', nullif(b.session_id, '')), ('ip', host(b.ip_address)),
                               ('user_agent', nullif(left(b.user_agent, 512), ''))) as x(kind, value)
    where x.value is not null
      -- An erased user names no session, address or agent either (as app.record_protocol_searches).
      and (b.user_id is null or u.p is not null)) i;
  if o_vals is not null then
    o_ps := audit.resolve_pseudonyms(key, o_kinds, o_owners, o_vals);
  end if;

  -- A small batch: ON CONFLICT at once, no subtransaction (see the head of 20261203003700).
  if cardinality(batch) < 100 then
%1$s
  on conflict (event_id, "timestamp") do nothing;
    get diagnostics inserted = row_count;
    return inserted;
  end if;

  -- A large batch: a plain insert; one that repeats a stored event is undone and inserted again, skipping
  -- the repeats.
  begin
%1$s;
    get diagnostics inserted = row_count;
  exception when unique_violation then
%1$s
  on conflict (event_id, "timestamp") do nothing;
    get diagnostics inserted = row_count;
  end;
  return inserted;
end $b$
  $f$, insert_rows);
end $do$;

