/**
 * Row counts of every table in the database, before and after a run, to show what a run wrote. Exact
 * counts (pg_stat counters are flushed lazily); partitions are counted one by one, their parents not.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

const SKIPPED_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast", "supabase_migrations"];

export async function tableCounts(sql: Sql): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname <> all(${SKIPPED_SCHEMAS}) and n.nspname not like 'pg\_temp%'
    order by 1`;
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select count(*)::float8 as n from ${name}`);
    counts.set(name, Number(row.n));
  }
  return counts;
}

/** Tables whose row count went up, and by how much. */
export function grownTables(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [name, n] of after) {
    const delta = n - (before.get(name) ?? 0);
    if (delta > 0) grown[name] = delta;
  }
  return grown;
}
