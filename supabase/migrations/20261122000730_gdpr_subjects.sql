-- GDPR machinery (schema gdpr, not exposed through the Data API: the gdpr-export function is the one
-- door, so every export is audited before it leaves): who a data subject is to the caller, and the list
-- of erased subjects.
--
-- A data subject is a user id. To the caller they are:
--   self          the caller's own id: every record about them, in every organization
--   organization  someone of the caller's organization, for holders of the permission asked for
--                 (gdpr.export.any, gdpr.erase): the records of that organization (and records
--                 without one)
--   service       the service role: everything
-- Anyone else is refused (42501); a holder of the permission asking for someone outside their
-- organization hears "no such data subject" (P0002), exactly as for an id nobody has.

create schema gdpr;
revoke all on schema gdpr from public;
grant usage on schema gdpr to authenticated, service_role;

-- Subjects erased so far: a salted hash of the user id (the function's hash strategy, salt
-- GDPR_PSEUDONYM_SALT) and the organization that erased them, so that a repeated erasure is recognised
-- (idempotent) and an export of an erased subject answers "erased". Deliberately nothing else: no
-- pseudonym, time, reason or counts, so that this row cannot lead from a person back to the audit
-- rows their erasure made anonymous.
create table gdpr.erased_subjects (
  subject_hash text primary key check (subject_hash ~ '^[0-9a-f]{64}$'),
  organization_id uuid
);
revoke all on gdpr.erased_subjects from public, anon, authenticated, service_role;

-- ISO 8601 UTC with microseconds, as the audit API writes timestamps.
create function gdpr.iso(t timestamptz) returns text
language sql immutable set search_path = '' as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Whether a subject belongs to an organization: their account says so; without an account (deleted
-- elsewhere), their sessions and audit events name that organization and no other.
create function gdpr.belongs_to(p_subject uuid, p_user_pseudonym uuid, p_org uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  account_org uuid;
  has_account boolean;
begin
  if p_org is null then
    return false;
  end if;
  select true, u.organization_id into has_account, account_org from public.users u where u.id = p_subject;
  if has_account then
    return account_org is not distinct from p_org;
  end if;
  return (exists (select 1 from public.user_sessions s where s.user_id = p_subject and s.organization_id = p_org)
          or exists (select 1 from public.audit_logs l
                     where l.actor_pseudonym = p_user_pseudonym and l.organization_id = p_org))
    and not exists (select 1 from public.user_sessions s where s.user_id = p_subject and s.organization_id <> p_org)
    and not exists (select 1 from public.audit_logs l
                    where l.actor_pseudonym = p_user_pseudonym and l.organization_id <> p_org);
end $$;

create type gdpr.subject_scope as (
  subject_id uuid,
  scope text,                -- self | organization | service
  organization_id uuid,      -- the organization whose records are in reach; null: all of the subject's
  user_pseudonym uuid,       -- null once erased (or never seen)
  patient_pseudonym uuid
);

-- The caller's reach over a subject, for `p_permission` (gdpr.export.any or gdpr.erase).
create function gdpr.subject_scope(p_subject uuid, p_permission text, p_allow_self boolean default true)
returns gdpr.subject_scope
language plpgsql stable security definer set search_path = '' as $$
declare
  s gdpr.subject_scope;
  org uuid := app.current_organization_id();
begin
  if p_subject is null then
    raise exception 'name a data subject' using errcode = '22023';
  end if;
  s.subject_id := p_subject;
  s.user_pseudonym := audit.pseudonym_of('user', p_subject::text);
  s.patient_pseudonym := audit.pseudonym_of('patient', p_subject::text);
  if coalesce(auth.role(), '') = 'service_role' then
    s.scope := 'service';
  elsif coalesce(auth.role(), '') = 'authenticated' and auth.uid() = p_subject then
    if not p_allow_self then
      raise exception 'you cannot do this to your own account; ask another administrator'
        using errcode = '55000';
    end if;
    s.scope := 'self';
  elsif app.has_permission(p_permission) then
    if not gdpr.belongs_to(p_subject, s.user_pseudonym, org) then
      raise exception 'no such data subject in your organization' using errcode = 'P0002';
    end if;
    s.scope := 'organization';
    s.organization_id := org;
  else
    raise exception 'this needs the % permission', p_permission using errcode = '42501';
  end if;
  return s;
end $$;

-- Whether `p_subject_hash` was erased by the caller's organization (any, for the service role).
create function gdpr.erased_here(p_subject_hash text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from gdpr.erased_subjects e
                 where e.subject_hash = p_subject_hash
                   and (coalesce(auth.role(), '') = 'service_role'
                        or e.organization_id is not distinct from app.current_organization_id()))
$$;

revoke all on all functions in schema gdpr from public;
grant execute on function gdpr.iso(timestamptz), gdpr.subject_scope(uuid, text, boolean)
  to authenticated, service_role;
