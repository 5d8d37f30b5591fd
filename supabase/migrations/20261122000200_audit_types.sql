-- Audit vocabulary. New actions arrive by later migrations (`alter type … add value`), never by edits.

create type public.audit_action as enum (
  -- Medic-Bot's sixteen
  'chat.query', 'chat.stream',
  'dosing.calculate', 'dosing.list',
  'protocol.view', 'protocol.search',
  'user.login', 'user.logout', 'user.session.start', 'user.session.end',
  'auth.failure', 'auth.unauthorized',
  'api.error', 'api.validation_error',
  'system.startup', 'system.shutdown',
  -- what this system adds
  'api.not_found', 'api.method_not_allowed', 'api.cors_denied', 'api.rate_limited',
  'audit.query', 'audit.export', 'audit.verify', 'audit.retention',
  'gdpr.export', 'gdpr.erase',
  'metrics.flush',
  'rate_limit.ban'
);

create type public.audit_outcome as enum ('success', 'failure', 'partial');

create type public.data_classification as enum ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'PHI');

-- Private machinery of the audit trail (not exposed through the Data API).
create schema audit;
revoke all on schema audit from public;
