-- The server's own writer role, in place of service_role for the functions' login.
--
-- medic_edge took service_role per transaction for the server's own writes (platform/db.ts asService, the
-- audited door's event, a service-key caller's requests). On Supabase (supabase_vault >= 0.3) service_role is
-- granted SELECT on vault.decrypted_secrets and may delete secrets; supabase_admin holds those grants and we
-- cannot revoke them. So one statement injected into any of those transactions could read the pseudonym key
-- and the cron secret (our local Vault stand-in gives service_role nothing, which hid it).
--
-- medic_server is ours: NOLOGIN, nothing but what the functions use service_role for — USAGE on the schemas
-- they call into, EXECUTE on the security-definer writers and readers they call (and the invoker helpers one
-- of their statements calls: audit.scrub_metadata and the personal-key rule it uses), and the few table reads
-- and inserts they make directly, each with a policy `to medic_server` (no BYPASSRLS: that needs a superuser
-- on PG 15, which the platform's postgres is not). Its transactions keep the claims {"role":"service_role"},
-- so auth.role() still names the server in the trail (audit.change_actor) and in the writers; no function
-- that opens anything on auth.role() = 'service_role' (reveal, gdpr.*) is executable by it. The project's
-- service-role key reaches the Data API as service_role (the operator), as before.
-- tests/sql/116_server_role.sql keeps it so for objects added later; 81 checks medic_edge's memberships.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'medic_server') then
    create role medic_server nologin noinherit nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  end if;
end $$;
comment on role medic_server is
  'The functions'' server writes (audit, sessions, limits, metrics, alerts, anchors): taken per transaction by medic_edge; never service_role.';

grant medic_server to medic_edge;
revoke service_role from medic_edge;
comment on role medic_edge is
  'The functions'' login: owns nothing, inherits nothing; takes anon/authenticated/audit_reader/medic_server per transaction.';

grant usage on schema public, app, audit to medic_server;

-- What the functions call as the server (functions-shared: pipeline/audit, sessions, rate_limit, metrics,
-- observability; handlers/flush_metrics; a service-key caller's protocol feedback).
grant execute on function
  audit.write_events(jsonb),                                              -- audit writer, spool, audited door
  public.write_ai_audit_trails(jsonb),                                    -- AI trail spool
  public.check_session(uuid, uuid, uuid, public.user_role, timestamptz, text), -- session guard
  public.touch_sessions(jsonb),
  public.end_session(uuid, text, timestamptz, text),
  app.session_policy_seconds(),
  public.rate_limit_hit(text, text, integer, integer),                    -- the limiter's database fallback
  public.record_rate_limit_violation(text, text, text, inet, text),
  public.record_security_event(text, text, text, text, jsonb, uuid),
  public.upsert_metrics(jsonb),                                           -- metrics flush
  public.pending_alert_deliveries(),                                      -- alert delivery
  public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint),
  public.evaluate_alert_rules(jsonb),                                     -- flush-metrics' rules
  public.evaluate_audit_loss_rules(jsonb),
  public.evaluate_database_health_rules(),
  public.database_health_snapshot(),                                      -- health checks
  audit.seal_status(),
  audit.unanchored_seals(integer),                                        -- seal anchors
  audit.record_anchor(bigint, bytea, text, text[]),
  public.set_protocol_access_feedback(uuid, boolean),                     -- a service-key caller's feedback
  audit.scrub_metadata(jsonb),                                            -- error_logs' details (invoker,
  audit.personal_keys(text[]),                                            --   with the rule it calls)
  audit.is_personal_key(text)
to medic_server;

-- Tables the functions read or write directly as the server, and only the columns they touch.
grant select (kb_version, format, built_at, payload, sha256) on public.knowledge_base_index to medic_server;
grant select (version) on public.knowledge_base_state to medic_server;
grant select (document_key, protocol_number, title, document_type, category, section_index, section, content,
  source_url, revised_date, version, is_active) on public.knowledge_base to medic_server;
grant select (class, max_requests, window_seconds, message, fail_mode, enabled) on public.rate_limit_config
  to medic_server;
grant select (identifier, banned_until) on public.rate_limit_violations to medic_server;
grant select (name, kind, config, enabled) on public.monitoring_configs to medic_server;
grant insert (component, status, response_time_ms, details, error) on public.system_health to medic_server;
grant insert (occurred_at, organization_id, request_id, component, error_code, http_status, message, details)
  on public.error_logs to medic_server;
grant insert (occurred_at, organization_id, event_type, severity, identifier, correlation_id, details)
  on public.security_events to medic_server;

-- service_role read these past RLS (BYPASSRLS); medic_server reads what the server needs and no more.
create policy knowledge_base_index_server_read on public.knowledge_base_index
  for select to medic_server using (true);
create policy knowledge_base_state_server_read on public.knowledge_base_state
  for select to medic_server using (true);
create policy knowledge_base_server_read on public.knowledge_base
  for select to medic_server using (is_active);
create policy rate_limit_config_server_read on public.rate_limit_config
  for select to medic_server using (enabled);
create policy rate_limit_violations_server_read on public.rate_limit_violations
  for select to medic_server using (true);
-- Channels only (webhook URLs and addresses the deliveries go to), never the rules.
create policy monitoring_configs_server_read on public.monitoring_configs
  for select to medic_server using (kind = 'channel' and enabled);
create policy system_health_server_insert on public.system_health
  for insert to medic_server with check (true);
create policy error_logs_server_insert on public.error_logs
  for insert to medic_server with check (true);
create policy security_events_server_insert on public.security_events
  for insert to medic_server with check (true);
