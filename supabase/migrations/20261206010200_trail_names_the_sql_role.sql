-- The trail names the SQL role that acted, not the role claimed (review18, third finding).
--
-- Two places write the acting database role into a trail:
--   audit.change_actor() -> metadata.db_role of config.change (the configuration tables' trigger),
--     role.change (public.users' trigger), alert.acknowledge and alert.resolve events;
--   audit.log_phi_access() -> phi_access_audit_log.actor_role ("<database role>/<end-user role>"), the trigger
--     for any table holding PHI.
-- Both took the claim first: auth.role(), i.e. request.jwt.claims' role. The functions' server role
-- (medic_server) and the jobs' role (medic_job_writer) keep the claims {"role":"service_role"}, so a write of
-- theirs would be recorded as "service_role", the platform operator's, and any transaction may set the claims
-- again, so the name could be chosen. None of their writes reaches either place today (neither role may change
-- a configuration table or a user's role, organization or deactivation, nor acknowledge or resolve an alert,
-- and no table carries the PHI trigger yet), which is why no row says so; the next grant would. Now both name the role in force:
-- current_setting('role') (a security-definer body changes the current user, not this setting), or, with no
-- SET ROLE, the session's login (the owner: pg_cron, migrations, the SQL editor). The Data API sets the role
-- to the token's, so its callers are named as before (authenticated, anon, service_role); auth.role() and
-- every decision on it (RLS, the writers) are unchanged.
-- Each definition is rebuilt from the catalog with that one expression replaced, stopping unless it is found
-- exactly once; CREATE OR REPLACE keeps owner, grants and settings.
-- tests/sql/135_trail_names_the_sql_role.sql.

do $do$
declare
  change record;
  definition text;
begin
  for change in
    select * from (values
      ('audit.change_actor()'::regprocedure,
       $$coalesce(nullif(auth.role(), ''), nullif(current_setting('role'), 'none'), session_user)$$),
      ('audit.log_phi_access()'::regprocedure, $$coalesce(claims ->> 'role', current_user)$$)
    ) c(fn, claimed)
  loop
    definition := pg_get_functiondef(change.fn);
    if array_length(string_to_array(definition, change.claimed), 1) <> 2 then
      raise exception '% no longer names the acting role as expected', change.fn;
    end if;
    execute replace(definition, change.claimed, $$coalesce(nullif(current_setting('role'), 'none'), session_user)$$);
  end loop;
end $do$;
