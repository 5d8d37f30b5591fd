-- A row digest an auditor can recompute fast (issue 18). The first digest (now audit.row_digest_v1)
-- hashed jsonb_build_array(...)::text with pgcrypto in a SQL function that cannot be inlined: about 9 µs a
-- row, so audit.verify took 13–45 s per million rows. Version 2 hashes a binary, length-prefixed encoding
-- with the built-in sha256(): fixed-width fields in their binary send form (timestamps as UTC microseconds,
-- nullable ones behind a presence byte), then every text and enum label as octet length ':' text, and the
-- metadata's jsonb text last, unprefixed. Every field is in it; no two rows share an encoding.
--
-- Rows already written keep the digest they were written with: audit.row_digest_versions records the first
-- seq of each version, taken here with inserts locked out, so that every seq below it is a finished row.
-- audit.row_digest(r) is the digest a row must carry (v1 below the cut-over, v2 from it), as before.
--
-- The v2 expression is defined once, as SQL text over a row alias (audit.row_digest_v2_sql): the digest
-- function, the stamp trigger and audit.verify are built from it, so the expression runs inline in each
-- (a function call per row would cost more than the hashing; our functions must pin search_path, and that
-- stops Postgres inlining them).

create table audit.row_digest_versions (
  version smallint primary key,
  from_seq bigint not null unique,
  defined_at timestamptz not null default now()
);
comment on table audit.row_digest_versions is
  'The first seq hashed with each row digest version; audit.verify recomputes each row with its own.';
revoke all on audit.row_digest_versions from public, anon, authenticated, service_role;
create trigger row_digest_versions_no_update before update on audit.row_digest_versions
  for each row execute function audit.refuse_change();
create trigger row_digest_versions_no_delete before delete on audit.row_digest_versions
  for each row execute function audit.refuse_change();
create trigger row_digest_versions_no_truncate before truncate on audit.row_digest_versions
  for each statement execute function audit.refuse_change();

-- The v2 digest of the audit_logs row named `r`, as an SQL expression.
create function audit.row_digest_v2_sql(r text) returns text
language sql immutable parallel safe set search_path = '' as $fn$
  select format($e$sha256(int8send(%1$s.seq) || uuid_send(%1$s.event_id)
    || timestamptz_send(%1$s."timestamp") || timestamptz_send(%1$s.created_at) || int2send(%1$s.event_version)
    || coalesce('\x01'::bytea || uuid_send(%1$s.organization_id), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(%1$s.actor_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(%1$s.session_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(%1$s.ip_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || uuid_send(%1$s.user_agent_pseudonym), '\x00'::bytea)
    || coalesce('\x01'::bytea || int4send(%1$s.duration_ms), '\x00'::bytea)
    || convert_to(concat(
      octet_length(%1$s.user_role::text), ':', %1$s.user_role,
      octet_length(%1$s.action::text), ':', %1$s.action,
      octet_length(%1$s.outcome::text), ':', %1$s.outcome,
      octet_length(%1$s.data_classification::text), ':', %1$s.data_classification,
      octet_length(%1$s.resource), ':', %1$s.resource,
      octet_length(%1$s.error_message), ':', %1$s.error_message,
      octet_length(%1$s.correlation_id), ':', %1$s.correlation_id,
      %1$s.metadata), 'UTF8'))$e$, r)
$fn$;

-- The cut-over, the v2 function and the new stamp trigger in one statement: no insert runs between reading
-- the sequence and replacing the trigger, inside a migration's transaction or not.
do $$
begin
  lock table public.audit_logs in share row exclusive mode;
  insert into audit.row_digest_versions (version, from_seq)
  select 1, 0
  union all
  select 2, case when s.is_called then s.last_value + 1 else s.last_value end from audit.audit_logs_seq s;

  alter function audit.row_digest(public.audit_logs) rename to row_digest_v1;
  alter function audit.row_digest_v1(public.audit_logs) parallel safe;
  comment on function audit.row_digest_v1(public.audit_logs) is
    'Row digest version 1 (rows below the version 2 cut-over in audit.row_digest_versions).';

  execute format($f$
    create function audit.row_digest_v2(r public.audit_logs) returns bytea
    language plpgsql stable parallel safe set search_path = '' as $b$ begin return %s; end $b$
  $f$, audit.row_digest_v2_sql('r'));

  -- Server-side fields are stamped here whatever the caller sent (as before); new rows are version 2.
  execute format($f$
    create or replace function audit.stamp_audit_row() returns trigger
    language plpgsql set search_path = '' as $b$
    begin
      new.seq := nextval('audit.audit_logs_seq');
      new.created_at := now();
      new.row_hash := %s;
      return new;
    end $b$
  $f$, audit.row_digest_v2_sql('new'));

  -- The digest row r must carry: the version its seq was written under.
  create function audit.row_digest(r public.audit_logs) returns bytea
  language sql stable parallel safe set search_path = '' as $b$
    select case when r.seq < (select v.from_seq from audit.row_digest_versions v where v.version = 2)
      then audit.row_digest_v1(r) else audit.row_digest_v2(r) end
  $b$;
end $$;

revoke all on function audit.row_digest_v1(public.audit_logs), audit.row_digest_v2(public.audit_logs),
  audit.row_digest_v2_sql(text), audit.row_digest(public.audit_logs) from public, anon, authenticated, service_role;
