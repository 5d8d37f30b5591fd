/**
 * Is this an EMS question? A small I/O-free heuristic run before any model call, so clearly
 * out-of-scope requests are declined politely without spending tokens. It only decides the clear
 * cases: "uncertain" goes to the model, whose system prompt has the same scope rule.
 *
 *   classifyScope(messages) → { decision: "in_scope" | "out_of_scope" | "uncertain", reason, signals }
 */
import { listMedications } from "../../domain/dosing/mod.ts";
import type { ChatTurn } from "./dosing_context.ts";
import { everyMatch } from "./chat_every_match.ts";

export type ScopeDecision = "in_scope" | "out_of_scope" | "uncertain";

export type ScopeReason =
  | "ems_terms" // clinical or protocol vocabulary
  | "follow_up" // nothing either way, but the conversation so far is about EMS
  | "off_topic" // non-clinical request and no EMS vocabulary
  | "creative_task" // poems, stories, jokes… even about EMS
  | "personal_medical_advice" // the person asking about their own health, no patient in sight
  | "instruction_override" // asks to ignore the rules or reveal the prompt
  | "no_signal";

export interface ScopeVerdict {
  readonly decision: ScopeDecision;
  readonly reason: ScopeReason;
  /** The words that decided (for logs and tests; never stored with the question). */
  readonly signals: readonly string[];
}

const EMS_TERMS = [
  // protocols and the system
  String.raw`protocols?`,
  String.raw`(?:tp|mcg)\s?\d{3,4}`,
  String.raw`ref(?:erence)?\.?\s?(?:no\.?\s?)?\d{3,4}`,
  String.raw`base (?:hospital|contact|station)`,
  String.raw`medical control`,
  String.raw`online medical direction`,
  String.raw`paramedics?`,
  String.raw`emts?`,
  String.raw`ems`,
  String.raw`als`,
  String.raw`bls`,
  String.raw`on scene`,
  String.raw`(?:transport|destination) (?:criteria|policy|decision)`,
  String.raw`(?:trauma|stroke|stemi|burn|pediatric|edap) (?:center|centre)`,
  String.raw`ama`,
  String.raw`triage`,
  String.raw`mci`,
  String.raw`provider impression`,
  // patients and dosing
  String.raw`patients?`,
  String.raw`pts?`,
  String.raw`y\/?o`,
  String.raw`\d+\s?(?:-\s?)?(?:year|month|week|day)s?[- ]old`,
  String.raw`(?:infant|neonate|newborn|toddler|child|peds|pediatric|paediatric|geriatric)s?`,
  String.raw`doses?|dosing`,
  String.raw`\d+(?:\.\d+)?\s?(?:mg|mcg|g|ml|meq|kg|j)`,
  String.raw`iv|io|im|intranasal|intramuscular|intravenous|intraosseous|nebuli[sz]ed|sublingual`,
  String.raw`broselow|length[- ]based tape`,
  // assessment and interventions
  String.raw`vitals?|bp|blood pressure|heart rate|spo2|etco2|capnography|gcs|blood glucose|bgl?`,
  String.raw`12[- ]lead|ecg|ekg|cardiac rhythm`,
  String.raw`cpr|rosc|defib\w*|cardiovert\w*|cardioversion|pacing|aed|compressions?`,
  String.raw`airway|intubat\w*|bvm|bag[- ]valve|cpap|i-?gel|king airway|suction\w*|oxygen|o2`,
  String.raw`tourniquet|hemorrhage|haemorrhage|bleeding|splint\w*|spinal motion restriction|c-?collar`,
  // conditions
  String.raw`(?:cardiac |respiratory )?arrest|stemi|chest pain|acs|heart attack`,
  String
    .raw`stroke|cva|seizures?|seizing|status epilepticus|syncope|altered mental status|unresponsive|unconscious`,
  String
    .raw`anaphyla\w*|allergic reaction|asthma|copd|wheez\w*|stridor|croup|respiratory distress|sob|shortness of breath`,
  String.raw`overdose|opioids?|poison\w*|toxic\w*|envenomation|snake ?bite`,
  String.raw`hypoglyc\w*|hyperglyc\w*|diabetic|sepsis|septic|shock|hypotensi\w*|hypertensi\w*`,
  String.raw`brady\w*|tachy\w*|svt|v-?fib|vf|v-?tach|vt|pea|asystole|afib|a-fib`,
  String.raw`trauma|burns?|fractures?|head injury|tbi|crush injury|gsw|gunshot|stab(?:bing)? wound|mvc|mva`,
  String.raw`pregnan\w*|in labou?r|childbirth|eclampsia|pre-?eclampsia|postpartum|field delivery`,
  String.raw`drown\w*|hypotherm\w*|hypertherm\w*|heat stroke|heat exhaustion|dehydrat\w*`,
  String.raw`agitat\w*|combative|psychiatric|behavioral|behavioural|suicid\w*|excited delirium`,
  String.raw`dialysis|hyperkal\w*|nausea|vomiting|abdominal pain|pain management|analgesi\w*`,
];

const EMS_PATTERN = new RegExp(`(?<![\\w-])(?:${EMS_TERMS.join("|")})(?![\\w-])`, "gi");

const MEDICATION_PATTERN = (() => {
  const names = new Set<string>();
  for (const med of listMedications()) {
    for (const name of [med.id, med.name, ...med.aliases]) {
      if (name.replace(/[^a-z0-9]/gi, "").length >= 3) names.add(name.toLowerCase());
    }
  }
  const alternatives = [...names].sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[\s-]+/g, "[\\s-]*"));
  return new RegExp(`(?<![\\w-])(?:${alternatives.join("|")})(?![\\w-])`, "gi");
})();

const CREATIVE_PATTERN =
  /\b(?:write|compose|make up|tell)\b[^.?!]{0,30}\b(?:poem|song|lyrics|story|stories|essay|joke|limerick|haiku|rap|screenplay|novel)\b|\b(?:poem|haiku|limerick|song lyrics)\b/i;

const OFF_TOPIC_PATTERN = new RegExp(
  "\\b(?:recipes?|cook(?:ing)?|bak(?:e|ing)|weather|forecast|stocks?|crypto\\w*|bitcoin|invest\\w*|sports?|" +
    "football|basketball|soccer|baseball|movies?|films?|tv shows?|netflix|video games?|homework|" +
    "translate|translation|javascript|python|typescript|sql|programming|coding|code|" +
    "resume|cover letter|dating|horoscope|astrology|vacation|travel|hotels?|restaurants?|lottery|" +
    "politic\\w*|elections?|celebrit\\w*|song|music|lyrics|shopping|amazon)\\b",
  "i",
);

const OVERRIDE_PATTERN =
  /\b(?:ignore|disregard|forget)\b[^.?!]{0,30}\b(?:instructions|rules|prompt|guidelines)\b|\b(?:system prompt|jailbreak|developer mode|dan mode)\b|\bpretend (?:you are|to be|you're)\b|\byou are no longer\b/i;

const FIRST_PERSON_HEALTH =
  /\b(?:i|i'm|i am|i've|i have|my)\b[^.?!]{0,40}\b(?:feel(?:ing)?|sick|hurts?|pain|ache|headache|symptoms?|took|taking|prescri\w*|should i take|can i take|my (?:doctor|medication|meds|pills))\b/i;
const PATIENT_REFERENCE =
  /\b(?:patients?|pts?|y\/?o|years? old|months? old|male|female|man|woman|boy|girl|child|infant|baby|kid|toddler|he|she|they|him|her|victim|caller|partner)\b/i;

function matches(pattern: RegExp, text: string): string[] {
  return everyMatch(pattern, text).map((m) => m[0].toLowerCase());
}

function emsSignals(text: string): string[] {
  return [...new Set([...matches(EMS_PATTERN, text), ...matches(MEDICATION_PATTERN, text)])];
}

export function classifyScope(turns: readonly ChatTurn[]): ScopeVerdict {
  const users = turns.filter((t) => t.role === "user").map((t) => t.content.trim()).filter(Boolean);
  const last = users.at(-1) ?? "";
  if (!last) return { decision: "uncertain", reason: "no_signal", signals: [] };

  const override = OVERRIDE_PATTERN.exec(last);
  if (override) {
    return { decision: "out_of_scope", reason: "instruction_override", signals: [override[0].toLowerCase()] };
  }
  const creative = CREATIVE_PATTERN.exec(last);
  if (creative) {
    return { decision: "out_of_scope", reason: "creative_task", signals: [creative[0].toLowerCase()] };
  }

  const ems = emsSignals(last);
  const personal = FIRST_PERSON_HEALTH.exec(last);
  if (personal && !PATIENT_REFERENCE.test(last)) {
    return {
      decision: "out_of_scope",
      reason: "personal_medical_advice",
      signals: [personal[0].toLowerCase()],
    };
  }
  if (ems.length > 0) return { decision: "in_scope", reason: "ems_terms", signals: ems.slice(0, 8) };

  const offTopic = OFF_TOPIC_PATTERN.exec(last);
  if (offTopic) {
    return { decision: "out_of_scope", reason: "off_topic", signals: [offTopic[0].toLowerCase()] };
  }

  // A short follow-up ("and for a child?") inherits the conversation's scope.
  const earlier = users.slice(0, -1).slice(-3).flatMap(emsSignals);
  if (earlier.length > 0) {
    return { decision: "in_scope", reason: "follow_up", signals: [...new Set(earlier)].slice(0, 8) };
  }
  return { decision: "uncertain", reason: "no_signal", signals: [] };
}

/** What the assistant says instead of answering, by reason. */
export function declineMessage(reason: ScopeReason): string {
  const base = "I can only help with prehospital care under the Los Angeles County EMS protocols, such as " +
    "treatment protocols, medication doses from MCG 1309, or base contact requirements.";
  switch (reason) {
    case "personal_medical_advice":
      return `${base} I can't give personal medical advice. If you or someone with you needs emergency help, ` +
        "call 911; otherwise please talk to your own doctor.";
    case "instruction_override":
      return `${base} I can't change how I work, but I'm glad to help with a patient-care question.`;
    default:
      return `${base} Please ask me a question about patient care in the field.`;
  }
}
