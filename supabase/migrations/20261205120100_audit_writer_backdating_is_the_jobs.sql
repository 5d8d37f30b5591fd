-- The audit writer's backdating allowance (origin spool or import) is the jobs' and the operator's only.
--
-- audit.write_events takes an event older than 15 minutes from a bounded role (medic_server, service_role,
-- authenticated, anon) when it names its origin, spool or import. The request path never names one: only the
-- spool's drain and its dead-letter retry do (pipeline/audit/spool.ts, flush-metrics' job) and the backfill
-- (origin import, scripts/audit, as the operator). Since 20261205120000 the drain writes as medic_job_writer
-- on the jobs' login, so medic_server — which the functions' request login takes — no longer needs it: an
-- injected statement there could otherwise write events backdated by hours as "spool". Two texts change:
--   the age test counts an event with an origin as stale too unless the role is the jobs' or the operator's;
--   the bounded list names medic_job_writer (else the jobs' role, unlisted, would be bound by nothing).
-- Rebuilt from the catalog (20261205110100's way) with each text replaced, stopping unless each is found
-- exactly once, so a definition changed since is not silently kept. CREATE OR REPLACE keeps owner and
-- grants. The test short-circuits on the timestamp first: a live event never reads the role.
-- tests/sql/126_backdating_is_the_jobs.sql.

do $do$
declare
  definition text := pg_get_functiondef('audit.write_events(jsonb)'::regprocedure);
  age constant text := $$coalesce(bool_or(b.origin is null and b."timestamp" < now() - interval '15 minutes'), false)$$;
  bound constant text := $$current_setting('role') in ('medic_server', 'service_role', 'authenticated', 'anon')$$;
begin
  if array_length(string_to_array(definition, age), 1) <> 2 then
    raise exception 'audit.write_events no longer tests an event''s age as 20261202001100 wrote it';
  end if;
  if array_length(string_to_array(definition, bound), 1) <> 2 then
    raise exception 'audit.write_events no longer compares the role as 20261205110100 wrote it';
  end if;
  definition := replace(definition, age,
    $$coalesce(bool_or(b."timestamp" < now() - interval '15 minutes' and (b.origin is null or current_setting('role') not in ('medic_job_writer', 'service_role'))), false)$$);
  definition := replace(definition, bound,
    $$current_setting('role') in ('medic_server', 'medic_job_writer', 'service_role', 'authenticated', 'anon')$$);
  execute definition;
end $do$;
