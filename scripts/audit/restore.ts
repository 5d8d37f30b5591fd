/**
 * `deno task audit:restore [--db-url URL] <YYYY-MM>`: brings that month's cold archives back into
 * audit.restored_rows and verifies them against the seals (scripts/audit/cold_restore.ts). With
 * SEAL_PUBLIC_KEY set, the manifests' anchors are checked too.
 *
 * Database: --db-url or AUDIT_ARCHIVE_DB_URL: the platform operator's connection (a member of audit_archiver, e.g. the
 * project's `postgres` connection string); never the functions' login, which cannot take that role. Storage: the AUDIT_ARCHIVE_S3_* settings.
 * Exit 0 when the restore verified, 1 when it did not (or an object was missing or damaged), 2 on a usage
 * or configuration error.
 */
import { parseArgs } from "node:util";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { archiverRun, archiverSql, parseMonth } from "./cold_archive.ts";
import { restoreMonth } from "./cold_restore.ts";

if (import.meta.main) {
  let values;
  let month: string;
  let store;
  try {
    const parsed = parseArgs({
      args: Deno.args,
      options: { "db-url": { type: "string" } },
      allowPositionals: true,
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1) throw new Error("name exactly one month");
    month = parsed.positionals[0];
    parseMonth(month);
    store = s3Store(s3ConfigFromEnv(Deno.env.toObject()));
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    console.error("usage: deno task audit:restore [--db-url URL] <YYYY-MM>");
    Deno.exit(2);
  }
  const sql = archiverSql(values["db-url"]);
  try {
    const r = await restoreMonth(archiverRun(sql), store, month, {
      sealPublicKey: Deno.env.get("SEAL_PUBLIC_KEY") || undefined,
    });
    console.log(
      `restore #${r.restoreId} of ${r.month}: ${r.archives} archives, ${r.rows} rows into audit.restored_rows, ` +
        `${r.anchorsChecked} anchors checked — ${r.ok ? "VERIFIED" : `NOT VERIFIED: ${r.problem}`}` +
        (r.firstBadSeq === null ? "" : ` (first bad seq ${r.firstBadSeq})`),
    );
    Deno.exitCode = r.ok ? 0 : 1;
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    Deno.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
