-- A patient-scope export names its subject by the patient pseudonym, never their user pseudonym.
--
-- gdpr.export_plan's subjectPseudonym was the user pseudonym when the audit trail knew one, else the patient
-- pseudonym (20261206170000). In scope 'patient' (an organization exporting someone it treated, who is
-- another organization's member) that handed the organization the person's user pseudonym, in the export's
-- header and its gdpr.export event: a key to their account's trail, which the organization has no business
-- holding, and a sign that they have an account elsewhere. The organization's own records (its PHI-access
-- log) know them by the patient pseudonym, so that is what the plan and the event now name. The export's
-- search of events about the subject looks under both pseudonyms (20261206200000), so no scope misses the
-- events filed either way. Rebuilt from the catalog; the replaced text must occur exactly once.
-- tests/sql/153_export_events_under_either_pseudonym.sql.

do $do$
declare
  fn constant regprocedure := 'gdpr.export_plan(uuid,text)';
  old_text constant text := $$'subjectPseudonym', coalesce(sc.user_pseudonym, sc.patient_pseudonym),$$;
  new_text constant text := $$'subjectPseudonym', case when sc.scope = 'patient' then sc.patient_pseudonym
      else coalesce(sc.user_pseudonym, sc.patient_pseudonym) end,$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer names the subject''s pseudonym exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;
