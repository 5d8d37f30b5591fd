/**
 * Compile-time checks: route() types ctx.body/query/params from the schemas and the path.
 * Each @ts-expect-error must stay an error, or `deno check` fails this file.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { type FunctionDefinition, route } from "../../functions-shared/pipeline/mod.ts";

const audit = { action: "dosing.list", resource: "t" } as const;

Deno.test("route() infers handler input types", () => {
  const routes = [
    route({
      method: "POST",
      path: "/:protocolId/steps/:step",
      body: z.object({ weightKg: z.number() }),
      query: z.object({ limit: z.coerce.number() }),
      audit,
      handler: ({ body, query, params }) => {
        const weight: number = body.weightKg;
        const limit: number = query.limit;
        const ids: string[] = [params.protocolId, params.step];
        // @ts-expect-error not in the body schema
        body.dose;
        // @ts-expect-error not a path param
        params.other;
        // @ts-expect-error query is typed, not a raw string map
        const raw: string = query.limit;
        return { weight, limit, ids, raw };
      },
    }),
    route({
      method: "GET",
      path: "/",
      audit,
      handler: ({ body, query }) => {
        const nothing: undefined = body;
        // A route without a query schema takes no parameter (any one is a 400): nothing to read.
        const none: Record<string, never> = query;
        // @ts-expect-error no value can be there
        query.anything.length;
        return { nothing, none };
      },
    }),
    // @ts-expect-error audit action/resource must be declared
    route({ method: "GET", path: "/x", handler: () => ({}) }),
    // @ts-expect-error handlers return objects, arrays, Responses or nothing
    route({ method: "GET", path: "/y", audit, handler: () => "text" }),
  ];
  assert.equal(routes.length, 4);
});

Deno.test("an audit action or rate-limit class the database does not know does not compile", () => {
  const typo = route({
    method: "GET",
    path: "/",
    // @ts-expect-error not a public.audit_action value
    audit: { action: "dosing.calcualte", resource: "dosing" },
    handler: () => ({}),
  });
  const definition: FunctionDefinition = {
    name: "dosing",
    // @ts-expect-error not a seeded rate_limit_config class
    rateLimitClass: "DOSNIG",
    routes: [typo],
  };
  assert.equal(definition.routes.length, 1);
});
