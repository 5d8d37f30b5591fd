-- The sets of backup codes a person made (app.mfa_backup_code_sets, 20261205093300) are their data but
-- were not in the GDPR export. gdpr.subject_records now lists them after the codes, category
-- mfa_backup_code_sets: when each set was made and replaced, how many of its codes were used (and when
-- last) and how many are left — never a hash, nor the internal mark of the last challenge. The export's
-- plan (gdpr.export_plan) counts them through this function, unchanged. Erasure needs nothing: the sets
-- reference public.users on delete cascade, and gdpr.erase_subject deletes the user row.
--
-- The rest is as 20261122000740 wrote it, with search_path as 20261203002200 set it on every function.
-- tests/sql/119_gdpr_backup_code_sets.sql.

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
  -- (and when last) and how many are left; never a hash. A set's codes are those made from its time until
  -- the next set's (generate_mfa_backup_codes stamps both with its transaction's time and deletes the
  -- unused codes of the sets before). A set is the person's, of no organization.
  return query
  select 'mfa_backup_code_sets', s.id::text, s.generated_at, null::uuid,
    jsonb_build_object('generatedAt', gdpr.iso(s.generated_at), 'replacedAt', gdpr.iso(s.replaced_at),
      'codesUsed', c.used, 'lastUsedAt', gdpr.iso(c.last_used_at), 'codesLeft', c.left_over),
    '{}'::jsonb
  from (select x.id, x.generated_at, lead(x.generated_at) over (order by x.id) as replaced_at
        from app.mfa_backup_code_sets x where x.user_id = p_subject) s
  cross join lateral (
    select count(*) filter (where b.used_at is not null) as used, max(b.used_at) as last_used_at,
      count(*) filter (where b.used_at is null) as left_over
    from public.mfa_backup_codes b
    where b.user_id = p_subject and b.created_at >= s.generated_at
      and (s.replaced_at is null or b.created_at < s.replaced_at)
      and (org is null or b.organization_id is null or b.organization_id = org)) c
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
