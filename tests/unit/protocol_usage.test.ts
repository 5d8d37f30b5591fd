/**
 * The usage routes' pure parts: the chat's retrievals as one protocol_access row (each protocol once, in
 * retrieval order, marked whether the answer cites it), and /protocol-usage's query (window defaults and
 * limits, `top`, the organization filter), with a field-level 400 for each bad input.
 */
import assert from "node:assert/strict";
import { retrievals } from "../../functions-shared/handlers/bedrock_ai_chat/respond.ts";
import { usageQuerySchema } from "../../functions-shared/handlers/audit_query/usage_contract.ts";

const section = (protocolNumber: string) => ({ protocolNumber, title: `t${protocolNumber}`, text: "x" });

Deno.test("a chat answer's retrievals: once each, in order, cited or not", () => {
  const sections = [section("1231"), section("1309"), section("1231"), section("1210-P")];
  const use = retrievals(
    { messageId: "m-1", sections } as unknown as Parameters<typeof retrievals>[0],
    "Give midazolam per [MCG 1309] and follow [TP 1210-P].",
  );
  assert.deepEqual(use, {
    id: "m-1",
    kind: "chat",
    results: [
      { protocolNumber: "1231", rank: 1, cited: false },
      { protocolNumber: "1309", rank: 2, cited: true },
      { protocolNumber: "1210-P", rank: 3, cited: true },
    ],
  });
});

Deno.test("a chat answer's retrievals by the document's number, as the chat labels its sections", () => {
  // retrieve.ts labels each section "TP 1231", "MCG 1309"; the usage rows name the document as search does.
  const sections = [section("TP 1231"), section("MCG 1309"), section("TP 1231"), section("Ref. 1200.2")];
  const use = retrievals(
    { messageId: "m-2", sections } as unknown as Parameters<typeof retrievals>[0],
    "Give midazolam per [MCG 1309].\n\n[TP 1231] Seizure",
  );
  assert.deepEqual(use.results, [
    { protocolNumber: "1231", rank: 1, cited: true },
    { protocolNumber: "1309", rank: 2, cited: true },
    { protocolNumber: "1200.2", rank: 3, cited: false },
  ]);
});

Deno.test("/protocol-usage query: 28 days by default, at most 366, top 1–50", () => {
  const now = () => new Date("2026-12-03T00:00:00.000Z");
  const schema = usageQuerySchema({ now });
  assert.deepEqual(schema.parse({}), {
    from: "2026-11-05T00:00:00.000Z",
    to: "2026-12-03T00:00:00.000Z",
    top: 10,
  });
  assert.equal(schema.parse({ top: "3" }).top, 3);
  const org = crypto.randomUUID().toUpperCase();
  assert.equal(schema.parse({ organization: org }).organization, org.toLowerCase());
  for (
    const [bad, field] of [
      [{ top: "0" }, "top"],
      [{ top: "51" }, "top"],
      [{ from: "2025-01-01T00:00:00Z" }, "from"],
      [{ from: "2026-12-04T00:00:00Z" }, "from"],
      [{ organization: "not-a-uuid" }, "organization"],
      [{ extra: "1" }, ""],
    ] as const
  ) {
    const parsed = schema.safeParse(bad);
    assert.equal(parsed.success, false, JSON.stringify(bad));
    if (field) {
      assert.ok(parsed.error!.issues.some((i) => i.path[0] === field), JSON.stringify(parsed.error!.issues));
    }
  }
});
