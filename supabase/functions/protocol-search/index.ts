// protocol-search: the LA County protocol knowledge base, searched in memory on the isolate's
// prebuilt index (loaded from public.knowledge_base_index on a cold start; see
// functions-shared/platform/protocol_index.ts). Guests may search (verify_jwt = false; the
// pipeline still verifies any token). Every search writes a protocol_access row (scrubbed query).
// The contract (schemas, answers, errors) is functions-shared/handlers/protocol_search/contract.ts.
//   GET  /protocol-search?q=…&limit=…&pediatric=…&category=…   search      (audit protocol.search)
//   POST /protocol-search { q, limit ≤ 20, pediatric?, category? }   searchPost  (audit protocol.search)
//   GET  /protocol-search/<number>         the document, all sections  view        (audit protocol.view)
//   POST /protocol-search/feedback { accessId, helpful }   was_helpful  feedback    (audit protocol.search)
import { defineFunction, route } from "@shared/pipeline/mod.ts";
import * as handle from "@shared/handlers/protocol_search/handlers.ts";
import { protocolSearchContract as api } from "@shared/handlers/protocol_search/contract.ts";

const searchAudit = { action: "protocol.search", resource: "protocol" } as const;

export default defineFunction({
  name: "protocol-search",
  rateLimitClass: "API",
  routes: [
    route({
      ...api.search,
      audit: searchAudit,
      handler: (ctx) => handle.search(ctx, ctx.query),
    }),
    route({
      ...api.searchPost,
      audit: searchAudit,
      handler: (ctx) => handle.search(ctx, ctx.body),
    }),
    route({
      ...api.view,
      audit: { action: "protocol.view", resource: "protocol" },
      handler: (ctx) => handle.viewDocument(ctx, ctx.params.number),
    }),
    route({
      ...api.feedback,
      // Feedback on a search: the same action, resource protocol_access, metadata.feedback = true.
      audit: { action: "protocol.search", resource: "protocol_access" },
      handler: (ctx) => handle.feedback(ctx, ctx.body),
    }),
  ],
});
