-- An organization's compliance report counted every platform-wide alert of the period (security bursts
-- that name another agency's clients, the operator's system and performance alerts), while its admins and
-- medical directors may read only the platform's COMPLIANCE alerts (20261205092100): the report told them
-- how many alerts they could not see, and the figure was the same noise for every agency. The report now
-- counts the organization's own alerts and the platform's COMPLIANCE ones (about the audit trail every
-- agency keeps), as alerts_admin_read admits them. Everything else is as 20261203003420 wrote it; the
-- signature is unchanged, so the builder and the monthly job (which computes the platform part once per
-- run) call it as before. tests/sql/118_compliance_report_alerts.sql.

create or replace function audit.compliance_report_content(p_org uuid, p_from timestamptz, p_to timestamptz, p_platform jsonb)
returns jsonb
language plpgsql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'UTC' as $$
declare
  privileged constant public.user_role[] := array['admin', 'medical_director']::public.user_role[];
  audit_reads constant public.audit_action[] := array['audit.query', 'audit.export', 'audit.verify',
    'compliance_report.generate', 'compliance_report.read']::public.audit_action[];
  personal_reads constant public.audit_action[] := array['gdpr.export', 'gdpr.reveal', 'gdpr.erase']::public.audit_action[];
  list_limit constant integer := 200;
begin
  return jsonb_build_object(
    'organization', (select jsonb_build_object('id', o.id, 'name', o.name) from public.organizations o where o.id = p_org),
    'period', jsonb_build_object('from', p_from, 'to', p_to),
    'integrity', p_platform -> 'integrity',
    'anchors', p_platform -> 'anchors',
    'activity', (
      select coalesce(jsonb_agg(jsonb_build_object('day', d.day::date, 'events', coalesce(x.events, 0),
        'failures', coalesce(x.failures, 0), 'failedSignIns', coalesce(x.failed_sign_ins, 0)) order by d.day), '[]')
      from generate_series(date_trunc('day', p_from), p_to - interval '1 microsecond', interval '1 day') d(day)
      left join (
        select date_trunc('day', l."timestamp") as day, count(*) as events,
          count(*) filter (where l.outcome = 'failure') as failures,
          count(*) filter (where l.action in ('auth.failure', 'auth.unauthorized') and l.outcome = 'failure')
            as failed_sign_ins
        from public.audit_logs l
        where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
        group by 1) x on x.day = d.day),
    -- One scan of the period's sign-in failures and bans, counted by filter.
    'authentication', (
      select jsonb_build_object(
        'failedSignIns', count(*) filter (where l.action in ('auth.failure', 'auth.unauthorized')
          and l.outcome = 'failure'),
        'distinctAddresses', count(distinct l.ip_pseudonym) filter (where l.action in ('auth.failure',
          'auth.unauthorized') and l.outcome = 'failure'),
        'bans', count(*) filter (where l.action = 'rate_limit.ban'))
      from public.audit_logs l
      where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
        and l.action in ('auth.failure', 'auth.unauthorized', 'rate_limit.ban')),
    'auditDataAccess', (
      select coalesce(jsonb_agg(to_jsonb(x) order by x.events desc, x.action, x."actorPseudonym"), '[]') from (
        select l.actor_pseudonym as "actorPseudonym", l.user_role as role, l.action, count(*) as events,
          count(*) filter (where l.outcome = 'failure') as failures
        from public.audit_logs l
        where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
          and l.action = any (audit_reads)
        group by 1, 2, 3 order by 4 desc, 3, 1 limit list_limit) x),
    'personalDataAccess', (
      select coalesce(jsonb_agg(to_jsonb(x) order by x.events desc, x.action, x."actorPseudonym"), '[]') from (
        select l.actor_pseudonym as "actorPseudonym", l.user_role::text as role, l.action::text as action,
          count(*) as events, count(*) filter (where l.outcome = 'failure') as failures
        from public.audit_logs l
        where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
          and l.action = any (personal_reads)
        group by 1, 2, 3
        union all
        select p.actor_pseudonym, p.actor_role, 'phi.' || lower(p.operation) || ':' || p.table_name, count(*), 0
        from public.phi_access_audit_log p
        where p.organization_id = p_org and p.occurred_at >= p_from and p.occurred_at < p_to
        group by 1, 2, 3
        order by 4 desc, 3, 1 limit list_limit) x),
    'releases', (
      select jsonb_build_object(
        'auditExports', count(*) filter (where l.action = 'audit.export' and l.outcome = 'success'),
        'personalDataExports', count(*) filter (where l.action = 'gdpr.export' and l.outcome = 'success'),
        'reveals', count(*) filter (where l.action = 'gdpr.reveal' and l.outcome = 'success'),
        'erasures', count(*) filter (where l.action = 'gdpr.erase' and l.outcome = 'success'),
        'refused', count(*) filter (where l.outcome = 'failure'))
      from public.audit_logs l
      where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
        and l.action in ('audit.export', 'gdpr.export', 'gdpr.reveal', 'gdpr.erase')),
    'mfa', (
      select jsonb_build_object(
        'privilegedUsers', count(*),
        'required', count(*) filter (where m.mfa_required),
        'compliant', count(*) filter (where m.compliance = 'compliant'),
        'gracePeriod', count(*) filter (where m.compliance = 'grace_period'),
        'nonCompliant', count(*) filter (where m.compliance = 'non_compliant'),
        'notRequired', count(*) filter (where m.compliance = 'not_required'),
        'withFactor', count(*) filter (where cardinality(m.active_methods) > 0),
        'asOf', now())
      from public.mfa_compliance_status m
      where m.organization_id = p_org and m.role = any (privileged)),
    'retention', p_platform -> 'retention',
    'deadLetters', p_platform -> 'deadLetters',
    -- The alerts the organization's admins read (alerts_admin_read): its own, and the platform's
    -- COMPLIANCE ones.
    'alerts', (
      select jsonb_build_object(
        'total', count(*),
        'organization', count(*) filter (where a.organization_id = p_org),
        'platform', count(*) filter (where a.organization_id is null),
        'open', count(*) filter (where a.resolved_at is null),
        'bySeverity', jsonb_build_object(
          'CRITICAL', count(*) filter (where a.severity = 'CRITICAL'),
          'HIGH', count(*) filter (where a.severity = 'HIGH'),
          'MEDIUM', count(*) filter (where a.severity = 'MEDIUM'),
          'LOW', count(*) filter (where a.severity = 'LOW')))
      from public.alerts a
      where (a.organization_id = p_org or (a.organization_id is null and a.type = 'COMPLIANCE'))
        and a.created_at >= p_from and a.created_at < p_to),
    'listLimit', list_limit);
end $$;
