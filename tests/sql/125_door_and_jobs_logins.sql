-- A login per capability (20261205120000): medic_edge (every function's request path) takes neither the
-- audited door's audit_reader nor the jobs' medic_job_writer; medic_audit (audit-query's door) reaches exactly
-- audit_reader (and authenticated through it) and medic_server for the door's event; medic_jobs (flush-metrics'
-- job) exactly medic_job_writer, which alone executes what only the job calls. Role by role, as each login
-- itself: SET ROLE checks the session user's memberships, so the session becomes the login (a superuser's SET
-- ROLE would prove nothing).
begin;
create extension if not exists pgtap;
select plan(34);

-- The roles as made: logins that inherit nothing and own nothing; the jobs' role logs in to nothing.
select is(array(select rolname || ': ' || (rolcanlogin)::text || ' ' || (rolinherit or rolsuper or rolcreaterole
                  or rolcreatedb or rolbypassrls or rolreplication)::text
                from pg_roles where rolname in ('medic_audit', 'medic_jobs', 'medic_job_writer') order by 1),
  array['medic_audit: true false', 'medic_job_writer: false false', 'medic_jobs: true false'],
  'medic_audit and medic_jobs log in, medic_job_writer does not; none inherits or holds a power');
select is((select count(*)::int from (
    select 1 from pg_class where relowner in ('medic_audit'::regrole, 'medic_jobs'::regrole, 'medic_job_writer'::regrole)
    union all select 1 from pg_proc where proowner in ('medic_audit'::regrole, 'medic_jobs'::regrole, 'medic_job_writer'::regrole)
    union all select 1 from pg_namespace where nspowner in ('medic_audit'::regrole, 'medic_jobs'::regrole, 'medic_job_writer'::regrole)
    union all select 1 from pg_type where typowner in ('medic_audit'::regrole, 'medic_jobs'::regrole, 'medic_job_writer'::regrole)) o),
  0, 'they own nothing');

-- Every role each login reaches, directly or through another.
select is(array(select r.rolname::text from pg_roles r
                where pg_has_role('medic_edge', r.oid, 'MEMBER') and r.rolname <> 'medic_edge' order by 1),
  array['anon', 'authenticated', 'medic_server'], 'medic_edge reaches the request roles and medic_server only');
select is(array(select r.rolname::text from pg_roles r
                where pg_has_role('medic_audit', r.oid, 'MEMBER') and r.rolname <> 'medic_audit' order by 1),
  array['audit_reader', 'authenticated', 'medic_server'],
  'medic_audit reaches audit_reader (and authenticated, which audit_reader is a member of) and medic_server');
select is(array(select r.rolname::text from pg_roles r
                where pg_has_role('medic_jobs', r.oid, 'MEMBER') and r.rolname <> 'medic_jobs' order by 1),
  array['medic_job_writer'], 'medic_jobs reaches medic_job_writer only');
select is(array(select m.member::regrole::text from pg_auth_members m
                where m.roleid in ('audit_reader'::regrole, 'medic_job_writer'::regrole)
                  and m.member <> (select nspowner from pg_namespace where nspname = 'audit') order by 1),
  array['medic_audit', 'medic_jobs'],
  'audit_reader and medic_job_writer are granted to one login each and to no other role (but the owner)');
select is(array(select b.rolname::text from pg_auth_members m join pg_roles b on b.oid = m.roleid
                where m.member = 'medic_job_writer'::regrole), '{}'::text[], 'medic_job_writer is a member of no role');

-- As medic_edge: the reviewer's probes.
set local session authorization medic_edge;
select throws_ok($$set local role audit_reader$$, '42501', null, 'as medic_edge: SET ROLE audit_reader is refused');
select throws_ok($$set local role medic_job_writer$$, '42501', null, 'nor medic_job_writer');
select throws_ok($$set local role medic_audit$$, '42501', null, 'nor the door''s login');
select throws_ok($$set local role medic_jobs$$, '42501', null, 'nor the jobs'' login');
select lives_ok($$set local role medic_server$$, 'it still takes medic_server for the request path''s writes');
reset role;
reset session authorization;

-- As medic_audit.
set local session authorization medic_audit;
select lives_ok($$set local role audit_reader$$, 'as medic_audit: audit_reader for the read');
reset role;
select lives_ok($$set local role medic_server$$, 'and medic_server for the door''s event');
reset role;
select throws_ok($$set local role medic_job_writer$$, '42501', null, 'not the jobs'' role');
select throws_ok($$set local role service_role$$, '42501', null, 'nor service_role');
select throws_ok($$set local role medic_edge$$, '42501', null, 'nor the request path''s login');
select throws_ok($$select count(*) from public.audit_logs$$, '42501', null,
  'on its own (no role taken) it reads no audit table: a statement sent outside the transaction fails');
reset session authorization;

-- As medic_jobs.
set local session authorization medic_jobs;
select lives_ok($$set local role medic_job_writer$$, 'as medic_jobs: medic_job_writer');
reset role;
select throws_ok($$set local role medic_server$$, '42501', null, 'not medic_server');
select throws_ok($$set local role audit_reader$$, '42501', null, 'nor audit_reader');
select throws_ok($$set local role authenticated$$, '42501', null, 'nor a request role');
reset session authorization;

-- What the jobs' role executes beyond PUBLIC: exactly what flush-metrics' job calls, medic_server none of it
-- but the two writers the request path shares.
select is(array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname not in ('pg_catalog', 'information_schema')
                  and has_function_privilege('medic_job_writer', p.oid, 'execute')
                  and not has_function_privilege('public', p.oid, 'execute')
                order by 1),
  array(select f::regprocedure::text from unnest(array[
    'public.upsert_metrics(jsonb)', 'public.pending_alert_deliveries()',
    'public.record_alert_delivery(bigint, text, text, integer, text)', 'public.finish_alert_delivery(bigint)',
    'public.evaluate_alert_rules(jsonb)', 'public.evaluate_audit_loss_rules(jsonb)',
    'public.evaluate_database_health_rules()', 'public.database_health_snapshot()', 'audit.seal_status()',
    'audit.seals_to_anchor(integer)', 'audit.record_anchor(bigint, bytea, text, text[])',
    'audit.integrity_alerts_open()',
    'audit.write_events(jsonb)', 'public.write_ai_audit_trails(jsonb)',
    'public.record_security_event(text, text, text, text, jsonb, uuid)']) f order by 1),
  'medic_job_writer executes exactly the routines flush-metrics'' job calls');
select is(array(select p.oid::regprocedure::text from pg_proc p
                where has_function_privilege('medic_job_writer', p.oid, 'execute')
                  and has_function_privilege('medic_server', p.oid, 'execute')
                  and not has_function_privilege('public', p.oid, 'execute') order by 1),
  array(select f::regprocedure::text from unnest(array['audit.write_events(jsonb)',
    'public.write_ai_audit_trails(jsonb)', 'public.record_security_event(text, text, text, text, jsonb, uuid)']) f
    order by 1),
  'medic_server shares only the writers of the trail, the AI trail and security events with it');
select is(array(select format('%s: %s', c.oid::regclass, priv) from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace,
                  unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
                where n.nspname not in ('pg_catalog', 'information_schema') and c.relkind in ('r', 'p', 'v', 'm', 'f')
                  and (has_table_privilege('medic_job_writer', c.oid, priv)
                       or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                           and has_any_column_privilege('medic_job_writer', c.oid, priv)))
                  and not (has_table_privilege('public', c.oid, priv)
                           or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                               and has_any_column_privilege('public', c.oid, priv)))
                order by 1),
  array['monitoring_configs: SELECT', 'system_health: INSERT'],
  'and reads or writes only the delivery channels and the health rows directly');
select is(array(select format('%s: %s', c.oid::regclass, l) from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace, unnest(array['medic_audit', 'medic_jobs']) l
                where n.nspname in ('public', 'audit', 'app', 'gdpr', 'vault') and c.relkind in ('r', 'p', 'v', 'm')
                  and has_table_privilege(l, c.oid, 'select,insert,update,delete,truncate')
                  and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
                order by 1),
  '{}'::text[], 'the two logins on their own reach no table of ours');
select is((select count(*)::int from pg_default_acl d, lateral aclexplode(d.defaclacl) a
           where a.grantee in ('medic_job_writer'::regrole, 'medic_audit'::regrole, 'medic_jobs'::regrole)), 0,
  'no default privilege hands them objects created later');

-- The job's routines refuse medic_server, as medic_edge takes it (the reviewer's finding 3).
insert into public.monitoring_configs (kind, name, config)
values ('alert_rule', 'jobs_login_probe_rule', '{}'), ('channel', 'webhook', '{"url":"https://hooks.example.test/x"}')
on conflict (kind, name) do update set enabled = true;
set local session authorization medic_edge;
set local role medic_server;
set local request.jwt.claims to '{"role":"service_role"}';
select throws_ok($$select audit.record_anchor(1, '\x00', 'bogus', '{}')$$, '42501', null,
  'as medic_edge''s medic_server: record_anchor is refused');
select throws_ok($$select public.finish_alert_delivery(1)$$, '42501', null, 'and finish_alert_delivery');
select throws_ok($$select * from public.pending_alert_deliveries()$$, '42501', null, 'and the pending deliveries');
select throws_ok($$select * from public.upsert_metrics('[]')$$, '42501', null, 'and the metrics upsert');
select throws_ok($$insert into public.system_health (component, status) values ('redis', 'healthy')$$, '42501', null,
  'and a health row');
reset role;
reset session authorization;
set local session authorization medic_jobs;
set local role medic_job_writer;
set local request.jwt.claims to '{"role":"service_role"}';
select is(array(select distinct kind from public.monitoring_configs), array['channel'],
  'as medic_jobs'' medic_job_writer: the delivery channels, never the alert rules');
select lives_ok($$select * from audit.seals_to_anchor(1)$$, 'and the seals to anchor');
reset role;
reset session authorization;

select * from finish();
rollback;
