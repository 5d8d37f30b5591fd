-- Bounded backdating (issue 16). write_events took any past timestamp from its caller, so an event
-- could be written as if it had happened years ago. It still stamps seq, created_at and row_hash itself;
-- now an API role's event may precede its arrival by at most 15 minutes (batching, clock skew), unless it
-- names its origin: 'spool' (the backlog of an outage, replayed by drainAuditSpool) or 'import' (the
-- Medic-Bot backfill) — kept in its metadata, so a replayed or imported time is always visible as such.
-- Everything else is as in the earlier definition, restated because migrations are append-only.

create or replace function audit.write_events(events jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $$
declare
  key bytea;
  inserted integer;
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
  -- Idempotency rests on (event_id, timestamp): a caller that names the event must name its time too.
  if exists (select 1 from jsonb_array_elements(events) e
             where e ? 'event_id' and not (e ? 'timestamp')) then
    raise exception 'an event with an event_id needs its timestamp' using errcode = '22023';
  end if;

  -- The API roles write now, not then: an event may be at most 15 minutes older than its arrival unless
  -- it says where it comes from — the spool (an outage's backlog) or an import (the backfill) — and
  -- that origin is kept in its metadata. The connection's owner (migrations, operators) is not bound.
  if exists (select 1 from jsonb_array_elements(events) e
             where e ? 'origin' and e ->> 'origin' not in ('spool', 'import')) then
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

  with batch as materialized (
    select a.ord, coalesce(e.event_id, gen_random_uuid()) as event_id,
      coalesce(e."timestamp", now()) as "timestamp", e.organization_id, e.user_id::text as user_id,
      e.user_role, nullif(e.session_id, '') as session_id, e.action, e.resource, e.outcome,
      audit.scrub_metadata(coalesce(e.metadata, '{}'::jsonb))
        || case when e.origin is not null then jsonb_build_object('origin', e.origin) else '{}' end as metadata,
      e.ip_address,
      nullif(left(e.user_agent, 512), '') as user_agent, left(e.error_message, 1000) as error_message,
      e.duration_ms, left(e.correlation_id, 100) as correlation_id,
      coalesce(e.data_classification, 'INTERNAL') as data_classification,
      coalesce(e.event_version, 1) as event_version
    from jsonb_array_elements(events) with ordinality as a(j, ord)
    cross join lateral jsonb_to_record(a.j) as e(
      event_id uuid, "timestamp" timestamptz, organization_id uuid, user_id uuid,
      user_role public.user_role, session_id text, action public.audit_action, resource text,
      outcome public.audit_outcome, metadata jsonb, ip_address inet, user_agent text, error_message text,
      duration_ms integer, correlation_id text, data_classification public.data_classification,
      event_version smallint, origin text)
  ),
  users as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct jsonb_build_object('kind', 'user', 'value', b.user_id)), '[]')
      from batch b where b.user_id is not null))
  ),
  owned as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct x), '[]') from (
        select jsonb_build_object('kind', i.kind, 'owner', u.pseudonym, 'value', i.value) as x
        from batch b
        left join users u on u.value = b.user_id
        cross join lateral (values ('session', b.session_id), ('ip', host(b.ip_address)),
                                   ('user_agent', b.user_agent)) as i(kind, value)
        where i.value is not null) s))
  ),
  rows as (
    select b.*, u.pseudonym as actor,
      (select o.pseudonym from owned o where o.kind = 'session' and o.value = b.session_id
         and o.owner is not distinct from u.pseudonym) as session_p,
      (select o.pseudonym from owned o where o.kind = 'ip' and o.value = host(b.ip_address)
         and o.owner is not distinct from u.pseudonym) as ip_p,
      (select o.pseudonym from owned o where o.kind = 'user_agent' and o.value = b.user_agent
         and o.owner is not distinct from u.pseudonym) as ua_p
    from batch b
    left join users u on u.value = b.user_id
  )
  insert into public.audit_logs (seq, event_id, "timestamp", organization_id, actor_pseudonym, user_role,
    session_pseudonym, action, resource, outcome, metadata, ip_pseudonym, user_agent_pseudonym,
    error_message, duration_ms, correlation_id, data_classification, event_version, created_at, row_hash)
  select 0, r.event_id, r."timestamp", r.organization_id, r.actor, r.user_role, r.session_p, r.action,
    r.resource, r.outcome, r.metadata, r.ip_p, r.ua_p, r.error_message, r.duration_ms, r.correlation_id,
    r.data_classification, r.event_version, now(), '\x'::bytea
  from rows r
  order by r.ord
  on conflict (event_id, "timestamp") do nothing;

  get diagnostics inserted = row_count;
  return inserted;
end $$;
