-- Backup-code sets in the GDPR export, mended (review of 20261205111300, findings 2 and 3).
--
-- 2. The sets had no organization, so an organization's export of a member who came from another one
--    listed the sets made there (with wrong counts, their codes being filtered out). A set now records
--    the organization its maker was in (generate writes it, as it does on each code), and the export
--    filters sets as it does the other categories. Existing sets take their codes' organization; a set
--    with no code left stays unknown (null), which the export shows to the person and the operator only:
--    null here means "not known", not "of no organization".
-- 3. Codes were matched to sets by time (a code made from its set's generated_at until the next set's),
--    both stamped with their transaction's start; but a set's id is taken under the user's lock, so a call
--    that began earlier and locked later got a higher id and an earlier time, and the export counted the
--    other set's codes in it. Each code now names its set (set_id, written by generate; existing codes
--    backfilled with the newest set of theirs made at or before them, which the race does not confuse:
--    a set and its codes share their transaction's time), and a set is stamped when the lock is held.
--
-- generate_mfa_backup_codes is otherwise as 20261205111500 wrote it (same lock, caps and refusals; pgTAP
-- 113 and 119); gdpr.subject_records as 20261205111300 wrote it but for the sets. The columns are small
-- tables' own, not the audit trail's; lock_timeout all the same, so a push waits for no reader for long.
-- tests/sql/120_backup_code_sets_scoped.sql.

set local lock_timeout = '5s';

alter table app.mfa_backup_code_sets add column organization_id uuid;
comment on column app.mfa_backup_code_sets.organization_id is
  'The organization the user was in when the set was made (null: made before 20261205113000, unknown).';
alter table public.mfa_backup_codes
  add column set_id bigint references app.mfa_backup_code_sets (id) on delete cascade;
comment on column public.mfa_backup_codes.set_id is
  'The set (app.mfa_backup_code_sets) whose generate made the code; null for codes older than any set.';
create index mfa_backup_codes_set_idx on public.mfa_backup_codes (set_id);

update public.mfa_backup_codes c set set_id = (
  select s.id from app.mfa_backup_code_sets s
  where s.user_id = c.user_id and s.generated_at <= c.created_at
  order by s.generated_at desc, s.id desc limit 1)
where c.set_id is null;
update app.mfa_backup_code_sets s set organization_id = (
  select c.organization_id from public.mfa_backup_codes c
  where c.set_id = s.id and c.organization_id is not null order by c.id limit 1)
where s.organization_id is null;

create or replace function public.generate_mfa_backup_codes() returns setof text
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  me public.users;
  code text;
  new_set bigint;
begin
  -- Read and locked at once: the lock serialises one user's concurrent calls, so that the count below
  -- cannot be raced past.
  select * into me from public.users where id = auth.uid() and deleted_at is null for update;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if not app.has_second_factor() then
    raise exception 'backup codes need a sign-in with a second factor (aal2)' using errcode = '42501';
  end if;
  if (select count(*) from app.mfa_backup_code_sets s
      where s.user_id = me.id and s.generated_at > now() - interval '24 hours') >= 5 then
    raise exception 'at most 5 sets of backup codes in 24 hours' using errcode = 'PT429';
  end if;
  -- Stamped now that the lock is held (not at the transaction's start): one user's sets are made in the
  -- order of their ids, so a call that began earlier but locked later is not dated before the set it replaces.
  insert into app.mfa_backup_code_sets (user_id, organization_id, generated_at, last_challenge_id)
  values (me.id, me.organization_id, clock_timestamp(),
    (select max(c.id) from public.mfa_challenges c where c.user_id = me.id))
  returning id into new_set;
  delete from public.mfa_backup_codes where user_id = me.id and used_at is null;
  for i in 1..10 loop
    code := upper(substr(encode(extensions.gen_random_bytes(8), 'hex'), 1, 10));
    insert into public.mfa_backup_codes (user_id, organization_id, set_id, code_hash)
    values (me.id, me.organization_id, new_set, extensions.crypt(code, extensions.gen_salt('bf', 10)));
    return next code;
  end loop;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'mfa.enroll', 'resource', 'mfa_backup_codes', 'outcome', 'success', 'user_id', me.id,
    'organization_id', me.organization_id, 'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object('method', 'backup_code', 'codes', 10))));
end $$;

create or replace function gdpr.subject_records(p_subject uuid)
returns table (category text, record_id text, occurred_at timestamptz, organization_id uuid, data jsonb,
  third_parties jsonb)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  sc gdpr.subject_scope := gdpr.subject_scope(p_subject, 'gdpr.export.any');
  org uuid := sc.organization_id;
  p uuid := sc.user_pseudonym;
  pp uuid := sc.patient_pseudonym;
  limiter_id text := 'user:' || p_subject::text;
begin
  return query
  select 'profile', u.id::text, u.created_at, u.organization_id,
    jsonb_build_object('userId', u.id, 'email', u.email, 'badgeNumber', u.badge_number, 'fullName', u.full_name,
      'role', u.role, 'station', u.station, 'department', u.department, 'organizationId', u.organization_id,
      'lastLoginAt', gdpr.iso(u.last_login_at), 'createdAt', gdpr.iso(u.created_at),
      'updatedAt', gdpr.iso(u.updated_at), 'deletedAt', gdpr.iso(u.deleted_at)),
    '{}'::jsonb
  from public.users u
  where u.id = p_subject and (org is null or u.organization_id = org);

  -- Audit events where the subject is the actor, in the shape of audit-query's entries.
  return query
  with own as materialized (select * from gdpr.own_identifiers(p))
  select 'audit_events', l.event_id::text, l."timestamp", l.organization_id,
    jsonb_build_object('seq', l.seq, 'eventId', l.event_id, 'timestamp', gdpr.iso(l."timestamp"),
      'organizationId', l.organization_id, 'userId', p_subject, 'actorPseudonym', l.actor_pseudonym,
      'userRole', l.user_role, 'sessionId', s.value, 'action', l.action, 'resource', l.resource,
      'outcome', l.outcome, 'metadata', case when third_party then l.metadata - 'subject_pseudonym'
        else l.metadata end, 'ipAddress', i.value,
      'ipPseudonym', l.ip_pseudonym, 'userAgent', a.value, 'errorMessage', l.error_message,
      'durationMs', l.duration_ms, 'correlationId', l.correlation_id,
      'dataClassification', l.data_classification, 'eventVersion', l.event_version,
      'createdAt', gdpr.iso(l.created_at)),
    case when third_party
      then jsonb_build_object('metadata.subject_pseudonym', l.metadata ->> 'subject_pseudonym')
      else '{}'::jsonb end
  from public.audit_logs l
  -- Whom the subject's own audit queries looked up is someone else's identifier.
  cross join lateral (select l.metadata ->> 'subject_pseudonym' is not null
    and l.metadata ->> 'subject_pseudonym' <> p::text as third_party) t
  left join own s on s.pseudonym = l.session_pseudonym
  left join own i on i.pseudonym = l.ip_pseudonym
  left join own a on a.pseudonym = l.user_agent_pseudonym
  where p is not null and l.actor_pseudonym = p
    and (org is null or l.organization_id is null or l.organization_id = org)
  order by l."timestamp", l.seq;

  -- PHI access log rows where the subject is the patient (who touched their record) or the actor.
  return query
  select 'phi_access', x.id::text, x.occurred_at, x.organization_id,
    jsonb_build_object('occurredAt', gdpr.iso(x.occurred_at),
      'subjectRole', case when x.patient_pseudonym = pp then 'patient' else 'actor' end,
      'table', x.table_name, 'operation', x.operation, 'actorRole', x.actor_role,
      'organizationId', x.organization_id),
    jsonb_strip_nulls(case when x.patient_pseudonym = pp
      then jsonb_build_object('actor', x.actor_pseudonym)
      else jsonb_build_object('patient', x.patient_pseudonym, 'recordId', x.record_id) end)
  from public.phi_access_audit_log x
  where (x.patient_pseudonym = pp or x.actor_pseudonym = p)
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.occurred_at, x.id;

  return query
  select 'sessions', x.session_id::text, x.started_at, x.organization_id,
    jsonb_build_object('sessionId', x.session_id, 'userRole', x.user_role, 'startedAt', gdpr.iso(x.started_at),
      'lastActivityAt', gdpr.iso(x.last_activity_at), 'endedAt', gdpr.iso(x.ended_at), 'endReason', x.end_reason,
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.user_sessions x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.started_at;

  return query
  with own as materialized (select * from gdpr.own_identifiers(p))
  select 'protocol_access', x.id::text, x.created_at, x.organization_id,
    jsonb_build_object('accessId', x.id, 'createdAt', gdpr.iso(x.created_at), 'sessionId', s.value,
      'userRole', x.user_role, 'query', x.query_text, 'queryLength', x.query_length, 'pediatric', x.pediatric,
      'category', x.category, 'kbVersion', x.kb_version, 'resultCount', x.result_count, 'results', x.results,
      'wasHelpful', x.was_helpful, 'feedbackAt', gdpr.iso(x.feedback_at), 'organizationId', x.organization_id),
    '{}'::jsonb
  from public.protocol_access x
  left join own s on s.pseudonym = x.session_pseudonym
  where p is not null and x.user_pseudonym = p
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at;

  return query
  with own as materialized (select * from gdpr.own_identifiers(p))
  select 'ai_audit', x.message_id::text, x."timestamp", x.organization_id,
    jsonb_build_object('messageId', x.message_id, 'timestamp', gdpr.iso(x."timestamp"), 'sessionId', s.value,
      'userRole', x.user_role, 'model', x.model, 'promptVersion', x.prompt_version, 'mode', x.mode,
      'outcome', x.outcome, 'errorKind', x.error_kind, 'retrievedProtocols', to_jsonb(x.retrieved_protocols),
      'questionLength', x.question_length, 'questionSha256', x.question_sha256,
      'answerLength', x.answer_length, 'answerSha256', x.answer_sha256,
      'tokens', jsonb_build_object('prompt', x.prompt_tokens, 'completion', x.completion_tokens,
        'total', x.total_tokens),
      'costUsd', x.total_cost_usd, 'latencyMs', x.latency_ms, 'correlationId', x.correlation_id,
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.ai_audit_trails x
  left join own s on s.pseudonym = x.session_pseudonym
  where p is not null and x.user_pseudonym = p
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x."timestamp", x.id;

  return query
  select 'rate_limit_violations', x.identifier, x.first_violation_at, x.organization_id,
    jsonb_build_object('identifier', x.identifier, 'lastClass', x.last_class, 'ipAddress', host(x.ip_address),
      'violationCount', x.violation_count, 'firstViolationAt', gdpr.iso(x.first_violation_at),
      'lastViolationAt', gdpr.iso(x.last_violation_at), 'reputation', x.reputation,
      'bannedUntil', gdpr.iso(x.banned_until), 'banCount', x.ban_count, 'organizationId', x.organization_id),
    '{}'::jsonb
  from public.rate_limit_violations x
  where x.identifier = limiter_id and (org is null or x.organization_id is null or x.organization_id = org);

  return query
  select 'security_events', x.id::text, x.occurred_at, x.organization_id,
    jsonb_build_object('occurredAt', gdpr.iso(x.occurred_at), 'eventType', x.event_type, 'severity', x.severity,
      'correlationId', x.correlation_id, 'details', x.details, 'organizationId', x.organization_id),
    '{}'::jsonb
  from public.security_events x
  where x.identifier = limiter_id and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.occurred_at, x.id;

  return query
  select 'mfa_enrollments', x.id::text, x.enrolled_at, x.organization_id,
    jsonb_build_object('method', x.method, 'status', x.status, 'enrolledAt', gdpr.iso(x.enrolled_at),
      'verifiedAt', gdpr.iso(x.verified_at), 'lastUsedAt', gdpr.iso(x.last_used_at),
      'disabledAt', gdpr.iso(x.disabled_at), 'organizationId', x.organization_id),
    '{}'::jsonb
  from public.mfa_enrollments x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.enrolled_at, x.id;

  return query
  select 'mfa_challenges', x.id::text, x.challenged_at, x.organization_id,
    jsonb_build_object('method', x.method, 'result', x.result, 'challengedAt', gdpr.iso(x.challenged_at),
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.mfa_challenges x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.challenged_at, x.id;

  -- Backup codes: when they were made and used, never their hashes.
  return query
  select 'mfa_backup_codes', x.id::text, x.created_at, x.organization_id,
    jsonb_build_object('createdAt', gdpr.iso(x.created_at), 'usedAt', gdpr.iso(x.used_at),
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.mfa_backup_codes x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at, x.id;

  -- Sets of backup codes: when each was made and replaced by the next, how many of its codes were used
  -- (and when last) and how many are left; never a hash. A set's codes are those its generate made
  -- (set_id). A set is of the organization its maker was in then: an organization sees only its own
  -- (a set of unknown organization, from before 20261205113000 and with no code left, only the person
  -- and the operator). Made and replaced in the order generate took the user's lock (generated_at, id).
  return query
  select 'mfa_backup_code_sets', s.id::text, s.generated_at, s.organization_id,
    jsonb_build_object('generatedAt', gdpr.iso(s.generated_at), 'replacedAt', gdpr.iso(s.replaced_at),
      'codesUsed', c.used, 'lastUsedAt', gdpr.iso(c.last_used_at), 'codesLeft', c.left_over),
    '{}'::jsonb
  from (select x.id, x.generated_at, x.organization_id,
          lead(x.generated_at) over (order by x.generated_at, x.id) as replaced_at
        from app.mfa_backup_code_sets x where x.user_id = p_subject) s
  cross join lateral (
    select count(*) filter (where b.used_at is not null) as used, max(b.used_at) as last_used_at,
      count(*) filter (where b.used_at is null) as left_over
    from public.mfa_backup_codes b
    where b.set_id = s.id and b.user_id = p_subject
      and (org is null or b.organization_id is null or b.organization_id = org)) c
  where org is null or s.organization_id = org
  order by s.generated_at, s.id;

  -- Alerts the subject acknowledged or resolved: what they did and wrote, not what the alert says.
  return query
  select 'alerts_handled', x.id::text, coalesce(x.acknowledged_at, x.resolved_at), x.organization_id,
    jsonb_strip_nulls(jsonb_build_object('alertId', x.id, 'severity', x.severity, 'type', x.type,
      'title', x.title, 'source', x.source, 'createdAt', gdpr.iso(x.created_at),
      'acknowledgedAt', case when x.acknowledged_by = p_subject then gdpr.iso(x.acknowledged_at) end,
      'acknowledgementNotes', case when x.acknowledged_by = p_subject then x.acknowledgement_notes end,
      'resolvedAt', case when x.resolved_by = p_subject then gdpr.iso(x.resolved_at) end,
      'resolutionNotes', case when x.resolved_by = p_subject then x.resolution_notes end,
      'organizationId', x.organization_id)),
    '{}'::jsonb
  from public.alerts x
  where (x.acknowledged_by = p_subject or x.resolved_by = p_subject)
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at, x.id;

  return query
  select 'performance_metrics', x.id::text, x.recorded_at, x.organization_id,
    jsonb_build_object('recordedAt', gdpr.iso(x.recorded_at), 'metricName', x.metric_name, 'value', x.value,
      'unit', x.unit, 'page', x.page, 'appVersion', x.app_version, 'metadata', x.metadata,
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.performance_metrics x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.recorded_at, x.id;

  return query
  select 'web_vitals', x.id::text, x.recorded_at, x.organization_id,
    jsonb_build_object('recordedAt', gdpr.iso(x.recorded_at), 'metric', x.metric, 'value', x.value,
      'rating', x.rating, 'page', x.page, 'navigationType', x.navigation_type, 'appVersion', x.app_version,
      'organizationId', x.organization_id),
    '{}'::jsonb
  from public.web_vitals x
  where x.user_id = p_subject and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.recorded_at, x.id;
end $$;
