/**
 * A dose the dosing engine gives with no indication, withheld when the medic named an indication only to deny it,
 * with no I/O. Some medications are dosed with no indication said (nitroglycerin, naloxone, albuterol: their first
 * indication's row), and that row is often the very one denied: "no chest pain, nitro adult" got chest pain's
 * 0.4 mg SL, "not opioid overdose, naloxone 20kg" 2 mg (medical director's third read). The medic is asked which
 * indication instead, in a line a phone shows whole, quoting what they wrote. The engine's own question
 * (AMBIGUOUS_INDICATION) becomes one line, once per medication, saying why the indication named was not read: a
 * seizure read as ended (TP 1231 step 6, TP 1231-P step 5) or as having stopped breathing (airway first, step 1), a
 * denial, a resolution ("cp resolved": TP 1211 gives nitroglycerin for chest pain now), a history. The engine is
 * unchanged: what the message denies is the chat's reading (chat_denials.ts).
 */
import { FORMULARY, isKnownChild } from "../../domain/dosing/mod.ts";
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import type { DosingOutcome } from "./dosing_types.ts";
import type { IndicationReading } from "./chat_indications.ts";
import type { NotSaidReading } from "./chat_denials.ts";
import { findMedications } from "./chat_names.ts";
import { unclearSigns } from "./chat_state_now.ts";

const either = (said: readonly string[]) =>
  said.length < 2 ? said.join("") : `${said.slice(0, -1).join(", ")} or ${said.at(-1)}`;

type Drug = (typeof FORMULARY)[number];
type Rule = Drug["variants"][number]["adult"];

/** Every reference of a rule's rows. */
function refsOf(rule: Rule): string[] {
  if ("byIndication" in rule) {
    return [...Object.values(rule.byIndication), ...(rule.otherwise ? [rule.otherwise] : [])].flatMap(refsOf);
  }
  if ("byRoute" in rule) return Object.values(rule.byRoute).flatMap((r) => (r ? refsOf(r) : []));
  return [...rule.refs];
}

/** The references of the adult rows the formulary gives for this indication by name (none for a default row). */
function adultRefs(rule: Rule, indication: string): string[] {
  if ("byIndication" in rule) {
    const named = rule.byIndication[indication];
    return named ? refsOf(named) : [];
  }
  if ("byRoute" in rule) {
    return Object.values(rule.byRoute).flatMap((r) => (r ? adultRefs(r, indication) : []));
  }
  return [];
}

/** The treatment protocols the formulary's rows for this indication cite, for this patient, or none. */
function protocolsOf(drug: Drug | undefined, indication: string, adult: boolean): string[] {
  const refs = (drug?.variants ?? []).flatMap((v) =>
    adult
      ? adultRefs(v.adult, indication)
      : "notForChildren" in v.pediatric
      ? []
      : [...(v.pediatric.byIndication?.[indication]?.refs ?? [])]
  );
  return [...new Set(refs.filter((r) => /^TP /.test(r)))];
}

/**
 * A newer message describing the state now ("now awake and crying"; chat_state_now.ts): both quoted, and the
 * old condition asked about as it is now ("You wrote 'seizing', then 'now awake and crying': seizing now?").
 */
const changedQuestion = ({ quote, was, arrest }: NotSaidReading, request: DoseRequest) =>
  arrest
    ? arrestQuestion(was, quote, request, arrest === "newborn")
    : `You wrote '${was}', then '${quote}': ${was} now?${subtleSigns(quote, request)}`;

/** The drugs step 18 of TP 1210 / TP 1210-P gives after ROSC for a low pressure (saline, then push-dose epinephrine). */
const AFTER_ROSC = new Set(["epinephrine", "normal-saline"]);

/**
 * A cardiac arrest, then a pulse, a pressure or the patient awake (chat_circulation_now.ts): asked by name, never as
 * a yes or no. A yes to "cardiac arrest now? If the pulse is back, ..." answered either clause ("yes it's back" was
 * dosed 1 mg), and "no" to "no pulse now?" read as "no no pulse now" (the first read, F8).
 */
function arrestQuestion(
  was: string | undefined,
  quote: string,
  request: DoseRequest,
  newborn: boolean,
): string {
  const child = isKnownChild(request);
  const tp = newborn ? "TP 1216-P" : child ? "TP 1210-P" : "TP 1210";
  const id = findMedications(request.medication)[0]?.id;
  // amiodarone has nothing else to be for: said once, so a "rosc" reply asked again reads as the answer it is; with no
  // arrest said (`was`), a pulse alone: what TP 1213 gives instead is said too
  if (id === "amiodarone") {
    const instead = was === undefined
      ? `; with a pulse, treat the rhythm per ${child ? "TP 1213-P" : "TP 1213"}`
      : "";
    return `You wrote ${was === undefined ? "" : `'${was}', then `}'${quote}': is the heart ${
      was === undefined ? "" : "still "
    }stopped? Amiodarone is for VF or pulseless VT only (MCG 1317.5), never with a pulse or after ROSC${instead}: ` +
      `say 'arrest' for ${tp}'s dose.`;
  }
  const rosc = !newborn && id !== undefined && AFTER_ROSC.has(id)
    ? ` or 'rosc' for care after ROSC (${tp} step 18, for a low pressure)`
    : ", or what else it is for";
  return `You wrote '${was}', then '${quote}': is the heart still stopped? Say 'arrest' for ${tp}'s dose${rosc}.`;
}

/**
 * Why "no, just twitching" or "still twitching but talking to us" is asked (TP 1231 and TP 1231-P, special
 * consideration 2: subtle signs may be a seizure; focal activity is one with an altered level of consciousness).
 */
function subtleSigns(quote: string, request: DoseRequest): string {
  const why = unclearSigns(quote);
  const tp = isKnownChild(request) ? "TP 1231-P" : "TP 1231";
  if (why === "after-no") return ` Twitching, jerking or eye deviation may be a seizure going on (${tp}).`;
  if (why === "awake") {
    return ` Twitching or shaking while awake or cold is a seizure only if consciousness is altered (${tp}).`;
  }
  return "";
}

/** A glucose of 60 or above (TP 1203 step 7, TP 1203-P step 6): no hypoglycemia. */
function glucoseQuestion({ quote, was }: NotSaidReading, request: DoseRequest): string {
  const step = isKnownChild(request) ? "TP 1203-P step 6" : "TP 1203 step 7";
  // The chat never converts units (seventh read, High 3: "bgl 4.5 mmol" was dosed).
  if (/mmol/i.test(quote)) {
    return `You wrote '${quote}': ${request.medication} is for a glucose below 60 mg/dL (${step}). Send it in ` +
      `mg/dL; no dose until then.`;
  }
  return `You wrote ${
    was ? `'${was}', then ` : ""
  }'${quote}': ${request.medication} is for a glucose below ` +
    `60 mg/dL (${step}). Send the glucose now; no dose until then.`;
}

/** What the medic wrote, and why it was not read, in a few words. */
function youWrote({ how, quote }: NotSaidReading): string {
  const why = how === "history"
    ? ": a history, not read as the reason now"
    : how === "ended"
    ? ": read as a seizure that has ended"
    : how === "breathing"
    ? ": read as stopped breathing"
    : how === "resolved"
    ? ": read as resolved; if it is back, say so"
    : "";
  return `You wrote '${quote}'${why}.`;
}

/** The protocol step that documents a seizure that ended before EMS saw it, for this patient. */
function seizurePost(request: DoseRequest): string {
  const placed = [request.weightKg, request.color, request.ageYears].some((f) => f !== undefined);
  if (!placed) return "TP 1231 step 6, TP 1231-P step 5";
  return isKnownChild(request) ? "TP 1231-P step 5" : "TP 1231 step 6";
}

/**
 * Why the engine's question came: the indication named was read as ended, stopped breathing, denied or history.
 * It replaces the engine's text (the rules of every indication, ~650 characters): a phone shows this whole.
 */
function whyAsked(reading: NotSaidReading, request: DoseRequest): string {
  const active = "If it is seizing now, say so.";
  if (reading.how === "changed") return changedQuestion(reading, request);
  if (reading.how === "glucose") return glucoseQuestion(reading, request);
  if (reading.how === "ended") {
    return `You wrote '${reading.quote}': read as a seizure that has ended (${
      seizurePost(request)
    }). ${active}`;
  }
  if (reading.how === "breathing") {
    const step = isKnownChild(request) ? "TP 1231-P step 1" : "TP 1231 step 1";
    return `You wrote '${reading.quote}': airway first, open it and ventilate with a bag-mask if it is not ` +
      `breathing (${step}, MCG 1302). ${active}`;
  }
  return reading.how === "history" || reading.how === "resolved"
    ? youWrote(reading)
    : `You wrote '${reading.quote}': not read as the indication.`;
}

/**
 * `denied`: by medication id, what the messages read of its indications where none was read. The doses given with
 * no indication for such a medication become one INDICATION_DENIED refusal (the chat's own), asking which of its
 * other indications (with the treatment protocol the formulary's row for it cites); the engine's AMBIGUOUS_INDICATION
 * refusal says first why the indication named was not read. Other refusals and doses stay as they are.
 */
export function withoutDeniedDefaults(
  outcomes: readonly DosingOutcome[],
  denied: ReadonlyMap<string, IndicationReading>,
): DosingOutcome[] {
  const refused = new Set<string>(); // one question per medication, not one per route
  return outcomes.flatMap((outcome) => {
    const { request, result, refusal } = outcome;
    if (refusal?.code === "AMBIGUOUS_INDICATION" && request.indication === undefined) {
      const id = findMedications(request.medication)[0]?.id;
      const first = id === undefined ? undefined : [...denied.get(id)?.readings?.values() ?? []][0];
      if (!first) return [outcome];
      // One question per medication: its routes' (IV/IO, IN/IM) would say the same.
      if (refused.has(id!)) return [];
      refused.add(id!);
      const message = whyAsked(first, request);
      return [{ ...outcome, refusal: { ...refusal, message, details: { ...refusal.details, said: first } } }];
    }
    // A limit reached ("D10 given" is one: TP 1203-P) where the indication was denied ("recheck bgl 95") is asked as
    // the denial: no further dose is needed, not "contact base for one".
    const limited = refusal?.code === "LIMIT_REACHED"
      ? findMedications(request.medication)[0]?.id
      : undefined;
    const id = result?.medication.id ?? limited;
    const reading = id !== undefined && request.indication === undefined ? denied.get(id) : undefined;
    const ids = reading?.denied;
    if (id === undefined || !ids?.length) return [outcome];
    if (refused.has(id)) return [];
    refused.add(id);
    const adult = result ? result.adult === true : !isKnownChild(request);
    const drug = FORMULARY.find((d) => d.id === id);
    // A history is no denial: the condition it names stays a choice ("hx of chf": chest pain or pulmonary edema).
    const ruledOut = ids.filter((id) => reading?.readings?.get(id)?.how !== "history");
    const others = (drug?.indications ?? []).map((i) => i.id).filter((id) => !ruledOut.includes(id));
    const choices = others.map((id) => {
      const protocols = protocolsOf(drug, id, adult);
      return protocols.length ? `${id.replace(/-/g, " ")} (${protocols.join(", ")})` : id.replace(/-/g, " ");
    });
    const first = [...reading?.readings?.values() ?? []][0];
    if (first?.how === "glucose") {
      const message = glucoseQuestion(first, request);
      const details = { field: "indication", denied: [...ids], indications: others, said: first };
      return [{ request, refusal: { code: "INDICATION_DENIED", field: "indication", message, details } }];
    }
    const question = choices.length
      ? `What is the ${request.medication} for — ${either(choices)}?`
      : `What is the ${request.medication} for?`;
    return [{
      request,
      refusal: {
        code: "INDICATION_DENIED",
        field: "indication",
        message: first?.how === "changed"
          ? `${changedQuestion(first, request)}${
            choices.length ? ` Or is it for ${either(choices)}?` : ""
          } No dose until you say.`
          : `${first ? `${youWrote(first)} ` : ""}${question} No dose until you say.`,
        details: {
          field: "indication",
          denied: [...ids],
          indications: others,
          ...(first ? { said: first } : {}),
        },
      },
    }];
  });
}
