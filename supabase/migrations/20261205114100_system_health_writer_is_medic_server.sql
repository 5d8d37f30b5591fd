-- Who writes public.system_health, said on the table itself: 20261205111200's header says flush-metrics
-- writes the checks as the service role, but since 20261205110000 the functions take medic_server for
-- their own writes (system_health_server_insert); the service role is the operator's key. Migrations are
-- append-only, so the correction is a comment here. tests/sql/119_system_health_operator_only.sql.

comment on table public.system_health is
  'The platform''s own health checks, for every agency at once: the platform operator''s alone (20261205111200). '
  'flush-metrics inserts each hour''s checks as medic_server (insert only, no read); the database-health rule '
  'and retention read and delete as the owner (definer functions); the operator reads as the service role '
  'or the owner. No policy admits anon or authenticated.';
comment on policy system_health_server_insert on public.system_health is
  'flush-metrics records its health checks as medic_server (20261205110000), in place of the service role.';
