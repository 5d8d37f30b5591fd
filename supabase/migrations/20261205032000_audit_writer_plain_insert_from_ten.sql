-- The audit writer's plain insert (a subtransaction, redone with ON CONFLICT only when the batch repeats a
-- stored event) from batches of 10 events, not 100 (issue 18: the dosing path's audit write).
--
-- 20261203003700 kept ON CONFLICT below 100 rows on the guess that in a small batch the saving is of the
-- order of a subtransaction's cost. Measured (backend on-CPU time from /proc/<pid>/schedstat, one connection,
-- guest dosing events with a new client address each as the pipeline writes them, both definitions side by
-- side and alternating, 8 rounds of 30 calls, medians per event, ON CONFLICT / plain): 1 event 1369 / 1312 us,
-- 2 events 689 / 669, 10 events 189 / 180, 40 events 87 / 83, 70 events 72 / 68 (plain lower in 8, 6, 8, 8
-- and 7 of 8 rounds). The subtransaction costs less than the speculative insertion at every size. The
-- pipeline's writer sends 40-80 events a call under load: ~4 us an event, ~5 % of the writer's CPU per row,
-- 1-3 % of a dosing request's Postgres CPU, below the run-to-run spread of whole-pipeline runs (8 wrk runs
-- on the dev stack, the two thresholds alternating: 0.095-0.126 against 0.099-0.175 ms per request).
--
-- The single-event calls keep ON CONFLICT without a subtransaction, as 20261203003700 wanted: they are the
-- ones made in loops (the per-row config-change trigger, compliance reports per organization, the audited
-- door's one event), where more than 64 subtransactions in one transaction would overflow the backend's
-- subtransaction cache and put every snapshot in the cluster on the slow path. No caller sends batches of 10
-- or more many times in one transaction (the writer, the spool's drain and the import send one call per
-- transaction; the SQL callers gather up to 5000 first). Batches of 2-9 (tests/sql/62 pins 2-3) stay with
-- ON CONFLICT too: the gain there is a few tens of microseconds a call.
--
-- write_events is restated from 20261204004000 with only the threshold changed (CREATE OR REPLACE keeps owner
-- and grants).

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

  -- A small batch: ON CONFLICT at once, no subtransaction (see the heads of 20261203003700 and
  -- 20261205032000).
  if cardinality(batch) < 10 then
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

