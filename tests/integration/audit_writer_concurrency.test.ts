/**
 * Two writers meeting the same new identifiers (issue 18's set-based write_events): the second one's
 * mapping insert waits for the first and then does nothing, so its statement cannot see the pseudonyms
 * the first created; audit.resolve_pseudonyms looks again with a fresh snapshot. Every row gets its
 * pseudonyms, and each identifier is mapped once.
 */
import assert from "node:assert/strict";
import { databaseAuditWriter } from "../../functions-shared/pipeline/audit/store.ts";
import type { DbAuditEvent } from "../../functions-shared/pipeline/audit/mapping.ts";
import { createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/**
 * Waits until a backend is blocked by `blocker` (pg_blocking_pids), so only a wait on that connection counts,
 * not another test's on the shared database. No budget: if `writer` settles first, it never waited, and
 * that is the failure; the loop's count only bounds a hang (about 2 minutes of polls).
 */
async function blockedBy(sql: Sql, blocker: number, writer: Promise<unknown>): Promise<void> {
  let settled = false;
  writer.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 12_000; i++) {
    const [row] = await sql`select exists (select 1 from pg_stat_activity
      where ${blocker}::int = any(pg_blocking_pids(pid))) as blocked`;
    if (row.blocked) return;
    assert.ok(!settled, "the second writer finished without waiting on the first");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail("the second writer neither waited on the first nor finished");
}

function event(user: string, session: string, correlation: string): DbAuditEvent {
  return {
    event_id: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
    organization_id: null,
    user_id: user,
    user_role: "paramedic",
    session_id: session,
    action: "dosing.calculate",
    resource: "concurrency-test",
    outcome: "success",
    metadata: {},
    ip_address: "198.51.100.77",
    user_agent: "ConcurrencyTest/1.0",
    error_message: null,
    duration_ms: 1,
    correlation_id: correlation,
    data_classification: "INTERNAL",
    event_version: 1,
  };
}

Deno.test("a writer that waited on another's new pseudonyms still gets them", options, async () => {
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 3 });
  const first = await sql.reserve();
  try {
    const user = crypto.randomUUID();
    const session = crypto.randomUUID();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];

    // The first writer maps the new identifiers and holds its transaction open.
    const [{ pid }] = await first`select pg_backend_pid() as pid`;
    await first`begin`;
    await first`select set_config('role', 'service_role', true)`;
    await first`select audit.write_events(${JSON.stringify([event(user, session, a)])}::text::jsonb)`;

    // The second waits on the first's uncommitted mapping rows (the unique blind index)...
    const second = databaseAuditWriter({ sql })([event(user, session, b)]);
    await blockedBy(sql, pid, second);
    // ...until the first commits: its insert then does nothing, and the pseudonyms come from a new look.
    await first`commit`;
    assert.equal(await second, 1);

    const rows = await sql`select correlation_id, actor_pseudonym, session_pseudonym, ip_pseudonym,
        user_agent_pseudonym from public.audit_logs where correlation_id in (${a}, ${b})`;
    assert.equal(rows.length, 2);
    for (const column of ["actor_pseudonym", "session_pseudonym", "ip_pseudonym", "user_agent_pseudonym"]) {
      assert.ok(rows[0][column] !== null, `${column} is set`);
      assert.equal(rows[0][column], rows[1][column], `${column}: the same for both writers`);
    }
    const [mapped] = await sql`select count(*)::int as n from audit.pseudonym_mapping
      where owner_pseudonym = ${rows[0].actor_pseudonym} or pseudonym = ${rows[0].actor_pseudonym}`;
    assert.equal(mapped.n, 4, "user, session, address and agent: mapped once each");
  } finally {
    first.release();
    await sql.end({ timeout: 1 });
  }
});

/**
 * Two writers with the same event at once. A batch under 10 events (20261205032000) inserts with ON CONFLICT:
 * the second's insert waits on the first's uncommitted row and skips it when the first commits. A larger one
 * (20261203003200's plain insert) waits the same way, fails with unique_violation when the first commits, and
 * is undone and written again skipping the repeat. Either way it counts and keeps only its new events; if the
 * first rolls back, the second keeps them all.
 */
for (const [path, owns] of [["small", 1], ["large", 100]] as const) {
  for (const ending of ["commit", "rollback"] as const) {
    Deno.test(
      `a ${path} batch repeating an event another holds uncommitted (${ending})`,
      options,
      async () => {
        const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 3 });
        const first = await sql.reserve();
        try {
          const user = crypto.randomUUID();
          const tag = `repeat-${path}-${ending}`;
          const shared = event(user, "s-1", `${tag}-shared`);
          const own = Array.from({ length: owns }, (_, i) => event(user, "s-1", `${tag}-own-${i}`));
          // Map the identifiers first, so that the second writer can only wait on the event's row.
          assert.equal(await databaseAuditWriter({ sql })([event(user, "s-1", `${tag}-warm`)]), 1);

          const [{ pid }] = await first`select pg_backend_pid() as pid`;
          await first`begin`;
          await first`select set_config('role', 'service_role', true)`;
          await first`select audit.write_events(${JSON.stringify([shared])}::text::jsonb)`;

          const second = databaseAuditWriter({ sql })([shared, ...own]);
          await blockedBy(sql, pid, second);
          await first.unsafe(ending);
          assert.equal(
            await second,
            ending === "commit" ? owns : owns + 1,
            "the second writer counts its new rows",
          );

          const rows = await sql`select correlation_id, seq from public.audit_logs
          where correlation_id = ${shared.correlation_id} or correlation_id like ${`${tag}-own-%`} order by seq`;
          assert.deepEqual(rows.map((r) => r.correlation_id), [shared, ...own].map((e) => e.correlation_id));
          const [ledger] = await sql`select count(*)::int as n from audit.write_ledger w
          where w.seqs @> ${rows[1].seq}::bigint`;
          assert.equal(ledger.n, 1, "the second writer's rows are in the write ledger once");
        } finally {
          first.release();
          await sql.end({ timeout: 1 });
        }
      },
    );
  }
}
