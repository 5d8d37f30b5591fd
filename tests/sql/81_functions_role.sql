-- Least privilege: the functions log in as medic_edge. It owns nothing and inherits nothing; it can only
-- take the request roles per transaction. As medic_edge: no ALTER, no trigger switched off, no direct
-- write to the trail, no Vault; through medic_server (the server's role, 20261205110000) the one door,
-- audit.write_events. What service_role may do on Supabase is no longer its: tests/sql/116_server_role.sql.
begin;
create extension if not exists pgtap;
select plan(26);

select is((select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls or rolreplication or rolinherit
           from pg_roles where rolname = 'medic_edge'), false,
  'medic_edge: no superuser, createrole, createdb, bypassrls, replication; inherits nothing');
select ok((select rolcanlogin from pg_roles where rolname = 'medic_edge'), 'and logs in');
select is((select count(*)::int from (
    select 1 from pg_class where relowner = 'medic_edge'::regrole
    union all select 1 from pg_proc where proowner = 'medic_edge'::regrole
    union all select 1 from pg_namespace where nspowner = 'medic_edge'::regrole
    union all select 1 from pg_type where typowner = 'medic_edge'::regrole) o), 0, 'it owns nothing');
select is(array(select b.rolname::text from pg_auth_members m join pg_roles b on b.oid = m.roleid
                where m.member = 'medic_edge'::regrole order by 1),
  array['anon', 'authenticated', 'medic_server'],
  'the roles it may take, and no other (audit_reader is the door''s login''s since 20261205120000)');
select is(array(select distinct n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname in ('public', 'audit', 'app', 'gdpr', 'vault', 'cron') and c.relkind in ('r', 'p', 'v', 'm')
             and has_table_privilege('medic_edge', c.oid, 'select,insert,update,delete,truncate')
             and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e' and n.nspname <> 'cron')
           order by 1),
  array['cron.job', 'cron.job_run_details'],
  'on its own it reaches no table or view but pg_cron''s (granted to PUBLIC, rows limited to one''s own jobs)');

set local role medic_edge;
select throws_ok($$alter table public.audit_logs disable trigger audit_logs_no_delete$$, '42501', null,
  'cannot switch off the trail''s triggers');
select throws_ok($$alter table public.audit_logs add column x int$$, '42501', null, 'cannot alter the trail');
select throws_ok($$set session_replication_role = replica$$, '42501', null, 'cannot disable triggers session-wide');
select throws_ok($$insert into public.audit_logs (seq, event_id, "timestamp", action, resource, outcome, created_at, row_hash)
                   values (0, gen_random_uuid(), now(), 'protocol.view', 'x', 'success', now(), '\x')$$,
  '42501', null, 'cannot insert into the trail directly');
select throws_ok($$update public.audit_logs set resource = 'x'$$, '42501', null, 'nor update it');
select throws_ok($$delete from public.audit_logs$$, '42501', null, 'nor delete from it');
select throws_ok($$select count(*) from vault.decrypted_secrets$$, '42501', null, 'cannot read Vault');
select ok(not pg_has_role('medic_edge', 'postgres', 'member'), 'cannot become the owner');

-- Per transaction, as the functions do (asService / asUser; asAuditReader on medic_audit). (This session logs in as the
-- superuser, so SET ROLE here is not itself the test of membership: the list above is.)
set local role medic_server;
select is(audit.write_events('[{"action":"protocol.view","resource":"functions-role-test","outcome":"success"}]'), 1,
  'as medic_server it writes the trail through audit.write_events');
select throws_ok($$delete from public.audit_logs where resource = 'functions-role-test'$$, '42501', null,
  'and still cannot delete from it');
select throws_ok($$alter table public.rate_limit_config add column x int$$, '42501', null, 'nor alter a table');
select throws_ok($$select count(*) from vault.decrypted_secrets$$, '42501', null, 'nor read Vault');
reset role;
set local role medic_audit;
set local role audit_reader;
select lives_ok($$select count(*) from public.audit_logs$$, 'as audit_reader (the door''s login''s) the trail is read, under RLS');
reset role;
set local role medic_edge;
set local role authenticated;
select throws_ok($$select count(*) from public.audit_logs$$, '42501', null, 'as authenticated it does not');
-- A trigger attached as a request role would run as whoever writes the table: for security_events that is
-- record_security_event, the owner's definer function (20261205095000).
create function pg_temp.attached() returns trigger language plpgsql as $f$ begin return new; end $f$;
select throws_ok($$create trigger attached before insert on public.security_events
                   for each row execute function pg_temp.attached()$$,
  '42501', null, 'as authenticated it cannot attach a trigger to a table an owner''s function writes');
select throws_ok($$truncate public.security_events$$, '42501', null, 'nor truncate one');
select throws_ok($$select setval('public.phi_access_audit_log_id_seq', 1)$$, '42501', null,
  'nor rewind a sequence');
reset role;
set local role medic_edge;
set local role medic_server;
select throws_ok($$create trigger attached before insert on public.users
                   for each row execute function pg_temp.attached()$$,
  '42501', null, 'nor as medic_server');
select throws_ok($$create trigger attached before delete on auth.users
                   for each row execute function pg_temp.attached()$$,
  '42501', null, 'nor on auth.users, whose rows gdpr.erase_subject (the owner''s) deletes');
select throws_ok($$create table public.probe (u uuid references public.organizations (id))$$,
  '42501', null, 'which creates no table of its own either (a foreign key to ours would test keys past RLS)');
select is(array(select r || ': ' || n.nspname from pg_namespace n,
                  unnest(array['anon', 'authenticated', 'service_role', 'audit_reader', 'medic_server']) r
                where has_schema_privilege(r, n.oid, 'create') and n.nspname !~ '^pg_(toast_)?temp_'),
  '{}'::text[], 'no request role creates objects in any schema but its session''s temporary one');
reset role;

select * from finish();
rollback;
