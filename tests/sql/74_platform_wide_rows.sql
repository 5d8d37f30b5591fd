-- Platform-wide rows change only through the platform operator (the service role). Role by role, for
-- every table whose rows hold for all agencies: an organization's admin and its medical director can
-- neither insert, update nor delete (a refusal, or no row affected), and the service role can. Every
-- write is undone, so each check sees the same rows. (Organization-scoped rows — an organization's own
-- security_policies, vulnerability_scans, organization_role rows and alerts — stay its admin's: 40, 42
-- and 70 prove those.) Platform alerts (no organization) are acknowledged and resolved by the operator.
begin;
create extension if not exists pgtap;
select plan(47);

insert into public.organizations (id, name) values ('a7400000-0000-4000-8000-00000000000a', 'Platform rows org');
insert into public.security_policies (organization_id, name, category) values (null, 'platform-test', 'session');
insert into public.vulnerability_scans (organization_id, scanner, target) values (null, 'platform-test', 'api');
insert into public.load_test_results (scenario, environment, concurrency, duration_seconds, requests)
  values ('platform-test', 'production', 1, 1, 1);
insert into public.knowledge_base_impressions (phrase, protocols) values ('platform test phrase', '{1210}')
  on conflict do nothing;
set local role service_role;
select public.kb_import_document(jsonb_build_object(
  'key', '9974', 'protocol_number', '9974', 'title', 'Platform Rows Test', 'document_type', 'treatment_protocol',
  'category', 'medical', 'revised_date', '2025-07-01', 'source_file', 'x.md', 'keywords', jsonb_build_array('x'),
  'sections', jsonb_build_array(jsonb_build_object('heading', 'Overview', 'content', 'Made-up text.'))));
reset role;

-- 'denied' (no privilege, or a row the policy refuses), else the number of rows affected; always undone.
create function pg_temp.attempt(q text) returns text language plpgsql as $$
declare n bigint;
begin
  begin
    execute q;
    get diagnostics n = row_count;
    raise exception using errcode = 'P0001', message = 'undo:' || n;
  exception
    when insufficient_privilege then return 'denied';
    when raise_exception then return split_part(sqlerrm, ':', 2);
  end;
end $$;

-- changed_by: 'service_role' (the operator's key or the dashboard), 'import' (the knowledge base: only
-- through the versioned import, never a direct write), or 'migration' (reviewed SQL only: prices and
-- retention floors, which even the service role cannot change).
create temp table platform_rows (name text, ins text, upd text, del text, changed_by text default 'service_role');
insert into platform_rows values
  ('knowledge_base',
   $q$insert into public.knowledge_base (document_key, protocol_number, title, document_type, section_index, content) values ('x', '9975', 'x', 'treatment_protocol', 0, 'x')$q$,
   $q$update public.knowledge_base set content = content || ' X' where protocol_number = '9974'$q$,
   $q$delete from public.knowledge_base where protocol_number = '9974'$q$, 'import'),
  ('knowledge_base_impressions',
   $q$insert into public.knowledge_base_impressions (phrase, protocols) values ('x y z', '{1210}')$q$,
   $q$update public.knowledge_base_impressions set protocols = protocols$q$,
   $q$delete from public.knowledge_base_impressions$q$, 'import'),
  ('rate_limit_config',
   $q$insert into public.rate_limit_config (class, max_requests, window_seconds, message, fail_mode) values ('PLATFORM_X', 1, 60, 'x', 'open')$q$,
   $q$update public.rate_limit_config set enabled = false where class in ('PHI', 'GLOBAL')$q$,
   $q$delete from public.rate_limit_config where class = 'PHI'$q$, 'service_role'),
  ('monitoring_configs',
   $q$insert into public.monitoring_configs (kind, name) values ('metric', 'platform_x')$q$,
   $q$update public.monitoring_configs set config = '{"url": "http://169.254.169.254/"}' where kind = 'channel'$q$,
   $q$delete from public.monitoring_configs$q$, 'service_role'),
  ('mfa_policies',
   $q$insert into public.mfa_policies (role, required) values ('admin', false)$q$,
   $q$update public.mfa_policies set required = false$q$,
   $q$delete from public.mfa_policies$q$, 'service_role'),
  ('ai_model_prices',
   $q$insert into public.ai_model_prices (model_id, effective_from, input_per_1k_usd, output_per_1k_usd, source, recorded_on) values ('platform-x', '2026-01-01', 0, 0, 'x', '2026-01-01')$q$,
   $q$update public.ai_model_prices set input_per_1k_usd = 0$q$,
   $q$delete from public.ai_model_prices$q$, 'migration'),
  ('audit_retention_policy',
   $q$insert into public.audit_retention_policy (data_classification, retention_days, archive_after_days, delete_after_days, description) values ('PHI', 1, 1, 1, 'x')$q$,
   $q$update public.audit_retention_policy set retention_days = 1$q$,
   $q$delete from public.audit_retention_policy$q$, 'migration'),
  ('security_policies (the platform''s)',
   $q$insert into public.security_policies (organization_id, name, category) values (null, 'platform-x', 'session')$q$,
   $q$update public.security_policies set enabled = false where organization_id is null$q$,
   $q$delete from public.security_policies where organization_id is null$q$, 'service_role'),
  ('vulnerability_scans (the platform''s)',
   $q$insert into public.vulnerability_scans (organization_id, scanner, target, critical_count) values (null, 'forged', 'platform', 0)$q$,
   $q$update public.vulnerability_scans set status = 'failed', findings = '[]', critical_count = 0 where organization_id is null$q$,
   $q$delete from public.vulnerability_scans where organization_id is null$q$, 'service_role'),
  ('load_test_results',
   $q$insert into public.load_test_results (scenario, environment, concurrency, duration_seconds, requests) values ('forged', 'production', 1, 1, 1)$q$,
   $q$update public.load_test_results set errors = 0$q$,
   $q$delete from public.load_test_results$q$, 'service_role'),
  ('organization_role (the defaults)',
   $q$insert into public.organization_role (organization_id, name, permissions) values (null, 'platform_x', '{gdpr.erase}')$q$,
   $q$update public.organization_role set permissions = '{audit.verify,gdpr.export.any,gdpr.erase,gdpr.reveal,roles.manage}' where organization_id is null$q$,
   $q$delete from public.organization_role where organization_id is null$q$, 'service_role');

create function pg_temp.check_refused(who text, claims text) returns setof text language plpgsql as $$
declare r record;
begin
  for r in select * from platform_rows loop
    set local role authenticated;
    perform set_config('request.jwt.claims', claims, true);
    return next ok(pg_temp.attempt(r.ins) in ('denied', '0') and pg_temp.attempt(r.upd) in ('denied', '0')
                   and pg_temp.attempt(r.del) in ('denied', '0'),
                   format('%s cannot insert, update or delete %s', who, r.name));
    reset role;
  end loop;
end $$;

select pg_temp.check_refused('an organization admin', '{"sub":"a7400000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a7400000-0000-4000-8000-00000000000a"}}');
select pg_temp.check_refused('its medical director', '{"sub":"a7400000-0000-4000-8000-000000000002","role":"authenticated","aal":"aal2","app_metadata":{"role":"medical_director","organization_id":"a7400000-0000-4000-8000-00000000000a"}}');

-- The platform operator changes them (updates shown; every table has rows to update), except what only a
-- migration may change.
create function pg_temp.check_operator() returns setof text language plpgsql as $$
declare r record;
begin
  for r in select * from platform_rows loop
    set local role service_role;
    perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
    if r.changed_by = 'service_role' then
      return next ok(pg_temp.attempt(r.upd) ~ '^[1-9]', format('the service role updates %s', r.name));
    else
      return next is(pg_temp.attempt(r.upd), 'denied', format('%s changes by %s only, not by a direct write', r.name, r.changed_by));
    end if;
    reset role;
  end loop;
end $$;
select pg_temp.check_operator();

-- The knowledge base edit the trust review found (an admin appending to TP 1210 rows) is refused outright.
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7400000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a7400000-0000-4000-8000-00000000000a"}}';
select throws_ok($$update public.knowledge_base set content = content || ' X' where protocol_number like '%1210%'$$,
  '42501', null, 'an organization admin''s edit of the shared knowledge base is refused');
select throws_ok($$update public.rate_limit_config set enabled = false where class = 'PHI'$$,
  '42501', null, 'and so is switching off the PHI limit for every agency');
select throws_ok($$select * from public.monitoring_configs$$, '42501', null,
  'the platform''s alert channels (webhook URLs are secrets) are not even readable');
reset role;

-- The versioned import is the one way in: it adds a version and audits the change; an edit in place is
-- refused even to the owner (the dashboard's SQL editor), so a content_hash always describes its content.
set local role service_role;
select is(public.kb_import_document(jsonb_build_object(
  'key', '9974', 'protocol_number', '9974', 'title', 'Platform Rows Test (revised)', 'document_type', 'treatment_protocol',
  'category', 'medical', 'revised_date', '2025-08-01', 'source_file', 'x.md', 'keywords', jsonb_build_array('x'),
  'sections', jsonb_build_array(jsonb_build_object('heading', 'Overview', 'content', 'Revised made-up text.')))),
  'updated', 'the service role imports a new version');
reset role;
select is((select count(*)::int from public.audit_logs where action = 'knowledge_base.import'
             and metadata ->> 'document' = '9974'), 2, 'each change to the knowledge base is an audit event');
select throws_ok($$update public.knowledge_base set content = 'edited in place' where protocol_number = '9974' and is_active$$,
  '42501', null, 'an edit in place is refused, even to the owner');
select lives_ok($$update public.knowledge_base set is_active = false where protocol_number = '9974' and is_active$$,
  'retiring a version is the one change a row allows');

-- Platform alerts (no organization: the shared audit trail, the platform's error rate, a client's failed
-- sign-ins) are the operator's to acknowledge and resolve. An organization's admin, with a second factor
-- or without, is refused, and the alert stays open and waiting for delivery: its notification still goes
-- out. (42 proves an admin's own organization's alerts.)
select ok((select outcome = 'new' from public.raise_alert('CRITICAL', 'COMPLIANCE', 'Audit trail verification failed',
  'platform test', 'rule:audit_verify_failed', 'audit_verify_failed:platform-test')), 'a platform alert is raised');
create temp table platform_alert as select id from public.alerts where dedup_key = 'audit_verify_failed:platform-test';
grant select on platform_alert to authenticated, service_role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7400000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal1","app_metadata":{"role":"admin","organization_id":"a7400000-0000-4000-8000-00000000000a"}}';
select throws_ok($$select public.acknowledge_alert((select id from platform_alert), 'nothing to see')$$, '42501', null,
  'an organization admin cannot acknowledge a platform alert');
select throws_ok($$select public.resolve_alert((select id from platform_alert), 'nothing to see')$$, '42501', null,
  'nor resolve it');
set local request.jwt.claims to '{"sub":"a7400000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a7400000-0000-4000-8000-00000000000a"}}';
select throws_ok($$select public.resolve_alert((select id from platform_alert), 'nothing to see')$$, '42501', null,
  'not even with a second factor');
reset role;
select results_eq($$select status, notify_pending, resolution_notes, acknowledgement_notes from public.alerts
    where id = (select id from platform_alert)$$,
  $$values ('open'::text, true, null::text, null::text)$$, 'the platform alert is untouched and still waits for delivery');

set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is((select status from public.resolve_alert((select id from platform_alert), 'seal re-verified, false alarm')),
  'resolved', 'the operator resolves it');
reset role;
select results_eq($$select metadata ->> 'db_role', user_role::text, organization_id from public.audit_logs
    where action = 'alert.resolve' and metadata ->> 'alert_id' = (select id::text from platform_alert)$$,
  $$values ('service_role'::text, null::text, null::uuid)$$, 'audited as the operator''s');

select * from finish();
rollback;
