-- The server's own role (20261205110000): the functions' login takes medic_server, never service_role, which
-- on Supabase (supabase_vault >= 0.3) is granted SELECT on vault.decrypted_secrets by supabase_admin. Kept
-- true for roles, grants and routines added later: medic_edge reaches no role that reads Vault even once the
-- platform's grants are simulated, and medic_server holds exactly what the functions call.
begin;
create extension if not exists pgtap;
select plan(21);

select is((select rolcanlogin or rolsuper or rolcreaterole or rolcreatedb or rolbypassrls or rolreplication
           from pg_roles where rolname = 'medic_server'), false,
  'medic_server: no login, superuser, createrole, createdb, bypassrls or replication');
select ok(not pg_has_role('medic_edge', 'service_role', 'MEMBER'), 'medic_edge cannot take service_role');
select is(array(select r.rolname::text from pg_roles r
                where pg_has_role('medic_edge', r.oid, 'MEMBER') and r.rolname <> 'medic_edge' order by 1),
  array['anon', 'authenticated', 'medic_server'],
  'every role medic_edge can take, directly or through another (20261205120000 took audit_reader)');
select is(array(select b.rolname::text from pg_auth_members m join pg_roles b on b.oid = m.roleid
                where m.member = 'medic_server'::regrole),
  '{}'::text[], 'medic_server is a member of no role');

-- No privilege in vault for any role medic_edge can take (schema, tables, views, sequences, routines).
select is(array(select r.rolname || ': ' || what from pg_roles r,
    lateral (select 'schema vault' as what where has_schema_privilege(r.oid, 'vault', 'usage')
                                               or has_schema_privilege(r.oid, 'vault', 'create')
             union all
             select c.oid::regclass::text from pg_class c
             where c.relnamespace = 'vault'::regnamespace and c.relkind in ('r', 'v', 'm', 'p', 'S')
               and (has_table_privilege(r.oid, c.oid, 'select,insert,update,delete,truncate,references,trigger')
                    or (c.relkind = 'S' and has_sequence_privilege(r.oid, c.oid, 'usage,select,update')))
             union all
             select p.oid::regprocedure::text from pg_proc p
             where p.pronamespace = 'vault'::regnamespace and has_function_privilege(r.oid, p.oid, 'execute')) v
    where pg_has_role('medic_edge', r.oid, 'MEMBER') order by 1),
  '{}'::text[], 'no role medic_edge can take has any privilege in schema vault');

-- Simulating the platform: supabase_admin's grants to service_role, which we cannot revoke on a project.
grant usage on schema vault to service_role;
grant select, delete on vault.secrets, vault.decrypted_secrets to service_role;
select ok(has_table_privilege('service_role', 'vault.decrypted_secrets', 'select'),
  'simulated: service_role reads vault.decrypted_secrets, as on Supabase');
select is(array(select r.rolname::text from pg_roles r
                where pg_has_role('medic_edge', r.oid, 'MEMBER')
                  and (has_table_privilege(r.oid, 'vault.decrypted_secrets', 'select')
                       or has_table_privilege(r.oid, 'vault.secrets', 'select,delete'))),
  '{}'::text[], 'still no role medic_edge can take reads or deletes a secret');
-- As the functions' login itself (SET ROLE checks the session user's memberships, so the session becomes
-- medic_edge; a superuser's SET ROLE would prove nothing).
set local session authorization medic_edge;
select throws_ok($$set local role service_role$$, '42501', null, 'as medic_edge: SET ROLE service_role is refused');
set local role medic_server;
select throws_ok($$select count(*) from vault.decrypted_secrets$$, '42501', null,
  'as medic_server: the simulated platform grant does not reach vault.decrypted_secrets');
select throws_ok($$delete from vault.secrets$$, '42501', null, 'nor deletes a secret');
reset role;
select throws_ok($$select count(*) from vault.decrypted_secrets$$, '42501', null, 'nor as medic_edge itself');
reset session authorization;

-- Exactly what the functions call as the server on the request path (functions-shared: grep asService), and
-- the invoker helpers one of their statements calls; a broad grant (all functions in a schema) fails here.
-- What only flush-metrics' job calls is medic_job_writer's since 20261205120000 (tests/sql/125).
select is(array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname not in ('pg_catalog', 'information_schema')
                  and has_function_privilege('medic_server', p.oid, 'execute')
                  and not has_function_privilege('public', p.oid, 'execute')
                order by 1),
  array(select f::regprocedure::text from unnest(array[
    'audit.write_events(jsonb)', 'public.write_ai_audit_trails(jsonb)',
    'public.check_session(uuid, uuid, uuid, public.user_role, timestamptz, text)', 'public.touch_sessions(jsonb)',
    'public.end_session(uuid, text, timestamptz, text)', 'app.session_policy_seconds()',
    'public.rate_limit_hit(text, text, integer, integer, integer)',
    'public.record_rate_limit_violation(text, text, text, inet, text)',
    'public.record_rate_limit_violation(text, text, text, inet, text, uuid)',
    'public.record_security_event(text, text, text, text, jsonb, uuid)',
    'public.set_protocol_access_feedback(uuid, boolean)',
    'audit.scrub_metadata(jsonb)', 'audit.personal_keys(text[])', 'audit.is_personal_key(text)']) f order by 1),
  'medic_server executes exactly the routines the functions call as the server (beyond PUBLIC''s)');

select is(array(select format('%s: %s', c.oid::regclass, priv) from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace,
                  unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
                where n.nspname not in ('pg_catalog', 'information_schema') and c.relkind in ('r', 'p', 'v', 'm', 'f')
                  and (has_table_privilege('medic_server', c.oid, priv)
                       or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                           and has_any_column_privilege('medic_server', c.oid, priv)))
                  and not (has_table_privilege('public', c.oid, priv)
                           or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                               and has_any_column_privilege('public', c.oid, priv)))
                order by 1),
  array['error_logs: INSERT', 'knowledge_base: SELECT', 'knowledge_base_index: SELECT',
        'knowledge_base_state: SELECT', 'rate_limit_config: SELECT', 'rate_limit_violations: SELECT',
        'security_events: INSERT'],
  'and reads or writes only the tables the functions touch directly as the server');
select is((select count(*)::int from pg_default_acl d, lateral aclexplode(d.defaclacl) a
           where a.grantee = 'medic_server'::regrole), 0, 'no default privilege hands it objects created later');

-- As the functions run it: medic_server with the service role's claims (platform/db.ts asService).
insert into public.monitoring_configs (kind, name, config)
values ('alert_rule', 'server_role_probe_rule', '{}'), ('channel', 'webhook', '{"url":"https://hooks.example.test/x"}')
on conflict (kind, name) do update set enabled = true;
set local role medic_server;
set local request.jwt.claims to '{"role":"service_role"}';
select is(audit.write_events('[{"action":"protocol.view","resource":"server-role-test","outcome":"success"}]'), 1,
  'it writes the trail through audit.write_events');
select throws_ok(format($$select audit.write_events('[{"action":"protocol.view","resource":"server-role-test",
    "outcome":"success","timestamp":"%s"}]')$$, now() - interval '1 hour'), '22023', null,
  'and is bound by the writer''s backdating rule like any request role (20261205110100)');
select throws_ok($$select count(*) from public.monitoring_configs$$, '42501', null,
  'it reads no delivery channel nor alert rule (the jobs'' role reads the channels, 20261205120000)');
select throws_ok($$select count(*) from public.users$$, '42501', null, 'reads no user directory');
select throws_ok($$select count(*) from public.audit_logs$$, '42501', null, 'nor the trail');
select throws_ok($$select * from audit.reveal_many(array[gen_random_uuid()])$$, '42501', null,
  'and reveals no pseudonym, though its claims name the service role');
select throws_ok($$select * from gdpr.export_plan(gen_random_uuid(), 'x')$$, '42501', null,
  'nor plans a data subject''s export');
reset role;

select * from finish();
rollback;
