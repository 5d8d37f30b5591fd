/**
 * Fuzz over HTTP: a sample (FUZZ_HTTP_CASES, default 600) of the same generated malformed requests sent
 * through the stack's functions server (local gateway, real sockets), with the checks of the in-process
 * run (tests/support/fuzz_run.ts); requests the gateway refuses itself (verify_jwt) have no audit event,
 * as on Supabase. Then malformed HTTP on a raw socket (bad request line, Content-Length, chunking,
 * header bytes): each is refused with a 4xx or the connection is closed, and the server keeps serving.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { stackEnv } from "../support/env.ts";
import { functionEntries, toRequest } from "../support/function_catalog.ts";
import { forgedTokens, fuzzCases } from "../support/fuzz_cases.ts";
import { fuzzReport, runFuzz } from "../support/fuzz_run.ts";
import { seededRng } from "../support/fuzz_values.ts";
import { bearer, cycle, makeUsers } from "../support/identities.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const COUNT = Number(Deno.env.get("FUZZ_HTTP_CASES") ?? 600);
const SEED = Number(Deno.env.get("FUZZ_SEED") ?? Math.floor(Math.random() * 2 ** 31));

Deno.test(`fuzz over HTTP: ${COUNT} malformed requests through the functions server`, options, async () => {
  const dbUrl = stackEnv("SUPABASE_DB_URL");
  const base = stackEnv("FUNCTIONS_URL");
  await ensureDevKnowledgeBase(dbUrl, () => {});
  const sql = createSql({ url: dbUrl, max: 2 });
  const org = crypto.randomUUID();
  const users = {
    paramedic: await makeUsers(60, "paramedic", org),
    director: await makeUsers(30, "medical_director", org),
    admin: await makeUsers(30, "admin", org),
  };
  // Each user's first request opens its session (a sessions row): done here, before the counts.
  for (const user of [...users.paramedic, ...users.director, ...users.admin]) {
    const res = await fetch(`${base}/dosing`, { headers: bearer(user) });
    await res.body?.cancel();
    assert.equal(res.status, 200);
  }
  console.log(`FUZZ_SEED=${SEED}`);
  const callers = {
    paramedic: cycle(users.paramedic),
    director: cycle(users.director),
    admin: cycle(users.admin),
    forgedTokens: await forgedTokens(),
  };
  try {
    const names = (await functionEntries()).map((e) => e.name);
    const outcome = await runFuzz({
      sql,
      count: COUNT,
      clients: 8,
      cases: fuzzCases(names, COUNT, seededRng(SEED), callers, false),
      toRequest: (c) => toRequest(c, base),
      send: (request) => fetch(request),
    });
    console.log(fuzzReport(outcome));
  } finally {
    await sql.end();
  }
});

const RAW_REQUESTS = [
  "FOO BAR\r\n\r\n",
  "GET /functions/v1/dosing HTTP/9.9\r\nHost: x\r\n\r\n",
  "POST /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
  "POST /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n{}",
  "POST /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
  "GET /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n",
  "GET /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n",
  `GET /functions/v1/dosing?${"a".repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  `GET /functions/v1/dosing HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(70_000)}\r\n\r\n`,
  "GET /functions/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
];

Deno.test(
  "malformed HTTP on a raw socket: refused or closed, and the server keeps serving",
  options,
  async () => {
    const url = new URL(stackEnv("FUNCTIONS_URL"));
    for (const raw of RAW_REQUESTS) {
      const status = await rawStatus(url.hostname, Number(url.port), raw);
      assert.ok(
        status === null || (status >= 400 && status <= 499),
        `${JSON.stringify(raw.slice(0, 60))} → ${status}`,
      );
    }
    const res = await fetch(`${url.origin}/functions/v1/dosing`);
    await res.body?.cancel();
    assert.equal(res.status, 200, "still serving");
  },
);

/** The status of the first response line, or null when the server closed without answering. */
async function rawStatus(hostname: string, port: number, raw: string): Promise<number | null> {
  const conn = await Deno.connect({ hostname, port });
  const timer = setTimeout(() => conn.close(), 5000);
  try {
    await conn.write(new TextEncoder().encode(raw)).catch(() => {});
    const buffer = new Uint8Array(512);
    const n = await conn.read(buffer).catch(() => null);
    if (!n) return null;
    const line = new TextDecoder().decode(buffer.subarray(0, n)).split("\r\n")[0];
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(line);
    return match ? Number(match[1]) : null;
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* already closed by the timer */ }
  }
}
