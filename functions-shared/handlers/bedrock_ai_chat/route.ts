/**
 * The chat's HTTP contract: the request schema (bounded turns and lengths), the audit action by mode
 * (chat.stream for SSE, chat.query for JSON) and the handler. index.ts passes the isolate's
 * collaborators; tests pass their own (a local Bedrock, a sample index).
 */
import { z } from "zod";
import { route } from "../../pipeline/mod.ts";
import { type ChatDeps, respondToChat } from "./respond.ts";

const Message = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().trim().min(1).max(4000),
}).strict();

export const ChatRequest = z.object({
  messages: z.array(Message).min(1).max(20)
    .refine((turns) => turns.at(-1)?.role === "user", { message: "The last message must be the user's." }),
  stream: z.boolean().default(true),
  patient: z.object({
    ageYears: z.number().min(0).max(130).optional(),
    weightKg: z.number().positive().max(500).optional(),
    color: z.string().trim().toLowerCase().min(3).max(20).optional(),
  }).strict().optional(),
}).strict();

export function chatRoute(deps: () => ChatDeps) {
  return route({
    method: "POST",
    path: "/",
    body: ChatRequest,
    maxBodyBytes: 128 * 1024,
    audit: {
      action: "chat.query",
      resource: "chat",
      actionFor: ({ body }) => body.stream ? "chat.stream" : "chat.query",
    },
    handler: (ctx) => respondToChat(ctx, deps()),
  });
}
