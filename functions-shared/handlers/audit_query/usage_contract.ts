/**
 * audit-query's usage routes for the medical director (issue 20), kept apart from contract.ts so that
 * other route groups merge beside them: GET /protocol-usage (which protocols the organization's medics
 * search, open and get cited by the chat, per week; searches that found nothing; helpful and unhelpful
 * ratings) and GET /ai-trail/:messageId (the AI trail of one chat answer). Both for admins and medical
 * directors of the caller's organization with a second factor, read through the audited door.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import {
  MAX_STATS_DAYS,
  ORGANIZATION_MISMATCH,
  ORGANIZATION_REQUIRED,
  QUERY_TIMEOUT,
  toWindow,
} from "./filters.ts";

const OVERSIGHT = "Admins and medical directors of the caller's own organization, signed in with a second " +
  "factor (aal2); anyone else 403 (FORBIDDEN, or MFA_REQUIRED with one factor).";

export const AI_TRAIL_NOT_FOUND = "AI_TRAIL_NOT_FOUND";
/** Four weeks by default: the last month, week by week. */
export const USAGE_DEFAULT_HOURS = 28 * 24;
export const USAGE_MAX_TOP = 50;

const count = () => z.number().int().min(0);
const ratio = () =>
  z.number().min(0).max(1).nullable().describe("helpful ÷ rated; null when nothing was rated");
const protocolNumber = () => z.string().describe("LA County reference number, e.g. 1231 or 1309");
/** A timestamp as Postgres' jsonb prints it: 2026-12-03T05:33:58.094091+00:00. */
const pgTime = () => z.iso.datetime({ offset: true });

export interface UsageQuery {
  readonly from: string;
  readonly to: string;
  readonly top: number;
  readonly organization?: string;
}

export function usageQuerySchema(options: { readonly now?: () => Date } = {}) {
  return z.strictObject({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    top: z.coerce.number().int().min(1).max(USAGE_MAX_TOP).default(10),
    organization: z.uuid().transform((v) => v.toLowerCase()).optional()
      .describe("must be the caller's own organization (else 403 ORGANIZATION_MISMATCH)"),
  }).transform((input, ctx): UsageQuery => {
    const window = toWindow(input, {
      ...options,
      defaultWindowHours: USAGE_DEFAULT_HOURS,
      maxDays: MAX_STATS_DAYS,
    }, ctx.issues);
    if (!window) return z.NEVER;
    return {
      from: window.from,
      to: window.to,
      top: input.top,
      ...(input.organization ? { organization: input.organization } : {}),
    };
  });
}

export const messageIdParamSchema = z.strictObject({ messageId: z.uuid().transform((v) => v.toLowerCase()) });

const week = z.strictObject({
  week: z.iso.date().describe("Monday of the ISO week, UTC"),
  searches: count(),
  views: count().describe("documents opened (protocol-search GET /:number)"),
  chat_answers: count().describe("chat answers that retrieved protocols"),
  zero_result_searches: count(),
  feedback: z.strictObject({ helpful: count(), unhelpful: count(), helpful_ratio: ratio() }),
  top_searched: z.array(z.strictObject({ protocol_number: protocolNumber(), count: count() }))
    .describe("searches whose first hit was the protocol, most first"),
  top_viewed: z.array(z.strictObject({ protocol_number: protocolNumber(), count: count() })),
  top_cited: z.array(
    z.strictObject({ protocol_number: protocolNumber(), cited: count(), retrieved: count() }),
  )
    .describe("chat answers that cited the protocol, and that retrieved it"),
  rated: z.array(z.strictObject({
    protocol_number: protocolNumber(),
    helpful: count(),
    unhelpful: count(),
    helpful_ratio: ratio(),
  })).describe("ratings of searches by their first hit, most unhelpful first"),
  zero_result_queries: z.array(z.strictObject({ query: z.string(), count: count() }))
    .describe(
      "searches that found nothing, as stored: scrubbed of e-mail addresses, phone and record numbers, dates",
    ),
});

const aiTrailEntry = z.strictObject({
  message_id: z.guid(),
  timestamp: pgTime(),
  organization_id: z.guid().nullable(),
  user_id: z.guid().nullable().describe("null once the subject was erased, or for a guest"),
  user_pseudonym: z.guid().nullable(),
  session_id: z.string().nullable(),
  session_pseudonym: z.guid().nullable(),
  user_role: z.string().nullable(),
  model: z.string().nullable(),
  prompt_version: z.string(),
  mode: z.enum(["model", "retrieval-only"]),
  outcome: z.string(),
  error_kind: z.string().nullable(),
  context_layers: z.array(z.record(z.string(), z.unknown()))
    .describe("what grounded the answer: protocol sections (number, title, content hash) and dosing results"),
  retrieved_protocols: z.array(protocolNumber()),
  question_length: z.number().int().nullable(),
  question_sha256: z.string().nullable().describe("never the question's text"),
  answer_length: z.number().int().nullable(),
  answer_sha256: z.string().nullable().describe("never the answer's text"),
  tokens: z.strictObject({ prompt: count(), completion: count(), total: count() }),
  cost: z.strictObject({
    prompt: z.number(),
    completion: z.number(),
    total: z.number(),
    currency: z.literal("USD"),
  }).nullable(),
  latency_ms: z.number().int().nullable(),
  model_latency_ms: z.number().int().nullable(),
  correlation_id: z.string().nullable().describe("the chat request's X-Request-Id"),
  created_at: pgTime(),
});

export const usageContract = {
  protocolUsage: contract({
    method: "GET",
    path: "/protocol-usage",
    query: usageQuerySchema(),
    operation: "protocolUsage",
    summary: "Protocol usage per week: searched, viewed, cited by the chat; zero-result searches; ratings",
    description: `${OVERSIGHT} From protocol_access (searches, document views, chat retrievals; no chat ` +
      "text is ever stored). Default window: the last 28 days; at most 366 days; every week of the window " +
      "is listed. `top` (1–50, default 10) bounds each list.",
    access: "privileged",
    response: {
      description: "The caller's organization, week by week",
      json: z.strictObject({
        window: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }),
        usage: z.strictObject({
          organization_id: z.guid(),
          from: pgTime(),
          to: pgTime(),
          weeks: z.array(week),
        }),
      }),
    },
    errors: { 403: [ORGANIZATION_MISMATCH, ORGANIZATION_REQUIRED], 503: [QUERY_TIMEOUT] },
  }),
  aiTrail: contract({
    method: "GET",
    path: "/ai-trail/:messageId",
    params: messageIdParamSchema,
    operation: "aiTrail",
    summary: "The AI trail of one chat answer, by the messageId the chat returned",
    description: `${OVERSIGHT} Model, prompt version, what grounded the answer (protocol numbers and ` +
      "content hashes), tokens, cost and latency — never the question or answer text. An answer of " +
      "another organization is not found (404), as is one that does not exist.",
    access: "privileged",
    response: { description: "One ai_audit_trails entry", json: z.strictObject({ entry: aiTrailEntry }) },
    errors: { 404: [AI_TRAIL_NOT_FOUND], 503: [QUERY_TIMEOUT] },
  }),
} as const;
