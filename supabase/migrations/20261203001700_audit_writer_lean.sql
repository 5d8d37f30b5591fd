-- The audit writer, leaner (issue 18). Profiled by backend CPU on batches of 1000 dosing events and on
-- single events (each call its own transaction), the set-based writer of 20261203000600 spent:
--   * per call, 0.2–0.5 ms reading the pseudonym key: vault.decrypted_secrets decrypts on every read, and
--     a one-event call (auditNow, a quiet isolate's batch) paid it every time;
--   * per event, five passes over the JSON (three validation passes, jsonb_to_recordset three times,
--     jsonb_populate_recordset once) and, for the join back, a text key built per row and identifier
--     ('ip:' || owner || ':' || value) and a jsonb concatenation that rebuilt every event's metadata even
--     when it had no origin to add.
-- Now: the key is decrypted once per session (audit.session_pseudonym_key); the JSON is checked in one pass
-- and typed once (an array of audit.event_input that every later statement reads); pseudonyms are joined
-- back on (owner, value); metadata is only concatenated when an origin is added.
--
-- One rule for pseudonyms: audit.pseudonymize (the per-item form other writers call) is now a thin wrapper
-- of audit.resolve_pseudonyms, so find-or-create and "an erased user is never pseudonymised again" live
-- in resolve_pseudonyms alone.
--
-- Unchanged: seq, created_at and row_hash stamped by the trigger, the write ledger's statement trigger,
-- ON CONFLICT (event_id, "timestamp") DO NOTHING, the 5000-event cap, the 15-minute backdating bound with
-- its origins, scrubbing, input order kept, the definer's privileges and nobody else's.

-- The pseudonym key, decrypted once per session and kept in a temporary table of the session: owned by
-- the definer with no grant, so an application role of the same session cannot read it, and gone with the
-- session. A table of that name that the definer does not own (an app role could create one first) is
-- never trusted: the key is then read from Vault every time. The Vault row's ciphertext is kept beside the
-- key, so a rotated secret is read again.
create function audit.session_pseudonym_key() returns bytea
language plpgsql volatile security definer set search_path = '' as $$
declare
  current_sealed text;
  cached bytea;
  cache regclass := to_regclass('pg_temp.audit_pseudonym_key_cache');
begin
  select s.secret into current_sealed from vault.secrets s where s.name = 'audit_pseudonym_key';
  if cache is null then
    create temporary table audit_pseudonym_key_cache (
      only_row boolean primary key default true check (only_row),
      sealed text not null,
      key bytea not null
    );
    revoke all on pg_temp.audit_pseudonym_key_cache from public;
  elsif (select c.relowner <> (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user)
         from pg_catalog.pg_class c where c.oid = cache) then
    return audit.pseudonym_key();
  else
    select c.key into cached from pg_temp.audit_pseudonym_key_cache c where c.sealed = current_sealed;
    if cached is not null then
      return cached;
    end if;
  end if;
  cached := audit.pseudonym_key();
  insert into pg_temp.audit_pseudonym_key_cache (sealed, key) values (current_sealed, cached)
  on conflict (only_row) do update set sealed = excluded.sealed, key = excluded.key;
  return cached;
end $$;
revoke all on function audit.session_pseudonym_key() from public, anon, authenticated, service_role;

-- The per-item form, for the writers that pseudonymise a few identifiers at a time: the same rows as before
-- (one per item with a value and a pseudonym; an erased user's items have none), now from
-- audit.resolve_pseudonyms, the one place that finds, creates or refuses a pseudonym.
create or replace function audit.pseudonymize(key bytea, items jsonb)
returns table(kind text, owner uuid, value text, pseudonym uuid)
language sql volatile set search_path = '' as $$
  select r.kind, r.owner, r.value, r.pseudonym
  from (
    select array_agg(i.kind order by i.n) as kinds, array_agg(i.owner order by i.n) as owners,
           array_agg(i.value order by i.n) as vals
    from rows from (jsonb_to_recordset(items) as (kind text, owner uuid, value text)) with ordinality
      as i(kind, owner, value, n)
    where i.value is not null and i.value <> ''
  ) a
  cross join lateral unnest(a.kinds, a.owners, a.vals, audit.resolve_pseudonyms(key, a.kinds, a.owners, a.vals))
    as r(kind, owner, value, pseudonym)
  where a.vals is not null and r.pseudonym is not null
$$;

-- The writer stamps its rows itself (seq, created_at, row_hash: the digest expression of the stamp trigger,
-- from audit.row_digest_v2_sql), set-based; the stamp trigger now fires only for a row that is not stamped
-- exactly as it would stamp it: row_hash the v2 digest of the row, created_at now(), and seq the value this
-- session drew last (currval), i.e. drawn for this very row right before it reached the trigger. Any other
-- insert is stamped by the trigger as before, whatever it sent. The plpgsql call per row was 15-25 % of a
-- batch's time; the check is an expression, evaluated in order (a row with an unstamped hash never reaches
-- currval, which a session that drew no seq could not evaluate).
do $do$
begin
  lock table public.audit_logs in share row exclusive mode;
  drop trigger audit_logs_stamp on public.audit_logs;
  execute format($t$
    create trigger audit_logs_stamp before insert on public.audit_logs for each row
    when (new.row_hash is distinct from %1$s
          or new.created_at is distinct from now()
          or new.seq is distinct from currval('audit.audit_logs_seq'))
    execute function audit.stamp_audit_row()
  $t$, audit.row_digest_v2_sql('new'));

  execute format($f$
  create or replace function audit.write_events(events jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 -- The batch's estimates are guesses, and merge joins sorting text keys took 3x the time of hash joins
 -- for 1000 events.
 SET enable_mergejoin TO off
AS $b$
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
  -- The three checks in one pass over the JSON (they look at which keys are present, so not typed).
  select coalesce(bool_or(e ? 'event_id' and not (e ? 'timestamp')), false),
         coalesce(bool_or(e ? 'origin' and e ->> 'origin' not in ('spool', 'import')), false),
         coalesce(bool_or(not (e ? 'origin') and (e ->> 'timestamp')::timestamptz < now() - interval '15 minutes'), false)
    into missing_time, bad_origin, too_old
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
  if too_old and current_setting('role') in ('service_role', 'authenticated', 'anon') then
    raise exception 'an event older than 15 minutes must name its origin (spool or import)' using errcode = '22023';
  end if;

  -- Take a transaction id before any seq is drawn: audit.seal relies on every holder of an unsealed
  -- seq being visible as an in-progress transaction.
  perform pg_current_xact_id();
  key := audit.session_pseudonym_key();

  -- Typed once, in input order (a lone function scan keeps it); every statement below reads this array, not the JSON.
  batch := array(select e from jsonb_populate_recordset(null::audit.event_input, events) e);

  -- Personal keys among the batch's distinct top-level metadata keys (the regex once per key).
  select array_agg(k.k) into personal
  from (select distinct jsonb_object_keys(b.metadata) as k
        from unnest(batch) b where jsonb_typeof(b.metadata) = 'object') k
  where audit.is_personal_key(k.k);

  -- Users first: the other identifiers are owned by (hashed with) their user's pseudonym.
  select array_agg(distinct b.user_id::text) into u_vals from unnest(batch) b where b.user_id is not null;
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
    where x.value is not null) i;
  if o_vals is not null then
    o_ps := audit.resolve_pseudonyms(key, o_kinds, o_owners, o_vals);
  end if;

  -- Joined back on (owner, value) per kind; the nil uuid stands for "no owner" (a pseudonym is never nil),
  -- so that the keys stay hashable.
  with owned as (
    select o.k, coalesce(o.ow, '00000000-0000-0000-0000-000000000000') as ow, o.v, o.p
    from unnest(o_kinds, o_owners, o_vals, o_ps) o(k, ow, v, p)
  ),
  typed as (
    select b.*, u.p as actor, coalesce(u.p, '00000000-0000-0000-0000-000000000000') as owner
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
        -- flat and without a personal key: scrub_metadata would return it unchanged
        when jsonb_typeof(b.metadata) = 'object' and not (b.metadata ?| coalesce(personal, '{}'))
             and not (b.metadata @? 'strict $.* ? (@.type() == "object" || @.type() == "array")')
          then b.metadata
        else audit.scrub_metadata(b.metadata)
      end as scrubbed) m
    left join owned s on s.k = 'session' and s.ow = b.owner and s.v = nullif(b.session_id, '')
    left join owned i on i.k = 'ip' and i.ow = b.owner and i.v = host(b.ip_address)
    left join owned a on a.k = 'user_agent' and a.ow = b.owner and a.v = nullif(left(b.user_agent, 512), '')
    order by b.ordinality
  ) r
  on conflict (event_id, "timestamp") do nothing;

  get diagnostics inserted = row_count;
  return inserted;
end $b$
  $f$, audit.row_digest_v2_sql('r'));
end $do$;
