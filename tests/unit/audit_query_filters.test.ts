import assert from "node:assert/strict";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { parseQuery, parseWithSchema } from "../../functions-shared/pipeline/validate.ts";
import { AUDIT_ACTIONS } from "../../functions-shared/core/audit_vocabulary.ts";
import { filterConditions, PseudonymCache } from "../../functions-shared/handlers/audit_query/queries.ts";
import type { PageCursor } from "../../functions-shared/handlers/audit_query/cursor.ts";
import {
  assertOwnOrganization,
  dailyStatsQuerySchema,
  exportQuerySchema,
  failedAuthQuerySchema,
  filtersAuditMetadata,
  listQuerySchema,
  pageWindow,
  verifyBodySchema,
  windowQuerySchema,
} from "../../functions-shared/handlers/audit_query/filters.ts";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const now = () => NOW;
const list = listQuerySchema({ now });
const USER = "7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87";
const ORG = "0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4";

function parse(query: string, schema = list) {
  return parseQuery(new URLSearchParams(query), schema);
}

function failurePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    assert.equal(error.code, "VALIDATION_ERROR");
    return (error.details as readonly { path: string }[]).map((d) => d.path).sort();
  }
  assert.fail("expected a validation error");
}

Deno.test("list query: defaults — last 24 h, limit 100, no total, no filters", () => {
  assert.deepEqual(parse(""), {
    filters: {},
    window: {
      from: "2026-11-21T12:00:00.000Z",
      to: "2026-11-22T12:00:00.000Z",
      given: { from: false, to: false },
    },
    limit: 100,
    total: "none",
  });
});

Deno.test("list query: every filter, normalised (uuids lower-cased, actions sorted and deduplicated)", () => {
  const q = parse(
    `user=${USER.toUpperCase()}&action=user.login,audit.query&action=user.login&outcome=failure` +
      `&resource=dosing&organization=${ORG}&correlation_id=req-1&metadata=${
        encodeURIComponent('{"status":403}')
      }` + `&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00%2B02:00&limit=1000&total=exact&cursor=abc.def`,
  );
  assert.deepEqual(q.filters, {
    user: USER,
    actions: ["audit.query", "user.login"],
    outcomes: ["failure"],
    resource: "dosing",
    organization: ORG,
    correlationId: "req-1",
    metadata: { status: 403 },
  });
  assert.deepEqual(q.window, {
    from: "2026-11-20T00:00:00.000Z",
    to: "2026-11-20T22:00:00.000Z",
    given: { from: true, to: true },
  });
  assert.equal(q.limit, 1000);
  assert.equal(q.total, "exact");
  assert.equal(q.cursor, "abc.def");
});

Deno.test("list query: only from → to is now; only to → from is 24 h before it", () => {
  assert.deepEqual(parse("from=2026-11-01T00:00:00Z").window.to, NOW.toISOString());
  assert.equal(parse("to=2026-11-10T00:00:00Z").window.from, "2026-11-09T00:00:00.000Z");
});

Deno.test("list query: bad values are 400s naming each field", () => {
  assert.deepEqual(
    failurePaths(() =>
      parse(
        "user=nope&action=user.login,chat.nonsense&outcome=meh&limit=0&total=all&resource=a%0Ab" +
          "&organization=x&correlation_id=" + "x".repeat(101),
      )
    ),
    ["action.1", "correlation_id", "limit", "organization", "outcome.0", "resource", "total", "user"],
  );
  assert.deepEqual(failurePaths(() => parse("limit=1001")), ["limit"]);
  assert.deepEqual(failurePaths(() => parse("limit=2.5")), ["limit"]);
  assert.deepEqual(failurePaths(() => parse("action=")), ["action.0"]);
});

Deno.test("list query: from must be before to; dates need a time zone", () => {
  assert.deepEqual(failurePaths(() => parse("from=2026-11-21T00:00:00Z&to=2026-11-21T00:00:00Z")), ["from"]);
  assert.deepEqual(failurePaths(() => parse("from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z")), ["from"]);
  assert.deepEqual(failurePaths(() => parse("from=2026-11-23T00:00:00Z")), ["from"]); // after the default to (now)
  assert.deepEqual(failurePaths(() => parse("from=2026-11-21T00:00:00")), ["from"]);
  assert.deepEqual(failurePaths(() => parse("to=yesterday")), ["to"]);
});

Deno.test("list query: metadata must be a JSON object; unknown or repeated parameters are refused", () => {
  assert.deepEqual(failurePaths(() => parse("metadata=%5B1%5D")), ["metadata"]);
  assert.deepEqual(failurePaths(() => parse("metadata=%7Bnot%20json")), ["metadata"]);
  assert.deepEqual(
    failurePaths(() => parse(`metadata=${encodeURIComponent(JSON.stringify({ k: "x".repeat(3000) }))}`)),
    [
      "metadata",
    ],
  );
  assert.deepEqual(failurePaths(() => parse("actions=user.login")), [""]);
  assert.deepEqual(failurePaths(() => parse("limit=5&limit=6")), ["limit"]);
});

Deno.test("every enum action is accepted, and all of them at once", () => {
  const q = parse(`action=${AUDIT_ACTIONS.join(",")}`);
  assert.equal(q.filters.actions?.length, AUDIT_ACTIONS.length);
});

Deno.test("trail query has no user parameter (the path names the user) and a 30-day default", () => {
  const trail = listQuerySchema({ now, userFilter: false, defaultWindowHours: 720 });
  assert.deepEqual(failurePaths(() => parse(`user=${USER}`, trail)), [""]);
  assert.equal(parse("", trail).window.from, "2026-10-23T12:00:00.000Z");
});

Deno.test("export query: filters and a required format, no paging parameters", () => {
  const schema = exportQuerySchema({ now });
  const q = parseQuery(new URLSearchParams(`format=fhir-bundle&action=audit.export&user=${USER}`), schema);
  assert.equal(q.format, "fhir-bundle");
  assert.deepEqual(q.filters, { actions: ["audit.export"], user: USER });
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams(""), schema)), ["format"]);
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("format=xlsx"), schema)), ["format"]);
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("format=csv&limit=5"), schema)), [""]);
});

Deno.test("summary, failed-auth and daily stats schemas", () => {
  assert.deepEqual(parseQuery(new URLSearchParams(""), windowQuerySchema({ now })), {
    from: "2026-11-21T12:00:00.000Z",
    to: "2026-11-22T12:00:00.000Z",
    given: { from: false, to: false },
  });
  assert.deepEqual(parseQuery(new URLSearchParams(""), failedAuthQuerySchema), { hours: 24 });
  assert.deepEqual(parseQuery(new URLSearchParams("hours=720"), failedAuthQuerySchema), { hours: 720 });
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("hours=0"), failedAuthQuerySchema)), [
    "hours",
  ]);
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("hours=721"), failedAuthQuerySchema)), [
    "hours",
  ]);
  const stats = dailyStatsQuerySchema({ now });
  assert.deepEqual(parseQuery(new URLSearchParams(""), stats), { from: "2026-10-23", to: "2026-11-22" });
  assert.deepEqual(parseQuery(new URLSearchParams("from=2026-11-01&to=2026-11-01"), stats), {
    from: "2026-11-01",
    to: "2026-11-01",
  });
  assert.deepEqual(
    failurePaths(() => parseQuery(new URLSearchParams("from=2026-11-02&to=2026-11-01"), stats)),
    [
      "from",
    ],
  );
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("from=2020-01-01"), stats)), ["from"]);
  assert.deepEqual(failurePaths(() => parseQuery(new URLSearchParams("from=2026-02-30"), stats)), ["from"]);
});

Deno.test("verify body: optional seq range, from ≤ to, integers only, nothing else", () => {
  assert.deepEqual(parseWithSchema(verifyBodySchema, {}), {});
  assert.deepEqual(parseWithSchema(verifyBodySchema, { fromSeq: 5, toSeq: 5 }), { fromSeq: 5, toSeq: 5 });
  assert.deepEqual(failurePaths(() => parseWithSchema(verifyBodySchema, { fromSeq: 6, toSeq: 5 })), [
    "fromSeq",
  ]);
  assert.deepEqual(failurePaths(() => parseWithSchema(verifyBodySchema, { fromSeq: 0 })), ["fromSeq"]);
  assert.deepEqual(failurePaths(() => parseWithSchema(verifyBodySchema, { toSeq: "9" })), ["toSeq"]);
  assert.deepEqual(failurePaths(() => parseWithSchema(verifyBodySchema, { fromSeq: 1, all: true })), [""]);
});

Deno.test("organization filter: own organization passes, any other (or none) is a 403", () => {
  assertOwnOrganization({}, { organizationId: ORG });
  assertOwnOrganization({}, {});
  assertOwnOrganization({ organization: ORG }, { organizationId: ORG.toUpperCase() });
  for (const identity of [{ organizationId: crypto.randomUUID() }, {}]) {
    assert.throws(() => assertOwnOrganization({ organization: ORG }, identity), (error: HttpError) => {
      assert.equal(error.status, 403);
      assert.equal(error.code, "ORGANIZATION_MISMATCH");
      return true;
    });
  }
});

Deno.test("pageWindow: the cursor's window wins over defaults, and must agree with explicit bounds", () => {
  const cursor: PageCursor = {
    timestamp: "2026-11-21T10:00:00.123456Z",
    seq: "42",
    from: "2026-11-20T00:00:00.000Z",
    to: "2026-11-21T12:00:00.000Z",
    filters: "0".repeat(64),
  };
  const defaulted = parse("").window;
  assert.deepEqual(pageWindow(defaulted), { from: defaulted.from, to: defaulted.to });
  assert.deepEqual(pageWindow(defaulted, cursor), { from: cursor.from, to: cursor.to });
  const same = parse(`from=${cursor.from}`).window;
  assert.deepEqual(pageWindow(same, cursor), { from: cursor.from, to: cursor.to });
  const other = parse("from=2026-11-19T00:00:00Z").window;
  assert.throws(() => pageWindow(other, cursor), (error: HttpError) => error.code === "INVALID_CURSOR");
});

Deno.test("audit metadata of a query: identifiers only, metadata filter reduced to its keys", () => {
  const q = parse(
    `user=${USER}&action=user.login&metadata=${
      encodeURIComponent(JSON.stringify({ status: 403, "free text key!": "Jane Doe" }))
    }`,
  );
  const recorded = filtersAuditMetadata(q.filters, q.window);
  assert.deepEqual(recorded, {
    filters: { actions: ["user.login"], metadata_keys: ["status", "(1 other)"], user: true },
    from: q.window.from,
    to: q.window.to,
  });
  assert.ok(!JSON.stringify(recorded).includes(USER), "the raw user id is never recorded");
  const named = parse("resource=protocol/1210&correlation_id=req-1").filters;
  assert.deepEqual(filtersAuditMetadata(named, q.window).filters, {
    resource: "protocol/1210",
    correlation_id: "req-1",
  });
  const texts = parse("resource=Chest%20pain%20chat&correlation_id=a%20b").filters;
  assert.equal(texts.resource, "Chest pain chat", "backfilled names can still be filtered on");
  assert.deepEqual(filtersAuditMetadata(texts, q.window).filters, {
    resource: "(text)",
    correlation_id: "(text)",
  });
  assert.ok(!JSON.stringify(recorded).includes("Jane"), "metadata values are never recorded");
});

Deno.test("PseudonymCache: asks only for pseudonyms it does not know, and stays bounded", () => {
  const cache = new PseudonymCache(3);
  assert.deepEqual(cache.missing(["a", null, "b", "a"]), ["a", "b"]);
  cache.add("a", "user-a");
  cache.add("b", null); // erased: known, resolves to null, not asked again
  assert.deepEqual(cache.missing(["a", "b", "c"]), ["c"]);
  assert.equal(cache.get("a"), "user-a");
  assert.equal(cache.get("b"), null);
  assert.equal(cache.get(null), null);
  cache.add("c", "user-c");
  cache.add("d", "user-d"); // over the bound: starts over
  assert.deepEqual(cache.missing(["a", "d"]), ["a"]);
});

Deno.test("a window longer than the route answers is a 400 on `from`, not the SQL's 500", () => {
  const capped = windowQuerySchema({ now, maxDays: 366 });
  const year = parseQuery(new URLSearchParams("from=2025-11-21T12:00:00.000Z"), capped);
  assert.equal(year.from, "2025-11-21T12:00:00.000Z", "366 days is allowed");
  assert.deepEqual(
    failurePaths(() => parseQuery(new URLSearchParams("from=2025-11-21T11:59:59.000Z"), capped)),
    ["from"],
  );
  // Without a cap (summary), a long window is the SQL's to judge.
  assert.ok(parseQuery(new URLSearchParams("from=2020-01-01T00:00:00.000Z"), windowQuerySchema({ now })));
});

Deno.test("filterConditions: every filter's condition is over the alias it is given", () => {
  const criteria = {
    from: "2026-11-20T00:00:00.000Z",
    to: "2026-11-21T00:00:00.000Z",
    actorPseudonym: USER,
    actions: ["audit.query" as const],
    outcomes: ["failure" as const],
    resource: "dosing",
    organization: ORG,
    correlationId: "req-1",
    metadata: { status: 403 },
  };
  const namesAndValues = (alias: string) =>
    filterConditions(criteria, alias).map(({ name, value }) => [name, value]);
  assert.deepEqual(namesAndValues("d"), namesAndValues("l"), "the same filters and values over any alias");
  assert.equal(namesAndValues("d").length, 9);
  for (const c of [criteria, { from: criteria.from, to: criteria.to, actorLookedUp: true as const }]) {
    for (const { name, condition } of filterConditions(c, "d")) {
      assert.ok(condition.startsWith("d."), `${name}: ${condition}`);
      assert.doesNotMatch(condition, /\bl\./, `${name} names no other alias: ${condition}`);
    }
  }
});
