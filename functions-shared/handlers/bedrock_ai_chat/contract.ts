/**
 * bedrock-ai-chat's published contract (core/contract.ts): the request (bounded turns and lengths) and
 * the answer — Server-Sent Events by default, JSON with `stream: false` — as respond.ts, sse.ts and
 * retrieval_only.ts write them. Schemas and words only: apps bundle this file.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import type { DoseUnit } from "../../domain/dosing/mod.ts";

const Message = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().trim().min(1).max(4000),
}).strict();

/** POST /: the conversation so far (the last turn the user's), the mode, and what is known of the patient. */
export const ChatRequest = z.object({
  messages: z.array(Message).min(1).max(20)
    .refine((turns) => turns.at(-1)?.role === "user", { message: "The last message must be the user's." }),
  stream: z.boolean().default(true),
  patient: z.object({
    ageYears: z.number().min(0).max(130).optional(),
    weightKg: z.number().positive().max(500).optional(),
    color: z.string().trim().toLowerCase().min(3).max(20).optional(),
    systolicBp: z.number().int().min(0).max(350).optional(),
    heartRate: z.number().int().min(0).max(350).optional(),
    dosesGiven: z.number().int().min(0).max(100).optional(),
  }).strict().optional(),
}).strict();

// ── the answer ─────────────────────────────────────────────────────────────────────────────────────

const DOSE_UNITS = [
  "mg",
  "mcg",
  "g",
  "mEq",
  "mL",
  "J",
  "autoinjector",
  "puff",
] as const satisfies readonly DoseUnit[];
// Every unit the engine knows is listed (a new one is a compile error here, not a ContractViolation).
const _allUnits: Exclude<DoseUnit, typeof DOSE_UNITS[number]> extends never ? true : never = true;

const count = z.number().int().nonnegative();

/** A dosing engine result as the chat shows it (respond.ts DosingSummary): numbers from the engine only. */
const DosingSummary = z.union([
  z.strictObject({
    source: z.literal("dosing engine"),
    medication: z.string().describe("the engine's medication id, e.g. adenosine"),
    route: z.string(),
    dose: z.strictObject({
      value: z.number(),
      unit: z.enum(DOSE_UNITS),
      upTo: z.number().optional().describe("a titration range's upper end"),
      options: z.array(z.number()).optional().describe("a choice the protocol makes (6 or 12 mg)"),
    }),
    volumeMl: z.number().nullable().describe("mL to draw up; null when not a liquid"),
    capped: z.boolean().describe("the weight-based dose was capped at the maximum single dose"),
    citation: z.string().describe("reference numbers, e.g. MCG 1309 (rev. 07-01-25); MCG 1317.17"),
  }),
  z.strictObject({
    source: z.literal("dosing engine"),
    medication: z.string(),
    refused: z.string().describe("why the engine gave no dose (e.g. weight unknown, not for this patient)"),
  }),
]);

/** What the JSON answer and the stream's final `done` event say besides the text (respond.ts ChatSummary). */
const summaryShape = {
  messageId: z.uuid().describe("the answer's id in the AI audit trail"),
  mode: z.enum(["model", "retrieval-only"]),
  reason: z.enum(["offline", "timeout", "error", "out_of_scope"]).optional().describe(
    "why there is no model answer: offline (no model configured), timeout or error (the model failed; " +
      "the labelled retrieval-only answer instead), out_of_scope (the polite decline); absent for a model answer",
  ),
  promptVersion: z.string(),
  citations: z.array(z.strictObject({ protocolNumber: z.string(), title: z.string() })).describe(
    "the protocol sections the answer was grounded in",
  ),
  cited: z.array(z.string()).describe("reference numbers the answer text actually cites, e.g. TP 1210-P"),
  dosing: z.array(DosingSummary),
  usage: z.strictObject({ prompt: count, completion: count, total: count }).describe("model tokens"),
};

export const ChatAnswer = z.strictObject({
  answer: z.string().describe("the answer text; a retrieval-only one starts with 'Retrieval-only mode:'"),
  ...summaryShape,
});

/** The stream's events: `event: <name>` and one JSON `data:` line each (sse.ts). */
export const CHAT_EVENTS = {
  delta: z.strictObject({ text: z.string() }).describe("the next piece of the answer text"),
  done: z.strictObject(summaryShape).describe("the last event: the answer's facts (its text is the deltas)"),
} as const;

export const chatContract = {
  ask: contract({
    method: "POST",
    path: "/",
    body: ChatRequest,
    operation: "ask",
    summary: "A protocol-grounded answer for a medic: streamed (SSE) by default, JSON with stream: false",
    description:
      "Grounded in the LA County protocol sections that match the conversation and in the dosing " +
      "engine's results (numbers come from the engine, never from the model), cited. Without a model " +
      "(no AWS credentials), or when it fails or runs out of time, the labelled retrieval-only answer; a " +
      "question outside EMS scope is politely declined. Guests may ask (counted per client address). " +
      "Audited as chat.stream or chat.query, with an AI audit trail entry (lengths and hashes, never text).",
    access: "public",
    response: {
      description: "The answer",
      json: ChatAnswer,
      media: {
        "text/event-stream": {
          description: "stream: true (the default; Content-Type: text/event-stream; charset=utf-8): " +
            "`delta` events with the answer's text as it is written, then one `done` event",
          events: CHAT_EVENTS,
        },
      },
    },
  }),
} as const;
