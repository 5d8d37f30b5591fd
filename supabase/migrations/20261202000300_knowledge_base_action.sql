-- An audit action for changes to the clinical knowledge base (used from 20261202000310; a value added to
-- an enum is usable once its migration has committed).
alter type public.audit_action add value if not exists 'knowledge_base.import';
