-- 20261205110000 revoked service_role from medic_edge as the migration's role. On PostgreSQL 16 and later a
-- membership is recorded with its grantor, and a REVOKE removes only the grant its caller made: one made by
-- a superuser survives with a warning, and the push would go on (review). A project is checked here, by
-- reachability rather than by direct grant, so a path through another role (audit_reader, medic_server)
-- counts too; medic_server must not bypass RLS either. Nothing changes when this passes.
do $$
begin
  if pg_has_role('medic_edge', 'service_role', 'MEMBER') then
    raise exception 'medic_edge still reaches service_role, which reads Vault on Supabase: revoke it as the role that granted it (see pg_auth_members.grantor), then push again';
  end if;
  if (select rolbypassrls or rolsuper or rolcanlogin from pg_roles where rolname = 'medic_server') then
    raise exception 'medic_server must not log in, bypass RLS or be a superuser';
  end if;
end $$;
