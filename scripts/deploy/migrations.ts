// Migrations as `supabase migration list` sees them: the local versions are the timestamps that name the
// files in supabase/migrations (`<version>_<name>.sql`), the remote ones are what `supabase db push`
// recorded in supabase_migrations.schema_migrations. One line: pending local versions and remote versions
// this repository does not have both fail it.
import type postgres from "postgres";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const MIGRATIONS_DIR = new URL("../../supabase/migrations/", import.meta.url).pathname;
const LABEL = "migrations applied";

/** The versions of migration files, by the CLI's own pattern; other files are not migrations. */
export function localVersions(fileNames: readonly string[]): string[] {
  return fileNames.flatMap((name) => /^([0-9]+)_.*\.sql$/.exec(name)?.[1] ?? []).sort();
}

export async function readLocalVersions(dir = MIGRATIONS_DIR): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
  return localVersions(names);
}

/** `remote` is null when the database has no migration history at all. */
export function judgeMigrations(local: readonly string[], remote: readonly string[] | null): CheckLine {
  if (remote === null) {
    return fail(LABEL, "no supabase_migrations.schema_migrations: apply them with `supabase db push`");
  }
  const applied = new Set(remote);
  const known = new Set(local);
  const pending = local.filter((v) => !applied.has(v));
  const unknown = [...remote].sort().filter((v) => !known.has(v));
  const problems = [
    ...(pending.length ? [`pending: ${pending.join(", ")} (apply with \`supabase db push\`)`] : []),
    ...(unknown.length ? [`applied but not in this repository: ${unknown.join(", ")}`] : []),
  ];
  if (problems.length) return fail(LABEL, problems.join("; "));
  return pass(LABEL, `all ${local.length}, the newest ${local.at(-1) ?? "none"}`);
}

export async function checkMigrations(sql: postgres.Sql, dir = MIGRATIONS_DIR): Promise<CheckLine> {
  const local = await readLocalVersions(dir);
  const [{ present }] = await sql<{ present: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  if (!present) return judgeMigrations(local, null);
  const rows = await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`;
  return judgeMigrations(local, rows.map((r) => r.version));
}
