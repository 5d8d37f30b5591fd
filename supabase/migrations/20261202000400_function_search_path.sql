-- A fixed search_path for every function of ours that lacked one (Supabase's database linter,
-- function_search_path_mutable): a function that resolves names through the caller's search_path can be
-- redirected by whoever controls it. Their bodies already name every schema they use.
-- tests/sql/75_database_lint.sql keeps it so for every function added later.
alter function app.current_organization_id() set search_path = '';
alter function app.current_user_role() set search_path = '';
alter function app.org_from_app_metadata(jsonb) set search_path = '';
alter function app.role_from_app_metadata(jsonb) set search_path = '';
alter function app.scrub_protocol_access() set search_path = '';
alter function app.scrub_protocol_query(text) set search_path = '';
alter function app.stamp_updated() set search_path = '';
alter function app.web_vital_rating(text,double precision) set search_path = '';
alter function audit.blind_index(bytea,text,uuid,text) set search_path = '';
alter function audit.decrypt_value(bytea,bytea) set search_path = '';
alter function audit.encrypt_value(bytea,text) set search_path = '';
alter function audit.guard_archive_update() set search_path = '';
alter function audit.is_personal_key(text) set search_path = '';
alter function audit.refuse_change() set search_path = '';
alter function audit.row_digest(public.audit_logs) set search_path = '';
alter function audit.scrub_metadata(jsonb) set search_path = '';
alter function audit.seal_digest(audit.seals) set search_path = '';
alter function audit.snapshot_settled(pg_snapshot) set search_path = '';
alter function audit.stamp_audit_row() set search_path = '';
