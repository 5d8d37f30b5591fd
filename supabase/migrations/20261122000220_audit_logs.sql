-- The audit trail: one row per audited request or system event, range-partitioned by month,
-- append-only for every role, each row hashed canonically at insert (sealing chains the hashes later).
-- Personal identifiers are pseudonyms (audit.pseudonym_mapping); the view audit_log_entries resolves them.

create sequence audit.audit_logs_seq as bigint cache 1;

create table public.audit_logs (
  seq bigint not null,
  event_id uuid not null,
  "timestamp" timestamptz not null,
  organization_id uuid,
  actor_pseudonym uuid,        -- user id
  user_role public.user_role,
  session_pseudonym uuid,      -- session id
  action public.audit_action not null,
  resource text not null check (length(resource) between 1 and 200),
  outcome public.audit_outcome not null,
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'
    and pg_column_size(metadata) <= 16384),
  ip_pseudonym uuid,           -- client ip address
  user_agent_pseudonym uuid,   -- user agent
  error_message text check (length(error_message) <= 1000),
  duration_ms integer check (duration_ms >= 0),
  correlation_id text check (length(correlation_id) <= 100),
  data_classification public.data_classification not null default 'INTERNAL',
  event_version smallint not null default 1,
  created_at timestamptz not null,
  row_hash bytea not null,
  check ("timestamp" <= created_at + interval '1 hour'),
  unique (event_id, "timestamp")
) partition by range ("timestamp");

comment on table public.audit_logs is
  'Append-only audit trail (HIPAA 164.312(b)). Insert only through audit.write_events(jsonb).';

-- A stray row outside every monthly partition lands here; an alert watches it.
create table audit.audit_logs_default partition of public.audit_logs default;

create index audit_logs_user_timeline_idx on public.audit_logs (actor_pseudonym, "timestamp" desc)
  include (action, outcome, resource, duration_ms);
create index audit_logs_action_outcome_time_idx on public.audit_logs (action, outcome, "timestamp" desc);
create index audit_logs_resource_time_idx on public.audit_logs (resource, "timestamp" desc);
create index audit_logs_failures_idx on public.audit_logs ("timestamp" desc) where outcome = 'failure';
create index audit_logs_metadata_idx on public.audit_logs using gin (metadata jsonb_path_ops);
create index audit_logs_org_time_idx on public.audit_logs (organization_id, "timestamp" desc, seq desc);
create index audit_logs_seq_idx on public.audit_logs (seq);
create index audit_logs_correlation_idx on public.audit_logs (correlation_id);

-- The canonical content of a row: every column but row_hash, in a fixed order, timestamps in UTC.
create function audit.row_digest(r public.audit_logs) returns bytea
language sql immutable as $$
  select extensions.digest(convert_to(jsonb_build_array(
    r.seq, r.event_id, r."timestamp" at time zone 'UTC', r.organization_id, r.actor_pseudonym,
    r.user_role, r.session_pseudonym, r.action, r.resource, r.outcome, r.metadata, r.ip_pseudonym,
    r.user_agent_pseudonym, r.error_message, r.duration_ms, r.correlation_id, r.data_classification,
    r.event_version, r.created_at at time zone 'UTC'
  )::text, 'UTF8'), 'sha256')
$$;

-- Server-side fields are stamped here whatever the caller sent.
create function audit.stamp_audit_row() returns trigger
language plpgsql as $$
begin
  new.seq := nextval('audit.audit_logs_seq');
  new.created_at := now();
  new.row_hash := audit.row_digest(new);
  return new;
end $$;

create trigger audit_logs_stamp before insert on public.audit_logs
  for each row execute function audit.stamp_audit_row();

-- Append-only for everyone, table owner and superusers included (retention drops whole partitions).
create function audit.refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'audit records are append-only: % on % is not allowed', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end $$;

create trigger audit_logs_no_update before update on public.audit_logs
  for each row execute function audit.refuse_change();
create trigger audit_logs_no_delete before delete on public.audit_logs
  for each row execute function audit.refuse_change();
create trigger audit_logs_no_truncate before truncate on public.audit_logs
  for each statement execute function audit.refuse_change();
create trigger audit_logs_no_truncate before truncate on audit.audit_logs_default
  for each statement execute function audit.refuse_change();

revoke all on public.audit_logs from public, anon, authenticated, service_role;
grant select on public.audit_logs to authenticated, service_role;

alter table public.audit_logs enable row level security;

-- Admins and medical directors read their own organization's audit rows; nobody else reads any.
create policy audit_logs_select_org_oversight on public.audit_logs
  for select to authenticated
  using (
    app.current_user_role() in ('admin', 'medical_director')
    and organization_id = app.current_organization_id()
  );

-- For authorised readers: the same rows with identifiers resolved (null once a subject is erased).
create view public.audit_log_entries with (security_invoker = true) as
select
  l.seq, l.event_id, l."timestamp", l.organization_id,
  audit.reveal(l.actor_pseudonym)::uuid as user_id, l.actor_pseudonym,
  l.user_role,
  audit.reveal(l.session_pseudonym) as session_id,
  l.action, l.resource, l.outcome, l.metadata,
  audit.reveal(l.ip_pseudonym)::inet as ip_address, l.ip_pseudonym,
  audit.reveal(l.user_agent_pseudonym) as user_agent,
  l.error_message, l.duration_ms, l.correlation_id, l.data_classification, l.event_version,
  l.created_at
from public.audit_logs l;

revoke all on public.audit_log_entries from public, anon, authenticated, service_role;
grant select on public.audit_log_entries to authenticated, service_role;
