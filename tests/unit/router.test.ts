import assert from "node:assert/strict";
import { matchRoute, route, routePath } from "../../functions-shared/pipeline/router.ts";

const noop = () => ({});
const audit = { action: "dosing.list", resource: "x" } as const;
const routes = [
  route({ method: "GET", path: "/", audit, handler: noop }),
  route({ method: "POST", path: "/", audit, handler: noop }),
  route({ method: "GET", path: "/:id", audit, handler: ({ params }) => ({ id: params.id }) }),
  route({
    method: "GET",
    path: "/:id/history/:entry",
    audit,
    handler: ({ params }) => ({ e: params.entry }),
  }),
  route({ method: "GET", path: "/search", audit, handler: noop }),
];

Deno.test("routePath strips /<name> (and a leftover /functions/v1) and refuses other prefixes", () => {
  assert.equal(routePath("/dosing", "dosing"), "/");
  assert.equal(routePath("/dosing/", "dosing"), "/");
  assert.equal(routePath("/dosing/abc", "dosing"), "/abc");
  assert.equal(routePath("/functions/v1/dosing/abc", "dosing"), "/abc");
  assert.equal(routePath("/dosingx/abc", "dosing"), null);
  assert.equal(routePath("/other/dosing", "dosing"), null);
});

Deno.test("matchRoute: a literal segment beats a param whatever the order; params are decoded", () => {
  const found = matchRoute(routes, "GET", "/search");
  assert.equal(found.kind === "found" && found.route.path, "/search");
  const byId = matchRoute(routes, "GET", "/abc");
  assert.deepEqual(byId.kind === "found" && [byId.route.path, byId.params], ["/:id", { id: "abc" }]);
  const withParams = matchRoute(routes, "GET", "/ab%20c/history/3");
  assert.deepEqual(withParams.kind === "found" && withParams.params, { id: "ab c", entry: "3" });
});

Deno.test("matchRoute: known path with another method → method_not_allowed with the allowed ones", () => {
  assert.deepEqual(matchRoute(routes, "DELETE", "/"), { kind: "method_not_allowed", allow: ["GET", "POST"] });
  assert.deepEqual(matchRoute(routes, "POST", "/search"), { kind: "method_not_allowed", allow: ["GET"] });
});

Deno.test("matchRoute: unknown path or malformed encoding → not_found", () => {
  assert.deepEqual(matchRoute(routes, "GET", "/a/b"), { kind: "not_found" });
  assert.deepEqual(matchRoute(routes, "GET", "/%E0%A4%A"), { kind: "not_found" });
});

Deno.test("route() refuses a path without a leading slash", () => {
  assert.throws(() => route({ method: "GET", path: "nope", audit, handler: noop }));
});
