/**
 * Runs fuzz cases and checks what the issue asks of them: every answer a 4xx in the error envelope
 * (code, and the request id of the X-Request-Id header), no 5xx, no rate limiting (the callers are
 * varied), one audit event per rejected request, and no row anywhere else — every table's row count is
 * taken before and after, with pg_cron's jobs paused so that any row written in between is the run's.
 *
 * Allowed to grow: the audit trail itself (monthly partitions of audit_logs, the pseudonyms of the
 * callers it names), security_events, where token failures, denied origins and the rate limiter's
 * fallbacks are recorded by design (functions-shared/pipeline/observability/request_observations.ts), and
 * rate_limit_tracking, the Postgres limiter's counters, used whenever Redis answers slower than its budget.
 */
import assert from "node:assert/strict";
import { ErrorEnvelope } from "../../functions-shared/core/contract.ts";
import { auditWriter } from "../../functions-shared/pipeline/audit/writer.ts";
import type { Sql } from "../../functions-shared/platform/db.ts";
import { flushIsolateMetrics } from "../../functions-shared/pipeline/seams.ts";
import { landAuditSpool, waitForAuditRows } from "./audit_rows.ts";
import type { FuzzCase } from "./fuzz_cases.ts";
import { breakdown, runLoad, type Sample } from "./load_generator.ts";
import { grownTables, tableCounts } from "./table_counts.ts";
import { withCronJobsPaused } from "./cron_pause.ts";

// The audit event's own rows: its partition, its pseudonyms, the write ledger and the (pseudonym,
// organization) pairs that say who may reveal them; the limiter's and the security events' rows.
const ALLOWED_TO_GROW = new RegExp(
  "^(audit\\.audit_logs_\\w+|audit\\.pseudonym_mapping|audit\\.write_ledger|audit\\.pseudonym_organization_periods|" +
    "public\\.security_events|public\\.rate_limit_tracking)$",
);
/** Answers the local gateway gives itself (no function ran, so no audit event): verify_jwt, unknown name. */
const GATEWAY_CODES = new Set(["INVALID_JWT", "FUNCTION_NOT_FOUND"]);

export interface FuzzOutcome {
  readonly samples: readonly Sample[];
  readonly seconds: number;
  readonly grown: Record<string, number>;
}

export async function runFuzz(options: {
  sql: Sql;
  cases: Iterable<FuzzCase>;
  count: number;
  clients: number;
  toRequest(c: FuzzCase): Request;
  send(request: Request, c: FuzzCase): Promise<Response>;
}): Promise<FuzzOutcome> {
  const { sql } = options;
  return await withCronJobsPaused(sql, "all", async () => {
    await settle(sql);
    const before = await tableCounts(sql);
    const iterator = options.cases[Symbol.iterator]();
    const byRequest = new WeakMap<Request, FuzzCase>();
    const run = await runLoad({
      clients: options.clients,
      seconds: 600,
      maxRequests: options.count,
      keepBody: () => true,
      next: () => {
        const c = iterator.next().value as FuzzCase;
        const request = options.toRequest(c);
        byRequest.set(request, c);
        return { fn: c.fn, label: `${c.fn}: ${c.kind}`, request };
      },
      send: (request) => options.send(request, byRequest.get(request)!),
    });
    await settle(sql);
    const audited = run.samples.filter((s) => !GATEWAY_CODES.has(errorCode(s) ?? ""));
    const match = await waitForAuditRows(sql, audited.map((s) => s.requestId!), 20_000, landAuditSpool);
    const after = await tableCounts(sql);
    const grown = grownTables(before, after);
    const outcome = { samples: run.samples, seconds: run.seconds, grown };
    check(outcome, { audited: audited.length, ...match });
    return outcome;
  });
}

/** What this process still has in flight: audit batches, security events, metric increments. */
async function settle(sql: Sql) {
  // A job pg_cron started just before the pause (audit-anchor runs every minute) finishes first, with the
  // HTTP call it queued for the functions server.
  for (const end = Date.now() + 15_000; Date.now() < end;) {
    const [busy] = await sql<{ n: number }[]>`
      select (select count(*) from net.http_request_queue)
        + (select count(*) from cron.job_run_details where status in ('starting', 'running'))::int as n`;
    if (Number(busy.n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await auditWriter().flush();
  await flushIsolateMetrics();
  await new Promise((r) => setTimeout(r, 1500)); // the session activity batch (1 s)
}

function errorCode(s: Sample): string | undefined {
  try {
    return JSON.parse(s.body ?? "").error?.code;
  } catch {
    return undefined;
  }
}

function check(
  { samples, grown }: FuzzOutcome,
  audit: { audited: number; rows: number; matched: number; missing: string[] },
) {
  const bad = samples.filter((s) => s.status < 400 || s.status > 499);
  assert.deepEqual(
    bad.slice(0, 5).map((s) => ({
      case: s.label,
      status: s.status,
      body: s.body?.slice(0, 300),
      error: s.error,
    })),
    [],
    `${bad.length} of ${samples.length} malformed requests were not answered 4xx`,
  );
  assert.equal(samples.filter((s) => s.status === 429).length, 0, "varied callers: no rate limiting");
  const noEnvelope = samples.filter((s) => {
    try {
      // The published envelope, details' shape tied to the code (openapi.json's ErrorEnvelope).
      const envelope = ErrorEnvelope.safeParse(JSON.parse(s.body ?? ""));
      return !envelope.success || envelope.data.error.requestId !== s.requestId;
    } catch {
      return true;
    }
  });
  assert.deepEqual(
    noEnvelope.slice(0, 3).map((s) => ({ case: s.label, status: s.status, body: s.body?.slice(0, 200) })),
    [],
    "every refusal is the error envelope with its request id",
  );
  assert.deepEqual(
    { rows: audit.rows, requests: audit.matched, missing: audit.missing },
    { rows: audit.audited, requests: audit.audited, missing: [] },
    "each rejected request left exactly its audit event",
  );
  const unexpected = Object.entries(grown).filter(([table]) => !ALLOWED_TO_GROW.test(table));
  assert.deepEqual(
    Object.fromEntries(unexpected),
    {},
    "no row written by a rejected request but its audit event",
  );
}

/** Cases per function and per status, for the test output. */
export function fuzzReport({ samples, seconds, grown }: FuzzOutcome): string {
  return [
    `${samples.length} malformed requests in ${seconds.toFixed(1)} s (${
      (samples.length / seconds).toFixed(0)
    }/s)`,
    ...breakdown(samples).map((b) =>
      `  ${b.key.padEnd(18)} ${String(b.count).padStart(6)}  ${JSON.stringify(b.statuses)}`
    ),
    `  kinds: ${breakdown(samples, "label").length}; tables grown: ${JSON.stringify(grown)}`,
  ].join("\n");
}
