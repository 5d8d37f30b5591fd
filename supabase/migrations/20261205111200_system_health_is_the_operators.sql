-- Platform health is the operator's (system_health_admin_read, 20261202001600). public.system_health holds
-- the platform's own checks for every agency at once — the database's connections, size and largest
-- tables, the longest query's kind and who runs it, pg_cron failures, Redis, the model, the audit writer's
-- backlog — and any organization's admin read all of it over the Data API. Nothing an agency acts on is
-- there: what concerns the audit trail reaches its admins as a platform COMPLIANCE alert (20261205092100).
--
-- Who reads it, and keeps doing so: flush-metrics writes each hour's checks as the service role; the
-- database-health rule (public.evaluate_database_health_rules) and retention read and delete it as the
-- owner (definer functions); the operator reads it in the dashboard (service role) or SQL editor. No
-- function route reads it for an end user. tests/sql/119_system_health_operator_only.sql.

drop policy system_health_admin_read on public.system_health;
revoke all on public.system_health from anon, authenticated;
