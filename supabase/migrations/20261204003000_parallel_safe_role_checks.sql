-- The audit trail's RLS role checks and reveal_many, labelled for parallel query (issue 18: the CSV export).
--
-- A statement that names a PARALLEL UNSAFE function anywhere — the RLS policy of public.audit_logs
-- included — is planned without parallel workers at all. The role checks were unsafe by default (never
-- labelled), so every read through the audited door ran in one backend, where a plain COPY of the same rows
-- reads and sorts them in parallel workers. The labels below are what these functions are:
--
-- * app.current_user_role(), app.current_organization_id(): SAFE. They only read the request's JWT claims,
--   a setting made before the statement starts (auth.jwt(): current_setting); a parallel worker starts with
--   the leader's settings, so it reads the same claims. They set nothing, write nothing, use no temporary
--   table. (Neither is inlined — each has its own search_path — so the planner looks at their labels, not
--   at auth.jwt()'s, which is Supabase's to label.)
-- * audit.reveal_many(uuid[]): RESTRICTED, not SAFE. It only reads (the pseudonym mapping, the periods, the
--   key from Vault) and sets only its own search_path (a function's SET clause is allowed in parallel mode),
--   but the key goes through Vault's decryption, which is not ours to vouch for in a worker; and it is meant
--   to run once per statement, as an init plan, in the leader. Restricted keeps it there.
--
-- Who sees which row is unchanged: the policies are the same expressions; only where they may be
-- evaluated changes. tests/sql/68_parallel_safe_role_checks.sql proves the labels and that, with a
-- parallel plan forced, RLS leaves the same rows and reveal_many the same originals as without.
alter function app.current_user_role() parallel safe;
alter function app.current_organization_id() parallel safe;
alter function audit.reveal_many(uuid[]) parallel restricted;
