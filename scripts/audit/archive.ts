/**
 * `deno task audit:archive [--db-url URL] [--no-expire]`: moves every archived month still in Postgres
 * to object storage, read back and verified before its content is purged, then deletes the objects past
 * their class's delete-after (scripts/audit/cold_archive.ts). Run it after the daily audit-retention job
 * (pg_cron, 03:37 UTC), e.g. from the host's scheduler.
 *
 * Database: --db-url or AUDIT_ARCHIVE_DB_URL: the platform operator's connection (a member of audit_archiver, e.g. the
 * project's `postgres` connection string); never the functions' login, which cannot take that role.
 * Storage: AUDIT_ARCHIVE_S3_ENDPOINT, _BUCKET, _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY (.env.example).
 * Exit 0 when everything pending was archived, 1 when something failed (it stays in Postgres), 2 on a
 * usage or configuration error.
 */
import { parseArgs } from "node:util";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { archiverRun, archiverSql, archiveToColdStorage, expireColdObjects } from "./cold_archive.ts";

if (import.meta.main) {
  let values;
  let store;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: { "db-url": { type: "string" }, "no-expire": { type: "boolean", default: false } },
    }));
    store = s3Store(s3ConfigFromEnv(Deno.env.toObject()));
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    console.error("usage: deno task audit:archive [--db-url URL] [--no-expire]");
    Deno.exit(2);
  }
  const sql = archiverSql(values["db-url"]);
  try {
    const service = archiverRun(sql);
    await store.ensureBucket();
    const run = await archiveToColdStorage(service, store);
    for (const a of run.archived) {
      console.log(`archived ${a.partition} (#${a.archiveId}): ${a.rows} rows, ${a.objectBytes} bytes gzip`);
    }
    for (const f of run.failed) {
      console.error(`FAILED ${f.partition} (#${f.archiveId}) at ${f.step}: ${f.error}`);
    }
    const expired = values["no-expire"]
      ? { deleted: [], failed: [] }
      : await expireColdObjects(service, store);
    for (const id of expired.deleted) {
      console.log(`deleted the objects of archive #${id} (past delete-after)`);
    }
    for (const f of expired.failed) {
      console.error(`FAILED to delete archive #${f.archiveId}'s objects: ${f.error}`);
    }
    Deno.exitCode = run.failed.length + expired.failed.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    Deno.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
