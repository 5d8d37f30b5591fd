-- Auditor review H2: the tamper rule (audit_verify_failed, run by flush-metrics) raised nothing for a
-- re-sealed trail, which audit.verify finds self-consistent. audit.verify_for_alerts now also asks
-- audit.anchors_disagreement (20261206090000), every run, from the newest anchored seal's first seq (a
-- re-seal replaces the newest seals, so it always leaves the newest anchor without its seal, or with
-- another hash, since seal hashes chain) and from where the run's row check starts. A disagreement is a
-- failure like a row's: the mark stays, every run finds it again, and the rule raises its alert (the
-- rule's severity, CRITICAL by default), dedup'd per seal as the row failures are per seq, naming the
-- anchored seal. A row failure is still reported first; the anchors' is found once it is dealt with.
--
-- verify_for_alerts gains a column (anchor_seal_id), which CREATE OR REPLACE cannot add: its latest
-- definition is read from the catalog, changed where named (each text must occur exactly once, the
-- technique of 20261205115000), dropped and created again with the privileges it had (the owner's only).
-- evaluate_alert_rules is rewritten the same way, in place (CREATE OR REPLACE keeps its grants).
-- tests/sql/143_anchors_disagreement.sql.

do $do$
declare
  fn constant regprocedure := 'audit.verify_for_alerts(jsonb)'::regprocedure;
  acl_before aclitem[] := (select p.proacl from pg_proc p where p.oid = fn);
  definition text := pg_get_functiondef(fn);
  change record;
begin
  for change in
    select * from (values
      ('RETURNS TABLE(ok boolean, first_bad_seq bigint, problem text, full_check boolean)',
       'RETURNS TABLE(ok boolean, first_bad_seq bigint, problem text, full_check boolean, anchor_seal_id bigint)'),
      (E'  v record;\n',
       E'  v record;\n  anchor record;\n'),
      (E'    return query select true, null::bigint, null::text, false;  -- nothing sealed since the last check\n    return;\n',
       E'    -- Nothing sealed since the last check: no row to check, the anchors still are.\n'
       || E'    select true as ok, null::bigint as first_bad_seq, null::text as problem into v;\n'),
      (E'  if v.ok then\n',
       E'  -- The anchors: from the newest anchored seal on (where a re-seal shows) and from this run''s rows.\n'
       || E'  select * into anchor from audit.anchors_disagreement(least(coalesce(lo, st.verified_to_seq + 1),\n'
       || E'    (select a.from_seq from audit.anchors a order by a.seal_id desc limit 1)), null);\n'
       || E'  if v.ok and anchor.ok then\n'),
      (E'  return query select v.ok, v.first_bad_seq, v.problem, due;\n',
       E'  if v.ok and not anchor.ok then\n'
       || E'    return query select false, anchor.from_seq, anchor.problem, due, anchor.seal_id;\n'
       || E'    return;\n'
       || E'  end if;\n'
       || E'  return query select v.ok, v.first_bad_seq, v.problem, due, null::bigint;\n')
    ) c(old, new)
  loop
    if array_length(string_to_array(definition, change.old), 1) <> 2 then
      raise exception '% no longer has "%" exactly once', fn, change.old;
    end if;
    definition := replace(definition, change.old, change.new);
  end loop;
  drop function audit.verify_for_alerts(jsonb);
  execute definition;
  revoke all on function audit.verify_for_alerts(jsonb) from public, anon, authenticated, service_role;
  if (select p.proacl from pg_proc p where p.oid = 'audit.verify_for_alerts(jsonb)'::regprocedure)
     is distinct from acl_before then
    raise exception 'audit.verify_for_alerts lost or gained a privilege: % before', acl_before;
  end if;
end $do$;

do $do$
declare
  fn constant regprocedure := 'public.evaluate_alert_rules(jsonb)'::regprocedure;
  old constant text :=
    E'        format(''audit.verify found a problem at seq %s: %s'', v.first_bad_seq, v.problem),\n'
    || E'        ''rule:audit_verify_failed'', ''audit_verify_failed:'' || v.first_bad_seq,\n'
    || E'        jsonb_build_object(''first_bad_seq'', v.first_bad_seq, ''problem'', v.problem)) x;\n';
  new constant text :=
    E'        case when v.anchor_seal_id is null\n'
    || E'          then format(''audit.verify found a problem at seq %s: %s'', v.first_bad_seq, v.problem)\n'
    || E'          else format(''anchored seal %s disagrees with the trail: %s'', v.anchor_seal_id, v.problem) end,\n'
    || E'        ''rule:audit_verify_failed'',\n'
    || E'        ''audit_verify_failed:'' || coalesce(''seal:'' || v.anchor_seal_id, v.first_bad_seq::text),\n'
    || E'        jsonb_strip_nulls(jsonb_build_object(''first_bad_seq'', v.first_bad_seq, ''problem'', v.problem,\n'
    || E'          ''seal_id'', v.anchor_seal_id))) x;\n';
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old), 1) <> 2 then
    raise exception '% no longer has the tamper alert''s raise exactly once', fn;
  end if;
  execute replace(definition, old, new);
end $do$;
