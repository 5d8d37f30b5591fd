-- Audit actions that observability, alerts, sessions and MFA add. On their own: a new enum value cannot
-- be used in the transaction that adds it, and later migrations' functions name them.

alter type public.audit_action add value if not exists 'alert.acknowledge';
alter type public.audit_action add value if not exists 'alert.resolve';
alter type public.audit_action add value if not exists 'mfa.enroll';
alter type public.audit_action add value if not exists 'mfa.challenge';
