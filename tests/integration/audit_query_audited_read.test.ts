/**
 * audit-query's readAudited against the stack's Postgres: the read and its audit event commit together,
 * and nothing is returned when the event cannot be written (503 AUDIT_UNAVAILABLE) or the read times out
 * (503 QUERY_TIMEOUT) — in both cases the request is left unmarked, so the pipeline records its failure.
 * The handler's audit hook (ctx.auditEarly) is the pipeline's contract, played here by the test.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import {
  LATE_STATEMENT,
  readAudited,
  readAuditedInOneTrip,
} from "../../functions-shared/handlers/audit_query/audited_read.ts";
import { listEntries, listResultMetadata } from "../../functions-shared/handlers/audit_query/queries.ts";
import { closeDb } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { auditQueryContext } from "../support/audit_query_context.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });

function contextFor(action: string, organization = crypto.randomUUID()) {
  const identity = identityFromClaims({
    sub: crypto.randomUUID(),
    role: "authenticated",
    session_id: crypto.randomUUID(),
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: organization },
  });
  const marked = { audited: false };
  const ctx = auditQueryContext<unknown>({
    identity,
    query: {},
    path: "/summary",
    action,
    onAudited: () => (marked.audited = true), // as the pipeline does: only once the write resolved
  });
  return { ctx, marked, requestId: ctx.requestId };
}

const eventsOf = async (requestId: string) =>
  await sql<{ metadata: { rows?: number } }[]>`
    select metadata from public.audit_logs where correlation_id = ${requestId}`;

Deno.test("the read's event commits with it, with what the read found", options, async () => {
  const { ctx, marked, requestId } = contextFor("audit.query");
  const rows = await readAudited(ctx, 5_000, (tx) => tx`select 1 as one union all select 2`, (rows) => ({
    rows: rows.length,
  }));
  assert.equal(rows.length, 2);
  assert.ok(marked.audited);
  const events = await eventsOf(requestId);
  assert.equal(events.length, 1);
  assert.equal(events[0].metadata.rows, 2);
});

Deno.test(
  "an event the trail refuses: 503 AUDIT_UNAVAILABLE, nothing returned, not marked",
  options,
  async () => {
    const { ctx, marked, requestId } = contextFor("not.an.action");
    let returned = false;
    await assert.rejects(
      async () => {
        await readAudited(ctx, 5_000, (tx) => tx`select 1 as one`, () => ({}));
        returned = true;
      },
      (error: unknown) =>
        error instanceof HttpError && error.status === 503 && error.code === "AUDIT_UNAVAILABLE",
    );
    assert.equal(returned, false);
    assert.equal(marked.audited, false, "the pipeline still records the failed request");
    assert.equal((await eventsOf(requestId)).length, 0);
  },
);

Deno.test("a read past its statement timeout: 503 QUERY_TIMEOUT and no event", options, async () => {
  const { ctx, marked, requestId } = contextFor("audit.query");
  await assert.rejects(
    () => readAudited(ctx, 50, (tx) => tx`select pg_sleep(2)`, () => ({})),
    (error: unknown) => error instanceof HttpError && error.status === 503 && error.code === "QUERY_TIMEOUT",
  );
  assert.equal(marked.audited, false);
  assert.equal((await eventsOf(requestId)).length, 0);
});

/** A read for readAuditedInOneTrip: two rows, their count left in a setting for the event to say. */
const counted = {
  read: (tx: postgres.TransactionSql) =>
    tx<{ one: number }[]>`select n as one, set_config('test.rows', count(*) over ()::text, true)
      from generate_series(1, 2) n`,
  known: {
    metadata: { asked: "two" },
    resultMetadata: (tx: postgres.TransactionSql) =>
      tx`jsonb_build_object('rows', current_setting('test.rows')::integer)`,
  },
};

Deno.test("in one round trip: the event commits with the read and says what it found", options, async () => {
  const { ctx, marked, requestId } = contextFor("audit.query");
  const added: Record<string, unknown>[] = [];
  ctx.addAuditMetadata = (fields) => void added.push(fields);
  const rows = await readAuditedInOneTrip(ctx, 5_000, counted.read, counted.known);
  assert.equal(rows.length, 2);
  assert.ok(marked.audited);
  const events = await eventsOf(requestId);
  assert.equal(events.length, 1);
  assert.equal(events[0].metadata.rows, 2, "from the read's setting, in SQL");
  assert.equal((events[0].metadata as Record<string, unknown>).asked, "two", "and what was known before");
  assert.deepEqual(added, [{ asked: "two", rows: 2 }], "the request's own record says the same");
});

Deno.test("in one round trip: an event the trail refuses: 503, nothing returned", options, async () => {
  const { ctx, marked, requestId } = contextFor("not.an.action");
  let returned = false;
  await assert.rejects(
    async () => {
      await readAuditedInOneTrip(ctx, 5_000, counted.read, counted.known);
      returned = true;
    },
    (error: unknown) =>
      error instanceof HttpError && error.status === 503 && error.code === "AUDIT_UNAVAILABLE",
  );
  assert.equal(returned, false);
  assert.equal(marked.audited, false);
  assert.equal((await eventsOf(requestId)).length, 0);
});

Deno.test("in one round trip: a read past its timeout: 503 QUERY_TIMEOUT and no event", options, async () => {
  const { ctx, marked, requestId } = contextFor("audit.query");
  await assert.rejects(
    () => readAuditedInOneTrip(ctx, 50, (tx) => tx`select pg_sleep(2)`, counted.known),
    (error: unknown) => error instanceof HttpError && error.status === 503 && error.code === "QUERY_TIMEOUT",
  );
  assert.equal(marked.audited, false);
  assert.equal((await eventsOf(requestId)).length, 0);
});

Deno.test("in one round trip: a read that sends a statement after an await is refused", options, async () => {
  // The setting read with missing_ok: an event written without the read's statement says 0, not 2.
  const known = {
    metadata: {},
    resultMetadata: (tx: postgres.TransactionSql) =>
      tx`jsonb_build_object('rows', coalesce(nullif(current_setting('test.rows', true), '')::integer, 0))`,
  };
  const late = {
    "anything awaited before the statement": async (tx: postgres.TransactionSql) => {
      await Promise.resolve();
      return await counted.read(tx);
    },
    "the first statement in time, the second after its answer": async (tx: postgres.TransactionSql) => {
      await tx`select 1`;
      return await counted.read(tx);
    },
  };
  for (const [variant, read] of Object.entries(late)) {
    const { ctx, marked, requestId } = contextFor("audit.query");
    let returned = false;
    await assert.rejects(
      async () => {
        await readAuditedInOneTrip(ctx, 5_000, read, known);
        returned = true;
      },
      (error: unknown) => error instanceof Error && error.message === LATE_STATEMENT,
    );
    assert.equal(returned, false);
    assert.equal(marked.audited, false, "the pipeline records the failed request");
    // The write and COMMIT were queued before the read was refused: its event commits, claiming no row.
    const rows = (await eventsOf(requestId)).map((event) => event.metadata.rows);
    assert.deepEqual(rows, [0], `${variant}: one event, no row claimed`);
  }
});

Deno.test("the door sends prepared statements, its plans still custom", options, async () => {
  // Unnamed statements with parameters cost postgres.js a round trip each before they run (db.ts, doorDb).
  const read = (tx: postgres.TransactionSql) =>
    tx<{ mode: string; prepared: number }[]>`
      select current_setting('plan_cache_mode') as mode,
        (select count(*)::int from pg_prepared_statements) as prepared,
        set_config('test.rows', ${"1"}, true)`;
  for (let i = 0; i < 2; i++) {
    const { ctx } = contextFor("audit.query");
    const [row] = await readAuditedInOneTrip(ctx, 5_000, read, counted.known);
    assert.equal(row.mode, "force_custom_plan", "a generic plan would not see the window or the subject");
    assert.ok(row.prepared > 0, "the transaction's statements are named (prepared) statements");
  }
});

Deno.test(
  "a list page's event says rows and has_more as the page has them, empty pages too",
  options,
  async () => {
    const organization = crypto.randomUUID();
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const seeded = [3, 2, 1].map((minutes) => ({
      organization_id: organization,
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      action: "protocol.view",
      resource: "protocol",
      outcome: "success",
      timestamp: minutesAgo(minutes),
    }));
    await sql`select audit.write_events(${JSON.stringify(seeded)}::text::jsonb)`;
    // Ends before now: each read's own event lands in this organization too, after the window.
    const window = { from: minutesAgo(10), to: minutesAgo(0.5) };
    const cases = [
      { limit: 2, criteria: window, rows: 2, hasMore: true },
      { limit: 3, criteria: window, rows: 3, hasMore: false },
      { limit: 5, criteria: window, rows: 3, hasMore: false },
      { limit: 2, criteria: { from: minutesAgo(60), to: minutesAgo(50) }, rows: 0, hasMore: false },
    ];
    for (const { limit, criteria, rows, hasMore } of cases) {
      const { ctx, requestId } = contextFor("audit.query", organization);
      const added: Record<string, unknown>[] = [];
      ctx.addAuditMetadata = (fields) => void added.push(fields);
      const page = await readAuditedInOneTrip(
        ctx,
        5_000,
        (tx) => listEntries(tx, criteria, { limit }),
        {
          metadata: { limit },
          resultMetadata: (tx) => listResultMetadata(tx, { limit, total: false, subject: false }),
        },
      );
      const label = `limit ${limit}, ${rows} rows`;
      assert.equal(page.entries.length, rows, label);
      assert.equal(page.hasMore, hasMore, label);
      const said = { limit, rows, has_more: hasMore };
      const [{ metadata }] = await eventsOf(requestId) as { metadata: Record<string, unknown> }[];
      const inTrail = { limit: metadata.limit, rows: metadata.rows, has_more: metadata.has_more };
      assert.deepEqual(inTrail, said, `the trail: ${label}`);
      assert.deepEqual(added, [said], `the request's record says the same: ${label}`);
    }
  },
);

Deno.test("cleanup", options, async () => {
  await sql.end();
  await closeDb();
});
