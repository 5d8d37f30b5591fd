-- anon and authenticated read no sequence's last_value and advance none (20261206020200), role by role, and
-- still insert wherever they could: identity columns draw their ids without any privilege on the sequence.
-- service_role and the owner keep theirs.
begin;
create extension if not exists pgtap;
select plan(19);

insert into public.organizations (id, name) values
  ('aaaaaaaa-1371-4000-8000-00000000000a', 't137s A'), ('bbbbbbbb-1371-4000-8000-00000000000b', 't137s B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1371000-0000-4000-8000-000000000001', 'p@t137s.test', '{"role":"paramedic","organization_id":"aaaaaaaa-1371-4000-8000-00000000000a"}'),
  ('a1371000-0000-4000-8000-000000000002', 'admin@t137s.test', '{"role":"admin","organization_id":"aaaaaaaa-1371-4000-8000-00000000000a"}'),
  ('b1371000-0000-4000-8000-000000000003', 'admin@t137sb.test', '{"role":"admin","organization_id":"bbbbbbbb-1371-4000-8000-00000000000b"}');

create function pg_temp.as_caller(sub text, role text, org text) returns void language sql as $$
  select set_config('role', 'authenticated', true),
    set_config('request.jwt.claims', json_build_object('sub', sub, 'role', 'authenticated', 'aal', 'aal2',
      'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
$$;

-- Every sequence of ours that a role may read or advance.
create function pg_temp.reachable(r text) returns text[] language sql as $$
  select coalesce(array_agg(c.oid::regclass::text order by 1), '{}')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind = 'S'
    and has_sequence_privilege(r, c.oid, 'select,usage')
$$;

select is(pg_temp.reachable('anon'), '{}'::text[], 'anon may read or advance no sequence of ours');
select is(pg_temp.reachable('authenticated'), '{}'::text[], 'nor may authenticated');
select isnt(pg_temp.reachable('service_role'), '{}'::text[], 'service_role keeps its own');

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select last_value from public.alerts_id_seq$$, '42501', null, 'anon reads no last_value');
select throws_ok($$select nextval('public.security_events_id_seq')$$, '42501', null, 'nor advances a sequence');
reset role;

select pg_temp.as_caller('a1371000-0000-4000-8000-000000000001', 'paramedic', 'aaaaaaaa-1371-4000-8000-00000000000a');
select throws_ok($$select last_value from public.phi_access_audit_log_id_seq$$, '42501', null,
  'a paramedic reads no last_value (the count of PHI accesses)');
select throws_ok($$select nextval('public.alerts_id_seq')$$, '42501', null, 'nor advances the alerts'' ids');
select throws_ok($$select last_value from public.performance_metrics_id_seq$$, '42501', null,
  'nor reads the sequence of a table it writes');
select lives_ok($$insert into public.performance_metrics (metric_name, value, unit) values ('page.load', 1, 'ms')$$,
  'and still inserts into performance_metrics (identity id)');
select lives_ok($$insert into public.web_vitals (metric, value) values ('LCP', 1)$$, 'and into web_vitals');
reset role;

select pg_temp.as_caller('a1371000-0000-4000-8000-000000000002', 'admin', 'aaaaaaaa-1371-4000-8000-00000000000a');
select throws_ok($$select last_value from public.security_events_id_seq$$, '42501', null, 'an admin reads no last_value');
select lives_ok($$insert into public.vulnerability_scans (organization_id, scanner, target) values (app.current_organization_id(), 't137s', 'api')$$,
  'and still records a vulnerability scan (aal2)');
select lives_ok($$insert into public.security_policies (organization_id, name, category) values (app.current_organization_id(), 't137s', 'session')$$,
  'a security policy');
select lives_ok($$insert into public.organization_role (organization_id, name) values (app.current_organization_id(), 't137s')$$,
  'and an organization role');
reset role;

select pg_temp.as_caller('b1371000-0000-4000-8000-000000000003', 'admin', 'bbbbbbbb-1371-4000-8000-00000000000b');
select throws_ok($$select last_value from public.organization_role_id_seq$$, '42501', null,
  'another organization''s admin reads no last_value either (which would count A''s roles)');
select lives_ok($$insert into public.organization_role (organization_id, name) values (app.current_organization_id(), 't137s')$$,
  'and inserts its own organization''s role');
reset role;

set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select lives_ok($$select last_value from public.alerts_id_seq$$, 'service_role, the operator, still reads a sequence');
reset role;

-- For later objects: postgres's default privileges in public give the request roles no sequence.
select is(array(select format('%s %s', a.grantee::regrole, a.privilege_type)
                from pg_default_acl d, lateral aclexplode(d.defaclacl) a
                where d.defaclobjtype = 'S' and a.grantee in ('anon'::regrole, 'authenticated'::regrole)),
  '{}'::text[], 'no default privileges hand anon or authenticated a sequence created later');
create sequence public.t137s_later_seq;
select is(pg_temp.reachable('authenticated'), '{}'::text[], 'a sequence created now is not theirs');

select * from finish();
rollback;
