-- Every setting that decides how long records are kept, when a session ends, or when a client is banned is
-- audited when it changes, as the limits, alert rules, retention classes and policies already are
-- (20261202000810). An auditor's review shortened the AI trail's retention and security events' keep to one
-- day as the owner and nothing recorded it; the daily cleanup then deleted those events without a trace of
-- why. Now a change of any of these writes one config.change event (who, which table, the before/after diff):
--   app.ai_audit_settings        how long the AI trail is kept
--   app.observability_retention  how long each observability table (security events, metrics, …) is kept
--   app.session_policy           idle and total session timeouts
--   app.rate_limit_policy        penalties, ban thresholds and durations
--   audit.settings               how many months of partitions are made ahead
-- The marks the jobs keep (audit.audit_stats_mark, app.metrics_rollup_mark) are their progress, not settings.
-- tests/sql/77_config_change_audit.sql.
set local lock_timeout = '5s';

create trigger audit_config_change after insert or update or delete on app.ai_audit_settings
  for each row execute function audit.record_config_change('only_row');
create trigger audit_config_change after insert or update or delete on app.observability_retention
  for each row execute function audit.record_config_change('table_name');
create trigger audit_config_change after insert or update or delete on app.session_policy
  for each row execute function audit.record_config_change('only_row');
create trigger audit_config_change after insert or update or delete on app.rate_limit_policy
  for each row execute function audit.record_config_change('only_row');
create trigger audit_config_change after insert or update or delete on audit.settings
  for each row execute function audit.record_config_change('only_row');
