-- PHI access audit: one generic trigger any table holding PHI attaches, logging INSERT, UPDATE and
-- DELETE (DELETE reads OLD) with the actor from the JWT claims, ip and user agent from
-- request.headers, the table, the record id and the patient id column named in the trigger's
-- arguments. Identifiers are pseudonymised as in audit_logs; the log is append-only and partitioned.
--
--   create trigger <t>_phi_access after insert or update or delete on <t>
--     for each row execute function audit.log_phi_access('patient_id' [, 'id']);

create table public.phi_access_audit_log (
  id bigint generated always as identity,
  occurred_at timestamptz not null default now(),
  organization_id uuid,
  actor_pseudonym uuid,
  actor_role text not null,           -- database role / end-user role, e.g. authenticated/paramedic
  table_name text not null,
  record_id text,
  patient_pseudonym uuid,
  operation text not null check (operation in ('INSERT', 'UPDATE', 'DELETE')),
  ip_pseudonym uuid,
  user_agent_pseudonym uuid,
  primary key (id, occurred_at)
) partition by range (occurred_at);

create table audit.phi_access_audit_log_default partition of public.phi_access_audit_log default;
select audit.ensure_partition('phi_access_audit_log', (now() + make_interval(months => m))::date)
from generate_series(0, 6) m;

create index phi_access_patient_idx on public.phi_access_audit_log (patient_pseudonym, occurred_at desc);
create index phi_access_actor_idx on public.phi_access_audit_log (actor_pseudonym, occurred_at desc);
create index phi_access_org_time_idx on public.phi_access_audit_log (organization_id, occurred_at desc);

create trigger phi_access_no_update before update on public.phi_access_audit_log
  for each row execute function audit.refuse_change();
create trigger phi_access_no_delete before delete on public.phi_access_audit_log
  for each row execute function audit.refuse_change();
create trigger phi_access_no_truncate before truncate on public.phi_access_audit_log
  for each statement execute function audit.refuse_change();

create function audit.log_phi_access() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), '')::jsonb, '{}'::jsonb);
  key bytea := audit.pseudonym_key();
  user_id text := claims ->> 'sub';
  patient text := rec ->> tg_argv[0];
  ip text := nullif(btrim(split_part(coalesce(headers ->> 'x-forwarded-for', headers ->> 'x-real-ip', ''), ',', 1)), '');
  actor uuid;
  ids jsonb;
begin
  if tg_nargs < 1 then
    raise exception 'audit.log_phi_access needs the patient id column name as its first argument';
  end if;
  select p.pseudonym into actor from audit.pseudonymize(key,
    jsonb_build_array(jsonb_build_object('kind', 'user', 'value', user_id))) p;
  select jsonb_object_agg(p.kind, p.pseudonym) into ids from audit.pseudonymize(key, jsonb_build_array(
    jsonb_build_object('kind', 'patient', 'value', patient),
    jsonb_build_object('kind', 'ip', 'owner', actor, 'value', ip),
    jsonb_build_object('kind', 'user_agent', 'owner', actor, 'value', headers ->> 'user-agent'))) p;

  insert into public.phi_access_audit_log (organization_id, actor_pseudonym, actor_role, table_name,
    record_id, patient_pseudonym, operation, ip_pseudonym, user_agent_pseudonym)
  values (
    coalesce(nullif(rec ->> 'organization_id', '')::uuid, nullif(claims -> 'app_metadata' ->> 'organization_id', '')::uuid),
    actor,
    coalesce(claims ->> 'role', current_user) || '/' || coalesce(claims -> 'app_metadata' ->> 'role', 'none'),
    tg_table_schema || '.' || tg_table_name,
    rec ->> coalesce(tg_argv[1], 'id'),
    (ids ->> 'patient')::uuid, tg_op, (ids ->> 'ip')::uuid, (ids ->> 'user_agent')::uuid);
  return null;
end $$;

revoke all on public.phi_access_audit_log from public, anon, authenticated, service_role;
grant select on public.phi_access_audit_log to authenticated, service_role;
alter table public.phi_access_audit_log enable row level security;
create policy phi_access_select_org_oversight on public.phi_access_audit_log
  for select to authenticated
  using (
    app.current_user_role() in ('admin', 'medical_director')
    and organization_id = app.current_organization_id()
  );

create view public.monthly_phi_access_summary with (security_invoker = true) as
select
  date_trunc('month', occurred_at)::date as month,
  organization_id,
  table_name,
  operation,
  count(*) as accesses,
  count(distinct patient_pseudonym) as distinct_patients,
  count(distinct actor_pseudonym) as distinct_actors
from public.phi_access_audit_log
group by 1, 2, 3, 4;

revoke all on public.monthly_phi_access_summary from public, anon, authenticated, service_role;
grant select on public.monthly_phi_access_summary to authenticated, service_role;

-- Retention: PHI access logs are kept as long as the audit trail (audit.settings.retention_months);
-- whole months are archived and dropped by audit.apply_retention, which handles both tables.
alter table audit.settings add column phi_partitions_ahead integer not null default 6;
select cron.schedule('phi-access-partitions-ahead', '19 0 * * *',
  $$select audit.ensure_partition('phi_access_audit_log', (now() + make_interval(months => m))::date)
    from generate_series(0, (select phi_partitions_ahead from audit.settings)) m$$);
