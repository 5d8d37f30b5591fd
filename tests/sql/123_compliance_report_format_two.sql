-- Compliance reports built since 20261205111000 count the alerts an organization's admins read; the
-- builder says so by writing format_version 2 (20261205114000), and the report's hash covers the
-- version, so a stored report cannot be relabelled afterwards. Reports of format 1 stay as they were
-- built; the renderings word their alert figures by the version (tests/unit/compliance_report_render).
begin;
create extension if not exists pgtap;
select plan(4);

insert into public.organizations (id, name) values ('a1230000-0000-4000-8000-00000000000a', 'Format org');

create temp table r as
  select * from audit.build_compliance_report('a1230000-0000-4000-8000-00000000000a', '2001-02-01', '2001-03-01',
    'on_demand');

select is((select format_version::int from r), 2, 'a report built now is format 2');
select is((select format_version::int from audit.compliance_reports where id = (select id from r)), 2,
  'and is stored so');
-- The stored row itself, and the same row relabelled format 1 (jsonb_populate_record over the row changes
-- only the field named), through the digest the builder stores and the verifier recomputes.
select ok((select audit.compliance_report_digest(c) = c.report_hash
  from audit.compliance_reports c where id = (select id from r)), 'its hash matches as stored');
select ok((select (jsonb_populate_record(c, '{"format_version": 1}')).format_version = 1
    and audit.compliance_report_digest(jsonb_populate_record(c, '{"format_version": 1}')) <> c.report_hash
  from audit.compliance_reports c where id = (select id from r)),
  'the hash covers the version: the same report labelled format 1 no longer matches');

select * from finish();
rollback;
