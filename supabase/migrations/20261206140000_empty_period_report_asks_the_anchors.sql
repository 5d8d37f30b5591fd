-- Review L2 of 20261206090200: a compliance report over a period with no audit row left said
-- integrity.ok and anchorsAgree true without asking the anchors, so an owner who deleted a whole period's
-- rows and its seals got a clean report for it. audit.compliance_report_chain now asks
-- audit.anchors_disagreement for such a period too, over the seqs its rows would hold: after the last seal
-- made before the period (a seal made before it holds no row of it: rows are at most an hour future-dated,
-- audit_logs_check) and up to the first row after it (open when there is none). Deleting more rows or
-- seals only widens that span. An idle period, or a month moved to the cold archive (its seals and anchors
-- stay), finds the anchors agreeing; a period whose anchored seals are gone is not ok and names the first.
-- audit.verify is not run over such a span: a cold-archived month would send every seal of it to the
-- row-by-row comparison, and the period has no row of its own to check.
-- The latest definition is rebuilt from the catalog with this text changed (it must occur exactly once:
-- the technique of 20261205115000); CREATE OR REPLACE keeps its owner, grants and settings.
-- tests/sql/146_compliance_report_empty_period.sql.

do $do$
declare
  fn constant regprocedure := 'audit.compliance_report_chain(timestamptz, timestamptz)'::regprocedure;
  old constant text :=
    E'  if lo is null then\n'
    || E'    return jsonb_build_object(\n'
    || E'      ''integrity'', jsonb_build_object(''ok'', true, ''firstBadSeq'', null, ''problem'', null, ''fromSeq'', null,\n'
    || E'        ''toSeq'', null, ''sealsChecked'', 0, ''rowsChecked'', 0, ''unsealedRows'', 0,\n'
    || E'        ''anchorsAgree'', true, ''disagreeingSealId'', null, ''missingSeqs'', 0),\n';
  new constant text :=
    E'  if lo is null then\n'
    || E'    -- No row of the period is left (an idle platform, a cold-archived month, or rows deleted with their\n'
    || E'    -- seals): the anchors over the seqs its rows would hold, after the last seal made before it and up\n'
    || E'    -- to the first row after it. Deleting more only widens the span.\n'
    || E'    select * into anchor from audit.anchors_disagreement(\n'
    || E'      coalesce((select s.to_seq from audit.seals s where s.sealed_at < p_from order by s.id desc limit 1), 0) + 1,\n'
    || E'      (select min(l.seq) from public.audit_logs l where l."timestamp" >= p_to));\n'
    || E'    return jsonb_build_object(\n'
    || E'      ''integrity'', jsonb_build_object(''ok'', anchor.ok, ''firstBadSeq'', anchor.from_seq,\n'
    || E'        ''problem'', anchor.problem, ''fromSeq'', null,\n'
    || E'        ''toSeq'', null, ''sealsChecked'', 0, ''rowsChecked'', 0, ''unsealedRows'', 0,\n'
    || E'        ''anchorsAgree'', anchor.ok, ''disagreeingSealId'', anchor.seal_id, ''missingSeqs'', 0),\n';
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old), 1) <> 2 then
    raise exception '% no longer has the empty period''s integrity exactly once', fn;
  end if;
  execute replace(definition, old, new);
end $do$;
