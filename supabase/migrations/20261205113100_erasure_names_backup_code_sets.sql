-- Erasure names the sets of backup codes it removes (review of 20261205111300, finding 6). The sets
-- (app.mfa_backup_code_sets) went only by their foreign key's cascade from the user row, so neither the
-- answer's `deleted` nor the gdpr.erase event said so. gdpr.erase_subject now deletes them itself, after
-- their codes (which the sets' foreign key, 20261205113000, would otherwise take uncounted), and counts
-- them as every other table. Otherwise as 20261202000500 wrote it, with the search_path 20261203002200
-- set on every function. The answer's contract (ErasureSummary) gains the key.
-- tests/sql/121_erasure_names_backup_code_sets.sql.

create or replace function gdpr.erase_subject(
  p_subject uuid,
  p_subject_hash text,
  p_reason text,
  p_reference text,
  p_token text,
  p_request jsonb default '{}'::jsonb
) returns jsonb
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  sc gdpr.subject_scope;
  org uuid;
  p uuid;
  pp uuid;
  already boolean;
  uid text := p_subject::text;
  limiter_id text := 'user:' || p_subject::text;
  ips inet[];
  session_ids uuid[];
  kept jsonb;
  deleted jsonb := '{}';
  anonymised jsonb := '{}';
  linkage jsonb;
  n bigint;
begin
  if p_reason is null or p_reason <> all (gdpr.erasure_reasons()) then
    raise exception 'reason must be one of %', gdpr.erasure_reasons() using errcode = '22023';
  end if;
  if p_reference is not null and p_reference !~ '^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,99}$' then
    raise exception 'reference must be an identifier such as a ticket number' using errcode = '22023';
  end if;
  if coalesce(p_token, '') !~ '^erased-[A-Za-z0-9_-]{16,64}$' or coalesce(p_subject_hash, '') !~ '^[0-9a-f]{64}$' then
    raise exception 'token and subject hash are malformed' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('gdpr.erase:' || uid, 0));

  begin
    sc := gdpr.subject_scope(p_subject, 'gdpr.erase', false);
    org := sc.organization_id;
    p := sc.user_pseudonym;
    pp := sc.patient_pseudonym;
  exception when no_data_found then
    -- Erased before by this organization: sweep again whatever came back since (idempotent).
    if not gdpr.erased_here(p_subject_hash) then
      raise;
    end if;
    org := app.current_organization_id();
    p := audit.pseudonym_of('user', uid);
    pp := audit.pseudonym_of('patient', uid);
  end;
  already := gdpr.erased_here(p_subject_hash);

  -- Accountability (GDPR Art. 17(3)(b) and (e)): someone who holds or held a privileged role leaves
  -- records of privileged acts that must stay attributable. Their organization cannot erase them; the
  -- platform operator (service role) decides such a request after its own review.
  if coalesce(auth.role(), '') <> 'service_role' and not already and (
       exists (select 1 from auth.users u where u.id = p_subject
               and u.raw_app_meta_data ->> 'role' in ('admin', 'medical_director'))
       or exists (select 1 from public.audit_logs l where p is not null and l.actor_pseudonym = p
                  and l.user_role in ('admin', 'medical_director'))) then
    raise exception 'the subject holds or held a privileged role: their erasure is the platform operator''s decision'
      using errcode = '55000', hint = 'privileged';
  end if;

  -- What stays: audit rows, countable under the (soon unresolvable) pseudonym.
  kept := jsonb_build_object(
    'audit_events', (select count(*) from public.audit_logs l where p is not null and l.actor_pseudonym = p
                     and (org is null or l.organization_id is null or l.organization_id = org)),
    'phi_access', (select count(*) from public.phi_access_audit_log x
                   where (x.patient_pseudonym = pp or x.actor_pseudonym = p)
                     and (org is null or x.organization_id is null or x.organization_id = org)),
    'ai_audit', (select count(*) from public.ai_audit_trails x where p is not null and x.user_pseudonym = p
                 and (org is null or x.organization_id is null or x.organization_id = org)));

  select coalesce(array_agg(distinct audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)::inet), '{}')
    into ips from audit.pseudonym_mapping m where p is not null and m.owner_pseudonym = p and m.kind = 'ip';
  select coalesce(array_agg(s.session_id), '{}') into session_ids from public.user_sessions s
    where s.user_id = p_subject and (org is null or s.organization_id is null or s.organization_id = org);

  perform set_config('app.gdpr_erasure', 'on', true);

  -- Deleted.
  delete from public.user_sessions x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('user_sessions', n);
  delete from public.performance_metrics x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('performance_metrics', n);
  delete from public.web_vitals x where x.user_id = p_subject
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('web_vitals', n);
  delete from public.rate_limit_violations x where x.identifier = limiter_id
    and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('rate_limit_violations', n);
  delete from public.rate_limit_tracking x where x.identifier = limiter_id;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('rate_limit_tracking', n);
  delete from public.mfa_backup_codes x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_backup_codes', n);
  -- After their codes, which the sets' foreign key would otherwise take uncounted.
  delete from app.mfa_backup_code_sets x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_backup_code_sets', n);
  delete from public.mfa_challenges x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_challenges', n);
  delete from public.mfa_enrollments x where x.user_id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('mfa_enrollments', n);
  delete from public.users x where x.id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('users', n);
  -- The account itself (Supabase Auth; its sessions and identities go with it).
  delete from auth.users x where x.id = p_subject;
  get diagnostics n = row_count; deleted := deleted || jsonb_build_object('auth_users', n);

  -- Anonymised: kept for security and operations, no longer naming the subject.
  update public.security_events x set identifier = p_token,
      details = replace(x.details::text, uid, p_token)::jsonb
    where x.identifier = limiter_id and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('security_events', n);
  update public.rate_limit_violations x set ip_address = null
    where x.ip_address = any (ips) and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('rate_limit_violations', n);
  update public.alerts x set
      acknowledged_by = case when x.acknowledged_by = p_subject then null else x.acknowledged_by end,
      resolved_by = case when x.resolved_by = p_subject then null else x.resolved_by end,
      description = replace(x.description, uid, p_token),
      dedup_key = replace(x.dedup_key, uid, p_token),
      metadata = replace(x.metadata::text, uid, p_token)::jsonb
    where (x.acknowledged_by = p_subject or x.resolved_by = p_subject or strpos(x.description, uid) > 0
           or strpos(x.dedup_key, uid) > 0 or strpos(x.metadata::text, uid) > 0)
      and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('alerts', n);
  update public.protocol_access x set user_pseudonym = null, session_pseudonym = null
    where p is not null and x.user_pseudonym = p
      and (org is null or x.organization_id is null or x.organization_id = org);
  get diagnostics n = row_count; anonymised := anonymised || jsonb_build_object('protocol_access', n);
  -- Who last edited a setting (platform and organization settings alike).
  update public.rate_limit_config set updated_by = null where updated_by = p_subject;
  update public.monitoring_configs set updated_by = null where updated_by = p_subject;
  update public.mfa_policies set updated_by = null where updated_by = p_subject;
  update public.security_policies set updated_by = null where updated_by = p_subject;
  update public.organization_role set updated_by = null where updated_by = p_subject;
  update public.vulnerability_scans set created_by = null where created_by = p_subject;

  -- The linkage: after this no key of the project turns the subject into their pseudonyms or back.
  with gone as (
    delete from audit.pseudonym_mapping m
    where m.pseudonym = p or m.owner_pseudonym = p or m.pseudonym = pp
    returning m.kind
  )
  select coalesce(jsonb_object_agg(g.kind, g.n), '{}') into linkage
  from (select gone.kind, count(*) as n from gone group by gone.kind) g;

  insert into gdpr.erased_subjects (subject_hash, organization_id) values (p_subject_hash, org)
  on conflict (subject_hash) do nothing;
  insert into audit.erased_identifiers (blind_index)
  values (audit.blind_index(audit.pseudonym_key(), 'user', null, uid))
  on conflict (blind_index) do nothing;

  perform audit.write_events(jsonb_build_array(gdpr.erasure_event(p_request, jsonb_build_object(
    'reason', p_reason, 'reference', p_reference, 'already_erased', already,
    'scope', coalesce(sc.scope, 'organization'), 'linkage_destroyed', linkage <> '{}'::jsonb,
    'deleted', (select coalesce(jsonb_agg(k order by k), '[]') from jsonb_each(deleted) d(k, v) where v::bigint > 0),
    'anonymised', (select coalesce(jsonb_agg(k order by k), '[]') from jsonb_each(anonymised) a(k, v) where v::bigint > 0)))));

  return jsonb_build_object('alreadyErased', already, 'deleted', deleted, 'anonymised', anonymised,
    'linkage', linkage, 'kept', kept, 'sessionIds', to_jsonb(session_ids));
end $$;
