-- The audit writer's backdating refusal says what is wrong (review18 F5).
--
-- Since 20261205120100 audit.write_events takes an event older than 15 minutes only with an origin (spool or
-- import) and only from medic_job_writer or the operator (service_role). One message served every refusal:
-- "an event older than 15 minutes must name its origin (spool or import)", so medic_server's spooled-looking
-- event, which named one, was told to name one, and naming one never helps a role that may not backdate.
-- Now, same errcode (22023), one message per case:
--   medic_job_writer or service_role, an old event without an origin: the message as it was;
--   medic_server, authenticated or anon, an old event with or without an origin: the role is named and told
--     that backdated events (spool, import) are the jobs' role's and the operator's.
-- The age test is unchanged (it already refuses exactly these), and roles the list does not name (the owner,
-- audit_archiver) stay unbound. The latest definition (20261205120100's catalog rewrite) is rebuilt from the
-- catalog with that one IF replaced, stopping unless it is found exactly once; CREATE OR REPLACE keeps owner,
-- grants and settings. tests/sql/134_backdating_refusal_says_why.sql.

do $do$
declare
  definition constant text := pg_get_functiondef('audit.write_events(jsonb)'::regprocedure);
  refusal constant text := $$  if too_old and current_setting('role') in ('medic_server', 'medic_job_writer', 'service_role', 'authenticated', 'anon') then
    raise exception 'an event older than 15 minutes must name its origin (spool or import)' using errcode = '22023';
  end if;$$;
begin
  if array_length(string_to_array(definition, refusal), 1) <> 2 then
    raise exception 'audit.write_events no longer refuses a stale event as 20261205120100 left it';
  end if;
  execute replace(definition, refusal, $$  -- too_old: for these two, an old event without an origin; for the request roles, any old event.
  if too_old and current_setting('role') in ('medic_job_writer', 'service_role') then
    raise exception 'an event older than 15 minutes must name its origin (spool or import)' using errcode = '22023';
  end if;
  if too_old and current_setting('role') in ('medic_server', 'authenticated', 'anon') then
    raise exception 'role % may not write an event older than 15 minutes, with or without an origin: spooled and imported events are the jobs'' role''s (medic_job_writer) and the operator''s',
      current_setting('role') using errcode = '22023';
  end if;$$);
end $do$;
