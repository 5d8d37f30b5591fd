-- reveal_many is PARALLEL RESTRICTED again (20261204003000 says why: once per statement, in the leader,
-- so the CSV export can still hand its rows to parallel workers). 20261204004010 restated the function
-- with CREATE OR REPLACE, which sets every label it does not name back to its default, PARALLEL UNSAFE;
-- both were written at the same time and met only when merged. tests/sql/68_parallel_safe_role_checks.sql
-- fails on a label lost this way.
alter function audit.reveal_many(uuid[]) parallel restricted;
