-- The audit action of reading a function's published contract (GET /<name>/openapi.json). Every request
-- leaves one audit event; this one names what was read and nothing about the caller's data.
alter type public.audit_action add value if not exists 'api.contract';
