-- An organization's compliance report counts the alerts its admins may read (20261205092100): the
-- organization's own and the platform's COMPLIANCE alerts (about the audit trail every agency keeps), not
-- the platform's security, system or performance alerts, nor another organization's. The report is built
-- by the owner's definer functions, so RLS does not filter it: the content function must.
begin;
create extension if not exists pgtap;
select plan(5);

insert into public.organizations (id, name) values
  ('a1180000-0000-4000-8000-00000000000a', 'Report alerts org A'),
  ('a1180000-0000-4000-8000-00000000000b', 'Report alerts org B');

-- A period no other suite writes alerts in.
insert into public.alerts (organization_id, severity, type, title, source, dedup_key, created_at, resolved_at) values
  ('a1180000-0000-4000-8000-00000000000a', 'HIGH', 'SECURITY', 'own', 't118', 't118-own', '2001-02-03', null),
  ('a1180000-0000-4000-8000-00000000000b', 'CRITICAL', 'SECURITY', 'other org', 't118', 't118-b', '2001-02-03', null),
  (null, 'MEDIUM', 'COMPLIANCE', 'trail in doubt', 't118', 't118-compliance', '2001-02-04', '2001-02-05'),
  (null, 'CRITICAL', 'SECURITY', 'burst of failed sign-ins', 't118', 't118-security', '2001-02-04', null),
  (null, 'LOW', 'SYSTEM', 'redis slow', 't118', 't118-system', '2001-02-04', null),
  (null, 'LOW', 'PERFORMANCE', 'p95', 't118', 't118-performance', '2001-02-04', null);

create temp table report as
  select audit.compliance_report_content('a1180000-0000-4000-8000-00000000000a', '2001-02-01', '2001-03-01',
    audit.compliance_report_platform('2001-02-01', '2001-03-01')) -> 'alerts' as alerts;

select is((select (alerts ->> 'organization')::int from report), 1, 'the organization''s own alert');
select is((select (alerts ->> 'platform')::int from report), 1,
  'platform-wide: the COMPLIANCE alert only, as an admin reads them');
select is((select (alerts ->> 'total')::int from report), 2, 'total is the two');
select is((select (alerts ->> 'open')::int from report), 1, 'open among them: the organization''s');
select is((select alerts -> 'bySeverity' from report),
  '{"CRITICAL": 0, "HIGH": 1, "MEDIUM": 1, "LOW": 0}'::jsonb, 'severities of the counted alerts alone');

select * from finish();
rollback;
