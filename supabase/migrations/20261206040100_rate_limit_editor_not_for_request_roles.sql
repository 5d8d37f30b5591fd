-- rate_limit_config.updated_by is the id of the user whose edit last stamped a limit (app.stamp_updated), and
-- anon read it (review19-app L5), as did every signed-in user. No request-role reader needs it: the functions'
-- limiter loads class, max_requests, window_seconds, message and fail_mode as medic_server
-- (pipeline/rate_limit/limits.ts, asService; its own column grants, 20261205110000), and no view or invoker
-- function reads the table. So anon and authenticated keep SELECT on every column but that one; the operator
-- (service_role) and the owner read it as before. A Data API `select=*` on the table is now refused for them:
-- name the columns. tests/sql/139_role_answers_are_the_callers.sql.
revoke select on public.rate_limit_config from anon, authenticated;
grant select (class, max_requests, window_seconds, message, fail_mode, enabled, updated_at)
  on public.rate_limit_config to anon, authenticated;
