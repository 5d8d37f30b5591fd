-- The audit writer's backdating bound (20261202001100) holds for the server's own role too.
--
-- audit.write_events refuses an event older than 15 minutes that does not name its origin (spool or import)
-- when the caller took a request role: current_setting('role') in ('service_role', 'authenticated', 'anon').
-- The functions now write as medic_server (20261205110000), which that list does not name, so their writes
-- would have been free to backdate. The role is added to the list; nothing else of the function changes.
-- The latest definition (20261205032000, with 20261205033000's plan_cache_mode) is rebuilt from the catalog
-- with that one comparison replaced, and the migration stops if the comparison is not there exactly once, so
-- a definition changed since is not silently kept. CREATE OR REPLACE keeps owner and grants.
-- tests/sql/116_server_role.sql writes a stale event as medic_server and is refused.

do $do$
declare
  definition constant text := pg_get_functiondef('audit.write_events(jsonb)'::regprocedure);
  bound constant text := $$current_setting('role') in ('service_role', 'authenticated', 'anon')$$;
begin
  if array_length(string_to_array(definition, bound), 1) <> 2 then
    raise exception 'audit.write_events no longer compares the role as 20261205032000 wrote it';
  end if;
  execute replace(definition, bound,
    $$current_setting('role') in ('medic_server', 'service_role', 'authenticated', 'anon')$$);
end $do$;
