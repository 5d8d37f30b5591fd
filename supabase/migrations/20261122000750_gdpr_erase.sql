-- Erasure (right to be forgotten) that keeps the audit trail intact.
--
-- gdpr.erase_subject, in one transaction:
--   1. who: holders of gdpr.erase for a subject of their organization (never themselves: their own
--      request's audit event would pseudonymise them again), or the service role
--   2. non-audit personal data in the caller's reach: deleted (account, profile, sessions, MFA
--      records, limiter records, client telemetry) or anonymised (security events and alerts that name
--      the subject get a random token instead; alerts they handled and settings they edited forget who;
--      their protocol searches lose their pseudonyms; their client addresses leave limiter records)
--   3. linkage: the subject's rows in audit.pseudonym_mapping are deleted — their user pseudonym, every
--      session, address and user agent pseudonym they own, and their patient pseudonym. audit_logs,
--      phi_access_audit_log and ai_audit_trails are not touched: the same rows, the same hashes, the
--      seals still verify, the events stay countable under a pseudonym nothing resolves any more
--   4. the erased-subjects list gets the subject's salted hash (a repeat is recognised: idempotent), and
--      audit.erased_identifiers their user blind index (they are never pseudonymised again, and a
--      session of theirs is refused)
--   5. the request's audit event (gdpr.erase) is written in the same transaction: no erasure without
--      its record, no record of an erasure that rolled back
-- The subject's erasure record names no pseudonym and no counts (only which kinds of data were
-- removed): nothing in it leads back to the audit rows the erasure made anonymous.

-- Erased users are not pseudonymised again. A token issued before the erasure stays valid until it
-- expires; without this, its next request would give the erased id a fresh pseudonym, linkable once
-- more. The list holds the blind index the user's mapping row had (HMAC with the Vault key) and nothing
-- else. Only users: a patient's records may still be touched after their erasure, and the law wants
-- those accesses logged (under a patient pseudonym that a repeated erasure removes again).
create table audit.erased_identifiers (
  blind_index bytea primary key
);
revoke all on audit.erased_identifiers from public, anon, authenticated, service_role;

create or replace function audit.pseudonymize(key bytea, items jsonb)
returns table (kind text, owner uuid, value text, pseudonym uuid)
language plpgsql volatile set search_path = '' as $$
begin
  insert into audit.pseudonym_mapping (kind, owner_pseudonym, blind_index, value_encrypted)
  select distinct on (bi) i.kind, i.owner, bi, audit.encrypt_value(key, i.value)
  from jsonb_to_recordset(items) as i(kind text, owner uuid, value text)
  cross join lateral audit.blind_index(key, i.kind, i.owner, i.value) as bi
  where i.value is not null and i.value <> ''
    and not exists (select 1 from audit.erased_identifiers e where e.blind_index = bi)
  on conflict (blind_index) do nothing;

  return query
  select i.kind, i.owner, i.value, m.pseudonym
  from jsonb_to_recordset(items) as i(kind text, owner uuid, value text)
  join audit.pseudonym_mapping m on m.blind_index = audit.blind_index(key, i.kind, i.owner, i.value);
end $$;

-- check_session (20261122000540) refuses an erased user's session before it would start one, so a
-- token issued before the erasure cannot put their id back into user_sessions.
create or replace function public.check_session(
  p_session_id uuid, p_user_id uuid, p_organization_id uuid, p_user_role public.user_role,
  p_started_hint timestamptz default null, p_correlation_id text default null
) returns table (status text, reason text, started_at timestamptz, last_activity_at timestamptz,
  idle_seconds integer, max_seconds integer)
language plpgsql security definer set search_path = '' as $$
declare
  pol app.session_policy;
  s public.user_sessions;
  t timestamptz := now();
  why text;
begin
  select * into pol from app.session_policy;
  insert into public.user_sessions as x (session_id, user_id, organization_id, user_role, started_at, last_activity_at)
  values (p_session_id, p_user_id, p_organization_id, coalesce(p_user_role, 'guest'),
    least(t, coalesce(p_started_hint, t)), t)
  on conflict (session_id) do nothing
  returning * into s;
  -- Only a new session can be an erased user's (the erasure deleted theirs): the check costs nothing
  -- on the requests of established sessions.
  if s.session_id is not null and exists (select 1 from audit.erased_identifiers e
      where e.blind_index = audit.blind_index(audit.pseudonym_key(), 'user', null, p_user_id::text)) then
    delete from public.user_sessions x where x.session_id = p_session_id;
    return query select 'ended', 'revoked'::text, t, t,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  if s.session_id is not null then
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'user.session.start', 'resource', 'user_sessions', 'outcome', 'success',
      'user_id', p_user_id, 'session_id', p_session_id, 'user_role', p_user_role,
      'organization_id', p_organization_id, 'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_strip_nulls(jsonb_build_object('request_id', p_correlation_id)))));
    update public.users u set last_login_at = t where u.id = p_user_id;
  else
    select * into s from public.user_sessions x where x.session_id = p_session_id for update;
  end if;
  if s.user_id <> p_user_id then
    raise exception 'session belongs to another user' using errcode = '42501';
  end if;

  if s.ended_at is not null then
    return query select 'ended', s.end_reason, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  -- Expired once either deadline has passed; the one that passed first names the reason.
  if t > least(s.last_activity_at + pol.idle_timeout, s.started_at + pol.max_duration) then
    why := case when s.started_at + pol.max_duration <= s.last_activity_at + pol.idle_timeout
      then 'timeout_max_duration' else 'timeout_idle' end;
  end if;
  if why is not null then
    perform public.end_session(p_session_id, why, case why when 'timeout_idle' then s.last_activity_at + pol.idle_timeout
      else s.started_at + pol.max_duration end, p_correlation_id);
    return query select 'expired', why, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  update public.user_sessions x set last_activity_at = t where x.session_id = p_session_id;
  return query select 'active', null::text, s.started_at, t,
    extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
end $$;

-- Reasons an erasure may give (GDPR Art. 17(1) a–f, and a data retention decision).
create function gdpr.erasure_reasons() returns text[]
language sql immutable set search_path = '' as $$
  select array['no_longer_necessary', 'consent_withdrawn', 'objection', 'unlawful_processing',
    'legal_obligation', 'child_consent', 'retention_expired']
$$;

-- Settings rows stamp who last changed them (app.stamp_updated); an erasure clears that stamp and must
-- not put the erasing admin in its place.
create or replace function app.stamp_updated() returns trigger
language plpgsql as $$
begin
  if current_setting('app.gdpr_erasure', true) = 'on' then
    return new;
  end if;
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end $$;

-- The request's own audit event, from what the function sent (p_request: event_id, timestamp,
-- correlation_id, ip_address, user_agent, duration_ms, metadata) and what only the database knows:
-- who asked (the JWT claims), the action and the facts of the erasure, which win over the metadata.
create function gdpr.erasure_event(p_request jsonb, p_facts jsonb) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  req jsonb := case when jsonb_typeof(p_request) = 'object' then p_request else '{}'::jsonb end;
  ev_id uuid;
  ev_at timestamptz;
  ip inet;
begin
  begin
    ev_id := (req ->> 'event_id')::uuid;
    ev_at := (req ->> 'timestamp')::timestamptz;
    ip := (req ->> 'ip_address')::inet;
  exception when others then
    ev_id := null; ev_at := null; ip := null;
  end;
  -- The pair names the request's event (idempotency): only for a request of the last ten minutes.
  if ev_id is null or ev_at is null or ev_at not between now() - interval '10 minutes' and now() + interval '1 minute' then
    ev_id := null; ev_at := null;
  end if;
  return jsonb_strip_nulls(jsonb_build_object(
    'event_id', ev_id, 'timestamp', ev_at,
    'action', 'gdpr.erase', 'resource', 'data_subject', 'outcome', 'success',
    'organization_id', app.current_organization_id(), 'user_id', auth.uid(),
    'user_role', case when coalesce(auth.role(), '') = 'authenticated' then app.current_user_role() end,
    'session_id', auth.jwt() ->> 'session_id',
    'ip_address', ip, 'user_agent', left(req ->> 'user_agent', 512),
    'duration_ms', case when jsonb_typeof(req -> 'duration_ms') = 'number' then greatest(0, (req ->> 'duration_ms')::numeric)::integer end,
    'correlation_id', left(req ->> 'correlation_id', 100),
    'data_classification', 'CONFIDENTIAL',
    'metadata', case when jsonb_typeof(req -> 'metadata') = 'object' then req -> 'metadata' else '{}'::jsonb end
      || p_facts));
end $$;

create function gdpr.erase_subject(
  p_subject uuid,
  p_subject_hash text,
  p_reason text,
  p_reference text,
  p_token text,
  p_request jsonb default '{}'::jsonb
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  sc gdpr.subject_scope;
  org uuid;
  p uuid;
  pp uuid;
  already boolean;
  uid text := p_subject::text;
  limiter_id text := 'user:' || p_subject::text;
  ips inet[];
  session_ids uuid[];
  kept jsonb;
  deleted jsonb := '{}';
  anonymised jsonb := '{}';
  linkage jsonb;
  n bigint;
begin
  if p_reason is null or p_reason <> all (gdpr.erasure_reasons()) then
    raise exception 'reason must be one of %', gdpr.erasure_reasons() using errcode = '22023';
  end if;
  if p_reference is not null and p_reference !~ '^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,99}$' then
    raise exception 'reference must be an identifier such as a ticket number' using errcode = '22023';
  end if;
  if coalesce(p_token, '') !~ '^erased-[A-Za-z0-9_-]{16,64}$' or coalesce(p_subject_hash, '') !~ '^[0-9a-f]{64}$' then
    raise exception 'token and subject hash are malformed' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('gdpr.erase:' || uid, 0));

  begin
    sc := gdpr.subject_scope(p_subject, 'gdpr.erase', false);
    org := sc.organization_id;
    p := sc.user_pseudonym;
    pp := sc.patient_pseudonym;
  exception when no_data_found then
    -- Erased before by this organization: sweep again whatever came back since (idempotent).
    if not gdpr.erased_here(p_subject_hash) then
      raise;
    end if;
    org := app.current_organization_id();
    p := audit.pseudonym_of('user', uid);
    pp := audit.pseudonym_of('patient', uid);
  end;
  already := gdpr.erased_here(p_subject_hash);

  -- What stays: audit rows, countable under the (soon unresolvable) pseudonym.
  kept := jsonb_build_object(
    'audit_events', (select count(*) from public.audit_logs l where p is not null and l.actor_pseudonym = p
                     and (org is null or l.organization_id is null or l.organization_id = org)),
    'phi_access', (select count(*) from public.phi_access_audit_log x
                   where (x.patient_pseudonym = pp or x.actor_pseudonym = p)
                     and (org is null or x.organization_id is null or x.organization_id = org)),
    'ai_audit', (select count(*) from public.ai_audit_trails x where p is not null and x.user_pseudonym = p
                 and (org is null or x.organization_id is null or x.organization_id = org)));

  select coalesce(array_agg(distinct audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)::inet), '{}')
    into ips from audit.pseudonym_mapping m where p is not null and m.owner_pseudonym = p and m.kind = 'ip';
  select coalesce(array_agg(s.session_id), '{}') into session_ids from public.user_sessions s
    where s.user_id = p_subject and (org is null or s.organization_id is null or s.organization_id = org);

  perform set_config('app.gdpr_erasure', 'on', true);

  -- Deleted.
  delete from public.user_sessions x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('user_sessions', n);
  delete from public.performance_metrics x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('performance_metrics', n);
  delete from public.web_vitals x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('web_vitals', n);
  delete from public.rate_limit_violations x where x.identifier = limiter_id
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('rate_limit_violations', n);
  delete from public.rate_limit_tracking x where x.identifier = limiter_id;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('rate_limit_tracking', n);
  delete from public.mfa_backup_codes x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_backup_codes', n);
  delete from public.mfa_challenges x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_challenges', n);
  delete from public.mfa_enrollments x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_enrollments', n);
  delete from public.users x where x.id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('users', n);
  -- The account itself (Supabase Auth; its sessions and identities go with it).
  delete from auth.users x where x.id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('auth_users', n);

  -- Anonymised: kept for security and operations, no longer naming the subject.
  update public.security_events x set identifier = p_token,
      details = replace(x.details::text, uid, p_token)::jsonb
    where x.identifier = limiter_id and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('security_events', n);
  update public.rate_limit_violations x set ip_address = null
    where x.ip_address = any (ips) and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('rate_limit_violations', n);
  update public.alerts x set
      acknowledged_by = case when x.acknowledged_by = p_subject then null else x.acknowledged_by end,
      resolved_by = case when x.resolved_by = p_subject then null else x.resolved_by end,
      description = replace(x.description, uid, p_token),
      dedup_key = replace(x.dedup_key, uid, p_token),
      metadata = replace(x.metadata::text, uid, p_token)::jsonb
    where (x.acknowledged_by = p_subject or x.resolved_by = p_subject or strpos(x.description, uid) > 0
           or strpos(x.dedup_key, uid) > 0 or strpos(x.metadata::text, uid) > 0)
      and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('alerts', n);
  update public.protocol_access x set user_pseudonym = null, session_pseudonym = null
    where p is not null and x.user_pseudonym = p
      and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('protocol_access', n);
  -- Who last edited a setting (platform and organization settings alike).
  update public.rate_limit_config set updated_by = null where updated_by = p_subject;
  update public.monitoring_configs set updated_by = null where updated_by = p_subject;
  update public.mfa_policies set updated_by = null where updated_by = p_subject;
  update public.security_policies set updated_by = null where updated_by = p_subject;
  update public.organization_role set updated_by = null where updated_by = p_subject;
  update public.vulnerability_scans set created_by = null where created_by = p_subject;

  -- The linkage: after this no key of the project turns the subject into their pseudonyms or back.
  with gone as (
    delete from audit.pseudonym_mapping m
    where m.pseudonym = p or m.owner_pseudonym = p or m.pseudonym = pp
    returning m.kind
  )
  select coalesce(jsonb_object_agg(g.kind, g.n), '{}') into linkage
  from (select gone.kind, count(*) as n from gone group by gone.kind) g;

  insert into gdpr.erased_subjects (subject_hash, organization_id) values (p_subject_hash, org)
  on conflict (subject_hash) do nothing;
  insert into audit.erased_identifiers (blind_index)
  values (audit.blind_index(audit.pseudonym_key(), 'user', null, uid))
  on conflict (blind_index) do nothing;

  perform audit.write_events(jsonb_build_array(gdpr.erasure_event(p_request, jsonb_build_object(
    'reason', p_reason, 'reference', p_reference, 'already_erased', already,
    'scope', coalesce(sc.scope, 'organization'), 'linkage_destroyed', linkage <> '{}'::jsonb,
    'deleted', (select coalesce(jsonb_agg(k order by k), '[]') from jsonb_each(deleted) d(k, v) where v::bigint > 0),
    'anonymised', (select coalesce(jsonb_agg(k order by k), '[]') from jsonb_each(anonymised) a(k, v) where v::bigint > 0)))));

  return jsonb_build_object('alreadyErased', already, 'deleted', deleted, 'anonymised', anonymised,
    'linkage', linkage, 'kept', kept, 'sessionIds', to_jsonb(session_ids));
end $$;

revoke all on function gdpr.erasure_reasons(), gdpr.erasure_event(jsonb, jsonb),
  gdpr.erase_subject(uuid, text, text, text, text, jsonb) from public;
grant execute on function gdpr.erasure_reasons(), gdpr.erase_subject(uuid, text, text, text, text, jsonb)
  to authenticated, service_role;
