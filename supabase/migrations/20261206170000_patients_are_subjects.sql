-- A patient is a data subject of the organization whose PHI-access log names them.
--
-- gdpr.belongs_to looked at accounts, sessions and audit events the subject made, never at the PHI-access
-- log's patient: an organization holding PHI-access rows about a patient (who has no account) answered
-- 404 to their export and erasure, and only the owner's psql could read them, unaudited.
--
--   gdpr.belongs_to      a subject without an account of any organization is the organization's when some
--                        trace of them is in it (a session, an audit event they made, a PHI access as the
--                        patient or the actor) and none is in another organization: their erasure destroys
--                        their pseudonyms, which another organization's rows carry as well
--   gdpr.is_patient_of   new: the organization's PHI-access log names them as the patient
--   gdpr.subject_scope   belongs_to: scope 'organization' (as before). Otherwise, a patient of the caller's
--                        organization: scope 'patient' for an export (only that organization's PHI-access
--                        rows about them and its events about them: gdpr.subject_records), 409 (55000,
--                        hint 'shared') for an erasure (other organizations' accounts or records name them:
--                        the platform operator decides). Otherwise 404, as before: an organization whose
--                        records do not name them does not learn that they exist.
--   gdpr.export_plan     subjectPseudonym: the user pseudonym, else the patient pseudonym, so the
--                        gdpr.export event of a patient names whom it released (and their export shows it)
-- tests/sql/150_patients_are_subjects.sql.

create function gdpr.is_patient_of(p_patient_pseudonym uuid, p_org uuid) returns boolean
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select p_patient_pseudonym is not null and p_org is not null
    and exists (select 1 from public.phi_access_audit_log x
                where x.patient_pseudonym = p_patient_pseudonym and x.organization_id = p_org)
$$;
revoke all on function gdpr.is_patient_of(uuid, uuid) from public, anon, authenticated, service_role;

create or replace function gdpr.belongs_to(p_subject uuid, p_user_pseudonym uuid, p_org uuid)
returns boolean
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  account_org uuid;
  has_account boolean;
  pp uuid;
begin
  if p_org is null then
    return false;
  end if;
  select true, u.organization_id into has_account, account_org from public.users u where u.id = p_subject;
  if has_account then
    return account_org is not distinct from p_org;
  end if;
  pp := audit.pseudonym_of('patient', p_subject::text);
  return (exists (select 1 from public.user_sessions s where s.user_id = p_subject and s.organization_id = p_org)
          or exists (select 1 from public.audit_logs l
                     where l.actor_pseudonym = p_user_pseudonym and l.organization_id = p_org)
          or exists (select 1 from public.phi_access_audit_log x
                     where (x.patient_pseudonym = pp or x.actor_pseudonym = p_user_pseudonym)
                       and x.organization_id = p_org))
    and not exists (select 1 from public.user_sessions s where s.user_id = p_subject and s.organization_id <> p_org)
    and not exists (select 1 from public.audit_logs l
                    where l.actor_pseudonym = p_user_pseudonym and l.organization_id <> p_org)
    and not exists (select 1 from public.phi_access_audit_log x
                    where (x.patient_pseudonym = pp or x.actor_pseudonym = p_user_pseudonym)
                      and x.organization_id <> p_org);
end $$;

create or replace function gdpr.subject_scope(p_subject uuid, p_permission text, p_allow_self boolean default true)
returns gdpr.subject_scope
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
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
  if app.is_platform_operator() then
    s.scope := 'service';
  elsif coalesce(auth.role(), '') = 'authenticated' and auth.uid() = p_subject then
    if not p_allow_self then
      raise exception 'you cannot do this to your own account; ask another administrator'
        using errcode = '55000';
    end if;
    s.scope := 'self';
  elsif app.has_permission(p_permission) then
    if gdpr.belongs_to(p_subject, s.user_pseudonym, org) then
      s.scope := 'organization';
    elsif gdpr.is_patient_of(s.patient_pseudonym, org) then
      -- Named as a patient here, and by another organization's account or records as well.
      if p_permission <> 'gdpr.export.any' then
        raise exception 'other organizations hold records of this patient as well: their erasure is the platform operator''s decision'
          using errcode = '55000', hint = 'shared';
      end if;
      s.scope := 'patient';
    else
      raise exception 'no such data subject in your organization' using errcode = 'P0002';
    end if;
    s.organization_id := org;
  else
    raise exception 'this needs the % permission', p_permission using errcode = '42501';
  end if;
  return s;
end $$;

do $do$
declare
  fn constant regprocedure := 'gdpr.export_plan(uuid,text)';
  old_text constant text := $$'subjectPseudonym', sc.user_pseudonym,$$;
  new_text constant text := $$'subjectPseudonym', coalesce(sc.user_pseudonym, sc.patient_pseudonym),$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer names the subject''s pseudonym exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;
