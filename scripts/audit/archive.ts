/**
 * `deno task audit:archive [YYYY-MM] [--db-url URL] [--no-expire]`: moves every archived month still in
 * Postgres (or only YYYY-MM's) to object storage, read back and verified before its content is purged,
 * then deletes the objects past their class's delete-after (scripts/audit/cold_archive.ts), and prints what
 * the database counts as overdue (audit.cold_archive_overdue, the 'cold_archive_overdue' alert rule).
 *
 * Meant for the operator's host scheduler (README: "Scheduling the cold archive"), daily after the
 * audit-retention job (pg_cron, 03:37 UTC): it is idempotent (what is done is not pending any more; a
 * failure stays pending for the next run) and one run at a time holds a session advisory lock, so two
 * hosts or an overlapping timer cannot archive the same month twice — the second exits 0 at once. The
 * lock needs a session that lasts the run: a direct connection or Supavisor's session mode (port 5432),
 * not its transaction mode (6543).
 *
 * Database: --db-url or AUDIT_ARCHIVE_DB_URL: the platform operator's connection (a member of audit_archiver, e.g. the
 * project's `postgres` connection string); never the functions' login, which cannot take that role.
 * Storage: AUDIT_ARCHIVE_S3_ENDPOINT, _BUCKET, _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY, _PART_MIB
 * (.env.example). Exit 0 when everything pending was archived (or another run holds the lock), 1 when
 * something failed (it stays in Postgres), 2 on a usage or configuration error.
 */
import { parseArgs } from "node:util";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import {
  archiverRun,
  archiverSql,
  archiveToColdStorage,
  expireColdObjects,
  parseMonth,
} from "./cold_archive.ts";

/** One archiver at a time, across hosts: the key of its session advisory lock. */
export const ARCHIVER_LOCK_KEY = 0x6d65_6469_6361; // "medica"

if (import.meta.main) {
  let values;
  let positionals;
  let store;
  let month: string | undefined;
  try {
    ({ values, positionals } = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: { "db-url": { type: "string" }, "no-expire": { type: "boolean", default: false } },
    }));
    if (positionals.length > 1) throw new Error(`one month at most, got ${positionals.join(" ")}`);
    // Validated here for the usage exit (2); archiveToColdStorage takes the YYYY-MM as given.
    if (positionals[0]) {
      month = positionals[0];
      parseMonth(month);
    }
    store = s3Store(s3ConfigFromEnv(Deno.env.toObject()));
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    console.error("usage: deno task audit:archive [YYYY-MM] [--db-url URL] [--no-expire]");
    Deno.exit(2);
  }
  const sql = archiverSql(values["db-url"]);
  const session = await sql.reserve();
  try {
    const [{ locked }] = await session`select pg_try_advisory_lock(${ARCHIVER_LOCK_KEY}) as locked`;
    if (!locked) {
      console.log("another audit:archive run holds the archiver's lock: nothing done by this one");
      Deno.exitCode = 0;
    } else {
      const service = archiverRun(sql);
      await store.ensureBucket();
      const run = await archiveToColdStorage(service, store, { month });
      if (run.archived.length + run.failed.length === 0) {
        console.log(`nothing due${month ? ` for ${month}` : ""}`);
      }
      for (const a of run.archived) {
        console.log(
          `archived ${a.partition} (#${a.archiveId}): ${a.rows} rows, ${a.objectBytes} bytes gzip in ${a.parts} part(s)`,
        );
      }
      for (const f of run.failed) {
        console.error(`FAILED ${f.partition} (#${f.archiveId}) at ${f.step}: ${f.error}`);
      }
      const expired = values["no-expire"] || month
        ? { deleted: [], failed: [] }
        : await expireColdObjects(service, store);
      for (const id of expired.deleted) {
        console.log(`deleted the objects of archive #${id} (past delete-after)`);
      }
      for (const f of expired.failed) {
        console.error(`FAILED to delete archive #${f.archiveId}'s objects: ${f.error}`);
      }
      const overdue = await service((tx) =>
        tx<{ month: string; partition_name: string; stage: string }[]>`
          select month, partition_name, stage from audit.cold_archive_overdue()`
      );
      for (const o of overdue) {
        console.error(`OVERDUE ${o.partition_name} (${o.month}): ${o.stage}`);
      }
      Deno.exitCode = run.failed.length + expired.failed.length > 0 ? 1 : 0;
      await session`select pg_advisory_unlock(${ARCHIVER_LOCK_KEY})`;
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    Deno.exitCode = 1;
  } finally {
    session.release();
    await sql.end({ timeout: 5 });
  }
}
