-- Two kinds of administrator. An organization's admin (or medical director) acts inside that
-- organization; rows that hold for every agency — the clinical knowledge base and its hints, the rate
-- limits, the MFA policy, the monitoring configuration (alert rules, the alert channels), platform-wide
-- security policies — change only through the platform operator: the service role (the dashboard's SQL
-- editor, migrations, `deno task kb`). Organization admins keep what is theirs: their organization's
-- security_policies rows, and organization_role rows (already scoped to the organization, 0710).
-- tests/sql/74_platform_wide_rows.sql proves each table role by role.

-- The knowledge base is read by everyone (active rows) and written by the versioned import only.
drop policy knowledge_base_admin_insert on public.knowledge_base;
drop policy knowledge_base_admin_update on public.knowledge_base;
revoke insert, update, delete, truncate on public.knowledge_base from authenticated;
drop policy knowledge_base_impressions_admin_write on public.knowledge_base_impressions;
revoke insert, update, delete, truncate on public.knowledge_base_impressions from authenticated;

-- Rate limits: an agency could otherwise switch off PHI or GLOBAL limits for every agency.
drop policy rate_limit_config_admin_insert on public.rate_limit_config;
drop policy rate_limit_config_admin_update on public.rate_limit_config;
revoke insert, update, delete, truncate on public.rate_limit_config from authenticated;

-- The MFA policy per role is the platform's.
drop policy mfa_policies_admin_write on public.mfa_policies;
revoke insert, update, delete, truncate on public.mfa_policies from authenticated;

-- Monitoring configuration has no organization: alert rules, the tamper alert, the channels' targets
-- (a webhook URL is a secret and an outbound address). The operator's alone, to read and to write.
drop policy monitoring_configs_admin on public.monitoring_configs;
revoke all on public.monitoring_configs from authenticated;

-- Security policies: an admin reads the platform's and their organization's, and writes only their
-- organization's.
drop policy security_policies_admin on public.security_policies;
create policy security_policies_admin_read on public.security_policies for select to authenticated
  using (app.current_user_role() = 'admin'
         and (organization_id is null or organization_id = app.current_organization_id()));
create policy security_policies_admin_insert on public.security_policies for insert to authenticated
  with check (app.current_user_role() = 'admin' and organization_id = app.current_organization_id());
create policy security_policies_admin_update on public.security_policies for update to authenticated
  using (app.current_user_role() = 'admin' and organization_id = app.current_organization_id())
  with check (app.current_user_role() = 'admin' and organization_id = app.current_organization_id());
create policy security_policies_admin_delete on public.security_policies for delete to authenticated
  using (app.current_user_role() = 'admin' and organization_id = app.current_organization_id());
