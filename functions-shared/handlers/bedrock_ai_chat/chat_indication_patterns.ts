/**
 * How each indication is said in a medic's message, with no I/O: its id in words, the formulary's aliases and the
 * spoken forms, as word patterns by medication (INDICATIONS). Which one a conversation asks for is
 * chat_indications.ts's (which is said first: chat_first_said.ts).
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { wordPattern } from "./chat_names.ts";
import { PEA_RHYTHM } from "./chat_state_words.ts";
import { SIGNS_WITH_ALTERED_MIND } from "./chat_state_now.ts";
import { OVERDOSE_PATTERNS, OVERDOSE_SPOKEN_FORMS } from "./chat_overdose_words.ts";
import { INJURY_PATTERNS, INJURY_SPOKEN_FORMS } from "./chat_injury_words.ts";
import { FLUID_LOSS_AND_TEMPERATURE } from "./chat_mechanism_outranked.ts";
import { NEWBORN_SPOKEN_FORMS } from "./chat_newborn_words.ts";

/** How medics say it in a sentence, beyond the formulary's own aliases (by indication id). */
export const SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  // "sz" and "in status" are read only beside the seizure words chat_seizure_ends.ts knows (its SMALL words), so
  // "sz stopped" still ends the seizure and "denies sz" still denies it.
  seizure: [
    "seizing",
    "convulsing",
    "convulsions",
    "seizure activity",
    "sz",
    "szs",
    "in status",
    "tonic clonic",
    "tonic clonic activity",
  ],
  agitation: ["agitated"],
  anaphylaxis: ["anaphylactic"],
  // Said, never inferred from a heart rate alone: a slow heart is also an organophosphate sign (TP 1240-P).
  bradycardia: ["bradycardic", "brady", "slow heart rate", "slow heart", "heart block"],
  hypoglycemia: ["hypoglycemic", "hypoglycaemic"],
  "cardiac-arrest": [
    "pulseless",
    "in arrest",
    "coding",
    "v fib",
    "vfib",
    "pulseless v tach",
    "pulseless vtach",
    // a re-arrest after ROSC (TP 1210 step 22): the arrest again, in the message that says it (chat_rosc.ts)
    "re arrest",
    "re arrested",
    "lost pulses",
    "lost pulse",
    "lost a pulse",
  ],
  "wide-complex-tachycardia": ["v tach", "vtach", "ventricular tachycardia", "wide complex"],
  svt: ["supraventricular", "psvt", "narrow complex tach"],
  "chest-pain": ["chest pressure", "chest tightness", "chest discomfort"],
  // TP 1204: a septic patient is sepsis's ("not septic" is denied as any name is).
  sepsis: ["septic"],
  // A 1 L bolus for poor perfusion in dehydration, heat illness and cold (TP 1205 step 5, TP 1222 step 9, TP 1223
  // step 8): each protocol's own saline row is the fluid-bolus one.
  "fluid-bolus": FLUID_LOSS_AND_TEMPERATURE,
  ...OVERDOSE_SPOKEN_FORMS,
  ...INJURY_SPOKEN_FORMS,
  ...NEWBORN_SPOKEN_FORMS,
};

/** Every way an indication is said: its id in words, the formulary's aliases, the spoken forms. */
export function indicationPhrases(ind: { id: string; aliases?: readonly string[] }): string[] {
  return [...new Set([ind.id.replace(/-/g, " "), ...(ind.aliases ?? []), ...(SPOKEN_FORMS[ind.id] ?? [])])];
}

export interface IndicationPatterns {
  readonly id: string;
  readonly patterns: RegExp[];
  /**
   * Phrases that name a formulation as well as an indication ("push dose" is in "push dose epi"): they decide
   * the indication only when no condition is named, so "push dose epi for bradycardia" is bradycardia's
   * (a base order, TP 1212 step 11), not the push-dose row's.
   */
  readonly formulationPatterns: RegExp[];
  /** The indications a child is asked to choose between when this one is named (e.g. crush injury). */
  readonly refinedBy?: readonly string[];
  /** Those of them that settle an adult's mention too (IndicationDef.childAsks.adultRefines). */
  readonly adultRefinedBy?: readonly string[];
}

/** Aliases with a meaning besides the indication's ("pea sized", "lost pulse ox"), as their own patterns. */
const ALIAS_PATTERNS: Readonly<Record<string, RegExp>> = {
  pea: new RegExp(`(?<![\\w-])(?:${PEA_RHYTHM})(?![\\w-])`, "i"),
  // a pulse oximeter's reading lost is no pulse lost ("rosc, lost pulse ox" had been given 1 mg: Stop 60's fourth read)
  "lost pulse": /(?<![\w-])lost\s+pulse(?!\s*ox\w*(?!\s+(?:and|&)\s+(?:the\s+)?pulses?))(?![\w-])/i,
  "lost pulses": /(?<![\w-])lost\s+pulses(?!\s*ox\w*(?!\s+(?:and|&)\s+(?:the\s+)?pulses?))(?![\w-])/i,
  "lost a pulse": /(?<![\w-])lost\s+a\s+pulse(?!\s*ox\w*(?!\s+(?:and|&)\s+(?:the\s+)?pulses?))(?![\w-])/i,
};
const phrasePattern = (phrase: string) => ALIAS_PATTERNS[phrase.toLowerCase()] ?? wordPattern(phrase);

/** True when `phrase` is said inside one of the drug's formulation names ("push dose" in "push dose epi"). */
function namesFormulation(drug: (typeof FORMULARY)[number], phrase: string): boolean {
  const pattern = wordPattern(phrase);
  return Object.keys(drug.variantAliases ?? {}).some((name) => pattern.test(name));
}

export const INDICATIONS: ReadonlyMap<string, readonly IndicationPatterns[]> = new Map(
  FORMULARY.map((drug) => [
    drug.id,
    drug.indications.map((ind) => {
      const phrases = indicationPhrases(ind).filter((n) => n.replace(/[^a-z0-9]/gi, "").length >= 2);
      return {
        id: ind.id,
        patterns: [
          ...phrases.filter((n) => !namesFormulation(drug, n)).map(phrasePattern),
          // "twitching, unresponsive": an active seizure by its signs (TP 1231-P special consideration 2)
          ...(ind.id === "seizure" ? [SIGNS_WITH_ALTERED_MIND] : []),
          // "amlodipine od", "took a bottle of elavil": TP 1241's antidote indications (chat_overdose_words.ts)
          ...(OVERDOSE_PATTERNS[ind.id] ?? []),
          // "concussion", "skull fx": TP 1244's possible brain injury by any of its names (chat_head_injury_words.ts)
          ...(INJURY_PATTERNS[ind.id] ?? []),
        ],
        formulationPatterns: phrases.filter((n) => namesFormulation(drug, n)).map(wordPattern),
        ...(ind.childAsks
          ? { refinedBy: ind.childAsks.indications, adultRefinedBy: ind.childAsks.adultRefines ?? [] }
          : {}),
      };
    }),
  ]),
);
