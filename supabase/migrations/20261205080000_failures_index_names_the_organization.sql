-- The recent-failures index carries the organization after the time (issue 18).
--
-- Under the audited door every read runs under audit_logs' policy, and PostgreSQL lets a query's own
-- conditions become index conditions there only through LEAKPROOF operators. Enum equality (enum_eq) is not
-- LEAKPROOF, and only a superuser can mark it, so `action = …` and `outcome = …` never reach
-- audit_logs_action_outcome_time_idx for an admin: a list read filtered by action and outcome = failure walks
-- this partial index by time instead (the outcome still selects it: proving a partial index's predicate is
-- allowed). Keyed by the time alone, that walk fetched every organization's failures of the window and the
-- policy discarded the other organizations' ones row by row (10M-row trail, the benchmark's page: 8,798 rows
-- read and dropped for 68, 4,039 buffers). The organization's condition, `organization_id = (select
-- app.current_organization_id())`, is uuid equality, which is LEAKPROOF: as the index's second column it is
-- checked on the index entries, and only the caller's organization's rows are fetched (1,401 buffers).
--
-- The time stays first, so the reads that walk the failures by time alone — platform-wide reports,
-- monitoring, compliance — use it as before. Only failure events (about 3% of the trail) have an entry, now
-- 16 bytes wider. The new index is built before the old one is dropped: the build (about 7 s on the
-- benchmark's 10M rows) holds a SHARE lock, so writes to the trail wait for it and reads go on; DROP INDEX's
-- exclusive lock comes last and lasts only until this transaction commits.
create index audit_logs_failures_org_idx on public.audit_logs ("timestamp" desc, organization_id)
  where outcome = 'failure';
drop index public.audit_logs_failures_idx;
alter index public.audit_logs_failures_org_idx rename to audit_logs_failures_idx;

-- The failed sign-ins report (audit.get_failed_auth_attempts) plans its body once, its window unknown, over
-- every partition: with this index its estimate (~540,000) crossed jit_optimize_above_cost, and compiling
-- the plan took 2.7–3.0 s on the benchmark's 10M-row trail against ~50–70 ms of work (before it, ~200–400 ms
-- of JIT already, above jit_above_cost). A bounded window never repays compilation: JIT off for it, as for
-- the alert check (20261203000400).
alter function audit.get_failed_auth_attempts(integer) set jit = off;
