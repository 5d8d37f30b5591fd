/**
 * The answer given without a model — Bedrock failed, ran out of its time budget, or no AWS credentials
 * are configured (the local default): the matching protocol sections and the dosing engine's results,
 * labelled as such. No I/O.
 */
import type { DosingOutcome } from "./dosing_context.ts";
import { ageBandsLine, type ContextSection, formatDoseResult, truncate } from "./prompt.ts";
import { refusalText } from "./chat_refusals.ts";

export type RetrievalOnlyReason = "offline" | "timeout" | "error";

const LEAD: Readonly<Record<RetrievalOnlyReason, string>> = {
  offline: "Retrieval-only mode: the AI model is not configured here, so these are the matching protocol " +
    "sections as written, without a generated answer.",
  timeout: "Retrieval-only mode: the AI model did not answer in time, so these are the matching protocol " +
    "sections as written, without a generated answer.",
  error: "Retrieval-only mode: the AI model is unavailable right now, so these are the matching protocol " +
    "sections as written, without a generated answer.",
};

export interface RetrievalOnlyInput {
  readonly reason: RetrievalOnlyReason;
  readonly sections: readonly ContextSection[];
  readonly dosing?: readonly DosingOutcome[];
  /** What the dosing step wants said (routes ruled out, no medication named, which shock is which). */
  readonly dosingNotes?: readonly string[];
  /** Characters of each section's text shown (default 1200). */
  readonly excerptChars?: number;
}

export function composeRetrievalOnlyAnswer(input: RetrievalOnlyInput): string {
  const parts = [LEAD[input.reason]];
  // The dosing engine's answer and its notes first: on a phone the dose asked for must not sit below pages
  // of protocol text.
  for (const d of input.dosing ?? []) {
    parts.push(
      (d.result
        ? `Dosing engine (${d.result.citation}): ${formatDoseResult(d.result)}`
        : `Dosing engine: ${d.refusal ? refusalText(d.refusal, d.request.medication) : "no answer"}`) +
        ageBandsLine(d),
    );
  }
  for (const note of input.dosingNotes ?? []) parts.push(`Dosing note: ${note}`);
  if (input.sections.length === 0) {
    parts.push(
      "No protocol section matched this question. Check the protocol manual or contact the base hospital.",
    );
  }
  // Each section headed by its reference in brackets, as a model's answer cites one, so `cited` (and the
  // protocol-usage log's cited protocols) count the sections shown here too.
  for (const s of input.sections) {
    parts.push(`[${s.protocolNumber}] ${s.title}\n${truncate(s.text.trim(), input.excerptChars ?? 1200)}`);
  }
  parts.push("Base hospital contact requirements (Ref. 1200.2) still apply.");
  return parts.join("\n\n");
}
