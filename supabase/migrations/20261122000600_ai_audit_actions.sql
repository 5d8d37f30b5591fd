-- Audit vocabulary for the AI audit trail (bedrock-ai-chat). Chat requests themselves are audited as
-- chat.query / chat.stream, which exist; the removal of expired AI audit rows is audited as well.
-- In a migration of its own: a new enum value cannot be used in the transaction that adds it.

alter type public.audit_action add value if not exists 'ai_audit.retention';
