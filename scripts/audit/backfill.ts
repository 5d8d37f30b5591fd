/**
 * Imports Medic-Bot's JSONL audit files into public.audit_logs through audit.write_events.
 *
 *   deno task audit:backfill [--db-url URL] [--batch 1000] [--org UUID] <dir-or-files…>
 *
 * A directory contributes its audit-YYYY-MM-DD.jsonl files in date order. A userId that is not a UUID
 * (Medic-Bot's own ids) is kept as a name-based UUID of it and counted. Bad lines are reported as
 * `file:line: reason` and skipped; re-running is safe (an event already present inserts nothing).
 * Exit 0 when the run completed (even with malformed lines), 1 on a fatal error, 2 on a usage error.
 */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { dbUrlFrom } from "../db_url_flag.ts";
import { BatchWriter, type PendingEvent } from "./batch_writer.ts";
import { type InputFile, readLines, resolveInputs, UsageError } from "./jsonl_files.ts";
import { parseLine } from "./medic_bot_event.ts";
import { Progress, type ProgressState } from "./progress.ts";

export { UsageError };

export const DEFAULT_BATCH = 1000;
export const MAX_BATCH = 5000; // write_events' limit
export const DEFAULT_MAX_REASONS = 20;

export interface BackfillOptions {
  readonly sql: Sql;
  /** Directories and/or files. */
  readonly inputs: readonly string[];
  readonly batchSize?: number;
  /** Organization for events without one. */
  readonly organizationId?: string;
  /** How many malformed-line reasons the summary keeps (the count is always complete). */
  readonly maxReasons?: number;
  readonly progress?: Progress;
  readonly now?: Date;
}

export interface BackfillSummary {
  files: number;
  /** Non-blank lines read. */
  lines: number;
  inserted: number;
  alreadyPresent: number;
  malformed: number;
  /** Events kept whose userId was not a UUID: mapped to a name-based UUID (externalUserUuid), then pseudonymised. */
  externalUserIds: number;
  /** The first `maxReasons` of them, `file:line: reason`. */
  reasons: string[];
  /** UTC months (YYYY-MM) whose partitions were ensured. */
  months: string[];
  durationMs: number;
}

/** A fatal error (e.g. the database went away) with what had been done until then. */
export class BackfillAborted extends Error {
  override name = "BackfillAborted";
  constructor(readonly summary: BackfillSummary, options: { cause: unknown }) {
    super(`backfill aborted: ${errorText(options.cause)}`, options);
  }
}

export async function backfill(options: BackfillOptions): Promise<BackfillSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new UsageError(`batch size must be an integer from 1 to ${MAX_BATCH}`);
  }
  const maxReasons = options.maxReasons ?? DEFAULT_MAX_REASONS;
  const started = performance.now();
  const files = await resolveInputs(options.inputs);
  const summary: BackfillSummary = {
    files: files.length,
    lines: 0,
    inserted: 0,
    alreadyPresent: 0,
    malformed: 0,
    externalUserIds: 0,
    reasons: [],
    months: [],
    durationMs: 0,
  };
  const malformed = (reason: string) => {
    summary.malformed += 1;
    if (summary.reasons.length < maxReasons) summary.reasons.push(reason);
  };
  const writer = new BatchWriter(options.sql);
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const state = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal,
    file: undefined as string | undefined,
  };
  const show = (force = false) => options.progress?.update(progressState(state, summary), force);
  let batch: PendingEvent[] = [];
  const flush = async () => {
    const result = await writer.write(batch);
    batch = [];
    summary.inserted += result.inserted;
    summary.alreadyPresent += result.accepted - result.inserted;
    for (const reason of result.rejected) malformed(reason);
  };

  try {
    // The database's action vocabulary (later migrations add values); also fails fast when unreachable.
    const [{ actions }] = await options.sql`select enum_range(null::public.audit_action)::text[] as actions`;
    for (const file of files) {
      state.file = file.path;
      const name = basename(file.path);
      for await (const { line, n, where } of numberedLines(file, (bytes) => state.bytesDone += bytes)) {
        summary.lines += 1;
        // Provenance in the row: file name and line, not the path (which names the operator's machine).
        const source = `${name}:${n}`;
        const parsed = parseLine(line, {
          now: options.now,
          organizationId: options.organizationId,
          source,
          actions,
        });
        if (!parsed.ok) malformed(`${where}: ${parsed.reason}`);
        else {
          batch.push({ event: parsed.event, where });
          if (parsed.externalUserId) summary.externalUserIds += 1;
        }
        if (batch.length >= batchSize) await flush();
        show();
      }
      state.filesDone += 1;
      show(true);
    }
    await flush();
  } catch (err) {
    throw new BackfillAborted(finish(summary, writer, started), { cause: err });
  } finally {
    options.progress?.finish();
  }
  return finish(summary, writer, started);
}

async function* numberedLines(file: InputFile, onBytes: (n: number) => void) {
  let n = 0;
  for await (const line of readLines(file.path, onBytes)) {
    n += 1;
    if (line.trim() !== "") yield { line, n, where: `${file.path}:${n}` };
  }
}

function progressState(
  s: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number; file?: string },
  summary: BackfillSummary,
): ProgressState {
  return { ...s, lines: summary.lines, inserted: summary.inserted, malformed: summary.malformed };
}

function finish(summary: BackfillSummary, writer: BatchWriter, started: number): BackfillSummary {
  summary.months = [...writer.months];
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

export function formatSummary(s: BackfillSummary): string {
  const lines = [
    `audit backfill: ${s.files} file(s), ${s.lines} line(s) in ${(s.durationMs / 1000).toFixed(1)}s`,
    `  inserted         ${s.inserted}`,
    `  already present  ${s.alreadyPresent}`,
    `  external user ids ${s.externalUserIds} (kept: a name-based UUID of the id, pseudonymised like any user)`,
    `  malformed        ${s.malformed}`,
    ...s.reasons.map((r) => `    ${r}`),
  ];
  if (s.malformed > s.reasons.length) lines.push(`    … and ${s.malformed - s.reasons.length} more`);
  if (s.months.length > 0) lines.push(`  partitions ensured for ${s.months.join(", ")}`);
  return lines.join("\n");
}

const USAGE = `usage: deno task audit:backfill [--db-url URL] [--batch N] [--org UUID] <dir-or-files…>
  --db-url URL   Postgres URL (default: $SUPABASE_DB_URL); writes run as service_role
  --batch N      events per audit.write_events call, 1–${MAX_BATCH} (default ${DEFAULT_BATCH})
  --org UUID     organization_id for events that carry none
  A directory is scanned for audit-YYYY-MM-DD.jsonl files, in date order.`;

interface CliArgs {
  readonly dbUrl: string;
  readonly batchSize: number;
  readonly organizationId?: string;
  readonly inputs: string[];
}

export function parseCliArgs(args: readonly string[], env: { SUPABASE_DB_URL?: string }): CliArgs | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        "db-url": { type: "string" },
        batch: { type: "string" },
        org: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(errorText(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const dbUrl = dbUrlFrom(values["db-url"], "SUPABASE_DB_URL", console.error, () => env.SUPABASE_DB_URL);
  if (!dbUrl) throw new UsageError("no database: pass --db-url or set SUPABASE_DB_URL");
  const batchSize = values.batch === undefined ? DEFAULT_BATCH : Number(values.batch);
  if (!/^\d+$/.test(values.batch ?? "1") || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new UsageError(`--batch must be an integer from 1 to ${MAX_BATCH}`);
  }
  const org = values.org;
  if (org !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(org)) {
    throw new UsageError("--org must be a uuid");
  }
  if (positionals.length === 0) throw new UsageError("no input: name a directory or audit-*.jsonl files");
  return { dbUrl, batchSize, organizationId: org?.toLowerCase(), inputs: positionals };
}

export async function main(args: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseCliArgs(args, { SUPABASE_DB_URL: Deno.env.get("SUPABASE_DB_URL") });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`error: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (cli === "help") {
    console.log(USAGE);
    return 0;
  }
  const sql = createSql({ url: cli.dbUrl, max: 1 });
  const progress = new Progress({ tty: Deno.stderr.isTerminal(), write: writeStderr });
  try {
    const summary = await backfill({ ...cli, sql, progress });
    console.log(formatSummary(summary));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof BackfillAborted) {
      console.error(formatSummary(err.summary));
      console.error(`error: ${errorText(err.cause)}`);
      return 1;
    }
    console.error(`error: ${errorText(err)}`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {});
  }
}

const encoder = new TextEncoder();
function writeStderr(text: string) {
  Deno.stderr.writeSync(encoder.encode(text));
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // postgres.js connection errors carry the useful part in `code` (ECONNREFUSED) with an empty message.
  const code = (err as { code?: unknown }).code;
  return err.message || (typeof code === "string" ? code : err.name);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
