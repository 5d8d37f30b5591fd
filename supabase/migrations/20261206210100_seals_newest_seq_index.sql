-- "How far is the trail sealed", max(to_seq) over audit.seals, had no index to read it from: every run of
-- the tamper rule (audit.verify_for_alerts, every minute), the audit health check (audit.seal_status, every
-- flush) and audit.verify scanned every seal for it, 90-180 ms at 500k seals (scripts/bench/anchor_check.ts):
-- most of a quiet run of the tamper rule once its anchor check is cheap (20261206210000). A btree on to_seq
-- answers it from the index's end. An index, not the newest seal's to_seq: the checks must not trust the
-- order of the trail they check. The build holds audit.seal() for as long as it takes (a second at 500k).
set local lock_timeout = '5s';

create index seals_to_seq_idx on audit.seals (to_seq);
