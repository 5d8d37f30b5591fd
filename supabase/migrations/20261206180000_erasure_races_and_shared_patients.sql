-- Three holes a review of this session's erasure and limiter changes found (review21-final M2, L2, L4).
--
--   public.check_session   A session begun while its user's erasure ran outlived it: check_session inserts
--                          the row, then looks for the erased user, and the erasure's DELETE of the user's
--                          sessions cannot see a row not yet committed, nor check_session an erasure not yet
--                          committed; so the session stayed live until its token expired (touch_sessions
--                          names only rows that are gone). check_session now takes the erasure's advisory
--                          lock in shared mode first: it waits for a running erasure, then finds the user
--                          erased; or the erasure waits for it, then deletes the new row. Shared, so the
--                          sessions of one user do not wait for each other.
--   gdpr.subject_scope     An organization erasing its own member who is also another organization's patient
--                          destroyed the patient pseudonym that organization's PHI-access log carries, as the
--                          erasure of a shared patient would (409 since 20261206170000): now the same 409
--                          (55000, hint 'shared'), and the platform operator decides. Exports are unchanged.
--   public.rate_limit_hit  p_cost above p_max could overflow the window's integer count (a later hit then
--                          raised 22003 and sent the limiter to its fail mode): refused, 22023.
-- tests/sql/152_erasure_races_and_shared_patients.sql.

do $do$
declare
  fn constant regprocedure := 'public.check_session(uuid,uuid,uuid,public.user_role,timestamptz,text)';
  old_text constant text := $$  select * into pol from app.session_policy;
$$;
  new_text constant text := $$  select * into pol from app.session_policy;
  -- Not while this user's erasure runs (gdpr.erase_subject holds the lock exclusively until it commits).
  perform pg_advisory_xact_lock_shared(hashtextextended('gdpr.erase:' || p_user_id::text, 0));
$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer reads its policy exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;

do $do$
declare
  fn constant regprocedure := 'gdpr.subject_scope(uuid,text,boolean)';
  old_text constant text := $$    if gdpr.belongs_to(p_subject, s.user_pseudonym, org) then
      s.scope := 'organization';$$;
  new_text constant text := $$    if gdpr.belongs_to(p_subject, s.user_pseudonym, org) then
      -- A member whom another organization's PHI-access log names as its patient: erasing them here would
      -- destroy the patient pseudonym that organization's accounting of disclosures needs.
      if p_permission <> 'gdpr.export.any' and s.patient_pseudonym is not null
         and exists (select 1 from public.phi_access_audit_log x
                     where x.patient_pseudonym = s.patient_pseudonym and x.organization_id <> org) then
        raise exception 'other organizations hold records of this patient as well: their erasure is the platform operator''s decision'
          using errcode = '55000', hint = 'shared';
      end if;
      s.scope := 'organization';$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer scopes an organization''s member exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;

do $do$
declare
  fn constant regprocedure := 'public.rate_limit_hit(text,text,integer,integer,integer)';
  old_text constant text := $$  if p_cost is null or p_cost < 1 then
    raise exception 'p_cost must be at least 1; it was %', coalesce(p_cost::text, 'null') using errcode = '22023';
  end if;$$;
  new_text constant text := $$  if p_cost is null or p_cost < 1 then
    raise exception 'p_cost must be at least 1; it was %', coalesce(p_cost::text, 'null') using errcode = '22023';
  end if;
  if p_cost > p_max then
    raise exception 'p_cost may not exceed p_max (%); it was %', p_max, p_cost using errcode = '22023';
  end if;$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer checks its cost exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;
