/**
 * Fuzz, in process: FUZZ_CASES (default 10,000) generated malformed requests spread over every function
 * in supabase/functions, each sent to that function's own `fetch` — the deployed module with the real
 * pipeline (CORS, auth, rate limiter on the stack's Redis, validation, audit writer and observability on
 * its Postgres). Only 4xx, in the error envelope; one audit event each; no other row anywhere
 * (tests/support/fuzz_run.ts). FUZZ_SEED replays a run (the seed is printed).
 */
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { stackEnv } from "../support/env.ts";
import {
  type EdgeHandler,
  functionEntries,
  importFunction,
  IN_PROCESS_BASE,
  toRequest,
} from "../support/function_catalog.ts";
import { forgedTokens, fuzzCases } from "../support/fuzz_cases.ts";
import { fuzzReport, runFuzz } from "../support/fuzz_run.ts";
import { seededRng } from "../support/fuzz_values.ts";
import { bearer, cycle, gatewayAddress, makeUsers, type User } from "../support/identities.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const COUNT = Number(Deno.env.get("FUZZ_CASES") ?? 10_000);
const SEED = Number(Deno.env.get("FUZZ_SEED") ?? Math.floor(Math.random() * 2 ** 31));

Deno.test(
  `fuzz in process: ${COUNT} malformed requests → only 4xx, only their audit events`,
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    await ensureDevKnowledgeBase(dbUrl, () => {});
    const sql = createSql({ url: dbUrl, max: 2 });
    const entries = await functionEntries();
    const handlers = new Map<string, EdgeHandler>();
    for (const entry of entries) handlers.set(entry.name, await importFunction(entry));

    const org = crypto.randomUUID();
    const paramedics = await makeUsers(300, "paramedic", org);
    const directors = await makeUsers(150, "medical_director", org);
    const admins = await makeUsers(150, "admin", org);
    // Each user's first request opens its session (a sessions row): done here, before the counts.
    await warmUp(handlers.get("dosing")!, [...paramedics, ...directors, ...admins]);

    console.log(`FUZZ_SEED=${SEED}`);
    const callers = {
      paramedic: cycle(paramedics),
      director: cycle(directors),
      admin: cycle(admins),
      forgedTokens: await forgedTokens(),
    };
    try {
      const outcome = await runFuzz({
        sql,
        count: COUNT,
        clients: 16,
        cases: fuzzCases(entries.map((e) => e.name), COUNT, seededRng(SEED), callers, true),
        toRequest: (c) => toRequest(c, IN_PROCESS_BASE),
        send: (request, c) => handlers.get(c.fn)!.fetch(request),
      });
      console.log(fuzzReport(outcome));
    } finally {
      await sql.end();
    }
  },
);

async function warmUp(dosing: EdgeHandler, users: readonly User[]) {
  const queue = users.map((u, i) => ({ u, i }));
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const res = await dosing.fetch(
        new Request(`${IN_PROCESS_BASE}/dosing`, {
          headers: { ...bearer(item.u), "X-Forwarded-For": gatewayAddress(900_000 + item.i) },
        }),
      );
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`warm-up answered ${res.status}`);
    }
  }));
}
