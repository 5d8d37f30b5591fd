-- The audit actions of the cold archive (issue 20): a month's archive written to object storage, read
-- back and purged from Postgres (audit.archive), and an archive brought back and verified (audit.restore).
-- Deleting objects past the policy is retention, as before (audit.retention).
alter type public.audit_action add value if not exists 'audit.archive';
alter type public.audit_action add value if not exists 'audit.restore';
