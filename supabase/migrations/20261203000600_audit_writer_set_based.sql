-- An audit writer near COPY speed (issue 18). Profiled on a batch of 200 dosing events (~110–150 ms,
-- i.e. ~1,500 rows/s per connection), the time of audit.write_events went to per-row and per-pair work,
-- not to the insert:
--   * metadata scrubbing: audit.scrub_metadata rebuilt every event's object and ran the personal-key
--     regex (audit.is_personal_key, ~10 µs) on every key of every event: ~100 µs per event;
--   * pseudonyms: audit.pseudonymize encrypted every identifier (AES + random IV) before ON CONFLICT
--     found it already mapped, and called the non-inlinable audit.blind_index twice per identifier;
--   * the join back: three correlated subqueries per row over the batch's pseudonyms (O(rows × ids));
--   * three passes of validation over the raw JSON, and jsonb_to_record per element.
-- Same guarantees, set-based:
--   * the personal-key regex runs once per distinct top-level key of the batch; an event whose
--     metadata is flat and holds none of them is stored as sent (what scrub_metadata returns for it);
--     any other event (a personal key, or nesting) still goes through audit.scrub_metadata;
--   * each distinct identifier is HMACed once (the same expression as audit.blind_index), looked up
--     once, and only the missing ones are encrypted and inserted (audit.resolve_pseudonyms);
--   * pseudonyms are joined back by hash joins on the HMAC input, which names kind, owner and value.
-- Unchanged: seq, created_at and row_hash stamped by the trigger (audit.stamp_audit_row), the write
-- ledger's statement trigger, ON CONFLICT (event_id, "timestamp") DO NOTHING, the 5000-event cap, the
-- 15-minute backdating bound with its origins, erased users never pseudonymised again, input order kept.

-- One element of write_events' array, typed (jsonb_populate_recordset keeps the array order).
create type audit.event_input as (
  event_id uuid, "timestamp" timestamptz, organization_id uuid, user_id uuid, user_role public.user_role,
  session_id text, action public.audit_action, resource text, outcome public.audit_outcome, metadata jsonb,
  ip_address inet, user_agent text, error_message text, duration_ms integer, correlation_id text,
  data_classification public.data_classification, event_version smallint, origin text);

-- The pseudonyms of distinct identifiers (kinds[i], owners[i], vals[i]), aligned with the input; null for
-- an erased user. One HMAC and one index probe per identifier; only new ones are encrypted and inserted.
create function audit.resolve_pseudonyms(key bytea, kinds text[], owners uuid[], vals text[])
returns uuid[]
language plpgsql volatile set search_path = ''
-- Planned once per session, not per call (a third of a one-event write's time); its joins are probes of
-- unique indexes, right whatever the batch size.
set plan_cache_mode = force_generic_plan as $$
declare
  found uuid[];
begin
  with hashed as materialized (  -- materialized: one HMAC per identifier, not one per reference
    select i.*,
      -- audit.blind_index, inlined (a function with SET search_path is never inlined: ~3x the cost)
      extensions.hmac(convert_to(i.k || ':' || coalesce(i.o::text, '') || ':' || i.v, 'UTF8'), key, 'sha256') as bi
    from unnest(kinds, owners, vals) with ordinality i(k, o, v, n)
  ),
  items as (
    select h.k, h.o, h.v, h.bi, h.n, m.pseudonym
    from hashed h left join audit.pseudonym_mapping m on m.blind_index = h.bi
  ),
  created as (
    insert into audit.pseudonym_mapping (kind, owner_pseudonym, blind_index, value_encrypted)
    select i.k, i.o, i.bi, audit.encrypt_value(key, i.v)
    from items i
    where i.pseudonym is null
      and not exists (select 1 from audit.erased_identifiers e where e.blind_index = i.bi)
    on conflict (blind_index) do nothing
    returning blind_index, pseudonym
  )
  select array_agg(coalesce(i.pseudonym, c.pseudonym) order by i.n) into found
  from items i left join created c on c.blind_index = i.bi;

  -- A gap is an erased user, or an identifier a concurrent writer mapped after this statement's
  -- snapshot (its insert then did nothing): look again with a fresh snapshot.
  if array_position(found, null) is not null then
    select array_agg(m.pseudonym order by u.n) into found
    from unnest(kinds, owners, vals) with ordinality u(k, o, v, n)
    left join audit.pseudonym_mapping m on m.blind_index =
      extensions.hmac(convert_to(u.k || ':' || coalesce(u.o::text, '') || ':' || u.v, 'UTF8'), key, 'sha256');
  end if;
  return found;
end $$;
revoke all on function audit.resolve_pseudonyms(bytea, text[], uuid[], text[]) from public, anon, authenticated, service_role;

create or replace function audit.write_events(events jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 -- The batch's estimates are guesses (jsonb_populate_recordset: 100 rows), and merge joins sorting
 -- text keys took 3x the time of hash joins for 1000 events.
 SET enable_mergejoin TO off
AS $$
declare
  key bytea;
  inserted integer;
  missing_time boolean;
  bad_origin boolean;
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
  select coalesce(bool_or(e ? 'event_id' and not (e ? 'timestamp')), false),
         coalesce(bool_or(e ? 'origin' and e ->> 'origin' not in ('spool', 'import')), false)
    into missing_time, bad_origin
  from jsonb_array_elements(events) e;
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
  if current_setting('role') in ('service_role', 'authenticated', 'anon')
     and exists (select 1 from jsonb_array_elements(events) e
                 where not (e ? 'origin') and (e ->> 'timestamp')::timestamptz < now() - interval '15 minutes') then
    raise exception 'an event older than 15 minutes must name its origin (spool or import)' using errcode = '22023';
  end if;

  -- Take a transaction id before any seq is drawn: audit.seal relies on every holder of an unsealed
  -- seq being visible as an in-progress transaction.
  perform pg_current_xact_id();
  key := audit.pseudonym_key();

  -- Personal keys among the batch's distinct top-level metadata keys (the regex once per key).
  select array_agg(k.k) into personal
  from (select distinct jsonb_object_keys(e.metadata) as k
        from jsonb_to_recordset(events) as e(metadata jsonb)
        where jsonb_typeof(e.metadata) = 'object') k
  where audit.is_personal_key(k.k);

  -- Users first: the other identifiers are owned by (hashed with) their user's pseudonym.
  select array_agg(distinct e.user_id::text) into u_vals
  from jsonb_to_recordset(events) as e(user_id uuid) where e.user_id is not null;
  if u_vals is not null then
    u_ps := audit.resolve_pseudonyms(key, array_fill('user'::text, array[cardinality(u_vals)]),
                                     array_fill(null::uuid, array[cardinality(u_vals)]), u_vals);
  end if;

  select array_agg(i.kind), array_agg(i.owner), array_agg(i.value) into o_kinds, o_owners, o_vals
  from (
    select distinct x.kind, u.p as owner, x.value
    from jsonb_to_recordset(events) as e(user_id uuid, session_id text, ip_address inet, user_agent text)
    left join unnest(u_vals, u_ps) u(v, p) on u.v = e.user_id::text
    cross join lateral (values ('session', nullif(e.session_id, '')), ('ip', host(e.ip_address)),
                               ('user_agent', nullif(left(e.user_agent, 512), ''))) as x(kind, value)
    where x.value is not null) i;
  if o_vals is not null then
    o_ps := audit.resolve_pseudonyms(key, o_kinds, o_owners, o_vals);
  end if;

  with batch as (
    select e.*, u.p as actor
    from jsonb_populate_recordset(null::audit.event_input, events) with ordinality as e
    left join unnest(u_vals, u_ps) u(v, p) on u.v = e.user_id::text
  ),
  -- Keyed like the HMAC input (kind:owner:value): one text key per join, hashed.
  owned as (
    select o.k || ':' || coalesce(o.ow::text, '') || ':' || o.v as id, o.p
    from unnest(o_kinds, o_owners, o_vals, o_ps) o(k, ow, v, p)
  )
  insert into public.audit_logs (seq, event_id, "timestamp", organization_id, actor_pseudonym, user_role,
    session_pseudonym, action, resource, outcome, metadata, ip_pseudonym, user_agent_pseudonym,
    error_message, duration_ms, correlation_id, data_classification, event_version, created_at, row_hash)
  select 0, coalesce(b.event_id, gen_random_uuid()), coalesce(b."timestamp", now()), b.organization_id,
    b.actor, b.user_role, s.p, b.action, b.resource, b.outcome,
    case
      when b.metadata is null then '{}'::jsonb
      -- flat and without a personal key: scrub_metadata would return it unchanged
      when jsonb_typeof(b.metadata) = 'object' and not (b.metadata ?| coalesce(personal, '{}'))
           and not (b.metadata @? 'strict $.* ? (@.type() == "object" || @.type() == "array")')
        then b.metadata
      else audit.scrub_metadata(b.metadata)
    end || case when b.origin is not null then jsonb_build_object('origin', b.origin) else '{}' end,
    i.p, a.p, left(b.error_message, 1000), b.duration_ms, left(b.correlation_id, 100),
    coalesce(b.data_classification, 'INTERNAL'), coalesce(b.event_version, 1), now(), '\x'::bytea
  from batch b
  left join owned s on s.id = 'session:' || coalesce(b.actor::text, '') || ':' || nullif(b.session_id, '')
  left join owned i on i.id = 'ip:' || coalesce(b.actor::text, '') || ':' || host(b.ip_address)
  left join owned a on a.id = 'user_agent:' || coalesce(b.actor::text, '') || ':' || nullif(left(b.user_agent, 512), '')
  order by b.ordinality
  on conflict (event_id, "timestamp") do nothing;

  get diagnostics inserted = row_count;
  return inserted;
end $$;
