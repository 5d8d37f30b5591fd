-- The audit actions of compliance reports (issue 20): building one (the monthly job, or on demand through
-- audit-query POST /reports) and reading one (GET /reports, GET /reports/:id). Added on their own, before
-- the migration that uses them: an enum value cannot be used in the transaction that adds it.
alter type public.audit_action add value if not exists 'compliance_report.generate';
alter type public.audit_action add value if not exists 'compliance_report.read';
