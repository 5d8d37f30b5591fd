-- An erased user names no session, address or agent (GDPR erasure, second part of the brief of
-- 20261204001000).
--
-- Erasure reaches the identifiers recorded while the user was known: every writer pseudonymises a request's
-- session, address and agent owned by (hashed with) the user's pseudonym, and gdpr.erase_subject deletes
-- every mapping row that pseudonym owns (tests/sql/66_erasure_reaches_owned_identifiers.sql proves it writer
-- by writer). What it could not reach are the ones recorded after it for a request that still carries the
-- erased user's id: an event spooled in Redis before the erasure and landed after it (a request of theirs,
-- with their session, address and agent), a write batch still gathering, a request on a token issued before
-- it. The user id then resolves to no pseudonym ("an erased user is never pseudonymised again"), so the
-- writers made their session, address and agent pseudonyms with no owner: new mapping rows, revealable by
-- their organization's admin, that no erasure owns. Now, as app.record_protocol_searches already did for
-- sessions (20261203004500), a writer records none of them for an erased user's request: the row is still
-- written (the event is not lost, and counts), without actor, session, address or agent, and no mapping row
-- is made. A guest's identifiers (no user id) are pseudonymised as before.
--
-- The four writers, restated with only that change:
--   audit.write_events            20261203004110 (the do-block below, as there)
--   audit.log_phi_access          20261202000100
--   public.write_ai_audit_trails  20261122000610
--   app.caller_pseudonyms         20261203002100 (record_protocol_access, record_protocol_use, feedback)
-- CREATE OR REPLACE keeps their owners and grants; each sets search_path pg_catalog, pg_temp, as
-- 20261203002200 made every function's (a restatement with its original '' would undo that).

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
        -- no value in the batch has a personal key or anything nested (the usual batch): as it came
        when plain then b.metadata
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
  as $b$
declare
  batch audit.event_input[];
  key bytea;
  inserted integer;
  missing_time boolean;
  bad_origin boolean;
  too_old boolean;
  personal text[];
  nested boolean;
  plain boolean;
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
  key := audit.session_pseudonym_key();

  -- Personal keys and nesting, looked for once per distinct metadata value (a batch's events mostly share
  -- theirs) and each distinct key's regex once: when none has either, no row needs a look of its own.
  with v as (select distinct b.metadata as m from unnest(batch) b where b.metadata is not null)
  select (select array_agg(k.k)
          from (select distinct jsonb_object_keys(v.m) as k from v where jsonb_typeof(v.m) = 'object') k
          where audit.is_personal_key(k.k)),
         coalesce(bool_or(jsonb_typeof(v.m) <> 'object'
                          or v.m @? 'strict $.* ? (@.type() == "object" || @.type() == "array")'), false)
    into personal, nested
  from v;
  plain := personal is null and not nested;

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

-- The PHI-access trigger of 20261202000100.
create or replace function audit.log_phi_access() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  rec jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), '')::jsonb, '{}'::jsonb);
  key bytea := audit.pseudonym_key();
  user_id text := claims ->> 'sub';
  patient text := rec ->> tg_argv[0];
  ip text := app.client_ip(headers);
  actor uuid;
  ids jsonb;
begin
  if tg_nargs < 1 then
    raise exception 'audit.log_phi_access needs the patient id column name as its first argument';
  end if;
  select p.pseudonym into actor from audit.pseudonymize(key,
    jsonb_build_array(jsonb_build_object('kind', 'user', 'value', user_id))) p;
  -- An erased user (an id without a pseudonym) names no address or agent either.
  if user_id is not null and actor is null then
    ip := null;
    headers := headers - 'user-agent';
  end if;
  select jsonb_object_agg(p.kind, p.pseudonym) into ids from audit.pseudonymize(key, jsonb_build_array(
    jsonb_build_object('kind', 'patient', 'value', patient),
    jsonb_build_object('kind', 'ip', 'owner', actor, 'value', ip),
    jsonb_build_object('kind', 'user_agent', 'owner', actor, 'value', headers ->> 'user-agent'))) p;

  insert into public.phi_access_audit_log (organization_id, actor_pseudonym, actor_role, table_name,
    record_id, patient_pseudonym, operation, ip_pseudonym, user_agent_pseudonym)
  values (
    coalesce(nullif(rec ->> 'organization_id', '')::uuid, nullif(claims -> 'app_metadata' ->> 'organization_id', '')::uuid),
    actor,
    coalesce(claims ->> 'role', current_user) || '/' || coalesce(claims -> 'app_metadata' ->> 'role', 'none'),
    tg_table_schema || '.' || tg_table_name,
    rec ->> coalesce(tg_argv[1], 'id'),
    (ids ->> 'patient')::uuid, tg_op, (ids ->> 'ip')::uuid, (ids ->> 'user_agent')::uuid);
  return null;
end $$;

-- The AI trail's writer of 20261122000610.
create or replace function public.write_ai_audit_trails(entries jsonb) returns integer
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
  inserted integer;
begin
  if jsonb_typeof(entries) is distinct from 'array' then
    raise exception 'write_ai_audit_trails expects a JSON array' using errcode = '22023';
  end if;
  if jsonb_array_length(entries) > 1000 then
    raise exception 'at most 1000 entries per call' using errcode = '22023';
  end if;
  if jsonb_array_length(entries) = 0 then
    return 0;
  end if;
  if exists (
    select 1 from jsonb_array_elements(entries) e
    where jsonb_typeof(e) <> 'object'
      or e ?| array['question', 'answer', 'prompt', 'text', 'messages', 'content', 'completion']
  ) then
    raise exception 'AI audit entries hold lengths and hashes, never question or answer text'
      using errcode = '22023';
  end if;

  key := audit.pseudonym_key();

  with batch as materialized (
    select a.ord, e.message_id, coalesce(e."timestamp", now()) as "timestamp", e.organization_id,
      nullif(e.user_id, '') as user_id, nullif(e.session_id, '') as session_id, e.user_role, e.model,
      e.prompt_version, e.mode, e.outcome, e.error_kind,
      coalesce(e.context_layers, '[]'::jsonb) as context_layers,
      coalesce(e.retrieved_protocols, (
        select coalesce(array_agg(distinct l ->> 'protocol_number'), '{}')
        from jsonb_array_elements(case jsonb_typeof(e.context_layers) when 'array' then e.context_layers
                                       else '[]'::jsonb end) l
        where l ->> 'layer' = 'protocol' and l ->> 'protocol_number' is not null)) as retrieved_protocols,
      e.question_length, e.question_sha256, e.answer_length, e.answer_sha256,
      coalesce((e.tokens ->> 'prompt')::integer, 0) as prompt_tokens,
      coalesce((e.tokens ->> 'completion')::integer, 0) as completion_tokens,
      (e.tokens ->> 'total')::integer as total_tokens,
      e.latency_ms, e.model_latency_ms, left(e.correlation_id, 100) as correlation_id
    from jsonb_array_elements(entries) with ordinality as a(j, ord)
    cross join lateral jsonb_to_record(a.j) as e(
      message_id uuid, "timestamp" timestamptz, organization_id uuid, user_id text, session_id text,
      user_role public.user_role, model text, prompt_version text, mode text, outcome text, error_kind text,
      context_layers jsonb, retrieved_protocols text[], question_length integer, question_sha256 text,
      answer_length integer, answer_sha256 text, tokens jsonb, latency_ms integer, model_latency_ms integer,
      correlation_id text)
  ),
  users as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct jsonb_build_object('kind', 'user', 'value', b.user_id)), '[]')
      from batch b where b.user_id is not null))
  ),
  sessions as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct jsonb_build_object('kind', 'session', 'owner', u.pseudonym,
        'value', b.session_id)), '[]')
      from batch b left join users u on u.value = b.user_id
      -- an erased user (an id without a pseudonym) names no session either
      where b.session_id is not null and (b.user_id is null or u.pseudonym is not null)))
  ),
  rows as (
    select b.*, u.pseudonym as user_p,
      (select s.pseudonym from sessions s where s.value = b.session_id
         and s.owner is not distinct from u.pseudonym
         and (b.user_id is null or u.pseudonym is not null)) as session_p,
      p.model_id as price_model_id, p.effective_from as price_effective_from,
      round(b.prompt_tokens * p.input_per_1k_usd / 1000, 8) as prompt_cost,
      round(b.completion_tokens * p.output_per_1k_usd / 1000, 8) as completion_cost
    from batch b
    left join users u on u.value = b.user_id
    left join lateral app.ai_model_price(b.model, b."timestamp") p on b.model is not null
  )
  insert into public.ai_audit_trails (message_id, "timestamp", organization_id, user_pseudonym,
    session_pseudonym, user_role, model, prompt_version, mode, outcome, error_kind, context_layers,
    retrieved_protocols, question_length, question_sha256, answer_length, answer_sha256, prompt_tokens,
    completion_tokens, total_tokens, prompt_cost_usd, completion_cost_usd, total_cost_usd, price_model_id,
    price_effective_from, latency_ms, model_latency_ms, correlation_id)
  select r.message_id, r."timestamp", r.organization_id, r.user_p, r.session_p, r.user_role, r.model,
    r.prompt_version, r.mode, r.outcome, r.error_kind, r.context_layers, r.retrieved_protocols,
    r.question_length, r.question_sha256, r.answer_length, r.answer_sha256, r.prompt_tokens,
    r.completion_tokens, coalesce(r.total_tokens, r.prompt_tokens + r.completion_tokens),
    r.prompt_cost, r.completion_cost, r.prompt_cost + r.completion_cost, r.price_model_id,
    r.price_effective_from, r.latency_ms, r.model_latency_ms, r.correlation_id
  from rows r
  order by r.ord
  on conflict (message_id) do nothing;

  get diagnostics inserted = row_count;
  return inserted;
end $$;

-- The caller's pseudonyms of 20261203002100.
create or replace function app.caller_pseudonyms(out user_pseudonym uuid, out session_pseudonym uuid)
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_key bytea;
begin
  if v_user is null then
    return; -- a guest (or the service role): no one to name
  end if;
  v_key := audit.pseudonym_key();
  select p.pseudonym into user_pseudonym
  from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object('kind', 'user', 'value', v_user))) p;
  if user_pseudonym is null then
    return; -- an erased user: never pseudonymised again, and names no session either
  end if;
  select p.pseudonym into session_pseudonym
  from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object(
    'kind', 'session', 'owner', user_pseudonym, 'value', claims ->> 'session_id'))) p;
end $$;
