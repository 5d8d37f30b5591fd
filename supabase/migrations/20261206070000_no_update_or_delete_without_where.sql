-- No UPDATE or DELETE without WHERE in our functions.
--
-- A hosted Supabase project loads pg-safeupdate into every Data API session (the authenticator login), and it
-- checks each statement such a session parses, those inside functions and triggers included: an UPDATE or
-- DELETE without WHERE fails there (21000, "UPDATE requires a WHERE clause"), while here, without the
-- extension, it runs. Six statements of ours had none. Through the Data API they are reached by service_role:
-- its RPC to public.kb_replace_impressions or public.roll_up_metrics, and its writes to the knowledge base,
-- whose statement trigger app.bump_knowledge_base_version bumps the version row; audit.seal and
-- audit.verify_for_alerts are reached only by pg_cron and the functions' logins, which do not load the
-- extension, and take the same rule so that none has to be argued. Each statement now says `where true`
-- (every one targets a one-row state table, or, for the impressions, replaces the whole set on purpose).
--
-- Each latest definition is rebuilt from the catalog with exactly that statement changed, and the migration
-- stops when the statement is not found exactly once (the technique of 20261205115000). CREATE OR REPLACE
-- keeps owners, grants and settings. tests/sql/142_no_update_or_delete_without_where.sql finds any new one.

do $do$
declare
  change record;
  definition text;
begin
  for change in
    select * from (values
      ('audit.seal(integer)'::regprocedure,
       'update audit.seal_state set pending_hi = null, pending_snapshot = null;'),
      ('audit.seal(integer)'::regprocedure,
       'update audit.seal_state set pending_hi = hi, pending_snapshot = snap;'),
      ('public.kb_replace_impressions(jsonb)'::regprocedure,
       'delete from public.knowledge_base_impressions;'),
      ('app.bump_knowledge_base_version()'::regprocedure,
       'update public.knowledge_base_state set version = version + 1, changed_at = now();'),
      ('public.roll_up_metrics()'::regprocedure,
       'update app.metrics_rollup_mark set updated_to = coalesce(upto, updated_to);'),
      ('audit.verify_for_alerts(jsonb)'::regprocedure,
       'full_check_at = case when due then now() else full_check_at end;')
    ) c(fn, statement_end)
  loop
    definition := pg_get_functiondef(change.fn);
    if array_length(string_to_array(definition, change.statement_end), 1) <> 2 then
      raise exception '% no longer has "%" exactly once', change.fn, change.statement_end;
    end if;
    execute replace(definition, change.statement_end, rtrim(change.statement_end, ';') || ' where true;');
  end loop;
end $do$;
