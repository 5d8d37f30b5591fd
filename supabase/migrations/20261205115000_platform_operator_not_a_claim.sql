-- The platform operator is a SQL role, not a claim.
--
-- medic_edge takes anon, authenticated, audit_reader or medic_server per transaction and sets the caller's
-- claims in request.jwt.claims, as PostgREST does; any statement in such a transaction can set them again, to
-- {"role":"service_role"}. Six functions took auth.role() = 'service_role' (that claim) for the platform
-- operator and skipped every organization and permission check: one injected statement could reveal any
-- pseudonym or export and erase any subject of any organization. They now ask app.is_platform_operator()
-- (20261205095400): the service role taken as a SQL role (the Data API's service key, scripts' asOperator) or
-- the owner's own session (SQL editor, migrations, pg_cron) — neither of which medic_edge can become.
-- Forging an ordinary user's claims stays possible by design (README, trust model); only the operator moves.
--
-- Each latest definition is rebuilt from the catalog with exactly the operator comparison replaced, and the
-- migration stops when that comparison is not found exactly once, so a definition changed since is not
-- silently kept (the technique of 20261205110100). CREATE OR REPLACE keeps owners and grants. What is
-- replaced, function by function:
--   audit.reveal(uuid)                    coalesce(auth.role(), '') <> 'service_role'  ->  not operator
--   audit.reveal_many(uuid[])             coalesce(auth.role(), '') = 'service_role'   ->  operator
--                                           (the IF before any row is read: once per call, not per row)
--   app.has_permission(text)              coalesce(auth.role(), '') = 'service_role'   ->  operator
--                                           (the 'authenticated' test beside it stays: a user's claims)
--   gdpr.subject_scope(uuid,text,boolean) coalesce(auth.role(), '') = 'service_role'   ->  operator
--                                           (export_plan, subject_records, erase_subject take their scope
--                                           from it; the self test on 'authenticated' stays)
--   gdpr.erased_here(text)                coalesce(auth.role(), '') = 'service_role'   ->  operator
--                                           (subject_hash is the key: one row at most)
--   gdpr.erase_subject(...)               coalesce(auth.role(), '') <> 'service_role'  ->  not operator
--                                           (the privileged-subject refusal, 20261202000500)
-- The oversight functions follow: audit.get_failed_auth_attempts reveals through reveal_many and
-- audit.verify_audit_trail asks app.has_permission. auth.role() left elsewhere names the caller in events
-- (audit.change_actor, gdpr.erasure_event) and decides nothing.
-- tests/sql/124_platform_operator_not_a_claim.sql.

do $do$
declare
  claim_is_operator constant text := $$coalesce(auth.role(), '') = 'service_role'$$;
  claim_is_not_operator constant text := $$coalesce(auth.role(), '') <> 'service_role'$$;
  change record;
  definition text;
begin
  for change in
    select * from (values
      ('audit.reveal(uuid)'::regprocedure, claim_is_not_operator, 'not app.is_platform_operator()'),
      ('audit.reveal_many(uuid[])'::regprocedure, claim_is_operator, 'app.is_platform_operator()'),
      ('app.has_permission(text)'::regprocedure, claim_is_operator, 'app.is_platform_operator()'),
      ('gdpr.subject_scope(uuid,text,boolean)'::regprocedure, claim_is_operator, 'app.is_platform_operator()'),
      ('gdpr.erased_here(text)'::regprocedure, claim_is_operator, 'app.is_platform_operator()'),
      ('gdpr.erase_subject(uuid,text,text,text,text,jsonb)'::regprocedure, claim_is_not_operator,
       'not app.is_platform_operator()')
    ) c(fn, claim, operator)
  loop
    definition := pg_get_functiondef(change.fn);
    if array_length(string_to_array(definition, change.claim), 1) <> 2 then
      raise exception '% no longer compares the claim with service_role exactly once as expected', change.fn;
    end if;
    execute replace(definition, change.claim, change.operator);
  end loop;
end $do$;

-- app.has_permission runs as its caller (RLS policies of organization_role, the functions' permission
-- check), so the callers it had need the operator test too; it answers only about the caller itself.
grant execute on function app.is_platform_operator() to public;
