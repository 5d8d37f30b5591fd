-- Organization isolation, table by table: nobody of organization A — anon, a guest, an EMT, a
-- paramedic, a medical director, an admin, an admin without organization — can read, insert, update or
-- delete a row of organization B, in any table or view of the public schema that holds organization
-- rows. The tables are found from the catalog (every relation with an organization_id column), so a new
-- one is covered as soon as it exists; tables without one must be on the list of system-wide tables,
-- and the private schemas (audit, gdpr, app) are out of reach of the API roles altogether.
begin;
create extension if not exists pgtap;
select * from no_plan();

insert into public.organizations (id, name) values
  ('aaaaaaaa-7100-4000-8000-00000000000a', 'Isolation org A'),
  ('bbbbbbbb-7100-4000-8000-00000000000b', 'Isolation org B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a7100000-0000-4000-8000-000000000001', 'admin-a@iso.test', '{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}'),
  ('b7100000-0000-4000-8000-000000000001', 'admin-b@iso.test', '{"role":"admin","organization_id":"bbbbbbbb-7100-4000-8000-00000000000b"}'),
  ('b7100000-0000-4000-8000-000000000002', 'medic-b@iso.test', '{"role":"paramedic","organization_id":"bbbbbbbb-7100-4000-8000-00000000000b"}');

-- One row of organization B in every table that holds organization rows (written as the owner).
select audit.write_events($$[{"action":"dosing.calculate","resource":"iso-test","outcome":"success",
  "organization_id":"bbbbbbbb-7100-4000-8000-00000000000b","user_id":"b7100000-0000-4000-8000-000000000002",
  "ip_address":"198.51.100.71"}]$$);
insert into public.phi_access_audit_log (organization_id, actor_role, table_name, record_id, operation)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'authenticated/paramedic', 'public.iso_notes', '1', 'INSERT');
insert into public.security_events (organization_id, event_type, severity, identifier)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'rate_limit.ban', 'HIGH', 'user:b7100000-0000-4000-8000-000000000002');
insert into public.rate_limit_violations (identifier, identifier_kind, last_class, organization_id)
  values ('user:b7100000-0000-4000-8000-000000000002', 'user', 'API', 'bbbbbbbb-7100-4000-8000-00000000000b');
insert into public.protocol_access (organization_id, query_text, query_length, result_count)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'iso test', 8, 0);
insert into public.error_logs (organization_id, component, error_code, http_status)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'iso-test', 'INTERNAL_ERROR', 500);
insert into public.performance_metrics (user_id, organization_id, metric_name, value, unit)
  values ('b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b', 'page.load', 1, 'ms');
insert into public.web_vitals (user_id, organization_id, metric, value)
  values ('b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b', 'LCP', 1);
insert into public.vulnerability_scans (organization_id, scanner, target)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'iso-test', 'api');
insert into public.security_policies (organization_id, name, category)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'iso-test', 'password');
insert into public.alerts (organization_id, severity, type, title, source, dedup_key)
  values ('bbbbbbbb-7100-4000-8000-00000000000b', 'LOW', 'SYSTEM', 't', 'iso-test', 'iso-b');
insert into public.alert_logs (alert_id, channel, status)
  select id, 'webhook', 'delivered' from public.alerts where dedup_key = 'iso-b';
insert into public.user_sessions (session_id, user_id, organization_id)
  values ('b7100000-5e55-4000-8000-000000000001', 'b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b');
insert into public.mfa_enrollments (user_id, organization_id, method)
  values ('b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b', 'totp');
insert into public.mfa_backup_codes (user_id, organization_id, code_hash)
  values ('b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b', '$2a$10$iso');
insert into public.mfa_challenges (user_id, organization_id, method, result)
  values ('b7100000-0000-4000-8000-000000000002', 'bbbbbbbb-7100-4000-8000-00000000000b', 'totp', 'success');
select public.write_ai_audit_trails($$[{"message_id":"b7100000-a1a1-4000-8000-000000000001",
  "organization_id":"bbbbbbbb-7100-4000-8000-00000000000b","user_id":"b7100000-0000-4000-8000-000000000002",
  "prompt_version":"v1","mode":"retrieval-only","outcome":"offline"}]$$);
insert into public.organization_role (organization_id, name) values ('bbbbbbbb-7100-4000-8000-00000000000b', 'iso_role');

-- Relations of the public schema that hold organization rows; `organizations` is keyed by id.
create temp table org_relations as
  select c.relname::text as rel, c.relkind::text as kind,
    case when c.relname = 'organizations' then 'id' else 'organization_id' end as org_col
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v') and not c.relispartition
    and (c.relname = 'organizations' or exists (select 1 from pg_attribute a
         where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped));
grant select on org_relations to anon, authenticated, service_role;

-- Rows are always rolled back. 'none' when nothing was reached (no row, or refused), else what happened.
create function pg_temp.reach(q text) returns text language plpgsql as $$
declare n bigint;
begin
  begin
    execute q;
    get diagnostics n = row_count;
    raise exception using errcode = 'P0001', message = 'rollback:' || n;
  exception when sqlstate 'P0001' then
    n := split_part(sqlerrm, ':', 2)::bigint;
    return case when n = 0 then 'none' else n || ' rows' end;
  end;
exception
  when insufficient_privilege then return 'none';
  when others then return sqlstate;
end $$;

create function pg_temp.visible(q text) returns text language plpgsql as $$
declare n bigint;
begin
  execute q into n;
  return case when n = 0 then 'none' else n || ' rows' end;
exception when insufficient_privilege then return 'none';
end $$;

-- What a caller may add to a table (an organization-B row, which must be refused).
create function pg_temp.insert_b(rel text) returns text language sql immutable as $$
  select case rel
    when 'performance_metrics' then $q$insert into public.performance_metrics (user_id, organization_id, metric_name, value, unit) values (coalesce(auth.uid(), 'b7100000-0000-4000-8000-000000000002'), 'bbbbbbbb-7100-4000-8000-00000000000b', 'x', 1, 'ms')$q$
    when 'web_vitals' then $q$insert into public.web_vitals (user_id, organization_id, metric, value) values (coalesce(auth.uid(), 'b7100000-0000-4000-8000-000000000002'), 'bbbbbbbb-7100-4000-8000-00000000000b', 'CLS', 0.1)$q$
    when 'vulnerability_scans' then $q$insert into public.vulnerability_scans (organization_id, scanner, target) values ('bbbbbbbb-7100-4000-8000-00000000000b', 'planted', 'x')$q$
    when 'security_policies' then $q$insert into public.security_policies (organization_id, name, category) values ('bbbbbbbb-7100-4000-8000-00000000000b', 'planted', 'session')$q$
    when 'organization_role' then $q$insert into public.organization_role (organization_id, name) values ('bbbbbbbb-7100-4000-8000-00000000000b', 'planted')$q$
  end
$$;

-- A column each table lets some caller update (so RLS, not only a column grant, is what says no).
create function pg_temp.update_col(rel text) returns text language sql immutable as $$
  select case rel when 'users' then 'full_name' when 'organization_role' then 'description'
    when 'security_policies' then 'enabled' when 'vulnerability_scans' then 'status' when 'alerts' then 'title'
    when 'organizations' then 'name' else 'organization_id' end
$$;

create function pg_temp.cross_org(rel text, kind text, org_col text) returns text language plpgsql as $$
declare
  b text := quote_literal('bbbbbbbb-7100-4000-8000-00000000000b');
  col text := pg_temp.update_col(rel);
  ins text := pg_temp.insert_b(rel);
begin
  if kind = 'v' then
    return format('select=%s', pg_temp.visible(format('select count(*) from public.%I where %I = %s', rel, org_col, b)));
  end if;
  if ins is null and has_table_privilege(current_user, format('public.%I', rel), 'INSERT') then
    return 'insert: no insert statement for a table this role may insert into';
  end if;
  return format('select=%s insert=%s update=%s delete=%s',
    pg_temp.visible(format('select count(*) from public.%I where %I = %s', rel, org_col, b)),
    case when ins is null then 'none' else pg_temp.reach(ins) end,
    pg_temp.reach(format('update public.%I set %I = %I where %I = %s', rel, col, col, org_col, b)),
    pg_temp.reach(format('delete from public.%I where %I = %s', rel, org_col, b)));
end $$;

create function pg_temp.check_caller(who text, db_role text, claims text) returns setof text language plpgsql as $$
declare r record;
begin
  for r in select * from org_relations order by rel loop
    perform set_config('role', db_role, true);
    perform set_config('request.jwt.claims', claims, true);
    return next is(pg_temp.cross_org(r.rel, r.kind, r.org_col),
      case when r.kind = 'v' then 'select=none' else 'select=none insert=none update=none delete=none' end,
      format('%s never reaches organization B in %s', who, r.rel));
    reset role;
  end loop;
end $$;

-- The fixture is there: the zeros below are not vacuous.
create function pg_temp.owner_count(rel text, org_col text) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from public.%I where %I = %L', rel, org_col, 'bbbbbbbb-7100-4000-8000-00000000000b') into n;
  return n;
end $$;
select is(array(select rel from org_relations where kind <> 'v' and pg_temp.owner_count(rel, org_col) = 0), '{}'::text[],
  'every organization table holds a row of organization B for this test');
select ok((select count(*) from org_relations) >= 21, 'tables and views with organization rows found: '
  || (select string_agg(rel, ', ' order by rel) from org_relations));

select pg_temp.check_caller('anon', 'anon', '{"role":"anon"}');
select pg_temp.check_caller('a guest of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f1","role":"authenticated","app_metadata":{"role":"guest","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('an EMT of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f2","role":"authenticated","app_metadata":{"role":"emt","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('a paramedic of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f3","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('a medical director of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f4","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('an admin of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('an admin without organization', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f5","role":"authenticated","app_metadata":{"role":"admin"}}');
select pg_temp.check_caller('an admin of A claiming B in user_metadata', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"},"user_metadata":{"organization_id":"bbbbbbbb-7100-4000-8000-00000000000b"}}');

select pg_temp.check_caller('a medical director of A through the audited door', 'audit_reader',
  '{"sub":"a7100000-0000-4000-8000-0000000000f4","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');
select pg_temp.check_caller('an admin of A through the audited door', 'audit_reader',
  '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}');

-- alert_logs has no organization of its own: it is visible exactly as far as its alert is.
create temp table b_alert as select id from public.alerts where dedup_key = 'iso-b';
grant select on b_alert to authenticated;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}';
select is((select count(*)::integer from public.alert_logs l where l.alert_id = (select id from b_alert)), 0,
  'an admin of A sees no delivery of B''s alerts');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"b7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"bbbbbbbb-7100-4000-8000-00000000000b"}}';
select is((select count(*)::integer from public.alert_logs l where l.alert_id = (select id from b_alert)), 1,
  'B''s admin does');
reset role;

-- Platform rows (no organization) belong to no agency. An organization's admin or medical director reads
-- none of them — anonymous clients' security events (their addresses and fingerprints), the platform's
-- errors and vulnerability scans, the platform's security, system and performance alerts — except the
-- platform's COMPLIANCE alerts: those are about the audit trail every agency keeps its records in
-- (verification, default partitions, dead letters, the cold archive), name no one, and an agency's
-- compliance officer must learn when its trail is in doubt. Reading is all they may do with them (74).
insert into public.security_events (organization_id, event_type, severity, identifier, details)
  values (null, 'auth.token_failure', 'LOW', 'fp:iso-platform', '{"client": "203.0.113.71"}');
insert into public.error_logs (organization_id, component, error_code, http_status)
  values (null, 'iso-platform', 'INTERNAL_ERROR', 500);
insert into public.vulnerability_scans (organization_id, scanner, target) values (null, 'iso-platform', 'api');
insert into public.alerts (organization_id, severity, type, title, source, dedup_key, metadata) values
  (null, 'MEDIUM', 'SECURITY', 'Burst of failed authentication from one client', 'iso-platform', 'iso-p-security',
   '{"client": "fp:iso-platform"}'),
  (null, 'HIGH', 'SYSTEM', 'Audit events are waiting in the Redis spool', 'iso-platform', 'iso-p-system', '{}'),
  (null, 'HIGH', 'PERFORMANCE', 'Server error rate above threshold', 'iso-platform', 'iso-p-performance', '{}'),
  (null, 'CRITICAL', 'COMPLIANCE', 'Audit trail verification failed', 'iso-platform', 'iso-p-compliance', '{}');
insert into public.alert_logs (alert_id, channel, status)
  select id, 'webhook', 'delivered' from public.alerts where source = 'iso-platform';

create function pg_temp.platform_rows_seen() returns text language plpgsql as $$
declare
  seen text := '';
  n bigint;
  t text;
begin
  -- Only this file's platform rows (their marker column says iso-platform): the stack's own services may
  -- write platform rows of their own while it runs (a limiter's degraded decision is a security event).
  foreach t in array array['security_events:identifier', 'error_logs:component', 'vulnerability_scans:scanner'] loop
    begin
      execute format('select count(*) from public.%I where organization_id is null and %I like ''%%iso-platform''',
        split_part(t, ':', 1), split_part(t, ':', 2)) into n;
    exception when insufficient_privilege then n := 0;
    end;
    seen := seen || format('%s=%s ', split_part(t, ':', 1), n);
  end loop;
  return seen || 'alerts=' || coalesce((select string_agg(a.type, ',' order by a.type) from public.alerts a
      where a.source = 'iso-platform'), 'none')
    || ' alert_logs=' || (select count(*) from public.alert_logs l
      where l.alert_id in (select a.id from public.alerts a where a.source = 'iso-platform' and a.organization_id is null));
end $$;

select is(pg_temp.platform_rows_seen(),
  'security_events=1 error_logs=1 vulnerability_scans=1 alerts=COMPLIANCE,PERFORMANCE,SECURITY,SYSTEM alert_logs=4',
  'the platform rows are there (the owner sees them)');
create function pg_temp.check_platform_rows(who text, db_role text, claims text, expected text) returns setof text
language plpgsql as $$
begin
  perform set_config('role', db_role, true);
  perform set_config('request.jwt.claims', claims, true);
  return next is(pg_temp.platform_rows_seen(), expected, format('%s reads of the platform''s rows: %s', who, expected));
  reset role;
end $$;
select pg_temp.check_platform_rows('an admin of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}',
  'security_events=0 error_logs=0 vulnerability_scans=0 alerts=COMPLIANCE alert_logs=1');
select pg_temp.check_platform_rows('an admin of A through the audited door', 'audit_reader',
  '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}',
  'security_events=0 error_logs=0 vulnerability_scans=0 alerts=COMPLIANCE alert_logs=1');
select pg_temp.check_platform_rows('a medical director of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f4","role":"authenticated","aal":"aal2","app_metadata":{"role":"medical_director","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}',
  'security_events=0 error_logs=0 vulnerability_scans=0 alerts=COMPLIANCE alert_logs=1');
select pg_temp.check_platform_rows('an admin without organization', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f5","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin"}}',
  'security_events=0 error_logs=0 vulnerability_scans=0 alerts=COMPLIANCE alert_logs=1');
select pg_temp.check_platform_rows('a paramedic of A', 'authenticated',
  '{"sub":"a7100000-0000-4000-8000-0000000000f3","role":"authenticated","aal":"aal2","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}',
  'security_events=0 error_logs=0 vulnerability_scans=0 alerts=none alert_logs=0');

-- A's admin sees A's members in rate_limit_violations (who is limited or banned, until when), but not the
-- raw client address: addresses are personal data the audit trail keeps only as pseudonyms, opened through
-- the audited reveal. The operator (service role) and a subject's own export still have it.
insert into auth.users (id, email, raw_app_meta_data) values
  ('a7100000-0000-4000-8000-000000000002', 'medic-a@iso.test', '{"role":"paramedic","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}');
select public.record_rate_limit_violation('user:a7100000-0000-4000-8000-000000000002', 'user', 'API', '198.51.100.72');
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}';
select results_eq($$select identifier, violation_count from public.rate_limit_violations$$,
  $$values ('user:a7100000-0000-4000-8000-000000000002'::text, 1)$$, 'A''s admin sees A''s limited members');
select throws_ok($$select ip_address from public.rate_limit_violations$$, '42501', null, 'but not their addresses');
select throws_ok($$select * from public.rate_limit_violations$$, '42501', null, 'not even as part of every column');
reset role;
set local role audit_reader;
set local request.jwt.claims to '{"sub":"a7100000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7100-4000-8000-00000000000a"}}';
select throws_ok($$select ip_address from public.rate_limit_violations$$, '42501', null, 'nor through the audited door');
reset role;
set local role service_role;
select is((select host(ip_address) from public.rate_limit_violations where identifier = 'user:a7100000-0000-4000-8000-000000000002'),
  '198.51.100.72', 'the operator does');
reset role;

-- The positive control: B's own admin reaches B's rows where the policies say admins may (audit data
-- and the user directory through the audited door, the role audit-query takes).
set local role audit_reader;
set local request.jwt.claims to '{"sub":"b7100000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"bbbbbbbb-7100-4000-8000-00000000000b"}}';
select is(array(select rel from org_relations
                where rel in ('audit_logs', 'phi_access_audit_log', 'security_events', 'rate_limit_violations',
                  'protocol_access', 'error_logs', 'alerts', 'users', 'user_sessions', 'mfa_enrollments',
                  'ai_audit_trails', 'organization_role', 'organizations')
                  and pg_temp.visible(format('select count(*) from public.%I where %I = %L', rel, org_col,
                    'bbbbbbbb-7100-4000-8000-00000000000b')) = 'none'),
  '{}'::text[], 'B''s admin sees B''s rows in every table admins oversee');
reset role;

-- Every other public table is system-wide by design (configuration, reference data, infrastructure).
select is(array(
  select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    and c.relname not in (select rel from org_relations)
  order by 1),
  array['ai_model_prices', 'alert_logs', 'audit_retention_policy', 'knowledge_base', 'knowledge_base_impressions',
    'knowledge_base_index', 'knowledge_base_state', 'load_test_results', 'metrics', 'metrics_rollups', 'mfa_policies',
    'monitoring_configs', 'rate_limit_config', 'rate_limit_tracking', 'system_health'],
  'tables without organization_id are the system-wide ones (and alert_logs, which follows its alert)');

select is(array(select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
                  and not c.relrowsecurity order by 1),
  '{}'::text[], 'row level security is on for every table of the public schema');

select is(array(
  select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('audit', 'gdpr', 'app') and c.relkind in ('r', 'p', 'v', 'm')
    and (has_table_privilege('anon', c.oid, 'SELECT,INSERT,UPDATE,DELETE')
         or has_table_privilege('authenticated', c.oid, 'SELECT,INSERT,UPDATE,DELETE'))
  order by 1), '{}'::text[], 'the private schemas'' tables are out of reach of anon and authenticated');

select * from finish();
rollback;
