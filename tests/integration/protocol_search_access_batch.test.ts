/**
 * The search's protocol_access rows in batches (handlers/protocol_search/access_batch.ts, issue 18), against
 * the stack's Postgres as the functions' login: many searches from several callers land in fewer calls,
 * each row pseudonymised and scrubbed as its caller's; feedback right after a search finds its row (it
 * sends the batch rather than wait for the timer); while Postgres fails the rows are held, then land; a row
 * the database refuses is dropped alone. Timers are set far out so that nothing depends on the clock: the
 * batches go by size, by feedback or by flush().
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { recordFeedback, recordSearch } from "../../functions-shared/handlers/protocol_search/access_log.ts";
import { createSearchAccessBatcher } from "../../functions-shared/handlers/protocol_search/access_batch.ts";
import {
  databaseProtocolSearchWriter,
  type WriteProtocolSearches,
} from "../../functions-shared/platform/protocol_use.ts";
import type { ProtocolHit } from "../../functions-shared/domain/protocols/mod.ts";
import type { Logger } from "../../functions-shared/core/log.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
const edge = postgres(stackEnv("MEDIC_EDGE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const never = 3_600_000; // ms: a timer that never fires during a test
const hit = { protocolNumber: "1231", score: 4.5 } as ProtocolHit;

async function organization() {
  const org = crypto.randomUUID();
  await owner`insert into public.organizations (id, name) values (${org}, ${`Batch ${org.slice(0, 8)}`})`;
  return org;
}

function paramedic(org: string) {
  return identityFromClaims({
    sub: crypto.randomUUID(),
    role: "authenticated",
    session_id: crypto.randomUUID(),
    app_metadata: { role: "paramedic", organization_id: org },
  });
}

function counting(write: WriteProtocolSearches) {
  const sizes: number[] = [];
  const counted: WriteProtocolSearches = (rows) => {
    sizes.push(rows.length);
    return write(rows);
  };
  return { sizes, write: counted };
}

async function rowsOf(ids: readonly string[]) {
  return await owner`
    select id::text, query_text, user_pseudonym::text, session_pseudonym::text, organization_id::text, user_role
    from public.protocol_access where id = any(${ids}::uuid[])`;
}

Deno.test(
  "many searches from several callers: one call, every row landed as its caller's",
  options,
  async () => {
    const org = await organization();
    const medics = [paramedic(org), paramedic(org), paramedic(org)];
    const writer = counting(databaseProtocolSearchWriter({ sql: edge }));
    const batcher = createSearchAccessBatcher({ write: writer.write, batchDelayMs: never, maxBatch: 60 });
    const searches = Array.from({ length: 60 }, (_, i) =>
      recordSearch(medics[i % 3], {
        query: `seizure ${i} cb 213-555-1234`,
        hits: [hit],
        pediatric: null,
        kbVersion: "2",
      }, batcher));
    assert.deepEqual(await Promise.all(searches.map((s) => s.written)), searches.map(() => true));
    assert.deepEqual(writer.sizes, [60], "sixty searches, one database call");

    const rows = await rowsOf(searches.map((s) => s.accessId));
    assert.equal(rows.length, 60, "every row landed");
    assert.ok(rows.every((r) => /^seizure \d+ cb \[phone\]$/.test(r.query_text)), "each query scrubbed");
    assert.ok(rows.every((r) => r.organization_id === org && r.user_role === "paramedic"));
    const byUser = new Map<string, Set<string>>();
    for (const r of rows) {
      byUser.set(
        r.user_pseudonym,
        (byUser.get(r.user_pseudonym) ?? new Set()).add(r.session_pseudonym),
      );
    }
    assert.equal(byUser.size, 3, "three callers, three user pseudonyms");
    assert.ok([...byUser.values()].every((sessions) => sessions.size === 1), "one session pseudonym each");

    const again = recordSearch(medics[0], { query: "x", hits: [], pediatric: null, kbVersion: "2" }, batcher);
    await batcher.flush();
    assert.equal(await again.written, true);
    assert.deepEqual(writer.sizes, [60, 1], "a flush sends what is open");
  },
);

Deno.test(
  "feedback right after a search: the search's batch is sent first, the feedback lands",
  options,
  async () => {
    const medic = paramedic(await organization());
    const writer = counting(databaseProtocolSearchWriter({ sql: edge }));
    const batcher = createSearchAccessBatcher({ write: writer.write, batchDelayMs: never });
    const search = recordSearch(
      medic,
      { query: "stroke", hits: [hit], pediatric: false, kbVersion: "2" },
      batcher,
    );
    assert.deepEqual(writer.sizes, [], "not written yet");
    assert.equal(await recordFeedback(medic, search.accessId, true, batcher), true);
    assert.equal(await search.written, true);
    const [row] = await owner`select was_helpful from public.protocol_access where id = ${search.accessId}`;
    assert.equal(row.was_helpful, true);
    assert.equal(
      await recordFeedback(paramedic(await organization()), search.accessId, false, batcher),
      false,
      "another user's feedback finds no row of theirs",
    );
  },
);

Deno.test(
  "Postgres failing: the rows are held, not lost, and land when it answers again",
  options,
  async () => {
    const medic = paramedic(await organization());
    // A pool to a port where nothing listens: the connection is refused, as when Postgres is down.
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const deadPort = (probe.addr as Deno.NetAddr).port;
    probe.close();
    const dead = postgres({
      host: "127.0.0.1",
      port: deadPort,
      database: "postgres",
      max: 1,
      connect_timeout: 2,
    });
    const live = databaseProtocolSearchWriter({ sql: edge });
    let down = true;
    const logged: string[] = [];
    const log: Logger = (_level, message) => logged.push(message);
    const batcher = createSearchAccessBatcher({
      write: (rows) => down ? databaseProtocolSearchWriter({ sql: dead })(rows) : live(rows),
      batchDelayMs: never,
      retryMs: never,
      logger: log,
    });
    const searches = Array.from(
      { length: 5 },
      (_, i) =>
        recordSearch(medic, { query: `asthma ${i}`, hits: [hit], pediatric: null, kbVersion: "2" }, batcher),
    );
    await batcher.flush();
    assert.equal(batcher.retained, 5, "held in memory");
    assert.deepEqual(logged, ["protocol_access batch failed after the answers; held for a retry"]);
    assert.equal(
      (await rowsOf(searches.map((s) => s.accessId))).length,
      0,
    );

    down = false;
    await batcher.flush();
    assert.equal(batcher.retained, 0);
    assert.deepEqual(await Promise.all(searches.map((s) => s.written)), [true, true, true, true, true]);
    assert.equal((await rowsOf(searches.map((s) => s.accessId))).length, 5, "every row landed");
    await dead.end({ timeout: 1 });
  },
);

Deno.test("a row the database refuses is dropped alone; the batch's good rows land", options, async () => {
  const medic = paramedic(await organization());
  const writer = counting(databaseProtocolSearchWriter({ sql: edge }));
  const logged: [string, Record<string, unknown> | undefined][] = [];
  const log: Logger = (_level, message, fields) => logged.push([message, fields]);
  const batcher = createSearchAccessBatcher({ write: writer.write, batchDelayMs: never, logger: log });
  const good = [0, 1].map((i) =>
    recordSearch(medic, { query: `good ${i}`, hits: [hit], pediatric: null, kbVersion: "2" }, batcher)
  );
  const bad = recordSearch(medic, {
    query: "bad",
    hits: [{ protocolNumber: "", score: 1 } as ProtocolHit], // the table's rule: 1-40 characters
    pediatric: null,
    kbVersion: "2",
  }, batcher);
  await batcher.flush();
  assert.deepEqual(await Promise.all([...good, bad].map((s) => s.written)), [true, true, undefined]);
  assert.deepEqual(writer.sizes, [3, 1, 1, 1], "the refused batch, then row by row");
  assert.deepEqual(logged.map(([message, fields]) => [message, fields?.id]), [
    ["protocol_access row refused by the database; dropped", bad.accessId],
  ]);
  assert.equal((await rowsOf([...good, bad].map((s) => s.accessId))).length, 2);
});

Deno.test("teardown", options, async () => {
  await owner.end();
  await edge.end();
});
