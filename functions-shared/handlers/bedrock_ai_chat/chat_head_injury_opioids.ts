/**
 * Fentanyl and morphine in a head injury with the patient not alert and oriented at GCS 15, with no I/O (read by
 * chat_contraindications.ts). Medical director's eighteenth read, P1: "70kg head injury gcs 13 pain, fentanyl" got
 * 50 mcg and "… morphine" 4 mg. TP 1244 step 25 (isolated head injury) gives them only "for an alert and oriented
 * patient with GCS 15"; otherwise the medic contacts base for initial orders. Held here (CONTRAINDICATION_NAMED) with
 * that reason, never guessed: a GCS below 15, or words of a patient not alert, beside a head injury said plainly.
 */
import type { Contraindication } from "./chat_contraindication_words.ts";
import { NOT_ALERT, re } from "./chat_state_words.ts";
import { saidPlainly } from "./chat_said_plainly.ts";
import { HEAD_INJURY } from "./chat_head_injury_words.ts";

/**
 * Right before a head injury in its clause, beside deniedAt's cues: any two words after the denial ("no major head
 * trauma"), and "didn't" / "did not", which deniedAt does not read ("didn't hit head", "did not hit his head").
 */
const DENIED_BEFORE =
  /(?:^|[^\w/-])(?:no|not|denies|denied|without|w\/o|neg(?:ative)?\s+for|never|(?:did|does|is|was)n['’]?t|(?:did|does)\s+not)(?:\s+[\w/]+){0,2}\s*$/i;

/** A head injury said plainly in `text`, neither denied nor ruled out (chat_said_plainly.ts). */
const HEAD_INJURY_SAID = {
  test: (text: string) => saidPlainly(text, HEAD_INJURY, { before: DENIED_BEFORE }),
};

/** Not alert and oriented at GCS 15: a GCS of 3 to 14, confusion, or TP 1211's words of a patient not alert. */
const BELOW_GCS_15 = [
  re("gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*(?:[3-9]|1[0-4])"),
  re(
    "confused|disoriented|not\\s+oriented|(?:dis)?orient(?:ed|ation)\\s+x\\s*[0-3]|a\\s*&?\\s*o\\s*x\\s*[0-2]",
  ),
  ...NOT_ALERT,
];
/** Said after it, the patient is alert and oriented at GCS 15 now ("gcs 13 initially, now gcs 15"). */
const GCS_15_NOW = re(
  "gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*15|alert\\s+and\\s+oriented|a\\s*&?\\s*o\\s*x\\s*4|aox4",
);

const headInjury = (drug: string): Contraindication => ({
  id: "head-injury-not-gcs-15",
  names: BELOW_GCS_15,
  onlyWith: HEAD_INJURY_SAID,
  undoneBy: GCS_15_NOW,
  why:
    `TP 1244 step 25 gives ${drug} for a head injury only to an alert, oriented patient with GCS 15; otherwise ` +
    "pain management needs base orders",
  instead: "contact base for initial pain management orders (TP 1244 step 25).",
});

export const FENTANYL_HEAD_INJURY: readonly Contraindication[] = [headInjury("fentanyl")];
export const MORPHINE_HEAD_INJURY: readonly Contraindication[] = [headInjury("morphine")];
