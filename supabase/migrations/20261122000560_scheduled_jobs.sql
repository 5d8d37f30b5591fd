-- Scheduled jobs of the observability issue:
--   daily-cleanup        retention of the observability tables, expired sessions, resolved alerts, and
--                        the audit_stats refresh (which had its own job until now)
--   flush-metrics-hourly flush-metrics through net.http_post, URL and secret read from Vault as
--                        Supabase documents it (vault.decrypted_secrets: 'project_url', 'cron_secret')
--   end-stale-sessions   (20261122000540) every 5 minutes

-- How long each table keeps its rows (editable; daily_cleanup reads it).
create table app.observability_retention (
  table_name text primary key check (table_name in ('error_logs', 'system_health', 'security_events',
    'performance_metrics', 'web_vitals', 'metrics', 'alerts')),
  keep interval not null check (keep >= interval '1 day')
);
insert into app.observability_retention values
  ('error_logs', '90 days'), ('system_health', '30 days'), ('security_events', '1 year'),
  ('performance_metrics', '90 days'), ('web_vitals', '30 days'), ('metrics', '90 days'),
  ('alerts', '90 days');  -- resolved alerts only, counted from resolution

create function public.daily_cleanup(now_ts timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  keep jsonb := (select jsonb_object_agg(table_name, extract(epoch from keep)) from app.observability_retention);
  cutoff timestamptz;
  done jsonb := '{}';
  n bigint;
begin
  cutoff := now_ts - make_interval(secs => (keep ->> 'error_logs')::double precision);
  delete from public.error_logs where occurred_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('error_logs', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'system_health')::double precision);
  delete from public.system_health where checked_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('system_health', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'security_events')::double precision);
  delete from public.security_events where occurred_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('security_events', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'performance_metrics')::double precision);
  delete from public.performance_metrics where recorded_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('performance_metrics', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'web_vitals')::double precision);
  delete from public.web_vitals where recorded_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('web_vitals', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'metrics')::double precision);
  delete from public.metrics where (date + make_interval(hours => hour + 1))::timestamp < (cutoff at time zone 'UTC');
  get diagnostics n = row_count; done := done || jsonb_build_object('metrics', n);

  cutoff := now_ts - make_interval(secs => (keep ->> 'alerts')::double precision);
  delete from public.alerts where resolved_at < cutoff;
  get diagnostics n = row_count; done := done || jsonb_build_object('alerts', n);

  -- Sessions: end what timed out, then drop ended sessions past their retention.
  done := done || jsonb_build_object('sessions_ended', public.end_stale_sessions());
  delete from public.user_sessions
  where ended_at < now_ts - (select ended_retention from app.session_policy);
  get diagnostics n = row_count; done := done || jsonb_build_object('user_sessions', n);

  refresh materialized view concurrently audit.audit_stats;
  return done || jsonb_build_object('audit_stats', 'refreshed');
end $$;

revoke all on function public.daily_cleanup(timestamptz) from public, anon, authenticated;
grant execute on function public.daily_cleanup(timestamptz) to service_role;

-- The audit_stats refresh is part of daily_cleanup from now on.
select cron.unschedule('audit-stats-refresh')
where exists (select 1 from cron.job where jobname = 'audit-stats-refresh');

select cron.schedule('daily-cleanup', '45 3 * * *', 'select public.daily_cleanup()');

-- Two minutes past each hour, so the hour that just closed is complete in Redis.
select cron.schedule('flush-metrics-hourly', '2 * * * *', $job$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url')
      || '/functions/v1/flush-metrics',
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')),
    body := jsonb_build_object('trigger', 'pg_cron', 'scheduled_at', now()),
    timeout_milliseconds := 60000
  ) as request_id;
$job$);
