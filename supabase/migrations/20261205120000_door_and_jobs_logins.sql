-- A login for the audited door and one for the scheduled jobs' writes (review, findings 1 and 3).
--
-- medic_edge, the one login of every function, could take audit_reader and medic_server in any transaction.
-- So one statement injected into a dosing or protocol-search transaction could `set local role
-- audit_reader`, forge request.jwt.claims as another organization's admin and read its trail (with the
-- revealed originals) without the door's event; or `set local role medic_server` and call what only the
-- pg_cron path should (record_anchor first with a bogus signature, finish an alert's deliveries, write audit
-- events backdated with origin spool). Memberships are per login, so each capability gets its own login:
--
--   medic_edge   every function's request path: anon, authenticated, medic_server (no audit_reader now)
--   medic_audit  audit-query's audited door only: audit_reader for the read, medic_server for the door's
--                own event, written in the read's transaction (handlers/audit_query/audited_read.ts)
--   medic_jobs   flush-metrics' job only (pg_cron, CRON_SECRET): medic_job_writer
--
-- medic_job_writer (NOLOGIN) holds what only the jobs call: the metrics upsert, the alert rules and
-- deliveries, the health checks, the seal anchors, the spool drains' writers (audit.write_events,
-- public.write_ai_audit_trails) and the security event of a refused delivery (public.record_security_event):
-- those three the request path keeps through medic_server too. medic_server loses
-- the job-only routines and tables; 20261205120100 keeps the writer's spool/import backdating for the jobs'
-- role (and the operator's) only. Each login owns nothing and inherits nothing, as medic_edge
-- (20261202001200). No password here: the operator sets each once per project (README, deploy section);
-- the local stack gives them its own (scripts/stack/functions_role.ts).
-- tests/sql/125_door_and_jobs_logins.sql proves it role by role; 20261205120200 checks it at push time.
set local lock_timeout = '2s';

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'medic_audit') then
    create role medic_audit login noinherit nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'medic_jobs') then
    create role medic_jobs login noinherit nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'medic_job_writer') then
    create role medic_job_writer nologin noinherit nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  end if;
end $$;

comment on role medic_audit is
  'The audited door''s login (audit-query): owns nothing, inherits nothing; takes audit_reader for the read and medic_server for its event.';
comment on role medic_jobs is
  'The scheduled jobs'' login (flush-metrics, pg_cron): owns nothing, inherits nothing; takes medic_job_writer.';
comment on role medic_job_writer is
  'The scheduled jobs'' writes (metrics, alerts, health, seal anchors, the spool drains): taken per transaction by medic_jobs only.';

grant audit_reader, medic_server to medic_audit;
grant medic_job_writer to medic_jobs;
revoke audit_reader from medic_edge;
comment on role medic_edge is
  'The functions'' login: owns nothing, inherits nothing; takes anon/authenticated/medic_server per transaction.';
comment on role medic_server is
  'The functions'' server writes on the request path (audit, sessions, limits, observations, AI trail): taken by medic_edge and, for the door''s event, medic_audit; never service_role.';

-- A runaway query ends, as medic_edge's (the door's reads and the jobs set stricter limits per transaction).
alter role medic_audit set statement_timeout = '60s';
alter role medic_jobs set statement_timeout = '60s';

grant usage on schema public, app, audit to medic_job_writer;

-- Called only from flush-metrics' job (handlers/flush_metrics, pipeline/metrics/flush.ts): the jobs' now.
revoke execute on function
  public.upsert_metrics(jsonb),
  public.pending_alert_deliveries(),
  public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint),
  public.evaluate_alert_rules(jsonb),
  public.evaluate_audit_loss_rules(jsonb),
  public.evaluate_database_health_rules(),
  public.database_health_snapshot(),
  audit.seal_status(),
  audit.unanchored_seals(integer),
  audit.record_anchor(bigint, bytea, text, text[])
from medic_server;
grant execute on function
  public.upsert_metrics(jsonb),                                           -- metrics flush
  public.pending_alert_deliveries(),                                      -- alert delivery
  public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint),
  public.evaluate_alert_rules(jsonb),                                     -- alert rules
  public.evaluate_audit_loss_rules(jsonb),
  public.evaluate_database_health_rules(),
  public.database_health_snapshot(),                                      -- health checks
  audit.seal_status(),
  audit.unanchored_seals(integer),                                        -- seal anchors
  audit.record_anchor(bigint, bytea, text, text[]),
  audit.write_events(jsonb),                                              -- the audit spool's drain
  public.write_ai_audit_trails(jsonb),                                    -- the AI trail spool's drain
  public.record_security_event(text, text, text, text, jsonb, uuid)       -- a delivery refused (outbound.ts)
to medic_job_writer;

-- The delivery channels and the health rows: read and written by the job only.
revoke select (name, kind, config, enabled) on public.monitoring_configs from medic_server;
revoke insert (component, status, response_time_ms, details, error) on public.system_health from medic_server;
grant select (name, kind, config, enabled) on public.monitoring_configs to medic_job_writer;
grant insert (component, status, response_time_ms, details, error) on public.system_health to medic_job_writer;

drop policy monitoring_configs_server_read on public.monitoring_configs;
drop policy system_health_server_insert on public.system_health;
-- Channels only (webhook URLs and addresses the deliveries go to), never the rules.
create policy monitoring_configs_jobs_read on public.monitoring_configs
  for select to medic_job_writer using (kind = 'channel' and enabled);
create policy system_health_jobs_insert on public.system_health
  for insert to medic_job_writer with check (true);
comment on policy system_health_jobs_insert on public.system_health is
  'flush-metrics records its health checks as medic_job_writer (20261205120000), on the jobs'' login.';
comment on table public.system_health is
  'The platform''s own health checks, for every agency at once: the platform operator''s alone (20261205111200). '
  'flush-metrics inserts each hour''s checks as medic_job_writer (insert only, no read; 20261205120000); the '
  'database-health rule and retention read and delete as the owner (definer functions); the operator reads as '
  'the service role or the owner. No policy admits anon or authenticated.';
