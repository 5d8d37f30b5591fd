/**
 * The row the chat hands to public.write_ai_audit_trails (supabase/migrations/…_ai_audit_trails.sql),
 * built without I/O: what grounded the answer as protocol numbers and content hashes, the dosing
 * results as ids, the question and the answer as lengths and SHA-256 — never their text.
 *
 *   const entry = await buildAiAuditEntry({ … });
 *   await sql`select public.write_ai_audit_trails(${[entry]}::jsonb)`;   // as the service role
 */
import type { BedrockErrorKind } from "../../platform/bedrock/mod.ts";
import type { TokenUsage } from "../../platform/bedrock/mod.ts";
import type { DosingOutcome } from "./dosing_context.ts";
import type { ContextSection } from "./prompt.ts";
import { toHex } from "../../core/encoding.ts";

export type AiAuditMode = "model" | "retrieval-only";
export type AiAuditOutcome = "answered" | "fallback" | "offline" | "declined" | "aborted" | "error";

export interface AiAuditInput {
  readonly messageId: string;
  readonly timestamp?: Date;
  readonly organizationId?: string | null;
  readonly userId?: string | null;
  readonly sessionId?: string | null;
  readonly userRole?: string | null;
  /** The model asked; null when none was (offline, declined). */
  readonly model: string | null;
  readonly promptVersion: string;
  readonly mode: AiAuditMode;
  readonly outcome: AiAuditOutcome;
  readonly errorKind?: BedrockErrorKind;
  readonly sections: readonly ContextSection[];
  readonly dosing: readonly DosingOutcome[];
  /** Hashed and measured here; never part of the entry. */
  readonly question: string;
  readonly answer: string;
  readonly usage?: TokenUsage;
  readonly latencyMs?: number;
  readonly modelLatencyMs?: number | null;
  readonly correlationId?: string;
}

export type ContextLayer =
  | {
    readonly layer: "protocol";
    readonly rank: number;
    readonly protocol_number: string;
    readonly title: string;
    readonly content_sha256: string;
    readonly content_length: number;
  }
  | {
    readonly layer: "dosing";
    readonly medication_id: string;
    readonly route: string | null;
    readonly basis: string | null;
    readonly refusal_code: string | null;
  };

/** The JSON the SQL writer takes (snake_case, as public.write_ai_audit_trails documents). */
export interface AiAuditEntry {
  readonly message_id: string;
  readonly timestamp: string;
  readonly organization_id: string | null;
  readonly user_id: string | null;
  readonly session_id: string | null;
  readonly user_role: string | null;
  readonly model: string | null;
  readonly prompt_version: string;
  readonly mode: AiAuditMode;
  readonly outcome: AiAuditOutcome;
  readonly error_kind: BedrockErrorKind | null;
  readonly context_layers: readonly ContextLayer[];
  readonly retrieved_protocols: readonly string[];
  readonly question_length: number;
  readonly question_sha256: string;
  readonly answer_length: number;
  readonly answer_sha256: string;
  readonly tokens: { readonly prompt: number; readonly completion: number; readonly total: number };
  readonly latency_ms: number | null;
  readonly model_latency_ms: number | null;
  readonly correlation_id: string | null;
}

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return toHex(digest);
}

const short = (text: string, max = 200) => text.length > max ? text.slice(0, max - 1) + "…" : text;

export async function contextLayers(
  sections: readonly ContextSection[],
  dosing: readonly DosingOutcome[],
): Promise<ContextLayer[]> {
  const protocolLayers = await Promise.all(
    sections.slice(0, 48).map(async (s, i): Promise<ContextLayer> => ({
      layer: "protocol",
      rank: i + 1,
      protocol_number: short(s.protocolNumber, 40),
      title: short(s.title),
      content_sha256: await sha256Hex(s.text),
      content_length: s.text.length,
    })),
  );
  const dosingLayers = dosing.slice(0, 16).map((d): ContextLayer => ({
    layer: "dosing",
    medication_id: short(d.result?.medication.id ?? d.request.medication, 100),
    route: d.result?.route ?? null,
    basis: d.result?.basis ?? null,
    refusal_code: d.refusal?.code ?? null,
  }));
  return [...protocolLayers, ...dosingLayers];
}

export async function buildAiAuditEntry(input: AiAuditInput): Promise<AiAuditEntry> {
  const prompt = input.usage?.inputTokens ?? 0;
  const completion = input.usage?.outputTokens ?? 0;
  return {
    message_id: input.messageId,
    timestamp: (input.timestamp ?? new Date()).toISOString(),
    organization_id: input.organizationId ?? null,
    user_id: input.userId ?? null,
    session_id: input.sessionId ?? null,
    user_role: input.userRole ?? null,
    model: input.model,
    prompt_version: input.promptVersion,
    mode: input.mode,
    outcome: input.outcome,
    error_kind: input.errorKind ?? null,
    context_layers: await contextLayers(input.sections, input.dosing),
    retrieved_protocols: [...new Set(input.sections.map((s) => short(s.protocolNumber, 40)))].slice(0, 64),
    question_length: input.question.length,
    question_sha256: await sha256Hex(input.question),
    answer_length: input.answer.length,
    answer_sha256: await sha256Hex(input.answer),
    tokens: { prompt, completion, total: input.usage?.totalTokens ?? prompt + completion },
    latency_ms: input.latencyMs === undefined ? null : Math.max(0, Math.round(input.latencyMs)),
    model_latency_ms: input.modelLatencyMs == null ? null : Math.max(0, Math.round(input.modelLatencyMs)),
    correlation_id: input.correlationId ? input.correlationId.slice(0, 100) : null,
  };
}
