-- Revealing a pseudonym is tied to the caller's organization (defence in depth). audit.reveal_many and
-- audit.reveal gave any admin or medical director the original behind any pseudonym they named; the
-- callers (audit-query's lists, CSV export and failed-auth report, the entries views) pass only
-- pseudonyms of rows RLS shows them, but nothing in the functions themselves held an admin of
-- organization A away from a pseudonym of organization B.
--
-- The rule is the audit trail's own (audit_logs_select_org_oversight, proved in 71): an organization's
-- admin or medical director may reveal a pseudonym when it appears in an audit row of their organization
-- (public.audit_logs or public.ai_audit_trails, the rows they may read). Not "belongs to a user of their
-- organization": the rows they read also carry identities that are no user of theirs (addresses probing
-- their sign-in, ids that no longer have an account), and those are what the failed-auth report reveals.
-- Rows without an organization, and any pseudonym, stay the platform operator's (the service role), as
-- before. A caller without an organization reveals nothing.
--
-- Checking "appears in a row of the organization" on the rows would scan the organization's trail (only
-- the actor column is indexed), so the pairs are kept apart: audit.pseudonym_organizations, one row per
-- (pseudonym, organization), written by statement triggers over what each insert added (as the write
-- ledger is, 20261202001000: whatever path wrote the rows) and backfilled below. reveal_many joins its
-- argument to it on the primary key, one probe per distinct pseudonym, in the same statement that
-- decrypts them. A pair is only ever added: erasing a subject deletes their mapping rows, after which
-- the pair reveals nothing (it names no person: both columns are random ids).
-- tests/sql/63_reveal_within_organization.sql proves it role by role.

create table audit.pseudonym_organizations (
  pseudonym uuid not null,
  organization_id uuid not null,
  primary key (pseudonym, organization_id)
);
comment on table audit.pseudonym_organizations is
  'Which organization''s audit rows (audit_logs, ai_audit_trails) each pseudonym appears in: who may reveal it.';
revoke all on audit.pseudonym_organizations from public, anon, authenticated, service_role;

-- Sorted, so that two writers adding the same new pairs take them in the same order (ON CONFLICT waits for
-- the other's commit; in opposite orders they could wait for each other).
create function audit.record_audit_log_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct v.p, i.organization_id
  from inserted i
  cross join lateral (values (i.actor_pseudonym), (i.session_pseudonym), (i.ip_pseudonym),
                             (i.user_agent_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;

create function audit.record_ai_trail_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct v.p, i.organization_id
  from inserted i
  cross join lateral (values (i.user_pseudonym), (i.session_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;

revoke all on function audit.record_audit_log_organizations(), audit.record_ai_trail_organizations()
  from public, anon, authenticated, service_role;

-- Triggers first, then the backfill, in this migration's transaction: CREATE TRIGGER locks out inserts
-- until the commit, so no row falls between the two.
create trigger audit_logs_pseudonym_organizations after insert on public.audit_logs
  referencing new table as inserted for each statement execute function audit.record_audit_log_organizations();
create trigger ai_audit_trails_pseudonym_organizations after insert on public.ai_audit_trails
  referencing new table as inserted for each statement execute function audit.record_ai_trail_organizations();

insert into audit.pseudonym_organizations (pseudonym, organization_id)
select s.p, s.organization_id
from (
  select v.p, l.organization_id
  from public.audit_logs l
  cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                             (l.user_agent_pseudonym)) v(p)
  where l.organization_id is not null and v.p is not null
  union
  select v.p, t.organization_id
  from public.ai_audit_trails t
  cross join lateral (values (t.user_pseudonym), (t.session_pseudonym)) v(p)
  where t.organization_id is not null and v.p is not null
) s
on conflict do nothing;

-- Many pseudonyms, one key read: the service role any; an organization's admin or medical director those
-- of their organization's rows (a pseudonym not theirs is left out, as an erased one is).
create or replace function audit.reveal_many(pseudonyms uuid[])
returns table (pseudonym uuid, value text)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
  org uuid;
begin
  if coalesce(auth.role(), '') = 'service_role' then
    key := audit.pseudonym_key();
    return query
      select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
      from audit.pseudonym_mapping m
      where m.pseudonym = any(pseudonyms);
    return;
  end if;
  org := app.current_organization_id();
  if org is null or app.current_user_role() not in ('admin', 'medical_director') then
    return;
  end if;
  key := audit.pseudonym_key();
  return query
    select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
    from audit.pseudonym_organizations o
    join audit.pseudonym_mapping m on m.pseudonym = o.pseudonym
    where o.pseudonym = any(pseudonyms) and o.organization_id = org;
end $$;

-- One pseudonym (the entries views, a row at a time): the same rule.
create or replace function audit.reveal(p uuid) returns text
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p is null then return null; end if;
  if coalesce(auth.role(), '') <> 'service_role' and not (
       app.current_user_role() in ('admin', 'medical_director')
       and exists (select 1 from audit.pseudonym_organizations o
                   where o.pseudonym = p and o.organization_id = app.current_organization_id())) then
    return null;
  end if;
  return (select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)
          from audit.pseudonym_mapping m where m.pseudonym = p);
end $$;
