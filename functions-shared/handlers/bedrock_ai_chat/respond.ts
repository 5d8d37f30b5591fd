/**
 * One chat turn, end to end: scope check, grounding (protocol sections in process, dosing engine
 * results), the model through Bedrock — or the labelled retrieval-only answer when there is no model,
 * it fails or it runs out of time — then the answer as SSE or JSON, and the AI audit trail entry
 * (hashes and lengths only) after the response.
 */
import { MODEL_LATENCY, observeTiming } from "../../core/timing.ts";
import type { Context } from "../../core/context.ts";
import { type ProtocolIndex, referencedNumber } from "../../domain/protocols/mod.ts";
import type { ProtocolUse } from "../../platform/protocol_use.ts";
import { type AiAuditEntry, type AiAuditOutcome, buildAiAuditEntry } from "./audit_trail.ts";
import type { BedrockClient } from "../../platform/bedrock/mod.ts";
import { BedrockError, type BedrockErrorKind } from "../../platform/bedrock/mod.ts";
import type { TokenUsage } from "../../platform/bedrock/mod.ts";
import {
  type ChatTurn,
  type DosingContext,
  dosingForConversation,
  type PatientHints,
} from "./dosing_context.ts";
import {
  buildConversePrompt,
  type Citation,
  citedReferences,
  type ContextSection,
  PROMPT_VERSION,
} from "./prompt.ts";
import { composeRetrievalOnlyAnswer, type RetrievalOnlyReason } from "./retrieval_only.ts";
import { retrieveSections } from "./retrieve.ts";
import { classifyScope, declineMessage } from "./scope.ts";
import { SSE_HEADERS, sseEvent } from "./sse.ts";

export interface ChatBody {
  readonly messages: readonly ChatTurn[];
  readonly stream: boolean;
  readonly patient?: PatientHints;
}

export interface ChatDeps {
  /** Undefined: no AWS credentials — the offline, retrieval-only mode. */
  readonly bedrock?: BedrockClient;
  /** The protocol index, or null when none is published (the answer then says so). */
  readonly index: () => Promise<ProtocolIndex | null>;
  readonly recordTrail: (entry: AiAuditEntry) => Promise<void>;
  /** Counts the answer's retrieved protocols in protocol_access (kind chat), after the response. */
  readonly recordRetrievals?: (ctx: Context<unknown, ChatBody>, use: ProtocolUse) => void;
  /** Work after the response (EdgeRuntime.waitUntil). */
  readonly later: (work: Promise<unknown>) => void;
  /** The model's whole time budget, ms; past it the retrieval-only answer is given. */
  readonly budgetMs: number;
}

type Mode = "model" | "retrieval-only";

/** What the final event (or the JSON answer) says besides the text. */
export interface ChatSummary {
  readonly messageId: string;
  readonly mode: Mode;
  readonly reason?: RetrievalOnlyReason | "out_of_scope";
  readonly promptVersion: string;
  readonly citations: readonly Citation[];
  /** Reference numbers the answer actually cites. */
  readonly cited: readonly string[];
  readonly dosing: readonly DosingSummary[];
  readonly usage: { readonly prompt: number; readonly completion: number; readonly total: number };
}

/** A dosing engine result as the client shows it: numbers marked as coming from the engine. */
export type DosingSummary =
  | {
    readonly source: "dosing engine";
    readonly medication: string;
    readonly route: string;
    readonly dose: unknown;
    readonly volumeMl: number | null;
    readonly capped: boolean;
    readonly citation: string;
  }
  | { readonly source: "dosing engine"; readonly medication: string; readonly refused: string };

interface Turn {
  readonly messageId: string;
  readonly question: string;
  readonly sections: readonly ContextSection[];
  readonly dosing: DosingContext;
  readonly declined?: string;
  readonly started: number;
}

export async function respondToChat(
  ctx: Context<unknown, ChatBody>,
  deps: ChatDeps,
): Promise<Response | object> {
  const turn = await prepare(ctx.body, deps);
  ctx.addAuditMetadata({
    message_id: turn.messageId,
    planned_mode: turn.declined ? "declined" : deps.bedrock ? "model" : "retrieval-only",
    protocols: [...new Set(turn.sections.map((s) => s.protocolNumber))],
    medications: turn.dosing.outcomes.map((d) => d.result?.medication.id ?? d.request.medication),
    question_length: turn.question.length,
  });
  return ctx.body.stream ? streamAnswer(ctx, turn, deps) : await jsonAnswer(ctx, turn, deps);
}

async function prepare(body: ChatBody, deps: ChatDeps): Promise<Turn> {
  const started = performance.now();
  const messageId = crypto.randomUUID();
  const question = body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const verdict = classifyScope(body.messages);
  if (verdict.decision === "out_of_scope") {
    return {
      messageId,
      question,
      sections: [],
      dosing: { outcomes: [], notes: [] },
      declined: declineMessage(verdict.reason),
      started,
    };
  }
  const index = await deps.index();
  const sections = index ? retrieveSections(index, body.messages, body.patient) : [];
  const dosing = dosingForConversation(body.messages, body.patient);
  return { messageId, question, sections, dosing, started };
}

function summary(
  turn: Turn,
  mode: Mode,
  answer: string,
  usage: TokenUsage | undefined,
  reason?: ChatSummary["reason"],
): ChatSummary {
  const citations = unique(turn.sections.map((s) => ({ protocolNumber: s.protocolNumber, title: s.title })));
  return {
    messageId: turn.messageId,
    mode,
    ...(reason ? { reason } : {}),
    promptVersion: PROMPT_VERSION,
    citations,
    cited: citedReferences(answer),
    dosing: turn.dosing.outcomes.map((d): DosingSummary =>
      d.result
        ? {
          source: "dosing engine",
          medication: d.result.medication.id,
          route: d.result.route,
          dose: d.result.dose,
          volumeMl: d.result.volumeMl ?? null,
          capped: d.result.capped,
          citation: d.result.citation,
        }
        : {
          source: "dosing engine",
          medication: d.request.medication,
          refused: d.refusal?.message ?? "no answer",
        }
    ),
    usage: {
      prompt: usage?.inputTokens ?? 0,
      completion: usage?.outputTokens ?? 0,
      total: usage?.totalTokens ?? 0,
    },
  };
}

function unique(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(c.protocolNumber) && seen.add(c.protocolNumber));
}

function fallbackReason(error: unknown): RetrievalOnlyReason {
  return error instanceof BedrockError && error.kind === "timeout" ? "timeout" : "error";
}

/** Without a model (offline) or after it failed: the sections and dosing results, labelled. */
function retrievalOnly(turn: Turn, reason: RetrievalOnlyReason): string {
  return composeRetrievalOnlyAnswer({
    reason,
    sections: turn.sections,
    dosing: turn.dosing.outcomes,
    dosingNotes: turn.dosing.notes,
  });
}

/** The endings that need no model: a declined question, or no model configured (offline). */
function withoutModel(turn: Turn, deps: ChatDeps): Ending | undefined {
  if (turn.declined) {
    return { answer: turn.declined, mode: "retrieval-only", outcome: "declined", reason: "out_of_scope" };
  }
  if (!deps.bedrock) {
    return {
      answer: retrievalOnly(turn, "offline"),
      mode: "retrieval-only",
      outcome: "offline",
      reason: "offline",
    };
  }
  return undefined;
}

function promptFor(ctx: Context<unknown, ChatBody>, turn: Turn) {
  return buildConversePrompt({
    messages: ctx.body.messages,
    contextSections: turn.sections,
    dosing: turn.dosing,
    patient: ctx.body.patient,
  });
}

async function jsonAnswer(ctx: Context<unknown, ChatBody>, turn: Turn, deps: ChatDeps): Promise<object> {
  const early = withoutModel(turn, deps);
  if (early) return finish(ctx, turn, deps, early);
  const bedrock = deps.bedrock as BedrockClient; // withoutModel answered when there is none
  const built = promptFor(ctx, turn);
  try {
    const result = await bedrock.converse(built.request, {
      signal: ctx.req.signal,
      timeoutMs: deps.budgetMs,
    });
    return finish(ctx, turn, deps, {
      answer: result.text,
      mode: "model",
      outcome: "answered",
      usage: result.usage,
      modelLatencyMs: result.modelLatencyMs,
    });
  } catch (error) {
    const reason = fallbackReason(error);
    return finish(ctx, turn, deps, {
      answer: retrievalOnly(turn, reason),
      mode: "retrieval-only",
      outcome: "fallback",
      reason,
      errorKind: error instanceof BedrockError ? error.kind : undefined,
    });
  }
}

interface Ending {
  readonly answer: string;
  readonly mode: Mode;
  readonly outcome: AiAuditOutcome;
  readonly reason?: ChatSummary["reason"];
  readonly usage?: TokenUsage;
  readonly modelLatencyMs?: number | null;
  readonly errorKind?: BedrockErrorKind;
}

/** Records the AI audit trail entry after the response and returns the JSON answer. */
function finish(ctx: Context<unknown, ChatBody>, turn: Turn, deps: ChatDeps, end: Ending) {
  record(ctx, turn, deps, end);
  return { answer: end.answer, ...summary(turn, end.mode, end.answer, end.usage, end.reason) };
}

function record(ctx: Context<unknown, ChatBody>, turn: Turn, deps: ChatDeps, end: Ending): void {
  const { identity } = ctx;
  const entry = buildAiAuditEntry({
    messageId: turn.messageId,
    organizationId: identity.organizationId ?? null,
    userId: identity.kind === "user" ? identity.userId ?? null : null,
    sessionId: identity.kind === "user" ? identity.sessionId ?? null : null,
    userRole: identity.kind === "service" ? null : identity.userRole,
    model: end.mode === "model" || end.outcome === "fallback" ? deps.bedrock?.modelId ?? null : null,
    promptVersion: PROMPT_VERSION,
    mode: end.mode,
    outcome: end.outcome,
    errorKind: end.errorKind,
    sections: turn.sections,
    dosing: turn.dosing.outcomes,
    question: turn.question,
    answer: end.answer,
    usage: end.usage,
    latencyMs: performance.now() - turn.started,
    modelLatencyMs: end.modelLatencyMs,
    correlationId: ctx.requestId,
  });
  deps.later(entry.then(deps.recordTrail));
  if (turn.sections.length > 0) deps.recordRetrievals?.(ctx, retrievals(turn, end.answer));
}

/**
 * The answer's protocols in retrieval order, each marked whether the answer cites it. Both sides by the
 * document's number ("1231", as search and view rows name it), not the chat's label ("TP 1231"): a label
 * never equalled a cited number, so no chat row counted as cited (review19).
 */
export function retrievals(turn: Pick<Turn, "messageId" | "sections">, answer: string): ProtocolUse {
  const cited = new Set(
    citedReferences(answer).map(referencedNumber),
  );
  const numbers = [
    ...new Set(turn.sections.map((s) => referencedNumber(s.protocolNumber) ?? s.protocolNumber)),
  ];
  return {
    id: turn.messageId,
    kind: "chat",
    results: numbers.map((n, i) => ({ protocolNumber: n, rank: i + 1, cited: cited.has(n) })),
  };
}

function streamAnswer(ctx: Context<unknown, ChatBody>, turn: Turn, deps: ChatDeps): Response {
  const upstream = new AbortController();
  ctx.req.signal.addEventListener("abort", () => upstream.abort(), { once: true });
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (name: string, data: unknown) => {
        if (!upstream.signal.aborted) controller.enqueue(sseEvent(name, data));
      };
      const end = await produce(ctx, turn, deps, upstream.signal, (text) => send("delta", { text }));
      send("done", summary(turn, end.mode, end.answer, end.usage, end.reason));
      record(ctx, turn, deps, end);
      if (!upstream.signal.aborted) controller.close();
    },
    cancel() {
      upstream.abort(); // the client went away: stop the model too
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** Streams the answer's text through `emit` and says how it ended. */
async function produce(
  ctx: Context<unknown, ChatBody>,
  turn: Turn,
  deps: ChatDeps,
  signal: AbortSignal,
  emit: (text: string) => void,
): Promise<Ending> {
  const early = withoutModel(turn, deps);
  if (early) {
    emit(early.answer);
    return early;
  }
  const bedrock = deps.bedrock as BedrockClient; // withoutModel answered when there is none
  const built = promptFor(ctx, turn);
  let text = "";
  let usage: TokenUsage | undefined;
  let modelLatencyMs: number | null = null;
  const asked = performance.now();
  try {
    const stream = await bedrock.converseStream(built.request, { signal, timeoutMs: deps.budgetMs });
    for await (const event of stream) {
      if (event.type === "delta") {
        text += event.text;
        emit(event.text);
      } else if (event.type === "metadata") {
        usage = event.usage;
        modelLatencyMs = event.modelLatencyMs;
      }
    }
    observeTiming(MODEL_LATENCY, performance.now() - asked);
    return { answer: text, mode: "model", outcome: "answered", usage, modelLatencyMs };
  } catch (error) {
    const errorKind = error instanceof BedrockError ? error.kind : undefined;
    if (signal.aborted || errorKind === "aborted") {
      return { answer: text, mode: "model", outcome: "aborted", usage, errorKind: "aborted" };
    }
    const reason = fallbackReason(error);
    // Nothing shown yet: the retrieval-only answer replaces the model's. Part shown: say it broke off.
    const fallback = retrievalOnly(turn, reason);
    const shown = text ? `${text}\n\n[The answer was interrupted.]\n\n${fallback}` : fallback;
    emit(shown.slice(text.length));
    return { answer: shown, mode: "retrieval-only", outcome: "fallback", reason, usage, errorKind };
  }
}
