/**
 * The chat's route: its published contract (contract.ts: request schema, answers), the audit action by
 * mode (chat.stream for SSE, chat.query for JSON) and the handler. index.ts passes the isolate's
 * collaborators; tests pass their own (a local Bedrock, a sample index).
 */
import { route } from "../../pipeline/mod.ts";
import { chatContract } from "./contract.ts";
import { type ChatDeps, respondToChat } from "./respond.ts";

export function chatRoute(deps: () => ChatDeps) {
  return route({
    ...chatContract.ask,
    maxBodyBytes: 128 * 1024,
    audit: {
      action: "chat.query",
      resource: "chat",
      actionFor: ({ body }) => body.stream ? "chat.stream" : "chat.query",
    },
    handler: (ctx) => respondToChat(ctx, deps()),
  });
}
