-- The PHI-access log is audit rows of the organization too (20261203005100 left it out): its accessors,
-- patients, addresses and agents are what gdpr-export's /reveal opens for an organization's admin
-- (the accessor in a subject's phi_access records, through audit.reveal). Its inserts now record their
-- pairs as audit_logs' and the AI trail's do, and the rows already written are backfilled. Found by
-- tests/e2e/gdpr_export.test.ts (an accessor with PHI-access rows only no longer opened for admin A).

create function audit.record_phi_access_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct v.p, i.organization_id
  from inserted i
  cross join lateral (values (i.actor_pseudonym), (i.patient_pseudonym), (i.ip_pseudonym),
                             (i.user_agent_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;
revoke all on function audit.record_phi_access_organizations() from public, anon, authenticated, service_role;

create trigger phi_access_pseudonym_organizations after insert on public.phi_access_audit_log
  referencing new table as inserted for each statement execute function audit.record_phi_access_organizations();

insert into audit.pseudonym_organizations (pseudonym, organization_id)
select distinct v.p, l.organization_id
from public.phi_access_audit_log l
cross join lateral (values (l.actor_pseudonym), (l.patient_pseudonym), (l.ip_pseudonym),
                           (l.user_agent_pseudonym)) v(p)
where l.organization_id is not null and v.p is not null
on conflict do nothing;

comment on table audit.pseudonym_organizations is
  'Which organization''s audit rows (audit_logs, phi_access_audit_log, ai_audit_trails) each pseudonym appears in: who may reveal it.';
