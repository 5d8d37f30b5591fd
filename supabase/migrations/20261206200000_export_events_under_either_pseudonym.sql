-- An export finds the events about its subject under either of the subject's pseudonyms (review L1).
--
-- A gdpr.export event names its subject by the export plan's pseudonym: the user pseudonym when the audit
-- trail knows one, else the patient pseudonym (20261206170000). gdpr.subject_records looked for the events
-- about a subject under one pseudonym only (20261206170100): the patient scope under the patient pseudonym,
-- the other scopes under the user pseudonym, else the patient one. So:
--   - an organization's patient-scope export of another organization's member (A's crew treated B's
--     paramedic) missed A's own earlier exports of them, filed under their user pseudonym;
--   - someone exported as a patient before they had an account (filed under the patient pseudonym) and
--     later a user lost those exports from every later export, their own included.
--
-- The query changes, not how the event names the subject: audit rows never change, so the events already
-- filed under the user pseudonym are found only by looking under it; naming the patient scope's events by the
-- patient pseudonym from now on would leave those unfound, and the other scopes would then miss the new ones.
--
--   gdpr.events_about(p_user, p_patient, p_org, p_organization_rows_only)  replaces the one-pseudonym
--       function: events naming either pseudonym in metadata.subject_pseudonym (the metadata GIN index, one
--       probe each), never those the subject made (their own events, in audit_events already; a subject
--       without a user pseudonym made none, so an event without an actor, a job's, is kept), scoped as before.
--   gdpr.subject_records  every scope asks for both. The patient scope stays its organization's rows alone:
--       what it gains are that organization's own events about the person, which its audit-query already
--       shows that organization's administrators.
-- Rebuilt from the catalog; each replaced text must occur exactly once.
-- tests/sql/153_export_events_under_either_pseudonym.sql.

create function gdpr.events_about(p_user uuid, p_patient uuid, p_org uuid, p_organization_rows_only boolean)
returns table (category text, record_id text, occurred_at timestamptz, organization_id uuid, data jsonb,
  third_parties jsonb)
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select 'audit_events_about', l.event_id::text, l."timestamp", l.organization_id,
    jsonb_build_object('seq', l.seq, 'eventId', l.event_id, 'timestamp', gdpr.iso(l."timestamp"),
      'organizationId', l.organization_id, 'actorRole', l.user_role, 'action', l.action,
      'resource', l.resource, 'outcome', l.outcome, 'metadata', l.metadata,
      'dataClassification', l.data_classification, 'createdAt', gdpr.iso(l.created_at)),
    jsonb_strip_nulls(jsonb_build_object('actor', l.actor_pseudonym))
  from public.audit_logs l
  -- One GIN probe per pseudonym; a missing one probes for the other, as the plan is made before either is
  -- known. Never for null: that would find every event whose subject_pseudonym is JSON null (naming no one).
  where coalesce(p_user, p_patient) is not null
    and (l.metadata @> jsonb_build_object('subject_pseudonym', coalesce(p_user, p_patient)::text)
         or l.metadata @> jsonb_build_object('subject_pseudonym', coalesce(p_patient, p_user)::text))
    -- their own (an export of their own data) are audit_events already
    and (p_user is null or l.actor_pseudonym is distinct from p_user)
    and (p_org is null or l.organization_id = p_org
         or (not p_organization_rows_only and l.organization_id is null))
  order by l."timestamp", l.seq
$$;
revoke all on function gdpr.events_about(uuid, uuid, uuid, boolean)
  from public, anon, authenticated, service_role;

do $do$
declare
  fn constant regprocedure := 'gdpr.subject_records(uuid)';
  definition text := pg_get_functiondef(fn);
  change record;
begin
  for change in
    select * from (values
      ($$    return query select * from gdpr.events_about(pp, org, true);$$,
       $$    return query select * from gdpr.events_about(p, pp, org, true);$$),
      ($$  return query select * from gdpr.events_about(coalesce(p, pp), org, false);$$,
       $$  return query select * from gdpr.events_about(p, pp, org, false);$$)
    ) c(old_text, new_text)
  loop
    if array_length(string_to_array(definition, change.old_text), 1) <> 2 then
      raise exception '% no longer holds exactly once: %', fn, change.old_text;
    end if;
    definition := replace(definition, change.old_text, change.new_text);
  end loop;
  execute definition;
end $do$;

drop function gdpr.events_about(uuid, uuid, boolean);
