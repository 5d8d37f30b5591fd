-- Compliance reports (issue 20): what an agency's compliance officer and medical director open every
-- month, built by the database from the rows it keeps, per organization, and stored immutable.
--
--   audit.compliance_reports      one report: its period, its content (jsonb), its hash, chained per
--                                 organization (prev_hash), append-only for every role
--   audit.build_compliance_report the builder (not callable by any API role); the chain's verification
--                                 (audit.compliance_report_chain) is shared by every organization's report
--   audit.generate_compliance_report(from, to)
--                                 on demand, for the caller's own organization (admins and medical
--                                 directors), through audit-query POST /reports, whose audit event is
--                                 written in the same transaction
--   audit.build_monthly_compliance_reports()
--                                 pg_cron 'compliance-reports' (daily): last month's report of every
--                                 organization that has none yet, one compliance_report.generate event each
--   audit.compliance_report_integrity(id)
--                                 the hash recomputed, the chain link, and the hash the report's audit
--                                 event recorded (the sealed, anchored trail keeps the hash outside the row)
--
-- Reports name people only by their audit pseudonyms, never by id: a report is immutable, and erasing a
-- data subject (deleting their mapping) must still leave nothing that resolves to them.

create table audit.compliance_reports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  kind text not null check (kind in ('monthly', 'on_demand')),
  period_start timestamptz not null,
  period_end timestamptz not null,
  generated_at timestamptz not null,
  format_version smallint not null default 1,
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  chain_seq bigint generated always as identity unique,
  prev_hash bytea check (prev_hash is null or length(prev_hash) = 32),
  report_hash bytea not null check (length(report_hash) = 32),
  check (period_end > period_start),
  check (period_end <= period_start + interval '366 days')
);
comment on table audit.compliance_reports is
  'Compliance reports per organization (issue 20): immutable, hashed, chained per organization.';
-- One monthly report per organization and month; on-demand reports may repeat a period.
create unique index compliance_reports_monthly_once on audit.compliance_reports (organization_id, period_start)
  where kind = 'monthly';
create index compliance_reports_org_period on audit.compliance_reports (organization_id, period_start desc, chain_seq desc);

create trigger compliance_reports_no_update before update on audit.compliance_reports
  for each row execute function audit.refuse_change();
create trigger compliance_reports_no_delete before delete on audit.compliance_reports
  for each row execute function audit.refuse_change();
create trigger compliance_reports_no_truncate before truncate on audit.compliance_reports
  for each statement execute function audit.refuse_change();

-- Who reads: through the audited door only (audit_reader, audit-query), admins and medical directors of the
-- report's organization, as for the trail the report summarises; the platform operator reads all. Nobody
-- writes but the builder (security definer).
alter table audit.compliance_reports enable row level security;
revoke all on audit.compliance_reports from public, anon, authenticated, service_role, audit_reader;
grant select on audit.compliance_reports to audit_reader, service_role;
create policy compliance_reports_select_org_oversight on audit.compliance_reports for select to audit_reader
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );
create policy compliance_reports_select_platform on audit.compliance_reports for select to service_role
  using (true);

-- Microseconds since the epoch: a timestamp's text would depend on the session's TimeZone.
create function audit.epoch_us(ts timestamptz) returns text
language sql immutable set search_path = '' as $$
  select ((extract(epoch from ts) * 1000000)::numeric(20, 0))::text
$$;

-- The report's hash: every column but the hash itself, in a fixed order; content as jsonb's own text
-- (keys in jsonb's order, so the same value always prints the same).
create function audit.compliance_report_digest(r audit.compliance_reports) returns bytea
language sql immutable set search_path = '' as $$
  select sha256(convert_to(concat_ws('|', 'compliance-report-v1', r.id::text, r.organization_id::text, r.kind,
    audit.epoch_us(r.period_start), audit.epoch_us(r.period_end), audit.epoch_us(r.generated_at),
    r.format_version::text, r.content::text, coalesce(encode(r.prev_hash, 'hex'), '')), 'UTF8'))
$$;

-- The chain over the seqs written in the period, with its seals' anchors: the same for every organization
-- (the chain is one), so the monthly job computes it once per run.
create function audit.compliance_report_chain(p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
  lo bigint;
  hi bigint;
  chain record;
begin
  select min(l.seq), max(l.seq) into lo, hi from public.audit_logs l
  where l."timestamp" >= p_from and l."timestamp" < p_to;
  if lo is null then
    return jsonb_build_object(
      'integrity', jsonb_build_object('ok', true, 'firstBadSeq', null, 'problem', null, 'fromSeq', null,
        'toSeq', null, 'sealsChecked', 0, 'rowsChecked', 0, 'unsealedRows', 0),
      'anchors', jsonb_build_object('seals', 0, 'anchored', 0, 'unanchored', 0, 'newestAnchoredSealId', null,
        'lastAnchoredAt', null));
  end if;
  select * into chain from audit.verify(lo, hi);
  return jsonb_build_object(
    'integrity', jsonb_build_object('ok', chain.ok, 'firstBadSeq', chain.first_bad_seq, 'problem', chain.problem,
      'fromSeq', lo, 'toSeq', hi, 'sealsChecked', chain.seals_checked, 'rowsChecked', chain.rows_checked,
      'unsealedRows', (select count(*) from public.audit_logs l where l.seq between lo and hi
        and l.seq > coalesce((select max(s.to_seq) from audit.seals s), 0))),
    'anchors', (
      select jsonb_build_object(
        'seals', count(s.id),
        'anchored', count(a.seal_id),
        'unanchored', count(s.id) - count(a.seal_id),
        'newestAnchoredSealId', max(a.seal_id),
        'lastAnchoredAt', max(a.anchored_at))
      from audit.seals s left join audit.anchors a on a.seal_id = s.id
      where s.to_seq >= lo and s.from_seq <= hi));
end $$;

-- What the report says about one organization and period (the chain part given, from the function above).
-- Runs as the owner (all rows of that organization); UTC, so the timestamps inside the content do not
-- depend on the session.
create function audit.compliance_report_content(p_org uuid, p_from timestamptz, p_to timestamptz, p_chain jsonb)
returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
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
    'integrity', p_chain -> 'integrity',
    'anchors', p_chain -> 'anchors',
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
    'authentication', jsonb_build_object(
      'failedSignIns', (select count(*) from public.audit_logs l where l.organization_id = p_org
        and l."timestamp" >= p_from and l."timestamp" < p_to
        and l.action in ('auth.failure', 'auth.unauthorized') and l.outcome = 'failure'),
      'distinctAddresses', (select count(distinct l.ip_pseudonym) from public.audit_logs l
        where l.organization_id = p_org and l."timestamp" >= p_from and l."timestamp" < p_to
          and l.action in ('auth.failure', 'auth.unauthorized') and l.outcome = 'failure'),
      'bans', (select count(*) from public.audit_logs l where l.organization_id = p_org
        and l."timestamp" >= p_from and l."timestamp" < p_to and l.action = 'rate_limit.ban')),
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
      where a.dedup_key = 'audit_dead_letters' and a.created_at >= p_from and a.created_at < p_to),
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

-- Builds and stores one report; the chain link is taken under a per-organization lock so that two
-- builders never link to the same predecessor. Callers write the audit event.
create function audit.build_compliance_report(p_org uuid, p_from timestamptz, p_to timestamptz, p_kind text,
  p_chain jsonb default null)
returns audit.compliance_reports
language plpgsql volatile security definer set search_path = '' set timezone = 'UTC' as $$
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
    coalesce(p_chain, audit.compliance_report_chain(p_from, p_to)));
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

-- On demand, for the caller's own organization: admins and medical directors only (as RLS lets them
-- read). audit-query calls it as audit_reader and writes the request's audit event (with the report's id
-- and hash) in the same transaction, so a report never exists without the event that produced it.
create function audit.generate_compliance_report(p_from timestamptz, p_to timestamptz)
returns table (id uuid, report_hash text)
language plpgsql volatile security definer set search_path = '' as $$
declare
  org uuid := app.current_organization_id();
  r audit.compliance_reports;
begin
  if app.current_user_role() not in ('admin', 'medical_director') or org is null then
    raise exception 'only admins and medical directors of an organization produce its reports'
      using errcode = '42501';
  end if;
  r := audit.build_compliance_report(org, p_from, p_to, 'on_demand');
  return query select r.id, encode(r.report_hash, 'hex');
end $$;

-- The scheduled job: last month's report (UTC) for every organization that has none; one
-- compliance_report.generate event per report, in the same transaction. Safe to run again.
create function audit.build_monthly_compliance_reports(p_now timestamptz default now())
returns integer
language plpgsql volatile security definer set search_path = '' set timezone = 'UTC' as $$
declare
  month_end timestamptz := date_trunc('month', p_now);
  month_start timestamptz := date_trunc('month', p_now) - interval '1 month';
  o record;
  r audit.compliance_reports;
  chain jsonb;
  built integer := 0;
begin
  for o in
    select g.id from public.organizations g
    where g.created_at < month_end
      and not exists (select 1 from audit.compliance_reports c where c.organization_id = g.id
                      and c.kind = 'monthly' and c.period_start = month_start)
    order by g.id
  loop
    chain := coalesce(chain, audit.compliance_report_chain(month_start, month_end));
    r := audit.build_compliance_report(o.id, month_start, month_end, 'monthly', chain);
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'compliance_report.generate', 'resource', 'compliance_reports', 'outcome', 'success',
      'organization_id', o.id, 'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_build_object('report_id', r.id, 'report_hash', encode(r.report_hash, 'hex'),
        'kind', 'monthly', 'period_from', month_start, 'period_to', month_end, 'trigger', 'schedule'))));
    built := built + 1;
  end loop;
  return built;
end $$;

-- Is the report as it was made? Its hash recomputed, its link to the organization's previous report, and
-- the hash its compliance_report.generate event recorded in the sealed trail. Runs as the caller (RLS:
-- the report and its event are read as they would be).
create function audit.compliance_report_integrity(p_id uuid)
returns table (ok boolean, hash_matches boolean, chain_linked boolean, audit_event_matches boolean)
language sql stable set search_path = '' as $$
  with r as (select c.* from audit.compliance_reports c where c.id = p_id),
  checks as (
    select audit.compliance_report_digest(r) = r.report_hash as hash_matches,
      r.prev_hash is not distinct from (select p.report_hash from audit.compliance_reports p
        where p.organization_id = r.organization_id and p.chain_seq < r.chain_seq
        order by p.chain_seq desc limit 1) as chain_linked,
      exists (select 1 from public.audit_logs l
        where l.action = 'compliance_report.generate' and l.outcome = 'success'
          and l.organization_id = r.organization_id
          and l."timestamp" >= r.generated_at - interval '1 hour' and l."timestamp" <= r.generated_at + interval '1 hour'
          and l.metadata @> jsonb_build_object('report_id', r.id::text, 'report_hash', encode(r.report_hash, 'hex')))
        as audit_event_matches
    from r)
  select hash_matches and chain_linked and audit_event_matches, hash_matches, chain_linked, audit_event_matches
  from checks
$$;

-- Whether a report id exists at all, whoever's it is: audit-query answers 403 (not 404) to a caller of
-- another organization. Reveals nothing but existence of a random id.
create function audit.compliance_report_exists(p_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from audit.compliance_reports c where c.id = p_id)
$$;

revoke all on function audit.epoch_us(timestamptz), audit.compliance_report_digest(audit.compliance_reports),
  audit.compliance_report_chain(timestamptz, timestamptz),
  audit.compliance_report_content(uuid, timestamptz, timestamptz, jsonb),
  audit.build_compliance_report(uuid, timestamptz, timestamptz, text, jsonb),
  audit.generate_compliance_report(timestamptz, timestamptz),
  audit.build_monthly_compliance_reports(timestamptz),
  audit.compliance_report_integrity(uuid), audit.compliance_report_exists(uuid)
  from public, anon, authenticated, service_role;
grant execute on function audit.epoch_us(timestamptz), audit.compliance_report_digest(audit.compliance_reports),
  audit.generate_compliance_report(timestamptz, timestamptz),
  audit.compliance_report_integrity(uuid), audit.compliance_report_exists(uuid)
  to audit_reader;
grant execute on function audit.epoch_us(timestamptz), audit.compliance_report_digest(audit.compliance_reports),
  audit.compliance_report_integrity(uuid), audit.compliance_report_exists(uuid),
  audit.build_monthly_compliance_reports(timestamptz)
  to service_role;

-- Daily, so that a missed run (the database down on the 1st) is made up the next day; each month once.
select cron.schedule('compliance-reports', '25 4 * * *', 'select audit.build_monthly_compliance_reports()');
