-- Audit vocabulary of the GDPR issue: revealing an encrypted pseudonym for an authorised investigation
-- is audited as gdpr.reveal (gdpr.export and gdpr.erase exist since the first audit migration).
-- On its own: a new enum value cannot be used in the transaction that adds it.

alter type public.audit_action add value if not exists 'gdpr.reveal';
