-- Who may read and write the tables of the observability issue, role by role: anon, a paramedic, a
-- medical director and an admin of organization A, an admin of organization B, and the service role.
-- Each cell is select=<rows visible> insert/update/delete=<rows affected> or 'denied'; every write is
-- rolled back, so each cell sees the same fixture.
-- users: one's own row; an organization's directory is read only through the audited door (76).
-- Rows without an organization are the platform's: admins read only its COMPLIANCE alerts (71, 74).
-- Each admin twice: with a password alone (aal1), which reads as at aal2 but writes neither security_policies
-- (118) nor vulnerability_scans (122), and with a second factor (aal2).
-- system_health is the platform operator's alone (119).
begin;
create extension if not exists pgtap;
select plan(128);

insert into public.organizations (id, name) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'Obs org A'), ('bbbbbbbb-0000-4000-8000-00000000000b', 'Obs org B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a0000000-0000-4000-8000-000000000001', 'p@rls.test', '{"role":"paramedic","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}'),
  ('a0000000-0000-4000-8000-000000000002', 'md@rls.test', '{"role":"medical_director","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}'),
  ('a0000000-0000-4000-8000-000000000003', 'aa@rls.test', '{"role":"admin","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}'),
  ('b0000000-0000-4000-8000-000000000004', 'ab@rls.test', '{"role":"admin","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}'),
  ('b0000000-0000-4000-8000-000000000005', 'q@rls.test', '{"role":"paramedic","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}');

insert into public.error_logs (organization_id, component, error_code, http_status) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'rls-test', 'INTERNAL_ERROR', 500), (null, 'rls-test', 'INTERNAL_ERROR', 500),
  ('bbbbbbbb-0000-4000-8000-00000000000b', 'rls-test', 'INTERNAL_ERROR', 500);
insert into public.system_health (component, status, error) values ('database', 'healthy', 'rls-test');
insert into public.performance_metrics (user_id, organization_id, metric_name, value, unit, page) values
  ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a', 'page.load', 100, 'ms', 'rls-test'),
  ('b0000000-0000-4000-8000-000000000005', 'bbbbbbbb-0000-4000-8000-00000000000b', 'page.load', 100, 'ms', 'rls-test');
insert into public.web_vitals (user_id, organization_id, metric, value, page) values
  ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a', 'LCP', 2000, 'rls-test'),
  ('b0000000-0000-4000-8000-000000000005', 'bbbbbbbb-0000-4000-8000-00000000000b', 'LCP', 2000, 'rls-test');
insert into public.vulnerability_scans (organization_id, scanner, target) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'rls-test', 'api'), ('bbbbbbbb-0000-4000-8000-00000000000b', 'rls-test', 'api'),
  (null, 'rls-test', 'api');
insert into public.security_policies (organization_id, name, category) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'rls-test', 'password'), ('bbbbbbbb-0000-4000-8000-00000000000b', 'rls-test', 'password');
insert into public.load_test_results (scenario, concurrency, duration_seconds, requests) values ('rls-test', 1, 1, 1);
insert into public.alerts (organization_id, severity, type, title, source, dedup_key) values
  ('aaaaaaaa-0000-4000-8000-00000000000a', 'LOW', 'SYSTEM', 't', 'rls-test', 'rls-a'),
  ('bbbbbbbb-0000-4000-8000-00000000000b', 'LOW', 'SYSTEM', 't', 'rls-test', 'rls-b'),
  (null, 'LOW', 'SYSTEM', 't', 'rls-test', 'rls-none');
insert into public.alert_logs (alert_id, channel, status) select id, 'webhook', 'delivered' from public.alerts where source = 'rls-test';
insert into public.user_sessions (session_id, user_id, organization_id) values
  ('c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a'),
  ('c0000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000004', 'bbbbbbbb-0000-4000-8000-00000000000b');
insert into public.mfa_enrollments (user_id, organization_id, method, status, verified_at) values
  ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a', 'totp', 'active', now()),
  ('b0000000-0000-4000-8000-000000000005', 'bbbbbbbb-0000-4000-8000-00000000000b', 'totp', 'active', now());
insert into public.mfa_backup_codes (user_id, organization_id, code_hash) values
  ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a', '$2a$10$x'),
  ('b0000000-0000-4000-8000-000000000005', 'bbbbbbbb-0000-4000-8000-00000000000b', '$2a$10$x');
insert into public.mfa_challenges (user_id, organization_id, method, result) values
  ('a0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-00000000000a', 'totp', 'success'),
  ('b0000000-0000-4000-8000-000000000005', 'bbbbbbbb-0000-4000-8000-00000000000b', 'totp', 'success');

-- One statement's effect, always rolled back: rows affected, 'denied', or the SQLSTATE of another error.
create function pg_temp.try(q text) returns text language plpgsql as $$
declare n bigint;
begin
  begin
    execute q;
    get diagnostics n = row_count;
    raise exception using errcode = 'P0001', message = 'rollback:' || n;
  exception when sqlstate 'P0001' then
    return split_part(sqlerrm, ':', 2);
  end;
exception
  when insufficient_privilege then return 'denied';
  when others then return sqlstate;
end $$;

create function pg_temp.visible(q text) returns text language plpgsql as $$
declare n bigint;
begin
  execute q into n;
  return n::text;
exception when insufficient_privilege then return 'denied';
end $$;

-- The fixture rows of each table (other suites' and scheduled jobs' rows are left out).
create function pg_temp.scope(t text) returns text language sql immutable as $$
  select case t
    when 'error_logs' then 'component = ''rls-test'''
    when 'system_health' then 'error = ''rls-test'''
    when 'performance_metrics' then 'page = ''rls-test'''
    when 'web_vitals' then 'page = ''rls-test'''
    when 'vulnerability_scans' then 'scanner = ''rls-test'''
    when 'security_policies' then 'name = ''rls-test'''
    when 'load_test_results' then 'scenario = ''rls-test'''
    when 'monitoring_configs' then 'true'
    when 'alerts' then 'source = ''rls-test'''
    when 'alert_logs' then 'alert_id in (select id from public.alerts where source = ''rls-test'')'
    when 'users' then 'email like ''%@rls.test'''
    when 'user_sessions' then 'session_id::text like ''c0000000%'''
    when 'mfa_policies' then 'true'
    else 'user_id::text similar to ''(a|b)0000000%'''
  end
$$;

create function pg_temp.insert_sql(t text) returns text language sql immutable as $$
  select case t
    when 'error_logs' then $q$insert into public.error_logs (component, error_code, http_status) values ('rls-test', 'INTERNAL_ERROR', 500)$q$
    when 'system_health' then $q$insert into public.system_health (component, status, error) values ('redis', 'healthy', 'rls-test')$q$
    when 'performance_metrics' then $q$insert into public.performance_metrics (user_id, metric_name, value, unit, page) values (coalesce(auth.uid(), 'a0000000-0000-4000-8000-000000000001'), 'page.load', 5, 'ms', 'rls-test')$q$
    when 'web_vitals' then $q$insert into public.web_vitals (user_id, metric, value, page) values (coalesce(auth.uid(), 'a0000000-0000-4000-8000-000000000001'), 'CLS', 0.05, 'rls-test')$q$
    when 'vulnerability_scans' then $q$insert into public.vulnerability_scans (organization_id, scanner, target) values (app.current_organization_id(), 'rls-test', 'web')$q$
    when 'security_policies' then $q$insert into public.security_policies (organization_id, name, category) values (app.current_organization_id(), 'rls-new', 'session')$q$
    when 'load_test_results' then $q$insert into public.load_test_results (scenario, concurrency, duration_seconds, requests) values ('rls-test', 2, 1, 1)$q$
    when 'monitoring_configs' then $q$insert into public.monitoring_configs (kind, name) values ('metric', 'rls_custom')$q$
    when 'alerts' then $q$insert into public.alerts (severity, type, title, source, dedup_key) values ('LOW', 'SYSTEM', 't', 'rls-test', 'rls-new')$q$
    when 'alert_logs' then $q$insert into public.alert_logs (alert_id, channel, status) select min(id), 'slack', 'sent' from public.alerts where source = 'rls-test'$q$
    when 'users' then $q$insert into public.users (id, email) select id, 'x@rls.test' from auth.users where false$q$
    when 'user_sessions' then $q$insert into public.user_sessions (session_id, user_id) values ('c0000000-0000-4000-8000-0000000000ff', 'a0000000-0000-4000-8000-000000000001')$q$
    when 'mfa_enrollments' then $q$insert into public.mfa_enrollments (user_id, method) values ('a0000000-0000-4000-8000-000000000001', 'sms')$q$
    when 'mfa_backup_codes' then $q$insert into public.mfa_backup_codes (user_id, code_hash) values ('a0000000-0000-4000-8000-000000000001', '$2a$10$y')$q$
    when 'mfa_challenges' then $q$insert into public.mfa_challenges (user_id, method, result) values ('a0000000-0000-4000-8000-000000000001', 'sms', 'failure')$q$
    when 'mfa_policies' then $q$insert into public.mfa_policies (role, required) select 'guest', false where false$q$
  end
$$;

create function pg_temp.update_col(t text) returns text language sql immutable as $$
  select case t
    when 'error_logs' then 'message' when 'system_health' then 'status' when 'performance_metrics' then 'value'
    when 'web_vitals' then 'value' when 'vulnerability_scans' then 'status' when 'security_policies' then 'enabled'
    when 'load_test_results' then 'errors' when 'monitoring_configs' then 'enabled' when 'alerts' then 'title'
    when 'alert_logs' then 'error' when 'users' then 'full_name' when 'user_sessions' then 'end_reason'
    when 'mfa_enrollments' then 'status' when 'mfa_backup_codes' then 'used_at' when 'mfa_challenges' then 'result'
    when 'mfa_policies' then 'required'
  end
$$;

create function pg_temp.matrix(t text) returns text language sql as $$
  select format('select=%s insert=%s update=%s delete=%s',
    pg_temp.visible(format('select count(*) from public.%I where %s', t, pg_temp.scope(t))),
    pg_temp.try(pg_temp.insert_sql(t)),
    pg_temp.try(format('update public.%I set %I = %I where %s', t, pg_temp.update_col(t), pg_temp.update_col(t), pg_temp.scope(t))),
    pg_temp.try(format('delete from public.%I where %s', t, pg_temp.scope(t))))
$$;

create function pg_temp.check_role(who text, claims text, expected text[]) returns setof text language plpgsql as $$
declare
  tables text[] := array['error_logs', 'system_health', 'performance_metrics', 'web_vitals', 'vulnerability_scans',
    'security_policies', 'load_test_results', 'monitoring_configs', 'alerts', 'alert_logs', 'users', 'user_sessions',
    'mfa_enrollments', 'mfa_backup_codes', 'mfa_challenges', 'mfa_policies'];
begin
  for i in 1..array_length(tables, 1) loop
    if who = 'service_role' then
      set local role service_role;
    elsif who = 'anon' then
      set local role anon;
    else
      set local role authenticated;
    end if;
    perform set_config('request.jwt.claims', claims, true);
    return next is(pg_temp.matrix(tables[i]), expected[i], format('%s on %s', who, tables[i]));
    reset role;
  end loop;
end $$;

select pg_temp.check_role('anon', '{"role":"anon"}', array[
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=denied insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied']);

select pg_temp.check_role('paramedic A', '{"sub":"a0000000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}', array[
  'select=0 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=1 update=denied delete=denied', 'select=1 insert=1 update=denied delete=denied',
  'select=0 insert=denied update=0 delete=0', 'select=0 insert=denied update=0 delete=0',
  'select=0 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=0 insert=denied update=denied delete=denied', 'select=0 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('medical director A', '{"sub":"a0000000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}', array[
  'select=0 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=0 insert=1 update=denied delete=denied', 'select=0 insert=1 update=denied delete=denied',
  'select=0 insert=denied update=0 delete=0', 'select=0 insert=denied update=0 delete=0',
  'select=0 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=0 insert=denied update=denied delete=denied',
  'select=0 insert=denied update=denied delete=denied', 'select=0 insert=denied update=denied delete=denied',
  'select=0 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('admin A aal1', '{"sub":"a0000000-0000-4000-8000-000000000003","role":"authenticated","aal":"aal1","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}', array[
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=1 update=denied delete=denied', 'select=1 insert=1 update=denied delete=denied',
  'select=1 insert=denied update=0 delete=0', 'select=1 insert=denied update=0 delete=0',
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('admin A aal2', '{"sub":"a0000000-0000-4000-8000-000000000003","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-0000-4000-8000-00000000000a"}}', array[
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=1 update=denied delete=denied', 'select=1 insert=1 update=denied delete=denied',
  'select=1 insert=1 update=1 delete=1', 'select=1 insert=1 update=1 delete=1',
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('admin B aal1', '{"sub":"b0000000-0000-4000-8000-000000000004","role":"authenticated","aal":"aal1","app_metadata":{"role":"admin","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}}', array[
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=1 update=denied delete=denied', 'select=1 insert=1 update=denied delete=denied',
  'select=1 insert=denied update=0 delete=0', 'select=1 insert=denied update=0 delete=0',
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('admin B aal2', '{"sub":"b0000000-0000-4000-8000-000000000004","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"bbbbbbbb-0000-4000-8000-00000000000b"}}', array[
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=1 update=denied delete=denied', 'select=1 insert=1 update=denied delete=denied',
  'select=1 insert=1 update=1 delete=1', 'select=1 insert=1 update=1 delete=1',
  'select=1 insert=denied update=denied delete=denied', 'select=denied insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=1 delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=1 insert=denied update=denied delete=denied',
  'select=1 insert=denied update=denied delete=denied', 'select=5 insert=denied update=denied delete=denied']);

select pg_temp.check_role('service_role', '{"role":"service_role"}', array[
  'select=3 insert=1 update=3 delete=3', 'select=1 insert=1 update=1 delete=1',
  'select=2 insert=1 update=2 delete=2', 'select=2 insert=1 update=2 delete=2',
  'select=3 insert=1 update=3 delete=3', 'select=2 insert=1 update=2 delete=2',
  'select=1 insert=1 update=1 delete=1', 'select=21 insert=1 update=21 delete=21',
  'select=3 insert=1 update=3 delete=3', 'select=3 insert=1 update=3 delete=3',
  'select=5 insert=0 update=5 delete=5', 'select=2 insert=1 update=2 delete=2',
  'select=2 insert=1 update=2 delete=2', 'select=2 insert=1 update=2 delete=2',
  'select=2 insert=1 update=2 delete=2', 'select=5 insert=0 update=5 delete=5']);

select * from finish();
rollback;
