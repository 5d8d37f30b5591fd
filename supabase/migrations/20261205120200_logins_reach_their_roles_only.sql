-- 20261205120000 revoked audit_reader from medic_edge as the migration's role. On PostgreSQL 16 and later a
-- REVOKE removes only the grant its caller made: one made by a superuser survives with a warning and the
-- push would go on (as 20261205115100 says for service_role). Checked here by reachability (pg_has_role
-- MEMBER, so a path through another role counts), login by login: the door reaches authenticated through
-- audit_reader (a member of it since 20261202000600), no more than any signed-in caller's role. Nothing
-- changes when this passes.
do $$
declare
  expected constant jsonb := jsonb_build_object(
    'medic_edge', jsonb_build_array('anon', 'authenticated', 'medic_server'),
    'medic_audit', jsonb_build_array('audit_reader', 'authenticated', 'medic_server'),
    'medic_jobs', jsonb_build_array('medic_job_writer'));
  login text;
  reached jsonb;
begin
  for login in select jsonb_object_keys(expected) loop
    select coalesce(jsonb_agg(r.rolname::text order by r.rolname), '[]') into reached from pg_roles r
    where r.rolname <> login and pg_has_role(login, r.oid, 'MEMBER');
    if reached <> expected -> login then
      raise exception '% reaches %, expected exactly %: revoke the others as the role that granted them (see pg_auth_members.grantor), then push again',
        login, reached, expected -> login;
    end if;
  end loop;
  if exists (select 1 from pg_roles where rolname = 'medic_job_writer'
             and (rolbypassrls or rolsuper or rolcanlogin)) then
    raise exception 'medic_job_writer must not log in, bypass RLS or be a superuser';
  end if;
end $$;
