-- The observation writer inserts error_logs rows as service_role and runs their details through
-- audit.scrub_metadata, which service_role could not execute: every batch with a 5xx row failed, and
-- the security events written in the same transaction were lost with it. Both functions are pure.
grant execute on function audit.scrub_metadata(jsonb), audit.is_personal_key(text) to service_role;
