/**
 * Grounding for the chat: the best protocol sections for the conversation, from the isolate's
 * protocol index (in process — no network hop), labelled with the reference number the way the
 * system prompt asks the model to cite it (TP 1210, MCG 1309, Ref. 1200.2).
 */
import { isKnownChild } from "../../domain/dosing/mod.ts";
import type { ProtocolHit, ProtocolIndex } from "../../domain/protocols/mod.ts";
import { isPediatricNumber, searchProtocols } from "../../domain/protocols/mod.ts";
import { findPatientFacts } from "./chat_patient_mentions.ts";
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

/** MCG 1309: the colour-code drug doses, a child's page per tape weight. */
const CHILD_DOSE_TABLE = "1309";

/** A passage written for children: a -P protocol or MCG 1309's colour bands. */
function forChildren(hit: Pick<ProtocolHit, "protocolNumber">): boolean {
  return isPediatricNumber(hit.protocolNumber) || hit.protocolNumber === CHILD_DOSE_TABLE;
}

/** Below this age with nothing else to place the patient, a child (LA County doses adults from 15). */
const ADULT_FROM_YEARS = 15;

/**
 * A child by the conversation's own facts, as the dosing step reads them (a tape weight or colour), or by an
 * age alone below 15 ("teenager 14", "14 yr"): the dosing step would ask such a child's weight, and the
 * passages to ground on are the child's.
 */
function childInConversation(turns: readonly ChatTurn[]): boolean {
  return turns.some((t) => {
    if (t.role !== "user") return false;
    const facts = findPatientFacts(t.content);
    if (isKnownChild(facts)) return true;
    return facts.weightKg === undefined && facts.color === undefined && facts.ageYears !== undefined &&
      facts.ageYears < ADULT_FROM_YEARS;
  });
}

/**
 * The sections to ground an answer on. Unless the patient is a child (the client's facts, the question's
 * words, or a tape weight, colour or age in the conversation), a child's passage (-P protocols, MCG 1309's
 * colour bands) is left out: an adult's answer quoting a 15 kg band's dose is a wrong-dose trap. A reference
 * the medic names ("MCG 1309", "1219-P") is always kept. The search and its ranking are unchanged: more
 * documents are asked for, and the first `documents` kept.
 */
export function retrieveSections(
  index: ProtocolIndex,
  turns: readonly ChatTurn[],
  patient: PatientHints | undefined,
  options: RetrievalOptions = {},
): ContextSection[] {
  const documents = options.documents ?? 4;
  const childByFacts = childInConversation(turns);
  const { hits, interpretation } = searchProtocols(index, retrievalQuery(turns), {
    limit: documents + ADULT_SPARE,
    // The client's facts decide; else a child the conversation states ranks the -P protocols first.
    pediatric: pediatricHint(patient) ?? (childByFacts ? true : undefined),
    sectionsPerHit: options.sectionsPerDocument ?? 2,
  });
  const child = interpretation.pediatric === true || childByFacts;
  const kept = child ? hits : hits.filter((hit) => hit.matchedBy === "reference" || !forChildren(hit));
  return kept.slice(0, documents).flatMap((hit) =>
    hit.sections.map((s) => ({
      protocolNumber: referenceLabel(hit),
      title: s.heading ? `${hit.title} — ${s.heading}` : hit.title,
      text: s.content,
    }))
  );
}

/** Extra documents asked for, so an adult's answer still has its `documents` after children's are left out. */
const ADULT_SPARE = 6;
