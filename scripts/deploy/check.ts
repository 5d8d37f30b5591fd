/**
 * Is this project ready to run the functions? Connects to a database (a hosted project's or the local
 * stack's) and prints a checklist, PASS / FAIL / SKIP per line:
 *
 *   deno task deploy:check [--db-url <postgres url>] [--project-url <https://<ref>.supabase.co>] [--json]
 *
 * The database is SUPABASE_DB_URL unless --db-url names it (a password on the command line is warned about).
 *
 * extensions, migrations applied (as `supabase migration list`), the Vault entries the pg_cron jobs read
 * (project_url an http(s) URL alone), the functions' logins (medic_edge, medic_audit, medic_jobs) and every
 * role each reaches, the pg_cron jobs and their last runs, what pg_net's newest calls were answered (the jobs
 * that call the functions), whether the knowledge base's search index is published, and the secrets of each
 * function
 * (asked of the deployed functions with --project-url and SUPABASE_SERVICE_ROLE_KEY from the environment).
 * Read-only: only SELECTs, through the pooler in transaction mode as well (no prepared statements).
 * Exit 0 when nothing failed, 1 when a line failed, 2 on a usage error.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { dbUrlFrom } from "../db_url_flag.ts";
import { type CheckLine, exitCodeOf, fail, formatChecklist, summaryLine } from "./checklist.ts";
import { checkCronJobs } from "./cron_jobs.ts";
import { checkExtensions } from "./extensions.ts";
import { checkFunctionSecrets } from "./function_secrets.ts";
import { checkFunctionsRoles } from "./functions_role.ts";
import { checkKnowledgeBase, LABEL as KNOWLEDGE_BASE } from "./knowledge_base.ts";
import { checkMigrations } from "./migrations.ts";
import { checkNetResponses, LABEL as NET_RESPONSES } from "./net_responses.ts";
import { checkVaultEntries } from "./vault_entries.ts";

export interface DeployCheckOptions {
  dbUrl: string;
  projectUrl?: string;
  serviceRoleKey?: string;
  fetch?: typeof fetch;
}

const messageOf = (error: unknown) => error instanceof Error ? error.message : String(error);

/** A group's query failing (e.g. a permission the login lacks) fails that group, not the whole run. */
async function orFail(label: string, check: () => Promise<CheckLine | CheckLine[]>): Promise<CheckLine[]> {
  try {
    return [await check()].flat();
  } catch (error) {
    return [fail(label, `could not check: ${messageOf(error)}`)];
  }
}

async function databaseLines(sql: postgres.Sql, projectUrl?: string): Promise<CheckLine[]> {
  try {
    await sql`select 1`;
  } catch (error) {
    return [fail("database connection", messageOf(error))];
  }
  return [
    ...await orFail("extensions", () => checkExtensions(sql)),
    ...await orFail("migrations applied", () => checkMigrations(sql)),
    ...await orFail("vault entries", () => checkVaultEntries(sql, projectUrl)),
    ...await orFail("functions roles", () => checkFunctionsRoles(sql)),
    ...await orFail("cron jobs", () => checkCronJobs(sql)),
    ...await orFail(NET_RESPONSES, () => checkNetResponses(sql)),
    ...await orFail(KNOWLEDGE_BASE, () => checkKnowledgeBase(sql)),
  ];
}

export async function deployCheck(opts: DeployCheckOptions): Promise<CheckLine[]> {
  const sql = postgres(opts.dbUrl, { prepare: false, max: 1, connect_timeout: 15, onnotice: () => {} });
  try {
    return [...await databaseLines(sql, opts.projectUrl), ...await checkFunctionSecrets(opts)];
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The URL as it may be printed: without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<the --db-url given>";
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      "db-url": { type: "string" },
      "project-url": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const dbUrl = dbUrlFrom(values["db-url"], "SUPABASE_DB_URL");
  if (!dbUrl) {
    console.error(
      "usage: deno task deploy:check [--db-url <postgres url>] [--project-url <url>] [--json]\n" +
        "  the database is SUPABASE_DB_URL unless --db-url names it (a password on the command line is warned about)",
    );
    Deno.exit(2);
  }
  const projectUrl = values["project-url"];
  const lines = await deployCheck({
    dbUrl,
    projectUrl,
    serviceRoleKey: Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") || undefined,
  });
  if (values.json) {
    // Which database (password hidden) and project: a saved report says what it was a report of.
    const checked = { database: redactedUrl(dbUrl), ...(projectUrl ? { projectUrl } : {}) };
    console.log(JSON.stringify({ ...checked, lines, summary: summaryLine(lines) }));
  } else {
    console.log(`deploy:check ${redactedUrl(dbUrl)}${projectUrl ? ` and ${projectUrl}` : ""}`);
    for (const line of formatChecklist(lines)) console.log(line);
  }
  Deno.exit(exitCodeOf(lines));
}
