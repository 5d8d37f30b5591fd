/**
 * A list read through audit-query's handler is one flight to Postgres: BEGIN, the caller's settings, the
 * page (and the timeline's subject lookup), the read's own audit event and COMMIT all leave before any
 * answer is read, every statement already prepared on the door's connection (no Describe to wait for),
 * and no statement more than the ones named here. Counted on the wire by a proxy that holds Postgres's
 * answers until the client's COMMIT (tests/support/flight_proxy.ts): a client that waits for an answer
 * before it commits needs a second flight, and a new statement or a Parse shows in the counts.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { listPage } from "../../functions-shared/handlers/audit_query/handlers.ts";
import { type ListQuery, listQuerySchema } from "../../functions-shared/handlers/audit_query/filters.ts";
import { closeDb } from "../../functions-shared/platform/db.ts";
import { resetConfig } from "../../functions-shared/core/config.ts";
import { type FlightCount, startFlightProxy } from "../support/flight_proxy.ts";
import { stackEnv } from "../support/env.ts";
import { auditQueryContext } from "../support/audit_query_context.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
const organization = crypto.randomUUID();
const subject = crypto.randomUUID();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** The handler's context for an admin of the organization, as the pipeline makes it (steps.ts). */
function contextFor(query: Record<string, string>, schema = listQuerySchema()) {
  const identity = identityFromClaims({
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    session_id: crypto.randomUUID(),
    app_metadata: { role: "admin", organization_id: organization },
  });
  return auditQueryContext<ListQuery>({
    identity,
    query: schema.parse(query),
    path: "/",
    action: "audit.query",
    ip: "10.9.8.7",
    userAgent: "flight-test",
  });
}

const window = () => ({ from: minutesAgo(60), to: minutesAgo(-1), limit: "2" });

/**
 * Runs `request` twice unarmed (the door's one connection prepares its statements), then once counted.
 * The door's pool goes through the proxy: MEDIC_AUDIT_DB_URL (the door's login) points at it, one connection
 * (DB_POOL_MAX).
 */
async function counted(request: () => Promise<unknown>): Promise<FlightCount> {
  const saved = { url: Deno.env.get("MEDIC_AUDIT_DB_URL"), max: Deno.env.get("DB_POOL_MAX") };
  const proxy = startFlightProxy(stackEnv("MEDIC_AUDIT_DB_URL"));
  Deno.env.set("MEDIC_AUDIT_DB_URL", proxy.url);
  Deno.env.set("DB_POOL_MAX", "1");
  resetConfig();
  await closeDb();
  try {
    await request();
    await request();
    proxy.arm();
    await request();
    return proxy.disarm();
  } finally {
    await closeDb();
    Deno.env.set("MEDIC_AUDIT_DB_URL", saved.url!);
    if (saved.max === undefined) Deno.env.delete("DB_POOL_MAX");
    else Deno.env.set("DB_POOL_MAX", saved.max);
    resetConfig();
    proxy.close();
  }
}

function assertOneFlight(count: FlightCount, expected: readonly RegExp[], label: string): void {
  const said = `${label}: ${JSON.stringify(count, null, 1)}`;
  assert.ok(count.committed, `${said}\nCOMMIT was sent`);
  assert.equal(count.parses, 0, `${said}\nevery statement already prepared: none waits for its Describe`);
  assert.equal(count.statements.length, expected.length, `${said}\nno statement more, none less`);
  expected.forEach((pattern, i) => assert.match(count.statements[i], pattern, `${said}\nstatement ${i + 1}`));
  assert.equal(count.flights, 1, `${said}\nsent whole before any answer was read`);
}

const settings = [
  /^begin$/,
  /^select set_config\('role'.*request\.jwt\.claims.*request\.headers/,
  /^select set_config\('plan_cache_mode', 'force_custom_plan', true\)$/,
  /^select set_config\(\$1, \$2, true\)$/, // statement_timeout
];
const eventAndCommit = [
  /^select set_config\('role', 'medic_server', true\)/,
  /^select audit\.write_events\(/,
  /^commit$/,
];

Deno.test("seed: the organization's rows", options, async () => {
  const events = [3, 2, 1].map((minutes) => ({
    organization_id: organization,
    user_id: subject,
    user_role: "paramedic",
    action: "protocol.view",
    resource: "protocol",
    outcome: "success",
    timestamp: minutesAgo(minutes),
  }));
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
});

Deno.test("a list page and its audit event: one flight, eight statements", options, async () => {
  let page: Awaited<ReturnType<typeof listPage>> | undefined;
  const count = await counted(async () => (page = await listPage(contextFor(window()))));
  assert.equal(page?.entries.length, 2, "the page as asked");
  assert.ok(page?.nextCursor, "and a cursor for the rest");
  assertOneFlight(count, [...settings, /^with page as \(/, ...eventAndCommit], "list");
});

Deno.test("the next page (a cursor) and a user's trail: one flight each", options, async () => {
  const first = await listPage(contextFor(window()));
  const next = await counted(() => listPage(contextFor({ limit: "2", cursor: first.nextCursor! })));
  assertOneFlight(next, [...settings, /^with page as \(/, ...eventAndCommit], "next page");
  const trail = await counted(() => listPage(contextFor(window()), subject));
  const lookup = /^select nullif\(set_config\('audit_query\.subject'/;
  assertOneFlight(trail, [...settings, lookup, /^with page as \(/, ...eventAndCommit], "user trail");
});

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});
