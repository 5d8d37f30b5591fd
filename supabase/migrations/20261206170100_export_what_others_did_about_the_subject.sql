-- The export holds what others recorded about the subject, and a patient's export.
--
-- gdpr.subject_records took the audit events the subject made (actor_pseudonym) but not those others
-- wrote about them, which name them in metadata.subject_pseudonym: their role and organization history
-- (role.change), an administrator's audit-query of their trail (audit.query), an export of their data
-- (gdpr.export). Who read or released their data is theirs to learn (GDPR Art. 15(1)(c)). Nor did it take
-- the alerts naming them (a ban: "user:<id> banned until …"), which the erasure treats as theirs.
--
--   gdpr.events_about      new: audit events naming a pseudonym in metadata.subject_pseudonym that it did
--                          not make, in audit-query's shape without the actor's session, address and agent;
--                          the actor is a third party (pseudonymised by the request's strategy, like a
--                          phi_access row's actor). Found through audit_logs_metadata_idx (GIN,
--                          jsonb_path_ops) with @>.
--   gdpr.subject_records   two categories more, in the organization's scope as the others:
--                            audit_events_about  gdpr.events_about(the subject's user pseudonym, else their
--                                                patient pseudonym)
--                            alerts_about        alerts whose description, dedup key or metadata holds the
--                                                subject's id (what the erasure anonymises): what the alert
--                                                says and when it was handled, not who handled it or their
--                                                notes
--                          and the 'patient' scope (20261206170000): that organization's PHI-access rows
--                          naming them as the patient and its events about them, nothing else.
-- Rebuilt from the catalog; each replaced text must occur exactly once.
-- tests/sql/151_export_what_others_did.sql.

create function gdpr.events_about(p_about uuid, p_org uuid, p_organization_rows_only boolean)
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
  where p_about is not null
    and l.metadata @> jsonb_build_object('subject_pseudonym', p_about::text)
    -- their own (an export of their own data) are audit_events already
    and l.actor_pseudonym is distinct from p_about
    and (p_org is null or l.organization_id = p_org
         or (not p_organization_rows_only and l.organization_id is null))
  order by l."timestamp", l.seq
$$;
revoke all on function gdpr.events_about(uuid, uuid, boolean) from public, anon, authenticated, service_role;

do $do$
declare
  fn constant regprocedure := 'gdpr.subject_records(uuid)';
  definition text := pg_get_functiondef(fn);
  change record;
begin
  for change in
    select * from (values
      ($$  limiter_id text := 'user:' || p_subject::text;
begin
$$, $$  limiter_id text := 'user:' || p_subject::text;
  uid text := p_subject::text;
begin
  -- A patient whom other organizations' accounts or records name as well (20261206170000): what this
  -- organization's records say of them, no more.
  if sc.scope = 'patient' then
    return query
    select 'phi_access', x.id::text, x.occurred_at, x.organization_id,
      jsonb_build_object('occurredAt', gdpr.iso(x.occurred_at), 'subjectRole', 'patient',
        'table', x.table_name, 'operation', x.operation, 'actorRole', x.actor_role,
        'organizationId', x.organization_id),
      jsonb_strip_nulls(jsonb_build_object('actor', x.actor_pseudonym))
    from public.phi_access_audit_log x
    where x.patient_pseudonym = pp and x.organization_id = org
    order by x.occurred_at, x.id;
    return query select * from gdpr.events_about(pp, org, true);
    return;
  end if;

$$),
      ($$  where p is not null and l.actor_pseudonym = p
    and (org is null or l.organization_id is null or l.organization_id = org)
  order by l."timestamp", l.seq;
$$, $$  where p is not null and l.actor_pseudonym = p
    and (org is null or l.organization_id is null or l.organization_id = org)
  order by l."timestamp", l.seq;

  -- Audit events others wrote about the subject (metadata.subject_pseudonym): who changed their role,
  -- read their trail, exported their data.
  return query select * from gdpr.events_about(coalesce(p, pp), org, false);
$$),
      ($$  where (x.acknowledged_by = p_subject or x.resolved_by = p_subject)
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at, x.id;
$$, $$  where (x.acknowledged_by = p_subject or x.resolved_by = p_subject)
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at, x.id;

  -- Alerts naming the subject (a ban of user:<id>): those the erasure anonymises. What the alert says
  -- and when it was handled; who handled it and their notes are not the subject's.
  return query
  select 'alerts_about', x.id::text, x.created_at, x.organization_id,
    jsonb_strip_nulls(jsonb_build_object('alertId', x.id, 'severity', x.severity, 'type', x.type,
      'title', x.title, 'description', x.description, 'source', x.source, 'status', x.status,
      'metadata', x.metadata, 'occurrences', x.occurrences, 'createdAt', gdpr.iso(x.created_at),
      'lastSeenAt', gdpr.iso(x.last_seen_at), 'acknowledgedAt', gdpr.iso(x.acknowledged_at),
      'resolvedAt', gdpr.iso(x.resolved_at), 'organizationId', x.organization_id)),
    '{}'::jsonb
  from public.alerts x
  where (strpos(x.description, uid) > 0 or strpos(x.dedup_key, uid) > 0 or strpos(x.metadata::text, uid) > 0)
    and (org is null or x.organization_id is null or x.organization_id = org)
  order by x.created_at, x.id;
$$)
    ) c(old_text, new_text)
  loop
    if array_length(string_to_array(definition, change.old_text), 1) <> 2 then
      raise exception '% no longer holds exactly once: %', fn, left(change.old_text, 80);
    end if;
    definition := replace(definition, change.old_text, change.new_text);
  end loop;
  execute definition;
end $do$;
