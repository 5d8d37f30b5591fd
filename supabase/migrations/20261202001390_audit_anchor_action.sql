-- The audit action of anchoring seals outside the database (flush-metrics POST /anchors, every minute).
alter type public.audit_action add value if not exists 'audit.anchor';
