/**
 * Load: LOAD_CLIENTS concurrent clients for LOAD_SECONDS (at most LOAD_MAX_REQUESTS requests) across
 * every function the gateway serves (discovered from supabase/functions, so a new function is included
 * when it lands), through the stack's functions server over loopback HTTP. Many callers, so that rate
 * limits are not what is measured. Afterwards:
 *   - no answer is a 5xx and none is missing (timeouts count as failures), no request was rate limited;
 *   - the audit trail holds exactly one row per answered request (X-Request-Id = correlation_id).
 * Defaults are the quick CI version; `deno task bench load` runs the long one.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { landAuditSpool, waitForAuditRows } from "../support/audit_rows.ts";
import { stackEnv } from "../support/env.ts";
import { functionEntries, toRequest } from "../support/function_catalog.ts";
import { report, runLoad, serverErrors } from "../support/load_generator.ts";
import { loadMix } from "../support/load_recipes.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const CLIENTS = Number(Deno.env.get("LOAD_CLIENTS") ?? 8);
const SECONDS = Number(Deno.env.get("LOAD_SECONDS") ?? 4);
const MAX_REQUESTS = Number(Deno.env.get("LOAD_MAX_REQUESTS") ?? 800);

Deno.test("load across every function: no 5xx, one audit row per answered request", options, async () => {
  const dbUrl = stackEnv("SUPABASE_DB_URL");
  const base = stackEnv("FUNCTIONS_URL");
  await ensureDevKnowledgeBase(dbUrl, () => {}); // protocol-search answers 503 until an index is published
  const names = (await functionEntries()).map((f) => f.name);
  const mix = await loadMix(names);

  // Warm-up: one request per function first, so module loads and index loads are not the measurement.
  const warm = await runLoad({
    clients: 1,
    seconds: 60,
    maxRequests: names.length,
    next: (_, n) => {
      const pick = mix.first(names[n]);
      return { fn: pick.fn, label: pick.label, request: toRequest(pick.spec, base) };
    },
  });
  const run = await runLoad({
    clients: CLIENTS,
    seconds: SECONDS,
    maxRequests: MAX_REQUESTS,
    keepBody: (status) => status >= 500,
    next: () => {
      const pick = mix.next();
      return { fn: pick.fn, label: pick.label, request: toRequest(pick.spec, base) };
    },
  });
  console.log(report(run.samples, run.seconds));

  const samples = [...warm.samples, ...run.samples];
  const failures = serverErrors(samples);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} answers were 5xx or missing`);
  assert.equal(
    samples.filter((s) => s.status === 429).length,
    0,
    "callers are varied enough to stay under limits",
  );
  for (const name of names) assert.ok(run.samples.some((s) => s.fn === name), `${name} was under load`);

  const ids = samples.map((s) => s.requestId!);
  assert.equal(new Set(ids).size, samples.length, "every answer carries its own X-Request-Id");
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    const match = await waitForAuditRows(sql, ids, 20_000, landAuditSpool);
    assert.deepEqual(
      { rows: match.rows, requests: match.matched, missing: match.missing },
      { rows: samples.length, requests: samples.length, missing: [] },
      "audit rows equal answered requests",
    );
  } finally {
    await sql.end();
  }
});
