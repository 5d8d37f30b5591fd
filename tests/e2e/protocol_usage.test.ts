/**
 * Protocol usage for the medical director, end to end through the functions server: a paramedic of
 * organization A searches, opens a document and asks the chat; each leaves its protocol_access row after
 * the answer (kind search, view, chat — the chat's with no text). A's medical director then reads
 * /protocol-usage, the AI trail of that answer by messageId, and /ai-costs; each read is audited once.
 * Role by role: A's paramedic 403, a director with one factor 403 MFA_REQUIRED, B's admin 403 naming A
 * and 404 for A's answer, and B's own report does not count A's use.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { importDocuments, publishIfStale } from "../../scripts/kb/kb_store.ts";
import { readLaCountySource } from "../../scripts/kb/la_county_source.ts";
import { LA_COUNTY_DIR } from "../support/la_county_corpus.ts";
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const ORG_A = crypto.randomUUID();
const ORG_B = crypto.randomUUID();

const person = (role: string, org: string, extra: Record<string, unknown> = {}) =>
  userToken(crypto.randomUUID(), { role, organization_id: org }, extra);
const audit = (token: string) => apiClient(token)["audit-query"];

/** Polls (15 s unless told) until `check` holds: rows and audit events are written after the response. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  withinMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${withinMs / 1000} s: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, withinMs > 15_000 ? 1000 : 100));
  }
}

/** The request's audit rows, once there is one; then exactly one. */
async function auditedOnce(requestId: string) {
  const rows = await eventually(
    () =>
      sql<{ action: string; resource: string; outcome: string; metadata: Record<string, unknown> }[]>`
      select action::text, resource, outcome::text, metadata from public.audit_logs
      where correlation_id = ${requestId}`,
    (rows) => rows.length > 0,
    `an audit row for ${requestId}`,
  );
  assert.equal(rows.length, 1, "one audit event per request");
  return rows[0];
}

const requestId = (response: Response | undefined) => response!.headers.get("X-Request-Id")!;

Deno.test("setup: the LA County corpus is imported and its index served", options, async () => {
  const source = await readLaCountySource(LA_COUNTY_DIR);
  await importDocuments(sql, source.documents, source.hints); // unchanged documents are skipped
  await publishIfStale(sql);
  // A warm functions server rechecks the published version once a minute: wait until it answers.
  const guest = apiClient()["protocol-search"];
  await eventually(
    () => guest.search({ query: { q: "seizure" } }),
    (r) => (r.data?.hits.length ?? 0) > 0,
    "protocol-search serving the index",
    90_000,
  );
});

let messageId = "";
let viewed = "";
let citations = 0;

Deno.test("a medic's search, view and chat answer are counted in protocol_access", options, async () => {
  const medic = await person("paramedic", ORG_A);
  const search = await apiClient(medic)["protocol-search"].search({ query: { q: "seizure", limit: 5 } });
  assert.equal(search.error, null);
  viewed = search.data!.hits[0].protocolNumber;
  const view = await apiClient(medic)["protocol-search"].view({ params: { number: viewed } });
  assert.equal(view.error, null);
  const chat = await apiClient(medic)["bedrock-ai-chat"].ask({
    body: { stream: false, messages: [{ role: "user", content: "seizure management, call 213-555-1234" }] },
  });
  assert.equal(chat.error, null);
  const answer = chat.data as { messageId: string; citations: { protocolNumber: string }[] };
  messageId = answer.messageId;
  citations = answer.citations.length;
  assert.ok(citations > 0, "the chat retrieved protocols");

  const rows = await eventually(
    () =>
      sql<{ kind: string; query_text: string; result_count: number; id: string }[]>`
      select kind, query_text, result_count, id::text from public.protocol_access
      where organization_id = ${ORG_A} order by kind`,
    (rows) => rows.length === 3,
    "three protocol_access rows",
  );
  assert.deepEqual(rows.map((r) => r.kind), ["chat", "search", "view"]);
  const chatRow = rows[0];
  assert.equal(chatRow.id, messageId, "the chat row is the answer's messageId");
  assert.equal(chatRow.query_text, "", "no chat text is stored");
  assert.equal(chatRow.result_count, citations);
});

Deno.test("the organization's medical director reads /protocol-usage; audited", options, async () => {
  const director = await person("medical_director", ORG_A);
  const { data, error, response } = await audit(director).protocolUsage({ query: { top: 5 } });
  assert.equal(error, null);
  assert.equal(data!.usage.organization_id, ORG_A);
  assert.ok(data!.usage.weeks.length >= 4, "the last 28 days, week by week");
  const week = data!.usage.weeks.at(-1)!;
  assert.deepEqual([week.searches, week.views, week.chat_answers], [1, 1, 1]);
  assert.deepEqual(week.top_viewed, [{ protocol_number: viewed, count: 1 }]);
  assert.equal(week.top_searched[0]?.count, 1);
  assert.equal(week.top_cited.reduce((n, c) => n + c.retrieved, 0), Math.min(citations, 5));
  // By the document's number, as searches and views are; the offline answer shows (so cites) each section.
  assert.ok(week.top_cited.every((c) => /^\d/.test(c.protocol_number)), JSON.stringify(week.top_cited));
  assert.deepEqual(week.top_cited.map((c) => c.cited), week.top_cited.map((c) => c.retrieved));
  const event = await auditedOnce(requestId(response));
  assert.deepEqual([event.action, event.resource, event.outcome], [
    "audit.query",
    "protocol_access",
    "success",
  ]);
  assert.equal(event.metadata.report, "protocol_usage");

  const own = await audit(director).protocolUsage({ query: { organization: ORG_A } });
  assert.equal(own.error, null, "naming one's own organization is fine");
});

Deno.test(
  "the director reads the answer's AI trail by messageId, and /ai-costs; audited",
  options,
  async () => {
    const director = await person("medical_director", ORG_A);
    const trail = await eventually(
      () => audit(director).aiTrail({ params: { messageId } }),
      (r) => r.error === null,
      "the AI trail entry",
    );
    assert.equal(trail.data!.entry.message_id, messageId);
    assert.equal(trail.data!.entry.mode, "retrieval-only");
    assert.equal(trail.data!.entry.retrieved_protocols.length > 0, true);
    const event = await auditedOnce(requestId(trail.response));
    assert.deepEqual([event.action, event.resource], ["audit.query", "ai_audit_trails"]);
    assert.equal(event.metadata.found, true);

    const costs = await audit(director).aiCosts();
    assert.equal(costs.error, null, "medical directors read /ai-costs too");
    assert.equal(costs.data!.costs.totals.messages, 1);
    assert.equal((await auditedOnce(requestId(costs.response))).action, "audit.query");

    const missing = await audit(director).aiTrail({ params: { messageId: crypto.randomUUID() } });
    const body = await errorBody(missing.error);
    assert.equal(body.status, 404);
    assert.equal(body.body.error.code, "AI_TRAIL_NOT_FOUND");
    const bad = await errorBody(
      (await audit(director).aiTrail({ params: { messageId: "not-a-uuid" } })).error,
    );
    assert.equal(bad.status, 400);
  },
);

Deno.test(
  "role by role: paramedic 403, one factor 403, another organization's admin 403/404",
  options,
  async () => {
    const medic = await person("paramedic", ORG_A);
    for (const call of [audit(medic).protocolUsage(), audit(medic).aiTrail({ params: { messageId } })]) {
      const refused = await errorBody((await call).error);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, "FORBIDDEN");
    }
    const oneFactor = await person("medical_director", ORG_A, { aal: "aal1" });
    const mfa = await errorBody((await audit(oneFactor).protocolUsage()).error);
    assert.deepEqual([mfa.status, mfa.body.error.code], [403, "MFA_REQUIRED"]);

    const adminB = await person("admin", ORG_B);
    const naming = await audit(adminB).protocolUsage({ query: { organization: ORG_A } });
    const mismatch = await errorBody(naming.error);
    assert.deepEqual([mismatch.status, mismatch.body.error.code], [403, "ORGANIZATION_MISMATCH"]);
    const audited = await auditedOnce(mismatch.headers.get("X-Request-Id")!);
    assert.equal(audited.outcome, "failure");
    const foreign = await errorBody((await audit(adminB).aiTrail({ params: { messageId } })).error);
    assert.equal(foreign.status, 404, "another organization's answer is not found");
    const ownB = await audit(adminB).protocolUsage();
    assert.equal(ownB.error, null);
    assert.deepEqual(
      ownB.data!.usage.weeks.map((w) => w.searches + w.views + w.chat_answers).filter((n) => n > 0),
      [],
    );

    const orphan = await userToken(crypto.randomUUID(), { role: "medical_director" });
    const none = await errorBody((await audit(orphan).protocolUsage()).error);
    assert.deepEqual([none.status, none.body.error.code], [403, "ORGANIZATION_REQUIRED"]);
  },
);

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
