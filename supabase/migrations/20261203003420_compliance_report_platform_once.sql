-- The compliance report's retention and deadLetters sections count platform-wide rows (every
-- organization's retention runs, the platform's dead-letter alerts) over the period alone, yet
-- compliance_report_content computed them again for each organization: the monthly job scanned the
-- period's audit_logs for retention events once per organization. They now travel with the chain's
-- integrity and anchors in the platform part (audit.compliance_report_platform), which the monthly job
-- computes once per run and an on-demand report once. The content's keys and values are unchanged
-- (tests/integration/compliance_report_restated.test.ts compares them with the first definition).

-- The part of a report that is the same for every organization of a period: the chain's integrity and
-- anchors (audit.compliance_report_chain), retention runs and dead-letter alerts.
create function audit.compliance_report_platform(p_from timestamptz, p_to timestamptz)
returns jsonb
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'UTC' as $$
  select audit.compliance_report_chain(p_from, p_to) || jsonb_build_object(
    'retention', (
      select jsonb_build_object(
        'runs', count(*) filter (where l.action = 'audit.retention'),
        'archivedRows', coalesce(sum((l.metadata -> 'archived' ->> 'rows')::bigint), 0),
        'purgedRows', coalesce(sum((l.metadata -> 'purged' ->> 'rows')::bigint), 0),
        'aiTrailRuns', count(*) filter (where l.action = 'ai_audit.retention'))
      from public.audit_logs l
      where l."timestamp" >= p_from and l."timestamp" < p_to
        and l.action in ('audit.retention', 'ai_audit.retention')),
    'deadLetters', (
      select jsonb_build_object(
        'alerts', count(*),
        'occurrences', coalesce(sum(a.occurrences), 0),
        'mostWaiting', coalesce(max((a.metadata ->> 'dead_letters')::bigint), 0))
      from public.alerts a
      where a.dedup_key = 'audit_dead_letters' and a.created_at >= p_from and a.created_at < p_to))
$$;

-- What the report says about one organization and period, the platform part given (the function above).
drop function audit.compliance_report_content(uuid, timestamptz, timestamptz, jsonb);
create function audit.compliance_report_content(p_org uuid, p_from timestamptz, p_to timestamptz, p_platform jsonb)
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
      where (a.organization_id = p_org or a.organization_id is null)
        and a.created_at >= p_from and a.created_at < p_to),
    'listLimit', list_limit);
end $$;

-- The builder of 20261203001310, with the platform part for its argument.
drop function audit.build_compliance_report(uuid, timestamptz, timestamptz, text, jsonb);
create function audit.build_compliance_report(p_org uuid, p_from timestamptz, p_to timestamptz, p_kind text,
  p_platform jsonb default null)
returns audit.compliance_reports
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp set timezone = 'UTC' as $$
declare
  r audit.compliance_reports;
begin
  if p_from is null or p_to is null or p_to <= p_from then
    raise exception 'the period must end after it starts' using errcode = '22023', column = 'to';
  end if;
  if p_to > p_from + interval '366 days' then
    raise exception 'a report covers at most 366 days' using errcode = '22023', column = 'to';
  end if;
  if p_to > now() then
    raise exception 'a report covers only the past: the period must end by now' using errcode = '22023', column = 'to';
  end if;
  if not exists (select 1 from public.organizations o where o.id = p_org) then
    raise exception 'no such organization' using errcode = '22023', column = 'organization_id';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('compliance_reports:' || p_org::text, 0));
  r.id := gen_random_uuid();
  r.organization_id := p_org;
  r.kind := p_kind;
  r.period_start := p_from;
  r.period_end := p_to;
  r.generated_at := now();
  r.format_version := 1;
  r.content := audit.compliance_report_content(p_org, p_from, p_to,
    coalesce(p_platform, audit.compliance_report_platform(p_from, p_to)));
  r.prev_hash := (select c.report_hash from audit.compliance_reports c where c.organization_id = p_org
                  order by c.chain_seq desc limit 1);
  r.report_hash := audit.compliance_report_digest(r);
  insert into audit.compliance_reports (id, organization_id, kind, period_start, period_end, generated_at,
    format_version, content, prev_hash, report_hash)
  values (r.id, r.organization_id, r.kind, r.period_start, r.period_end, r.generated_at, r.format_version,
    r.content, r.prev_hash, r.report_hash)
  returning * into r;
  return r;
end $$;

-- The monthly job of 20261203002120: the platform part once per run.
create or replace function audit.build_monthly_compliance_reports(p_now timestamptz default now())
returns integer
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp set timezone = 'UTC' as $$
declare
  month_end timestamptz := date_trunc('month', p_now);
  month_start timestamptz := date_trunc('month', p_now) - interval '1 month';
  o record;
  r audit.compliance_reports;
  platform jsonb;
  events jsonb := '[]';
  built integer := 0;
begin
  for o in
    select g.id from public.organizations g
    where g.created_at < month_end
      and not exists (select 1 from audit.compliance_reports c where c.organization_id = g.id
                      and c.kind = 'monthly' and c.period_start = month_start)
    order by g.id
  loop
    platform := coalesce(platform, audit.compliance_report_platform(month_start, month_end));
    r := audit.build_compliance_report(o.id, month_start, month_end, 'monthly', platform);
    events := events || jsonb_build_array(jsonb_build_object(
      'action', 'compliance_report.generate', 'resource', 'compliance_reports', 'outcome', 'success',
      'organization_id', o.id, 'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_build_object('report_id', r.id, 'report_hash', encode(r.report_hash, 'hex'),
        'kind', 'monthly', 'period_from', month_start, 'period_to', month_end, 'trigger', 'schedule')));
    built := built + 1;
    -- The writer takes at most 5000 events a call.
    if jsonb_array_length(events) = 5000 then
      perform audit.write_events(events);
      events := '[]';
    end if;
  end loop;
  perform audit.write_events(events);
  return built;
end $$;

revoke all on function audit.compliance_report_platform(timestamptz, timestamptz),
  audit.compliance_report_content(uuid, timestamptz, timestamptz, jsonb),
  audit.build_compliance_report(uuid, timestamptz, timestamptz, text, jsonb)
  from public, anon, authenticated, service_role;
