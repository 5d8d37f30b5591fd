-- The audit health check counts every open alert about the trail's integrity, whatever its severity.
-- audit.integrity_alerts_open (20261206090300) counted CRITICAL ones only, but the tamper rule raises at its
-- configured severity (CRITICAL by default): an operator who set the rule to HIGH left a re-sealed or edited
-- trail reported `healthy`. The two sources (the tamper rule, the anchor job's refusals) already name
-- integrity alerts and nothing else. tests/sql/143_anchors_disagreement.sql.
create or replace function audit.integrity_alerts_open()
returns bigint language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select count(*) from public.alerts a
  where a.resolved_at is null and a.source in ('rule:audit_verify_failed', 'job:audit_anchor')
$$;
comment on function audit.integrity_alerts_open() is
  'Open alerts, at any severity, about the audit trail''s integrity (tamper rule, anchor refusals): the audit health check is unhealthy while there is one.';
