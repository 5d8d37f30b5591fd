/**
 * Compliance reports (issue 20) on a synthetic audit trail (scripts/bench/synthetic_audit.ts, four
 * organizations over the last `BENCH_REPORT_MONTHS` months, sealed), each beside a same-run baseline:
 *   building last month's report of one organization in SQL (audit.build_compliance_report, as the
 *     monthly job does)                     vs  audit.verify over the same month's seqs alone (its chain check)
 *   POST /reports for that month through audit-query in process (pipeline, RLS, its audit event)
 *                                           vs  the SQL build above
 *   GET /reports/:id?format=html in process (read, integrity check, audit event, rendering)
 *                                           vs  the same row's content read as the owner
 *   one organization's content as restated (20261203002120: the authentication figures in one scan;
 *     20261203003420: the platform-wide part computed once per run, given)
 *                                           vs  its first definition (20261203001310, into pg_temp)
 *   BENCH_REPORT_ROWS (default 3,000,000), BENCH_REPORT_MONTHS (3), BENCH_REPORT_RUNS (3), BENCH_REPORT_READS (10)
 */
import type { Sql } from "../../functions-shared/platform/db.ts";
import { bearer } from "../../tests/support/identities.ts";
import { userToken } from "../../tests/support/jwt.ts";
import { type Figure, round, summarize, timeRuns } from "./stats.ts";
import { generateSyntheticAudit } from "./synthetic_audit.ts";
import { asOwnerWithCronPaused } from "./owner_session.ts";
import { firstDefinition } from "../../tests/support/migration_function.ts";

const ROWS = Number(Deno.env.get("BENCH_REPORT_ROWS") ?? 3_000_000);
const MONTHS = Number(Deno.env.get("BENCH_REPORT_MONTHS") ?? 3);
const RUNS = Number(Deno.env.get("BENCH_REPORT_RUNS") ?? 3);
const READS = Number(Deno.env.get("BENCH_REPORT_READS") ?? 10);
const BENCH = "compliance reports";

type Fetch = (request: Request) => Promise<Response>;

/** One warm-up, then `runs` timed calls (ms). */

function figure(name: string, ms: number[], baselineName: string, baseline: number[], note: string): Figure {
  const s = summarize(ms), b = summarize(baseline);
  return {
    bench: BENCH,
    name,
    unit: "ms",
    p50: round(s.p50, 1),
    p95: round(s.p95, 1),
    baseline: `${baselineName}: p50 ${round(b.p50, 1)} ms`,
    ratio: round(s.p50 / b.p50, 2),
    note,
  };
}

export function run(): Promise<Figure[]> {
  return asOwnerWithCronPaused(measure);
}

async function measure(sql: Sql): Promise<Figure[]> {
  const trail = await generateSyntheticAudit(sql, {
    rows: ROWS,
    months: MONTHS,
    log: (l) => console.log(`  ${l}`),
  });
  await sql`select audit.seal(50000)`;
  const org = trail.organizationId;
  await sql`insert into public.organizations (id, name, created_at)
    values (${org}, ${`Bench agency ${org.slice(0, 8)}`}, now() - interval '5 years')`;
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const [range] = await sql<{ lo: number; hi: number; rows: number; mine: number }[]>`
    select min(seq)::float8 as lo, max(seq)::float8 as hi, count(*)::float8 as rows,
      count(*) filter (where organization_id = ${org})::float8 as mine
    from public.audit_logs where "timestamp" >= ${from} and "timestamp" < ${to}`;
  const month = `${range.rows.toLocaleString("en-US")} rows in the month, ${
    range.mine.toLocaleString("en-US")
  } of the organization`;

  const verify = await timeRuns(
    RUNS,
    () => sql`select * from audit.verify(${range.lo}::bigint, ${range.hi}::bigint)`,
  );
  const build = await timeRuns(
    RUNS,
    () => sql`select id from audit.build_compliance_report(${org}::uuid, ${from}, ${to}, 'on_demand')`,
  );

  // One session for both definitions: the first lives in its pg_temp. Each is given what the monthly job
  // computes once per run for it: the chain part (first), the platform part (restated).
  const session = await sql.reserve();
  let first: number[], restated: number[];
  try {
    await session.unsafe(
      await firstDefinition("20261203001310_compliance_reports.sql", "audit.compliance_report_content"),
    );
    const [{ chain, platform }] = await session`
      select audit.compliance_report_chain(${from}, ${to})::text as chain,
        audit.compliance_report_platform(${from}, ${to})::text as platform`;
    first = await timeRuns(
      RUNS,
      () =>
        session`select pg_temp.compliance_report_content_v1(${org}::uuid, ${from}, ${to}, ${chain}::jsonb)`,
    );
    restated = await timeRuns(
      RUNS,
      () => session`select audit.compliance_report_content(${org}::uuid, ${from}, ${to}, ${platform}::jsonb)`,
    );
  } finally {
    session.release();
  }

  const fn = (await import("../../supabase/functions/audit-query/index.ts")).default as { fetch: Fetch };
  const director = await userToken(crypto.randomUUID(), { role: "medical_director", organization_id: org });
  let n = 0;
  const call = async (path: string, init: RequestInit = {}) => {
    n++;
    const headers = {
      ...bearer({ token: director }),
      "X-Forwarded-For": `10.78.${(n >> 8) & 255}.${n & 255}`,
      ...(init.body ? { "Content-Type": "application/json" } : {}),
    };
    const answer = await fn.fetch(new Request(`http://localhost/audit-query${path}`, { ...init, headers }));
    const text = await answer.text();
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${text.slice(0, 300)}`);
    return text;
  };
  let id = "";
  const post = await timeRuns(RUNS, async () => {
    id = JSON.parse(
      await call("/reports", {
        method: "POST",
        body: JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
      }),
    ).id;
  });
  let bytes = 0;
  const html = await timeRuns(READS, async () => {
    bytes = (await call(`/reports/${id}?format=html`)).length;
  });
  const row = await timeRuns(READS, () => sql`select content from audit.compliance_reports where id = ${id}`);

  return [
    figure("build last month's report in SQL", build, "audit.verify over the month's seqs", verify, month),
    figure("the report's content, restated", restated, "its first definition", first, month),
    figure("POST /reports through audit-query", post, "the same build in SQL", build, month),
    figure(
      "GET /reports/:id as HTML through audit-query",
      html,
      "the report's row read as the owner",
      row,
      `${Math.round(bytes / 1024)} KB page`,
    ),
  ];
}
