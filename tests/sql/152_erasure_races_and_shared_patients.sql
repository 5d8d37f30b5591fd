-- A session begun while its user's erasure runs does not outlive it (20261206180000): check_session takes
-- the erasure's advisory lock in shared mode, so it waits for the running erasure and then finds the user
-- erased. Two more sessions (dblink) commit, under a user of this file alone whom the erasure removes: one
-- erases and holds its transaction open, the other begins a session of that user meanwhile. (The shared
-- patient's 409 is in tests/sql/150, the limiter's cost bound in tests/sql/20.)
begin;
create extension if not exists pgtap;
create extension if not exists dblink;
select plan(4);

select format('host=127.0.0.1 port=%s dbname=%s user=postgres password=postgres', current_setting('port'),
  current_database()) as conn \gset
select gen_random_uuid() as org, gen_random_uuid() as medic, gen_random_uuid() as session \gset
select dblink_connect('t152_erase', :'conn');
select dblink_connect('t152_session', :'conn');
select dblink_exec('t152_erase', format($$insert into public.organizations (id, name) values (%L, %L)$$, :'org', 't152 ' || :'org'));
select dblink_exec('t152_erase', format($$insert into auth.users (id, email, raw_app_meta_data) values (%L, %L, %L)$$,
  :'medic', 'medic-' || :'medic' || '@t152.test',
  json_build_object('role', 'paramedic', 'organization_id', :'org')::text));

-- The platform operator's erasure (the owner with no claims), left open.
select dblink_exec('t152_erase', 'begin');
select * from dblink('t152_erase', format($$select gdpr.erase_subject(%L, %L, 'consent_withdrawn', 'T152',
    'erased-t152-0123456789abcdef', '{"metadata": {"operator": "ops-152"}}')::text$$, :'medic', encode(extensions.digest(:'medic', 'sha256'), 'hex')))
  as t(summary text);
-- Meanwhile the medic's new session asks Postgres, as the functions do on its first request.
select * from dblink('t152_session', 'select pg_backend_pid()') as t(pid integer) \gset session_
select dblink_send_query('t152_session', format($$select status, reason from public.check_session(%L, %L, %L,
    'paramedic', null, 't152')$$, :'session', :'medic', :'org'));
-- Until it waits for a lock (which one it names), or has answered. Before 20261206180000 it inserted its row
-- and waited only at the user's row, which the erasure deletes, then answered 'active'.
create function pg_temp.settled(pid integer) returns text language plpgsql as $$
declare
  waiting text;
begin
  for i in 1..500 loop
    -- pg_stat_activity is read once per transaction unless its snapshot is cleared.
    perform pg_stat_clear_snapshot();
    select a.wait_event into waiting from pg_stat_activity a where a.pid = settled.pid and a.wait_event_type = 'Lock';
    if waiting is not null then
      return 'waits for ' || waiting;
    end if;
    if dblink_is_busy('t152_session') = 0 then
      return 'answered';
    end if;
    perform pg_sleep(0.02);
  end loop;
  return 'neither';
end $$;
select is(pg_temp.settled(:session_pid), 'waits for advisory', 'the new session waits for the running erasure''s lock');
select dblink_exec('t152_erase', 'commit');
select results_eq($$select status, reason from dblink_get_result('t152_session') as t(status text, reason text)$$,
  $$values ('ended', 'revoked')$$, 'then finds its user erased: revoked');
select * from dblink_get_result('t152_session') as t(status text, reason text);
select is((select count(*)::int from public.user_sessions where user_id = :'medic'), 0,
  'and no session of the erased user is left to live on');
select ok(exists (select 1 from pg_proc p where p.oid = 'public.check_session'::regproc
    and p.prosecdef and p.proconfig = array['search_path=pg_catalog, pg_temp']),
  'check_session keeps its rights and search_path through the rewrite');

select dblink_disconnect('t152_erase');
select dblink_disconnect('t152_session');
select * from finish();
rollback;
