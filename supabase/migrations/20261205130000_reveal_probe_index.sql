-- The reveal's organization probe gets an index of its own (issue 18: audit list reads near plain SQL).
--
-- audit.reveal_many (and audit.reveal) ask, per pseudonym, whether it has a period in the caller's
-- organization: one descent of the periods' primary key (pseudonym, organization_id, source, period),
-- stopped at the first entry. That key holds one entry per month and source, ~23 per pair on the
-- benchmark's trail (1.76M entries for 76k pairs on 4M rows: 132 MB, more than the stack's 128 MB of
-- shared_buffers), so the probes' pages are often read back from the OS. An index on the pair alone keeps
-- each pair's entries as one deduplicated posting list: 15 MB for the same rows, which stays cached, and the
-- planner prefers it for the probe (its statement is unchanged, as is every rule: the same rows are asked
-- about). Measured (dev stack, 4M-row trail, reveal_many of a resource page's 331 pseudonyms as an admin
-- through the door's role, 60 calls a block on a fresh backend, the index switched by pg_index.indisvalid in
-- ABBA order, backend CPU from /proc): 3.66-4.34 ms a call without it (median 3.94), 2.70-3.70 with it
-- (median 2.97), at a load average of 8.5-8.8 from other sessions. scripts/bench/HISTORY.md, "The reveal's
-- probe on an index of its own".
--
-- The writers are unchanged: a period already recorded conflicts on the primary key before this index is
-- touched; a new one (a new month, source or organization of a pseudonym) adds one entry here.
-- The build holds a SHARE lock on the periods, so audit writes that record a new period wait for it
-- (3.6 s for 1.76M entries on this machine under load; push it outside an audit export, as
-- 20261205080000). tests/sql/132_reveal_probe_index.sql.

set local lock_timeout = '5s';

create index pseudonym_organization_periods_pseudonym_organization_idx
  on audit.pseudonym_organization_periods (pseudonym, organization_id);

comment on index audit.pseudonym_organization_periods_pseudonym_organization_idx is
  'The reveal''s organization probe (audit.reveal_many, audit.reveal): one deduplicated entry list per pair.';
