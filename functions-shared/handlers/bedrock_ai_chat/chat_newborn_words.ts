/**
 * A newly born baby in resuscitation, with no I/O (medical director's sixteenth read, L3): TP 1216-P step 14 gives
 * epinephrine 0.01 mg/kg IV/IO per MCG 1309, repeated every 5 minutes, for a newborn whose pulse stays under 60
 * despite ventilation and compressions (step 13), with base contact for every newborn delivery. It was answered
 * from a child's arrest (TP 1210-P, "3 doses at most") or asked which indication. TP 1216-P note 1 keeps it to the
 * newly born: an older infant stays TP 1210-P's, so a weight or age past a newborn's is not read as one.
 */
import { saidPlainly } from "./chat_said_plainly.ts";
import { findPatientFacts } from "./chat_patient_mentions.ts";

const NEWBORN_RESUSCITATION = "newborn-resuscitation";

/**
 * Words for a baby of minutes to hours. No bare "baby" ("baby aspirin", "baby brother"), and a delivery's words
 * only with no mother named, since "pt just delivered" may be the mother (TP 1215).
 */
const NEWBORN =
  /(?<![\w-])(?:new[\s-]?borns?|neonates?|neonatal|baby (?:just )?born|just[\s-]born)(?![\w-])/gi;
const DELIVERED = /(?<![\w-])(?:just delivered|delivered in the field|born in the field)(?![\w-])/gi;
const MOTHER = /(?<![\w-])(?:mom|mother|mum|postpartum|post[\s-]partum|maternal|she|her)(?![\w-])/i;

/** The spoken forms of the indication (chat_indication_patterns.ts); read only with newbornResuscitated's context. */
export const NEWBORN_SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  [NEWBORN_RESUSCITATION]: [
    "newborn",
    "newborns",
    "new born",
    "neonate",
    "neonatal",
    "baby born",
    "baby just born",
    "just born",
    "just delivered",
    "delivered in the field",
    "born in the field",
  ],
};

/** A heart rate said, with "<" or "under" before it read as below that figure. */
const HEART_RATE =
  /(?<![\w-])(?:hr|heart\s*rate|pulse)\s*(?:is|of|at|:|=)?\s*(<|under|below|less than)?\s*(\d{1,3})(?!\d)/gi;
/** TP 1216-P step 13: compressions begin for a pulse under 60; "pulseless" says no pulse at all. */
const COMPRESSIONS = /(?<![\w-])(?:cpr|compressions?|pulseless|no pulse)(?![\w-])/gi;

/** The newest heart rate said in `texts` (newest first) is under 60: undefined when none is said. */
function pulseUnder60(texts: readonly string[]): boolean | undefined {
  for (const text of texts) {
    const rates = [...text.matchAll(HEART_RATE)];
    const last = rates[rates.length - 1];
    if (last) return last[1] ? Number(last[2]) <= 60 : Number(last[2]) < 60;
  }
  return undefined;
}

/** A weight or age past a newborn's (TP 1216-P note 1: older infants are TP 1210-P's). */
function pastNewborn(texts: readonly string[]): boolean {
  return texts.some((text) => {
    const facts = findPatientFacts(text);
    return (facts.weightKg ?? 0) > 6 || (facts.ageYears ?? 0) >= 1 || facts.color === "adult";
  });
}

/**
 * True when `text` (a message, its denials blanked) names a newborn and it and `newer` (this patient's newer
 * messages, newest first) say TP 1216-P's resuscitation: the newest heart rate said under 60, or with none said,
 * compressions. A heart rate of 60 or more said newest ends the compressions (step 16), so no epinephrine.
 */
export function newbornResuscitated(text: string, newer: readonly string[]): boolean {
  const named = saidPlainly(text, NEWBORN) || (saidPlainly(text, DELIVERED) && !MOTHER.test(text));
  if (!named) return false;
  const texts = [...newer, text];
  if (pastNewborn(texts)) return false;
  return pulseUnder60(texts) ?? texts.some((t) => saidPlainly(t, COMPRESSIONS));
}

/** True when a message of `texts` names a newborn (TP 1216-P) and none places the patient past one. */
export const newbornNamed = (texts: readonly string[]): boolean =>
  texts.some((t) => saidPlainly(t, NEWBORN) || (saidPlainly(t, DELIVERED) && !MOTHER.test(t))) &&
  !pastNewborn(texts);

/**
 * The indications read in `text`: with the newborn's resuscitation said, it decides before an arrest or a
 * bradycardia said beside it (`first`); named without it, the newborn words name nothing.
 */
export function newbornRead<T extends { readonly id: string }>(
  indications: readonly T[],
  text: string,
  newer: readonly string[],
): { readonly live: readonly T[]; readonly first?: string } {
  if (!indications.some((i) => i.id === NEWBORN_RESUSCITATION)) return { live: indications };
  if (newbornResuscitated(text, newer)) return { live: indications, first: NEWBORN_RESUSCITATION };
  return { live: indications.filter((i) => i.id !== NEWBORN_RESUSCITATION) };
}
