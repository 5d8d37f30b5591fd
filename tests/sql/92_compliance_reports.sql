-- Compliance reports (issue 20, 20261203001310_compliance_reports.sql): the monthly job builds last month's
-- report once per organization, with its audit event; reports are append-only for every role, the owner
-- included; only admins and medical directors of the report's organization read them, and only through the
-- audited door (audit_reader); on demand a report is built only for the caller's own organization and a
-- past period; a report changed behind the triggers' back fails its integrity check, and one whose hash
-- was recomputed still fails against the hash its audit event recorded.
begin;
create extension if not exists pgtap;
select plan(32);

insert into public.organizations (id, name, created_at) values
  ('92000000-0000-4000-8000-00000000000a', 'Reports org A', now() - interval '90 days'),
  ('92000000-0000-4000-8000-00000000000b', 'Reports org B', now() - interval '90 days');
insert into auth.users (id, email, raw_app_meta_data) values
  ('92000000-0000-4000-8000-000000000001', 'reports-director-a@example.test',
   '{"role":"medical_director","organization_id":"92000000-0000-4000-8000-00000000000a"}'),
  ('92000000-0000-4000-8000-000000000002', 'reports-medic-a@example.test',
   '{"role":"paramedic","organization_id":"92000000-0000-4000-8000-00000000000a"}'),
  ('92000000-0000-4000-8000-000000000003', 'reports-admin-b@example.test',
   '{"role":"admin","organization_id":"92000000-0000-4000-8000-00000000000b"}');
-- Last month: two failed sign-ins and a ban in A, one failed sign-in in B.
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'auth.failure', 'resource', 'auth', 'outcome', 'failure', 'origin', 'import',
    'organization_id', '92000000-0000-4000-8000-00000000000a', 'timestamp', date_trunc('month', now()) - interval '20 days'),
  jsonb_build_object('action', 'auth.failure', 'resource', 'auth', 'outcome', 'failure', 'origin', 'import',
    'organization_id', '92000000-0000-4000-8000-00000000000a', 'timestamp', date_trunc('month', now()) - interval '19 days'),
  jsonb_build_object('action', 'rate_limit.ban', 'resource', 'rate_limit', 'outcome', 'success', 'origin', 'import',
    'organization_id', '92000000-0000-4000-8000-00000000000a', 'timestamp', date_trunc('month', now()) - interval '19 days'),
  jsonb_build_object('action', 'auth.failure', 'resource', 'auth', 'outcome', 'failure', 'origin', 'import',
    'organization_id', '92000000-0000-4000-8000-00000000000b', 'timestamp', date_trunc('month', now()) - interval '5 days')));

-- The job.
select is((select count(*)::int from cron.job where jobname = 'compliance-reports'), 1, 'pg_cron schedules the job');
select ok(audit.build_monthly_compliance_reports() >= 2, 'the job builds last month''s report of each organization');
select is(audit.build_monthly_compliance_reports(), 0, 'and a second run builds nothing: one monthly report each');
create temp table r_a on commit drop as
  select * from audit.compliance_reports where organization_id = '92000000-0000-4000-8000-00000000000a';
grant select on r_a to public;
select is((select count(*)::int from r_a), 1, 'organization A has one report');
select is((select (period_start, period_end) from r_a), (date_trunc('month', now()) - interval '1 month', date_trunc('month', now())),
  'covering last month');
select is((select (content -> 'authentication' ->> 'failedSignIns')::int from r_a), 2,
  'with its own failed sign-ins only');
select is((select (content -> 'authentication' ->> 'bans')::int from r_a), 1, 'and its bans');
select is((select content -> 'integrity' ->> 'ok' from r_a), 'true', 'the chain of the period verified');
select is((select count(*)::int from public.audit_logs where action = 'compliance_report.generate'
    and organization_id = '92000000-0000-4000-8000-00000000000a'
    and metadata ->> 'report_id' = (select id::text from r_a)
    and metadata ->> 'report_hash' = (select encode(report_hash, 'hex') from r_a)), 1,
  'building it is one audit event that records its hash');
select is((select ok from audit.compliance_report_integrity((select id from r_a))), true, 'the report is intact');

-- Append-only, the owner included.
select throws_ok($$update audit.compliance_reports set content = '{}' where organization_id = '92000000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'no update, not even by the owner');
select throws_ok($$delete from audit.compliance_reports where organization_id = '92000000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'no delete');
select throws_ok('truncate audit.compliance_reports', '42501', null, 'no truncate');

-- Who reads.
set local role authenticated;
set local request.jwt.claims to '{"sub":"92000000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"92000000-0000-4000-8000-00000000000a"}}';
select throws_ok('select count(*) from audit.compliance_reports', '42501', null, 'no report over the Data API');
reset role;
set local role audit_reader;
set local request.jwt.claims to '{"sub":"92000000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"92000000-0000-4000-8000-00000000000a"}}';
select is((select array_agg(distinct organization_id) from audit.compliance_reports),
  array['92000000-0000-4000-8000-00000000000a'::uuid], 'the medical director reads their organization''s reports only');
select is((select ok from audit.compliance_report_integrity((select id from r_a))), true,
  'and checks one''s integrity as themselves');
select throws_ok($$insert into audit.compliance_reports (organization_id, kind, period_start, period_end, generated_at, content, report_hash)
  values ('92000000-0000-4000-8000-00000000000a', 'on_demand', now() - interval '2 days', now() - interval '1 day', now(), '{}', sha256(''))$$,
  '42501', null, 'nor writes one directly');
select isnt((select id from audit.generate_compliance_report(now() - interval '10 days', now() - interval '1 day')), null,
  'but builds one on demand for a past period');
select throws_ok($$select * from audit.generate_compliance_report(now() - interval '1 day', now() + interval '1 day')$$,
  '22023', 'a report covers only the past: the period must end by now', 'not for a period that has not ended');
select throws_ok($$select * from audit.generate_compliance_report(now() - interval '400 days', now() - interval '1 day')$$,
  '22023', 'a report covers at most 366 days', 'nor for more than 366 days');
select throws_ok($$select * from audit.build_compliance_report('92000000-0000-4000-8000-00000000000b', now() - interval '2 days', now() - interval '1 day', 'on_demand')$$,
  '42501', null, 'nor for another organization: the builder is not theirs to call');
reset role;
set local role audit_reader;
set local request.jwt.claims to '{"sub":"92000000-0000-4000-8000-000000000003","role":"authenticated","app_metadata":{"role":"admin","organization_id":"92000000-0000-4000-8000-00000000000b"}}';
select is((select count(*)::int from audit.compliance_reports where organization_id = '92000000-0000-4000-8000-00000000000a'), 0,
  'another organization''s admin sees none of A''s reports');
reset role;
set local role audit_reader;
set local request.jwt.claims to '{"sub":"92000000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"92000000-0000-4000-8000-00000000000a"}}';
select is((select count(*)::int from audit.compliance_reports), 0, 'a paramedic sees no report, even through the door');
select throws_ok($$select * from audit.generate_compliance_report(now() - interval '10 days', now() - interval '1 day')$$,
  '42501', null, 'and builds none');
reset role;
select is((select count(*)::int from audit.compliance_reports where organization_id = '92000000-0000-4000-8000-00000000000a'), 2,
  'A now has its monthly and its on-demand report');

-- Tampering behind the triggers' back (a superuser can switch them off) is found.
set local session_replication_role = replica;
update audit.compliance_reports set content = jsonb_set(content, '{authentication,failedSignIns}', '0')
  where id = (select id from r_a);
select is((select (ok, hash_matches) from audit.compliance_report_integrity((select id from r_a))), (false, false),
  'a changed report no longer matches its hash');
update audit.compliance_reports r set report_hash = audit.compliance_report_digest(r) where id = (select id from r_a);
select is((select (ok, hash_matches, audit_event_matches) from audit.compliance_report_integrity((select id from r_a))),
  (false, true, false), 'and with its hash recomputed, not the hash its audit event recorded');
set local session_replication_role = origin;

-- Platform-wide counts with the owner's rights (20261203003420): reached only inside the report builders.
select ok(not has_function_privilege(r.role, 'audit.compliance_report_platform(timestamptz, timestamptz)', 'execute'),
  r.role || ' cannot execute audit.compliance_report_platform')
from (values ('anon'), ('authenticated'), ('service_role'), ('medic_edge'), ('audit_reader')) r(role);

select * from finish();
rollback;
