-- audit.verify_for_alerts (the tamper rule, every minute) updated its state row on every run, even when
-- nothing was sealed since its mark and no full check was due: the same values written again, one dead
-- tuple a minute for as long as the platform runs. It now writes only when the mark moves or a full check
-- was done. The row is still locked (FOR UPDATE) at the start, so two runs still take turns.
-- The latest definition is rebuilt from the catalog with this text changed (it must occur exactly once:
-- the technique of 20261205115000); CREATE OR REPLACE keeps its owner, grants and settings.
-- tests/sql/147_tamper_rule_quiet_run_and_seal_gaps.sql.

do $do$
declare
  fn constant regprocedure := 'audit.verify_for_alerts(jsonb)'::regprocedure;
  old constant text := E'  if v.ok and anchor.ok then\n';
  new constant text :=
    E'  -- A quiet run (no full check, nothing sealed past the mark) has nothing to write.\n'
    || E'  if v.ok and anchor.ok and (due or coalesce(sealed_to, 0) > st.verified_to_seq) then\n';
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old), 1) <> 2 then
    raise exception '% no longer has "%" exactly once', fn, old;
  end if;
  execute replace(definition, old, new);
end $do$;
