-- The only way into audit_logs: audit.write_events(batch). It validates, drops metadata keys that name
-- personal data, replaces identifiers by pseudonyms and inserts the batch in one statement. A repeated
-- event_id (a retried batch, a backfill re-run) inserts nothing.

-- Keys that name personal data, after camelCase → snake_case and lower-casing.
create function audit.is_personal_key(k text) returns boolean
language sql immutable as $$
  select lower(regexp_replace(k, '([a-z0-9])([A-Z])', '\1_\2', 'g')) ~ (
    '^(.*_)?(name|first_?name|last_?name|full_?name|given_?name|family_?name|dob|date_?of_?birth|' ||
    'birth_?date|birthday|ssn|social_?security(_?number)?|email|e_?mail(_?address)?|mrn|' ||
    'medical_?record(_?number)?|phone|phone_?number|telephone|mobile|cell|address|street|' ||
    'home_?address|zip|zip_?code|postal_?code|password|passwd|secret|api_?key|token|' ||
    'driver_?license|license_?number|insurance_?id)$')
$$;

create function audit.scrub_metadata(m jsonb) returns jsonb
language sql immutable as $$
  select case jsonb_typeof(m)
    when 'object' then coalesce(
      (select jsonb_object_agg(key, audit.scrub_metadata(value))
       from jsonb_each(m) where not audit.is_personal_key(key)),
      '{}'::jsonb)
    when 'array' then (select coalesce(jsonb_agg(audit.scrub_metadata(v)), '[]'::jsonb) from jsonb_array_elements(m) v)
    else m
  end
$$;

create function audit.write_events(events jsonb) returns integer
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

  -- Take a transaction id before any seq is drawn: audit.seal relies on every holder of an unsealed
  -- seq being visible as an in-progress transaction.
  perform pg_current_xact_id();
  key := audit.pseudonym_key();

  with batch as materialized (
    select a.ord, coalesce(e.event_id, gen_random_uuid()) as event_id,
      coalesce(e."timestamp", now()) as "timestamp", e.organization_id, nullif(e.user_id, '') as user_id,
      e.user_role, nullif(e.session_id, '') as session_id, e.action, e.resource, e.outcome,
      audit.scrub_metadata(coalesce(e.metadata, '{}'::jsonb)) as metadata, e.ip_address,
      nullif(left(e.user_agent, 512), '') as user_agent, left(e.error_message, 1000) as error_message,
      e.duration_ms, left(e.correlation_id, 100) as correlation_id,
      coalesce(e.data_classification, 'INTERNAL') as data_classification,
      coalesce(e.event_version, 1) as event_version
    from jsonb_array_elements(events) with ordinality as a(j, ord)
    cross join lateral jsonb_to_record(a.j) as e(
      event_id uuid, "timestamp" timestamptz, organization_id uuid, user_id text,
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

revoke all on function audit.write_events(jsonb) from public;
grant execute on function audit.write_events(jsonb) to service_role;
