-- Audit actions for configuration and privilege changes (issue 16). Added in a migration of their own:
-- a new enum value cannot be used in the transaction that adds it.
alter type public.audit_action add value if not exists 'config.change';
alter type public.audit_action add value if not exists 'role.change';
