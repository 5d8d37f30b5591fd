/**
 * The per-drug rules that narrow, refine or hold the indication a message names, with no I/O: a crush injury's
 * choice said beside it (TP 1242-P), a nerve-agent exposure's severity (TP 1240-P), midazolam's step 10 / 11 (TP
 * 1209), an allergic airway as anaphylaxis (TP 1219), a doubted crush-hyperkalemia, a tachycardia's perfusion
 * (chat_tachycardia_words.ts), a named hyperkalaemia beside an overdose read only from a drug's name.
 * chat_indications.ts reads the name; ruledIndication is what it becomes.
 */
import { deniedAt, saidInDoubt } from "./chat_denials.ts";
import { perfusionNarrowed } from "./chat_tachycardia_words.ts";
import type { IndicationPatterns } from "./chat_indication_patterns.ts";
import { firstSaid } from "./chat_first_said.ts";
import { crushOnlyInContext, injuryRuled } from "./chat_injury_words.ts";
import { OVERDOSE_PATTERNS } from "./chat_overdose_words.ts";
import { hyperglycemiaPerfusionRuled } from "./chat_hyperglycemia_saline.ts";

/**
 * The indication `best`, named in `text`, after every rule below in turn. `older`: this patient's older messages,
 * newest first (an allergic cause may be said in one of them).
 */
export function ruledIndication(
  medicationId: string,
  indications: readonly IndicationPatterns[],
  text: string,
  older: readonly string[],
  best: string,
  child: boolean,
): string | undefined {
  // An injury's indication left open (a cause beside another injury, a crush said only in context) is asked.
  const narrowedBest = narrowed(medicationId, indications, text, best);
  const injury = injuryRuled(medicationId, indications, text, narrowedBest, child);
  if (injury === undefined) return undefined;
  const found = perfusionNarrowed(medicationId, text, refined(indications, text, injury, child));
  if (crushOnlyInContext(medicationId, found, text, child)) return undefined;
  // A child's hyperglycaemia with poor perfusion is TP 1203-P step 8's bolus (eighteenth read, M1).
  const perfused = hyperglycemiaPerfusionRuled(medicationId, text, found, child);
  return hyperkalemiaOrOverdose(
    indications,
    text,
    graded(
      medicationId,
      text,
      step11Held(
        medicationId,
        text,
        allergicAirway(medicationId, [text, ...older], crushDoubted(indications, text, perfused)),
      ),
    ),
  );
}

const HYPERKALEMIAS = new Set(["hyperkalemia", "crush-hyperkalemia"]);

/**
 * A hyperkalaemia the medic names (TP 1212 step 7 / MCG 1317.11: calcium chloride, a standing order, may repeat) is
 * never outranked by an overdose read only from a drug's name ("dialysis pt, amlodipine od, peaked t waves,
 * hyperkalemia"): dialysis patients take such drugs at home, and TP 1241 step 15's dose waits on the base. Both
 * plausible, no indication is read, so the engine asks which (medical director's seventeenth read, H2). An
 * overdose said by its own name ("ccb od", "tca overdose") is read as before, the first said deciding.
 */
function hyperkalemiaOrOverdose(
  indications: readonly IndicationPatterns[],
  text: string,
  found: string,
): string | undefined {
  if (!HYPERKALEMIAS.has(found) && !OVERDOSE_PATTERNS[found]) return found; // another indication said first
  const saidBy = (i: IndicationPatterns, own: boolean) =>
    i.patterns.some((p) => (OVERDOSE_PATTERNS[i.id] ?? []).includes(p) !== own && p.test(text));
  const hyperkalemia = indications.some((i) => HYPERKALEMIAS.has(i.id) && saidBy(i, true));
  const drugOnly = indications.some((i) => OVERDOSE_PATTERNS[i.id] && saidBy(i, false) && !saidBy(i, true));
  return hyperkalemia && drugOnly ? undefined : found;
}

/**
 * An indication a child is asked to refine ("crush injury": hyperkalaemia or before extrication, TP 1242-P)
 * is refined by the one of its choices said anywhere in the same message ("crush injury, calcium before extrication"),
 * so the medic is not asked what they already said. Two choices said settle nothing. Unless the patient is
 * known to be a child, only the choices that mean the same for an adult refine it (adultRefinedBy).
 */
function refined(
  indications: readonly IndicationPatterns[],
  text: string,
  found: string,
  child: boolean,
): string {
  const named = indications.find((i) => i.id === found);
  const refinedBy = child ? named?.refinedBy : named?.adultRefinedBy;
  if (!refinedBy) return found;
  const said = indications.filter((i) => refinedBy.includes(i.id) && i.patterns.some((p) => p.test(text)));
  if (child && hyperkalemiaLeftOpen(indications, refinedBy, said, text)) return found;
  return said.length === 1 ? said[0].id : found;
}

/**
 * A child's crush injury is refined to crush-hyperkalemia by its own words only ("crush injury with
 * hyperkalemia"): hyperkalaemia said otherwise ("crush injury leg, hyperkalemia?") is no choice, since a crush
 * read from free text doses a child wrongly (medical director's review), but it leaves that choice open, so
 * "crush injury, hyperkalemia, before extrication" is asked about, as before, not settled as before extrication.
 */
function hyperkalemiaLeftOpen(
  indications: readonly IndicationPatterns[],
  refinedBy: readonly string[],
  said: readonly IndicationPatterns[],
  text: string,
): boolean {
  if (!refinedBy.includes("crush-hyperkalemia") || said.some((i) => i.id === "crush-hyperkalemia")) {
    return false;
  }
  return indications.some((i) => i.id === "hyperkalemia" && i.patterns.some((p) => p.test(text)));
}

/**
 * Severity words grade an exposure wherever they stand in the sentence ("nerve agent exposure, mild
 * symptoms"): TP 1240-P step 15 doses a child's nerve-agent exposure by its severity. By medication: the
 * indication they grade, and the indication each severity names for it.
 */
const GRADED: Readonly<Record<string, { of: string; grades: Readonly<Record<string, string>> }>> = {
  atropine: { of: "nerve-agent", grades: { mild: "nerve-agent-mild" } },
  duodote: {
    of: "nerve-agent",
    grades: { mild: "mild-exposure", moderate: "moderate-exposure", severe: "severe-exposure" },
  },
};
const SEVERITY = /(?<![\w-])(mild|moderate|severe)(?![\w-])/gi;

/** The graded indication one severity word names; two different severities settle nothing. */
function graded(medicationId: string, text: string, found: string): string {
  const graded = GRADED[medicationId];
  if (!graded || (found !== graded.of && !Object.values(graded.grades).includes(found))) return found;
  const said = new Set(
    [...text.matchAll(SEVERITY)].filter((m) => !deniedAt(text, m.index, m.index + m[0].length)) // "not mild"
      .map((m) => m[1].toLowerCase()),
  );
  if (said.size !== 1) return said.size === 0 ? found : graded.of;
  // A severity with no indication of its own for this medication (moderate, for a child's atropine) leaves
  // the exposure ungraded, for the engine to ask.
  return graded.grades[[...said][0]] ?? graded.of;
}

/**
 * Indications that narrow a broader one wherever they are said in the message: "combative, large high-risk
 * agitation" names step 11's single 10 mg dose after "combative" (step 10's word). Step 11's 5 mg course is
 * chosen by its conditions instead (step11Held).
 */
const NARROWED_BY: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  midazolam: { agitation: ["agitation-high-risk"] },
};

/** The narrower indication said anywhere in `text` (the first said, if several), or `found`. */
function narrowed(
  medicationId: string,
  indications: readonly IndicationPatterns[],
  text: string,
  found: string,
): string {
  const narrower = NARROWED_BY[medicationId]?.[found];
  if (!narrower) return found;
  return firstSaid(indications.filter((i) => narrower.includes(i.id)), text, (i) => i.patterns) ?? found;
}

/** Step 11 asked for by name: the indication's id, or the protocol's step ("TP 1209 step 11", "step 11"). */
const STEP_11_NAMED = /\bagitation-severe\b|\bstep\s*11\b/i;

/**
 * TP 1209 / TP 1209-P step 11 (treatment before base, a repeat) is for severe agitation with ALOC AND an
 * immediate risk. Whether a message says both, and denies neither, was read wrong in every form a review tried
 * ("ALOC neg", "immediate risk: no", "hx of ALOC, now alert", "altered? negative"), and a wrong step 11 lets a
 * repeat go before base contact. So the chat never infers it: midazolam's agitation is step 10's, whose answer
 * says first what step 11 allows and how to ask for it, and step 11 is chosen only when asked for by name.
 */
function step11Held(medicationId: string, text: string, found: string): string {
  if (medicationId !== "midazolam" || (found !== "agitation-severe" && found !== "agitation")) return found;
  return STEP_11_NAMED.test(text) ? "agitation-severe" : "agitation";
}

/** An allergic cause said: an allergy, a known allergen or sting, hives. */
const ALLERGIC =
  /\b(?:allerg\w*|anaphyla\w*|hives|urticaria|peanuts?|tree\s+nuts?|nut\s+allergy|shellfish|bee\s+stings?|stung|wasps?|hornets?)\b/gi;

/** True when a message of `texts` says an allergic cause, not denied ("no allergies", "allergies: none"). */
const allergicCauseSaid = (texts: readonly string[]) =>
  texts.some((text) =>
    [...text.matchAll(ALLERGIC)].some((m) => !deniedAt(text, m.index, m.index + m[0].length))
  );

/**
 * Stridor or wheezing in an allergic reaction is anaphylaxis for epinephrine: TP 1219 / 1219-P note 1 make IM
 * epinephrine the drug of choice for an allergic reaction with respiratory compromise, and note 2 treats wheezing
 * from one with IM epinephrine (medical director's eighth read, H5: "peanut allergy, hives, stridor" got the
 * nebulised dose of TP 1234-P's stridor). The cause may be said in an older message of this patient's ("bee sting,
 * hives" then "still wheezing, epi?" was cited as TP 1237: tenth read, L5); `texts`: the message read and the older
 * ones. Another indication, or no allergic word (or one denied: "no allergies"), is left as read.
 */
function allergicAirway(medicationId: string, texts: readonly string[], found: string): string {
  if (medicationId !== "epinephrine" || (found !== "stridor" && found !== "bronchospasm")) return found;
  return allergicCauseSaid(texts) ? "anaphylaxis" : found;
}

/**
 * crush-hyperkalemia read from its name in a clause that denies or doubts something ("no crush hyperkalemia,
 * dialysis kid", "crush hyperkalemia?") is hyperkalaemia alone: a child then gets no dose (contact base) and an
 * adult TP 1212's base order, never TP 1242's standing one (medical director's second read).
 */
function crushDoubted(indications: readonly IndicationPatterns[], text: string, found: string): string {
  if (found !== "crush-hyperkalemia") return found;
  const patterns = indications.find((i) => i.id === found)?.patterns ?? [];
  return saidInDoubt(text, patterns) ? "hyperkalemia" : found;
}

/** Indications with a doubt rule of their own (crushDoubted): the general denial reading leaves their names alone. */
export const OWN_DOUBT_RULE: ReadonlySet<string> = new Set(["crush-hyperkalemia"]);
