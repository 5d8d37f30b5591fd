-- Backup codes' hashes leave the database through no request role (review19 L2).
--
-- 20261122000550 granted authenticated SELECT on all of public.mfa_backup_codes, so over the Data API an
-- organization's admin (RLS: their members' rows) read every member's bcrypt code_hash, and service_role (the
-- Supabase default, all columns) everyone's: an offline guess at a ten-character code, away from the attempt
-- cap of use_mfa_backup_code (20261205093300). Nobody needs the column outside the owner's definer functions:
-- generate_mfa_backup_codes writes it and use_mfa_backup_code compares with it (both security definer, owner
-- postgres), gdpr.subject_records leaves it out of the export and gdpr.erase_subject deletes by user_id; the
-- functions (TypeScript) never read the table, and mfa_compliance_status counts codes as its owner. So SELECT
-- becomes a column grant without code_hash for authenticated and service_role (anon has none). The rest of
-- what they may do is unchanged: authenticated reads the rows RLS shows it (id, dates, set), service_role still
-- inserts, updates and deletes. `select=*` over the Data API is now refused (42501): list the columns.
-- tests/sql/137_backup_code_hashes_not_for_request_roles.sql.
revoke select on public.mfa_backup_codes from anon, authenticated, service_role;
grant select (id, user_id, organization_id, created_at, used_at, set_id) on public.mfa_backup_codes
  to authenticated, service_role;
