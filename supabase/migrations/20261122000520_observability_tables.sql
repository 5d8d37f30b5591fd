-- The observability data model: server errors, health checks, client-reported performance and web
-- vitals, and the admin-only security and monitoring records. Who reads what is RLS:
--   error_logs, system_health            admins (their organization's rows and system-wide rows)
--   performance_metrics, web_vitals      authenticated clients insert and read their own rows directly
--                                        through PostgREST; admins read their organization's
--   vulnerability_scans, security_policies, load_test_results, monitoring_configs   admins only
-- security_events (20261122000300) gains the index the failed-auth alert rule needs.

-- One row per 5xx answer: code, component and request id, never PHI or secrets (the message is the
-- client-safe one; details go through audit.scrub_metadata).
create table public.error_logs (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  organization_id uuid,
  request_id text check (length(request_id) <= 100),
  component text not null check (length(component) between 1 and 200),
  error_code text not null check (error_code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
  http_status smallint not null check (http_status between 500 and 599),
  message text check (length(message) <= 500),
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
);
create index error_logs_time_idx on public.error_logs (occurred_at desc);
create index error_logs_component_time_idx on public.error_logs (component, occurred_at desc);

create table public.system_health (
  id bigint generated always as identity primary key,
  checked_at timestamptz not null default now(),
  component text not null check (component in ('database', 'redis', 'model', 'audit', 'functions')),
  status text not null check (status in ('healthy', 'degraded', 'unhealthy')),
  response_time_ms double precision check (response_time_ms >= 0),
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  error text check (length(error) <= 500)
);
create index system_health_component_time_idx on public.system_health (component, checked_at desc);

-- Client-side measurements (page loads, API round trips seen by the app). Owner and organization are
-- stamped from the JWT, so a client can neither write for someone else nor into another organization.
create table public.performance_metrics (
  id bigint generated always as identity primary key,
  user_id uuid not null default auth.uid(),
  organization_id uuid default app.current_organization_id(),
  recorded_at timestamptz not null default now(),
  metric_name text not null check (metric_name ~ '^[a-z0-9_.:-]{1,100}$'),
  value double precision not null check (value >= 0 and value < 1e12),
  unit text not null check (unit in ('ms', 'bytes', 'count', 'percent', 'score')),
  page text check (length(page) <= 200),
  app_version text check (length(app_version) <= 50),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'
    and pg_column_size(metadata) <= 4096)
);
create index performance_metrics_user_time_idx on public.performance_metrics (user_id, recorded_at desc);
create index performance_metrics_org_time_idx on public.performance_metrics (organization_id, recorded_at desc);

-- The rating follows web.dev's thresholds (good / needs-improvement / poor) and is computed here, so it
-- cannot disagree with the value.
create function app.web_vital_rating(metric text, value double precision) returns text
language sql immutable as $$
  select case
    when value <= t.good then 'good'
    when value <= t.poor then 'needs-improvement'
    else 'poor'
  end
  from (values ('LCP', 2500.0, 4000.0), ('FID', 100.0, 300.0), ('CLS', 0.1, 0.25), ('FCP', 1800.0, 3000.0),
               ('TTFB', 800.0, 1800.0)) as t(name, good, poor)
  where t.name = metric
$$;

create table public.web_vitals (
  id bigint generated always as identity primary key,
  user_id uuid not null default auth.uid(),
  organization_id uuid default app.current_organization_id(),
  recorded_at timestamptz not null default now(),
  metric text not null check (metric in ('LCP', 'FID', 'CLS', 'FCP', 'TTFB')),
  value double precision not null check (value >= 0 and value < 1e7),
  rating text generated always as (app.web_vital_rating(metric, value)) stored,
  page text check (length(page) <= 200),
  navigation_type text check (navigation_type in ('navigate', 'reload', 'back-forward', 'back-forward-cache',
    'prerender', 'restore')),
  app_version text check (length(app_version) <= 50)
);
create index web_vitals_user_time_idx on public.web_vitals (user_id, recorded_at desc);
create index web_vitals_org_metric_time_idx on public.web_vitals (organization_id, metric, recorded_at desc);

create table public.vulnerability_scans (
  id bigint generated always as identity primary key,
  organization_id uuid,
  scanned_at timestamptz not null default now(),
  scanner text not null check (length(scanner) between 1 and 100),
  target text not null check (length(target) between 1 and 200),
  status text not null default 'completed' check (status in ('queued', 'running', 'completed', 'failed')),
  critical_count integer not null default 0 check (critical_count >= 0),
  high_count integer not null default 0 check (high_count >= 0),
  medium_count integer not null default 0 check (medium_count >= 0),
  low_count integer not null default 0 check (low_count >= 0),
  findings jsonb not null default '[]'::jsonb check (jsonb_typeof(findings) = 'array'),
  created_by uuid default auth.uid()
);
create index vulnerability_scans_time_idx on public.vulnerability_scans (scanned_at desc);

create table public.security_policies (
  id bigint generated always as identity primary key,
  organization_id uuid,
  name text not null check (length(name) between 1 and 100),
  category text not null check (category in ('password', 'session', 'mfa', 'access', 'data_retention',
    'network', 'incident_response')),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique nulls not distinct (organization_id, name)
);
create trigger security_policies_stamp before insert or update on public.security_policies
  for each row execute function app.stamp_updated();

create table public.load_test_results (
  id bigint generated always as identity primary key,
  run_at timestamptz not null default now(),
  scenario text not null check (length(scenario) between 1 and 200),
  environment text not null default 'local' check (environment in ('local', 'staging', 'production')),
  concurrency integer not null check (concurrency > 0),
  duration_seconds double precision not null check (duration_seconds > 0),
  requests bigint not null check (requests >= 0),
  errors bigint not null default 0 check (errors >= 0 and errors <= requests),
  p50_ms double precision check (p50_ms >= 0),
  p95_ms double precision check (p95_ms >= p50_ms),
  p99_ms double precision check (p99_ms >= p95_ms),
  requests_per_second double precision check (requests_per_second >= 0),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object')
);
create index load_test_results_scenario_time_idx on public.load_test_results (scenario, run_at desc);

-- Alert rule thresholds, delivery channels and other monitoring settings, edited by admins.
create table public.monitoring_configs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('alert_rule', 'channel', 'alerting', 'health_check', 'metric')),
  name text not null check (name ~ '^[a-z][a-z0-9_]{1,63}$'),
  config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (kind, name),
  check (kind <> 'channel' or name in ('webhook', 'slack', 'email'))
);
create trigger monitoring_configs_stamp before insert or update on public.monitoring_configs
  for each row execute function app.stamp_updated();

insert into public.monitoring_configs (kind, name, config, enabled) values
  ('alerting', 'suppression', '{"window_minutes": 60}', true),
  ('alert_rule', 'audit_verify_failed', '{"severity": "CRITICAL", "lookback_hours": 25}', true),
  ('alert_rule', 'audit_spool_backlog', '{"severity": "HIGH", "threshold": 100}', true),
  ('alert_rule', 'error_rate', '{"severity": "HIGH", "threshold": 0.05, "min_requests": 20}', true),
  ('alert_rule', 'failed_auth_burst', '{"severity": "MEDIUM", "threshold": 20, "window_minutes": 60}', true),
  ('alert_rule', 'rate_limit_ban', '{"severity": "MEDIUM", "window_minutes": 65}', true),
  ('alert_rule', 'audit_default_partition_rows', '{"severity": "HIGH"}', true),
  ('alert_rule', 'audit_future_partitions_missing', '{"severity": "HIGH", "months_ahead": 3}', true),
  -- Destinations: a URL for webhook and slack. Webhook bodies are signed with ALERT_WEBHOOK_SECRET.
  ('channel', 'webhook', '{"url": null}', false),
  ('channel', 'slack', '{"url": null}', false),
  ('channel', 'email', '{"to": []}', false);

create index security_events_identifier_time_idx on public.security_events (identifier, occurred_at desc)
  where identifier is not null;

-- RLS -------------------------------------------------------------------------------------------------
alter table public.error_logs enable row level security;
create policy error_logs_admin_read on public.error_logs for select to authenticated
  using (app.current_user_role() = 'admin'
         and (organization_id is null or organization_id = app.current_organization_id()));

alter table public.system_health enable row level security;
create policy system_health_admin_read on public.system_health for select to authenticated
  using (app.current_user_role() = 'admin');

alter table public.performance_metrics enable row level security;
create policy performance_metrics_insert_own on public.performance_metrics for insert to authenticated
  with check (user_id = auth.uid()
              and organization_id is not distinct from app.current_organization_id());
create policy performance_metrics_read_own on public.performance_metrics for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));

alter table public.web_vitals enable row level security;
create policy web_vitals_insert_own on public.web_vitals for insert to authenticated
  with check (user_id = auth.uid()
              and organization_id is not distinct from app.current_organization_id());
create policy web_vitals_read_own on public.web_vitals for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));

-- Admin-only tables: rows of the admin's organization, or system-wide rows (no organization).
alter table public.vulnerability_scans enable row level security;
create policy vulnerability_scans_admin on public.vulnerability_scans for all to authenticated
  using (app.current_user_role() = 'admin'
         and (organization_id is null or organization_id = app.current_organization_id()))
  with check (app.current_user_role() = 'admin'
              and (organization_id is null or organization_id = app.current_organization_id()));

alter table public.security_policies enable row level security;
create policy security_policies_admin on public.security_policies for all to authenticated
  using (app.current_user_role() = 'admin'
         and (organization_id is null or organization_id = app.current_organization_id()))
  with check (app.current_user_role() = 'admin'
              and (organization_id is null or organization_id = app.current_organization_id()));

alter table public.load_test_results enable row level security;
create policy load_test_results_admin on public.load_test_results for all to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');

alter table public.monitoring_configs enable row level security;
create policy monitoring_configs_admin on public.monitoring_configs for all to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');

-- Grants: nothing for anon; clients write only what the policies above allow; server tables are
-- written by the service role alone.
revoke all on public.error_logs, public.system_health, public.performance_metrics, public.web_vitals,
  public.vulnerability_scans, public.security_policies, public.load_test_results, public.monitoring_configs
  from anon;
revoke insert, update, delete, truncate on public.error_logs, public.system_health from authenticated;
revoke update, delete, truncate on public.performance_metrics, public.web_vitals from authenticated;
revoke truncate on public.vulnerability_scans, public.security_policies, public.load_test_results,
  public.monitoring_configs from authenticated;
