/**
 * The usage routes (usage_contract.ts): read as the caller through the audited door, each with its own
 * audit event written before anything leaves (readAudited). Who reads what is RLS (protocol_access and
 * ai_audit_trails: admins and medical directors of the organization); the role check here only answers
 * 403 early and clearly.
 */
import { HttpError } from "../../core/errors.ts";
import type { Context } from "../../core/context.ts";
import { assertOwnOrganization } from "./filters.ts";
import { readAudited } from "./audited_read.ts";
import { requireOrganization, requireOversight } from "./access.ts";
import { AI_TRAIL_NOT_FOUND, type UsageQuery } from "./usage_contract.ts";

const QUERY_TIMEOUT_MS = 15_000;

type Ctx<Query = unknown> = Context<Query, undefined, Record<string, string>>;

/** GET /protocol-usage: audit.protocol_usage over the window, for the caller's organization. */
export async function protocolUsage(ctx: Ctx<UsageQuery>) {
  requireOversight(ctx);
  const { from, to, top, organization } = ctx.query;
  assertOwnOrganization({ organization }, ctx.identity);
  requireOrganization(ctx, "Protocol usage is reported");
  const usage = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    async (tx) => {
      const [row] = await tx`
        select audit.protocol_usage(${from}::timestamptz, ${to}::timestamptz, ${top}::integer) as usage`;
      return row.usage as { weeks: unknown[] } & Record<string, unknown>;
    },
    (usage) => ({ report: "protocol_usage", from, to, top, weeks: usage.weeks.length }),
  );
  return { window: { from, to }, usage };
}

/** GET /ai-trail/:messageId: one answer's ai_audit_trails entry (RLS: the caller's organization). */
export async function aiTrail(ctx: Ctx) {
  requireOversight(ctx);
  const { messageId } = ctx.params; // a uuid, lower-cased: the route's params (pipeline)
  const entry = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    async (tx) => {
      const [row] = await tx`
        select to_jsonb(e) as entry from audit.ai_audit_trail_entries e where e.message_id = ${messageId}::uuid`;
      return (row?.entry ?? null) as Record<string, unknown> | null;
    },
    (entry) => ({ report: "ai_trail", message_id: messageId, found: entry !== null }),
  );
  if (!entry) {
    throw new HttpError(404, AI_TRAIL_NOT_FOUND, "No chat answer of your organization has this messageId.");
  }
  return { entry };
}
