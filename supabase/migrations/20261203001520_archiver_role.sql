-- The cold archive's doors (20261203001410) were granted to service_role, the role the Edge Functions take:
-- code running in any function could read a month's pending digest from cold_archive_pending and hand it
-- to confirm_cold_archive, purging the month's content from Postgres without any object in storage. The
-- archive and restore are the platform operator's work, run from the host (`deno task audit:archive`,
-- `audit:restore`), so the doors move to a role of their own that no API role and not the functions'
-- login can take: audit_archiver, held by the operator (the migration owner; on Supabase the `postgres`
-- connection). The archiver connects as the operator and takes it for each transaction.
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'audit_archiver') then
    create role audit_archiver nologin;
  end if;
end $$;
comment on role audit_archiver is
  'The cold archive''s doors (archive, purge on a matching read-back, object expiry, restore): held by the platform operator only';
grant audit_archiver to current_user;

revoke execute on function audit.cold_archive_pending(integer), audit.cold_archive_manifest(bigint),
  audit.cold_archive_lines(bigint), audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text),
  audit.cold_objects_due(), audit.record_cold_object_deleted(bigint), audit.begin_restore(date),
  audit.restore_rows(bigint, bigint, bigint, text), audit.verify_restore(bigint, jsonb),
  audit.abandon_restore(bigint, text) from service_role;
grant usage on schema audit to audit_archiver;
grant execute on function audit.cold_archive_pending(integer), audit.cold_archive_manifest(bigint),
  audit.cold_archive_lines(bigint), audit.confirm_cold_archive(bigint, text, text, text, text, bigint, text),
  audit.cold_objects_due(), audit.record_cold_object_deleted(bigint), audit.begin_restore(date),
  audit.restore_rows(bigint, bigint, bigint, text), audit.verify_restore(bigint, jsonb),
  audit.abandon_restore(bigint, text) to audit_archiver;
-- A failed step (S3 down, a partial upload) is audited by the archiver itself through the writer.
grant execute on function audit.write_events(jsonb) to audit_archiver;
