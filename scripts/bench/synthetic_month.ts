/**
 * One past month of synthetic audit rows, sealed and archived the way retention archives a month: for the
 * cold archive's tests and benchmark. The rows are generated as synthetic_audit.ts generates them (same
 * digest, consecutive reserved seqs), attached as the month's partition, sealed by audit.seal() and moved
 * into audit.archives by audit.archive_partition. Needs the owner's connection.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";
import { rowsSelect } from "./synthetic_audit.ts";

export interface ArchivedMonth {
  readonly month: string; // YYYY-MM
  readonly partition: string;
  readonly archiveIds: number[];
  readonly rows: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export async function generateArchivedMonth(
  sql: Sql,
  options: { year: number; month: number; rows: number },
): Promise<ArchivedMonth> {
  const from = new Date(Date.UTC(options.year, options.month - 1, 1));
  const to = new Date(Date.UTC(options.year, options.month, 1));
  const month = from.toISOString().slice(0, 7);
  const partition = `audit_logs_${month.replace("-", "_")}`;
  const n = options.rows;
  const [{ base }] = await sql`select nextval('audit.audit_logs_seq')::float8 as base`;
  await sql`select setval('audit.audit_logs_seq', ${base + n - 1})`;
  const [{ digest }] = await sql`select audit.row_digest_v2_sql('t') as digest`;
  const orgs = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await sql.begin(async (tx) => {
    await tx.unsafe(`set local maintenance_work_mem = '256MB'; set local synchronous_commit = off`);
    await tx.unsafe(
      `create table audit.${partition} (like public.audit_logs including defaults including constraints)`,
    );
    await tx.unsafe(
      `insert into audit.${partition} ${
        rowsSelect(digest, n, base, from.toISOString(), to.toISOString(), orgs, [crypto.randomUUID()])
      }`,
    );
    await tx.unsafe(`alter table public.audit_logs attach partition audit.${partition}
      for values from ('${from.toISOString()}') to ('${to.toISOString()}')`);
  });
  await sealThrough(sql, base + n - 1);
  // The month may have been archived before (and its objects deleted): only the archives made now.
  const [{ before }] = await sql`select coalesce(max(id), 0)::float8 as before from audit.archives`;
  await sql`select audit.archive_partition('audit_logs', ${partition}, ${from.toISOString()}::timestamptz)`;
  const ids = await sql`select id from audit.archives where partition_name = ${partition} and id > ${before}
    order by id`;
  return {
    month,
    partition,
    archiveIds: ids.map((r) => Number(r.id)),
    rows: n,
    firstSeq: base,
    lastSeq: base + n - 1,
  };
}

/** Runs audit.seal() until `seq` is sealed (pg_cron's audit-seal job may hold the sealer meanwhile). */
export async function sealThrough(sql: Sql, seq: number): Promise<void> {
  for (;;) {
    const [done] = await sql`select coalesce(max(to_seq), 0) >= ${seq} as yes from audit.seals`;
    if (done.yes) return;
    await sql`select audit.seal(100000)`.catch((err) => {
      if (err?.code !== "55P03") throw err; // lock_timeout: the scheduled sealer is running; go again
    });
  }
}
