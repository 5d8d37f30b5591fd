/**
 * The benchmarks that seed a synthetic audit trail work as the owner, the platform operator (the functions'
 * login could not seed), with pg_cron's jobs paused: sealing, roll-ups and the report job must not run
 * over the rows while they are generated and measured. The jobs that were active are resumed after.
 */
import { createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { withCronJobsPaused } from "../../tests/support/cron_pause.ts";

export async function asOwnerWithCronPaused<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createSql({ url: Deno.env.get("SUPABASE_DB_URL"), max: 2 });
  try {
    return await withCronJobsPaused(sql, "all", () => work(sql));
  } finally {
    await sql.end();
  }
}
