-- The audit trail's statistics as a whole, kept nightly (issue 18).
--
-- Autovacuum analyzes each partition of public.audit_logs, never the partitioned table itself (PostgreSQL
-- leaves partitioned tables to a manual ANALYZE). Estimates that read the whole trail's own statistics
-- therefore fall back to defaults on a project where nobody ran one: how often a row's pseudonyms repeat,
-- which lets the CSV export cache a row's four originals instead of searching them again per row
-- (export_csv.ts), and how many of a window's rows one organization holds under RLS. The benchmarks and the
-- tests analyze the parent after they write their trails, so their plans, and the figures in the README, were
-- taken with these statistics; this job keeps a deployed project planning with them too.
--
-- ANALYZE of a partitioned table samples rows across its partitions (about 30,000 at the default target)
-- and analyzes each partition again; it takes no lock that blocks reads or writes (share update
-- exclusive), so writers and the audited door go on while it runs. Nightly, before the roll-ups' and
-- retention's jobs of the early morning; once now, so a project has them from this deploy.
select cron.schedule('audit-logs-statistics', '55 1 * * *', 'analyze public.audit_logs');
analyze public.audit_logs;
