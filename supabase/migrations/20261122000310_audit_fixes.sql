-- Fixes found while building on the audit schema (migrations are append-only, so they land here):
-- 1. write_events refuses a user_id that is not a uuid (Supabase auth ids are), which would otherwise be
--    stored as an unresolvable pseudonym and break audit_log_entries' uuid cast; and refuses an event
--    that names its event_id without its timestamp, since idempotency rests on the pair.
-- 2. Partition bounds are computed in UTC whatever the caller's TimeZone setting.
-- 3. The PHI access trigger takes the client address the gateway appended to X-Forwarded-For (the
--    last entry), as the functions do (functions-shared/pipeline/context.ts clientIp); the first entry
--    is whatever the client sent.

create or replace function audit.write_events(events jsonb) returns integer
language plpgsql security definer set search_path = '' as $$
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

  -- Take a transaction id before any seq is drawn: audit.seal relies on every holder of an unsealed
  -- seq being visible as an in-progress transaction.
  perform pg_current_xact_id();
  key := audit.pseudonym_key();

  with batch as materialized (
    select a.ord, coalesce(e.event_id, gen_random_uuid()) as event_id,
      coalesce(e."timestamp", now()) as "timestamp", e.organization_id, e.user_id::text as user_id,
      e.user_role, nullif(e.session_id, '') as session_id, e.action, e.resource, e.outcome,
      audit.scrub_metadata(coalesce(e.metadata, '{}'::jsonb)) as metadata, e.ip_address,
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
      event_version smallint)
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


alter function audit.ensure_partition(text, date) set timezone = 'UTC';
alter function audit.ensure_partitions_between(timestamptz, timestamptz) set timezone = 'UTC';
alter function audit.ensure_future_partitions() set timezone = 'UTC';
alter function audit.partition_months(text) set timezone = 'UTC';

create or replace function audit.log_phi_access() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), '')::jsonb, '{}'::jsonb);
  key bytea := audit.pseudonym_key();
  user_id text := claims ->> 'sub';
  patient text := rec ->> tg_argv[0];
  -- The entry appended by the platform's gateway (the last one); earlier entries are client-supplied.
  forwarded text[] := string_to_array(coalesce(headers ->> 'x-forwarded-for', ''), ',');
  ip text := nullif(btrim(forwarded[cardinality(forwarded)]), '');
  actor uuid;
  ids jsonb;
begin
  if tg_nargs < 1 then
    raise exception 'audit.log_phi_access needs the patient id column name as its first argument';
  end if;
  select p.pseudonym into actor from audit.pseudonymize(key,
    jsonb_build_array(jsonb_build_object('kind', 'user', 'value', user_id))) p;
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

