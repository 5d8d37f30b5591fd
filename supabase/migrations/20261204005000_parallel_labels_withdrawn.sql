-- The three parallel labels of 20261204003000 (re-applied to reveal_many by 20261204004020) taken back:
-- app.current_user_role(), app.current_organization_id() and audit.reveal_many(uuid[]) are PARALLEL UNSAFE
-- again, their default, so no read through audit_logs' policy is planned with parallel workers (issue 18).
--
-- Why: on this 2-core machine the parallel plans they allowed did not pay. `bench pipeline audit_queries`,
-- 10M rows, machine idle, the same code with and without them: the failed sign-ins report 148 -> 64 ms p50
-- (12.5x -> 6.5x its SQL), the CSV export 2.06x -> 1.82x COPY, verify over 1M rows 5.02 -> 3.59 s; on 2M rows
-- no ratio changed (CSV 1.72x both). The failed sign-ins regression, seen with auto_explain: the report's
-- `failures` CTE (a parameter's window, planned without its value) is estimated at 64,082 rows and returns
-- 747; priced so, with the labels it took a Gather of 2 workers over the 24 monthly partitions (CTE 60 ms,
-- statement 132 ms); without them, an Append that prunes 22 partitions when it starts (13 ms, 60 ms).
--
-- Only the labels change: the functions' bodies, volatility and grants stay as they are (reveal_many's
-- body is another change's).
alter function app.current_user_role() parallel unsafe;
alter function app.current_organization_id() parallel unsafe;
alter function audit.reveal_many(uuid[]) parallel unsafe;
