-- The service role reads no audit trail directly (review finding 4). Its key is in every function's
-- environment, and over the Data API (/rest/v1, /graphql/v1) it would read every organization's audit,
-- PHI-access, AI-trail and protocol-usage rows with no audit event of the read. The trails leave only
-- through the audited doors: audit_reader (audit-query), gdpr-export, and security-definer functions that
-- answer no personal data (audit.seal_status, audit.verify). The writers still write.
begin;
create extension if not exists pgtap;
select plan(21);

insert into public.organizations (id, name) values ('a1120000-0000-4000-8000-00000000000a', 'Trail org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1120000-0000-4000-8000-000000000001', 'trail-admin@example.test',
   '{"role":"admin","organization_id":"a1120000-0000-4000-8000-00000000000a"}');

-- As PostgREST runs a request made with the service key.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select throws_ok('select count(*) from public.audit_logs', '42501', null, 'the service role reads no audit trail');
select throws_ok('select count(*) from public.phi_access_audit_log', '42501', null, 'no PHI-access log');
select throws_ok('select count(*) from public.ai_audit_trails', '42501', null, 'no AI trail');
select throws_ok('select count(*) from public.protocol_access', '42501', null, 'no protocol-usage log');
select throws_ok('select count(*) from audit.audit_log_entries', '42501', null, 'nor the views behind the door');
select throws_ok('select count(*) from audit.ai_audit_trail_entries', '42501', null, 'nor the AI trail''s view');
select throws_ok('select count(*) from audit.monthly_phi_access_summary', '42501', null, 'nor the PHI summary');
select throws_ok('delete from public.protocol_access', '42501', null, 'and it deletes no protocol-usage row');
select throws_ok('truncate public.protocol_access', '42501', null, 'nor empties the log');

-- What the functions do as the service role still works: write events, write the AI trail, read the
-- seal status and verify the chain (none of which answers personal data).
select is(audit.write_events($$[{"action":"dosing.calculate","resource":"trail-test","outcome":"success",
  "organization_id":"a1120000-0000-4000-8000-00000000000a"}]$$), 1, 'the audit writer still writes');
select lives_ok('select * from audit.seal_status()', 'the seal status is read');
select lives_ok('select * from audit.verify(null, null)', 'the chain is verified');
select is(public.write_ai_audit_trails(jsonb_build_array(jsonb_build_object(
  'message_id', 'a1120000-0000-4000-8000-0000000000c1', 'timestamp', now(),
  'organization_id', 'a1120000-0000-4000-8000-00000000000a', 'user_id', 'a1120000-0000-4000-8000-000000000001',
  'user_role', 'admin', 'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'fallback',
  'question_length', 3, 'question_sha256', repeat('c', 64), 'answer_length', 4, 'answer_sha256', repeat('d', 64)))),
  1, 'the AI trail''s writer still writes');
reset role;

-- Nothing in the exposed schemas lets the service role read a trail either.
select is((select array_agg(c.oid::regclass::text order by 1) from pg_class c
  where c.relnamespace = any(array['public'::regnamespace, 'audit'::regnamespace])
    and c.relname in ('audit_logs', 'phi_access_audit_log', 'ai_audit_trails', 'protocol_access',
      'audit_log_entries', 'ai_audit_trail_entries', 'monthly_phi_access_summary')
    and has_table_privilege('service_role', c.oid, 'select')), null, 'no trail or view over one is the service role''s');

-- The audited door still reads them, and what the service role wrote is there.
set local role audit_reader;
set local request.jwt.claims to '{"sub":"a1120000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a1120000-0000-4000-8000-00000000000a"}}';
select is((select count(*)::int from public.audit_logs where resource = 'trail-test'), 1, 'the door reads the trail');
select is((select count(*)::int from public.ai_audit_trails where organization_id = 'a1120000-0000-4000-8000-00000000000a'), 1,
  'and the AI trail');
select lives_ok('select count(*) from public.phi_access_audit_log', 'and the PHI-access log');
select lives_ok('select count(*) from public.protocol_access', 'and the protocol-usage log');
reset role;

select ok(has_table_privilege('postgres', 'public.audit_logs', 'select'), 'the owner (migrations, SQL editor) still reads it');

select is(array(select f from unnest(array[
    'audit.get_user_audit_trail(uuid, timestamptz, timestamptz)', 'audit.get_failed_auth_attempts(integer)',
    'audit.get_audit_summary(timestamptz, timestamptz)', 'audit.get_ai_cost_daily(uuid, timestamptz, timestamptz)',
    'audit.get_ai_cost_analytics(uuid, timestamptz, timestamptz)', 'audit.protocol_usage(timestamptz, timestamptz, integer)']) f
  where has_function_privilege('service_role', f, 'execute')), '{}'::text[],
  'nor executes the report functions that read trail rows as their caller');
select ok(not has_function_privilege('service_role', 'audit.compliance_report_integrity(uuid)', 'execute')
  and has_function_privilege('audit_reader', 'audit.compliance_report_integrity(uuid)', 'execute'),
  'the compliance report''s integrity check, which reads trail rows as its caller, is the door''s alone');

select * from finish();
rollback;
