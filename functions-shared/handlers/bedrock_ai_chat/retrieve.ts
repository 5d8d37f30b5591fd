/**
 * Grounding for the chat: the best protocol sections for the conversation, from the isolate's
 * protocol index (in process — no network hop), labelled with the reference number the way the
 * system prompt asks the model to cite it (TP 1210, MCG 1309, Ref. 1200.2).
 */
import type { ProtocolHit, ProtocolIndex } from "../../domain/protocols/mod.ts";
import { searchProtocols } from "../../domain/protocols/mod.ts";
import type { ChatTurn, PatientHints } from "./dosing_context.ts";
import type { ContextSection } from "./prompt.ts";

export interface RetrievalOptions {
  /** Documents to draw sections from (default 4). */
  readonly documents?: number;
  /** Sections per document (default 2). */
  readonly sectionsPerDocument?: number;
}

/** The reference label a provider would write: TP for treatment protocols, MCG for guidelines. */
export function referenceLabel(hit: Pick<ProtocolHit, "protocolNumber" | "documentType">): string {
  switch (hit.documentType) {
    case "treatment_protocol":
      return `TP ${hit.protocolNumber}`;
    case "medical_control_guideline":
    case "drug_reference":
      return `MCG ${hit.protocolNumber}`;
    default:
      return `Ref. ${hit.protocolNumber}`;
  }
}

/** The search text: the last question, with the one before it when the last is a short follow-up. */
export function retrievalQuery(turns: readonly ChatTurn[]): string {
  const asked = turns.filter((t) => t.role === "user").map((t) => t.content.trim());
  const last = asked.at(-1) ?? "";
  const previous = asked.at(-2);
  return previous && last.split(/\s+/).length < 6 ? `${previous} ${last}` : last;
}

/** A child by the patient facts the client sent; undefined lets the query's own words decide. */
export function pediatricHint(patient: PatientHints | undefined): boolean | undefined {
  if (patient?.ageYears !== undefined) return patient.ageYears < 15;
  if (patient?.color !== undefined) return true;
  if (patient?.weightKg !== undefined) return patient.weightKg <= 36;
  return undefined;
}

export function retrieveSections(
  index: ProtocolIndex,
  turns: readonly ChatTurn[],
  patient: PatientHints | undefined,
  options: RetrievalOptions = {},
): ContextSection[] {
  const { hits } = searchProtocols(index, retrievalQuery(turns), {
    limit: options.documents ?? 4,
    pediatric: pediatricHint(patient),
    sectionsPerHit: options.sectionsPerDocument ?? 2,
  });
  return hits.flatMap((hit) =>
    hit.sections.map((s) => ({
      protocolNumber: referenceLabel(hit),
      title: s.heading ? `${hit.title} — ${s.heading}` : hit.title,
      text: s.content,
    }))
  );
}
