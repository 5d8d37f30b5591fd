/**
 * protocol_access rows from the application, against the stack's Postgres, through the two writers the
 * functions use (platform/protocol_use.ts): a search's row through the batch writer
 * (databaseProtocolSearchWriter, behind recordSearch's batcher), a document view's or a chat answer's
 * through recordProtocolAccess. Both store the results as sent and name the caller the same way; a result
 * list the table's rule refuses leaves no row from either: the batch writer's call fails with the
 * table's check (its batcher then writes row by row and drops the refused one, logged:
 * protocol_search_access_batch.test.ts), recordProtocolAccess logs one failure naming p_results (22023),
 * never the request's failure.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { recordSearch } from "../../functions-shared/handlers/protocol_search/access_log.ts";
import {
  databaseProtocolSearchWriter,
  protocolSearchRow,
  recordProtocolAccess,
} from "../../functions-shared/platform/protocol_use.ts";
import type { ProtocolHit } from "../../functions-shared/domain/protocols/mod.ts";
import type { Logger } from "../../functions-shared/core/log.ts";
import { closeDb } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });

async function paramedic() {
  const org = crypto.randomUUID();
  await sql`insert into public.organizations (id, name) values (${org}, ${`Access writes ${
    org.slice(0, 8)
  }`})`;
  return identityFromClaims({
    sub: crypto.randomUUID(),
    role: "authenticated",
    session_id: crypto.randomUUID(),
    app_metadata: { role: "paramedic", organization_id: org },
  });
}

Deno.test(
  "a search (the batch writer) and a view: the results as sent, the caller named alike",
  options,
  async () => {
    const medic = await paramedic();
    const hit = { protocolNumber: "1231", score: 9.25 } as ProtocolHit;
    const search = recordSearch(medic, {
      query: "seizure cb 213-555-1234",
      hits: [hit, { ...hit, protocolNumber: "1232", score: 3.5 }],
      pediatric: false,
      category: "neurology",
      kbVersion: "3",
    });
    assert.equal(await search.written, true);
    const viewId = crypto.randomUUID();
    const view = { id: viewId, kind: "view" as const, results: [{ protocolNumber: "1231", rank: 1 }] };
    assert.equal(await recordProtocolAccess(medic, view), true);
    assert.equal(await recordProtocolAccess(medic, view), false, "a repeated write is one row");

    const rows = await sql`
    select id, kind, query_text, pediatric, category, kb_version::text, results, organization_id,
      user_pseudonym, session_pseudonym
    from public.protocol_access where id in (${search.accessId}, ${viewId}) order by kind`;
    assert.deepEqual(
      rows.map((r) => [r.kind, r.query_text, r.pediatric, r.category, r.kb_version, r.results]),
      [
        ["search", "seizure cb [phone]", false, "neurology", "3", [
          { protocolNumber: "1231", rank: 1, score: 9.25 },
          { protocolNumber: "1232", rank: 2, score: 3.5 },
        ]],
        ["view", "", null, null, null, [{ protocolNumber: "1231", rank: 1 }]],
      ],
    );
    assert.ok(
      rows[0].user_pseudonym && rows[0].session_pseudonym,
      "a signed-in caller is named by pseudonyms",
    );
    assert.deepEqual(
      [rows[1].organization_id, rows[1].user_pseudonym, rows[1].session_pseudonym],
      [rows[0].organization_id, rows[0].user_pseudonym, rows[0].session_pseudonym],
      "the same organization, user and session for both kinds",
    );
  },
);

Deno.test(
  "a refused result list: the search batch writer's call fails on the table's check, a chat's write is one logged failure naming p_results; no row from either",
  options,
  async () => {
    const medic = await paramedic();
    const bad = [{ protocolNumber: "", rank: 1 }];

    const search = protocolSearchRow(medic, {
      id: crypto.randomUUID(),
      results: bad,
      query: "q",
      pediatric: null,
      category: null,
      kbVersion: null,
    });
    await assert.rejects(
      databaseProtocolSearchWriter()([search]),
      (error: { code?: string; constraint_name?: string }) => {
        assert.deepEqual([error.code, error.constraint_name], ["23514", "protocol_access_results_shape"]);
        return true;
      },
    );

    const searchAsUse = {
      id: search.id,
      kind: "search" as const,
      results: bad,
      query: "q",
      pediatric: null,
      category: null,
      kbVersion: null,
    };
    // @ts-expect-error a search is not recordProtocolAccess's to write: it goes through the batch writer
    const _searchIsNoUse: Parameters<typeof recordProtocolAccess>[1] = searchAsUse;

    const chat = { id: crypto.randomUUID(), kind: "chat" as const, results: bad };
    const logged: [string, string, Record<string, unknown> | undefined][] = [];
    const log: Logger = (level, message, fields) => logged.push([level, message, fields]);
    assert.equal(await recordProtocolAccess(medic, chat, log), undefined);
    assert.equal(logged.length, 1);
    const [level, message, fields] = logged[0];
    assert.deepEqual([level, message, fields?.id, fields?.kind], [
      "error",
      "protocol_access write failed after the answer",
      chat.id,
      "chat",
    ]);
    assert.match(String(fields?.errorMessage), /^p_results must be an array of at most 64 protocol results/);

    for (const id of [search.id, chat.id]) {
      const [{ n }] = await sql`select count(*)::int as n from public.protocol_access where id = ${id}`;
      assert.equal(n, 0, `no row ${id}`);
    }
  },
);

Deno.test("teardown", options, async () => {
  await sql.end();
  await closeDb();
});
