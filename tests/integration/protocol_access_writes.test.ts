/**
 * protocol_access rows from the application, against the stack's Postgres: a search (recordSearch) and a
 * document view go through the one writer (platform/protocol_use.ts), so they store the results as sent
 * and name the caller the same way; a result list the table's rule refuses is, from either kind, one
 * logged failure naming p_results (22023) and no row — never the request's failure.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { recordSearch } from "../../functions-shared/handlers/protocol_search/access_log.ts";
import { recordProtocolAccess } from "../../functions-shared/platform/protocol_use.ts";
import type { ProtocolHit } from "../../functions-shared/domain/protocols/mod.ts";
import type { Logger } from "../../functions-shared/core/log.ts";
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
  "a search and a view: one writer, the results as sent, the caller named alike",
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
  "a refused result list, from either kind: logged as the writers' one refusal (p_results), nothing written",
  options,
  async () => {
    const medic = await paramedic();
    const bad = [{ protocolNumber: "", rank: 1 }];
    for (
      const access of [
        {
          id: crypto.randomUUID(),
          kind: "search" as const,
          results: bad,
          query: "q",
          pediatric: null,
          category: null,
          kbVersion: null,
        },
        { id: crypto.randomUUID(), kind: "chat" as const, results: bad },
      ]
    ) {
      const logged: [string, string, Record<string, unknown> | undefined][] = [];
      const log: Logger = (level, message, fields) => logged.push([level, message, fields]);
      assert.equal(await recordProtocolAccess(medic, access, log), undefined, access.kind);
      assert.equal(logged.length, 1, access.kind);
      const [level, message, fields] = logged[0];
      assert.deepEqual([level, message, fields?.id, fields?.kind], [
        "error",
        "protocol_access write failed after the answer",
        access.id,
        access.kind,
      ]);
      assert.match(
        String(fields?.errorMessage),
        /^p_results must be an array of at most 64 protocol results/,
      );
      const [{ n }] =
        await sql`select count(*)::int as n from public.protocol_access where id = ${access.id}`;
      assert.equal(n, 0, `no ${access.kind} row`);
    }
  },
);

Deno.test("teardown", options, async () => {
  await sql.end();
});
