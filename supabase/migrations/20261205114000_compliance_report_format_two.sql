-- Compliance reports built from now on are format 2. 20261205111000 changed what content.alerts counts
-- (the organization's alerts and the platform's COMPLIANCE ones, as its admins read them; before, the
-- organization's and every platform-wide alert) but the builder still wrote format_version 1, so a stored
-- report (immutable, hashed and chained) could not say which of the two it had counted, and the renderings
-- labelled every report with the new meaning. The renderings and the contract choose their words by
-- format_version (functions-shared/handlers/audit_query/reports/). The builder is 20261203003420's, which
-- is its latest definition, with only the version changed; CREATE OR REPLACE keeps its owner and grants.
-- Reports built between 20261205111000 and this file carry version 1 over the new count: the window
-- is one deploy, and such a report cannot be told apart afterwards, only by its generated_at.
-- tests/sql/123_compliance_report_format_two.sql.

create or replace function audit.build_compliance_report(p_org uuid, p_from timestamptz, p_to timestamptz,
  p_kind text, p_platform jsonb default null)
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
  -- 2: alerts.total and alerts.platform count what the organization's admins read (20261205111000).
  r.format_version := 2;
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

comment on column audit.compliance_reports.format_version is
  'What the content counts. 1: alerts.total and alerts.platform include every platform-wide alert. '
  '2 (20261205114000): only the platform''s COMPLIANCE alerts, as the organization''s admins read them.';
