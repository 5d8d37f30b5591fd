/**
 * One opioid per patient, with no I/O. MCG 1345 guideline 6's table gives fentanyl or morphine from a pain score of
 * 7 and allows only one of them; its repeats (guideline 8) are of the one given. "40yo femur fx pain 10/10, fentanyl
 * 50 given x1, morphine?" was given morphine 4 mg, and a child named as given fentanyl got both (medical director's
 * twelfth read, H7). Once one is named as given for this patient in this course (read as chat_named_given.ts reads
 * "given": never the patient's own supply, another day's or another patient's), the other is held (ONE_OPIOID) and
 * the answer points to the remaining doses of the one given.
 */
import { clausesWithMarks, findMedications } from "./chat_names.ts";
import { findDosesGiven } from "./chat_doses_given.ts";
import { namedAsGiven, NOT_THIS_COURSE } from "./chat_named_given.ts";
import { mentionsDoseSeries } from "./chat_series.ts";

const OPIOIDS = ["fentanyl", "morphine"] as const;

/** The patient's own supply ("fentanyl patch", "takes morphine at home", "hospice morphine"): not this course. */
const OWN_SUPPLY =
  /\b(?:patch(?:es)?|duragesic|at\s+home|home\s+meds?|own|prescribed|takes|taking|hospice|chronic\w*|daily)\b/i;

/**
 * `text` with a question's clause cut before its last drug ("fentanyl given x1 now morphine?" → "fentanyl given x1
 * now, morphine?"): what stands before the drug asked is then read as said, not as part of the question.
 */
function withQuestionsCut(text: string): string {
  return clausesWithMarks(text).map((clause) => {
    const drugs = findMedications(clause);
    if (!clause.trim().endsWith("?") || drugs.length < 2) return clause;
    const at = drugs.at(-1)!.at;
    return `${clause.slice(0, at).trimEnd()}, ${clause.slice(at)}`;
  }).join("");
}

/** A giving word beside a series of amounts ("fentanyl 50 then 50 given"). */
const GIVEN_SERIES = /\b(?:gave|given|pushed|administered)\b|(?<![\w/])s\/p\b/i;
const namesOnly = (clause: string, id: string) => findMedications(clause).every((m) => m.id === id);

/** The words a giving word ends with, right before the drug ("we gave", "s/p 2 doses of"): quoted with it. */
const GAVE_BEFORE =
  /(?:\b(?:gave|given|had|got|received|pushed|administered|after|post|s\/p)(?:\s+(?:\d{1,2}|x\s*\d{1,2}|doses?|of|the))*\s*)$/i;
/** Joining words the cut of a question leaves at a clause's end ("fentanyl given x1 now"). */
const TRAILING = /(?:\s+(?:now|and|then|so|but|also|ok|okay))+$/i;

/** The words of `clause` that say `opioid` was given, short for a phone: from the drug, or the giving word before it. */
function quoted(clause: string, opioid: string): string {
  const at = findMedications(clause).find((m) => m.id === opioid)?.at ?? 0;
  const from = at - (GAVE_BEFORE.exec(clause.slice(0, at))?.[0].length ?? 0);
  return clause.slice(from).replace(TRAILING, "").trim();
}

/** The words of `text` that name `opioid` as given this course, or undefined. */
function givenIn(text: string, opioid: string): string | undefined {
  const said = clausesWithMarks(withQuestionsCut(text)).filter((c) => !OWN_SUPPLY.test(c)).join("");
  const named = namedAsGiven(said, opioid);
  if (named) return quoted(named.clause, opioid);
  // A count, or a series of amounts, said with words namedAsGiven leaves to the count readers ("had 2 doses of
  // fentanyl", "fentanyl 50 then 50 given"): still given.
  const counted = clausesWithMarks(said).map((c) => c.replace(/[,;?!\n]+$/, "").trim()).find((c) =>
    !NOT_THIS_COURSE.test(c) &&
    ((findDosesGiven(c, opioid) ?? 0) > 0 ||
      (mentionsDoseSeries(c) && GIVEN_SERIES.test(c) && namesOnly(c, opioid)))
  );
  return counted && quoted(counted, opioid);
}

/** By opioid id, the words that named it as given (newest message first), across this patient's messages. */
export function opioidsGivenSaid(userTextsNewestFirst: readonly string[]): ReadonlyMap<string, string> {
  const given = new Map<string, string>();
  for (const text of userTextsNewestFirst) {
    for (const opioid of OPIOIDS) {
      const said = given.has(opioid) ? undefined : givenIn(text, opioid);
      if (said) given.set(opioid, said);
    }
  }
  return given;
}

/**
 * The ONE_OPIOID refusal's words when `medicationId` is an opioid and the other was named as given, else undefined:
 * the one given is the one to go on with (its remaining doses, MCG 1345 guideline 8); both given, base decides.
 */
export function oneOpioidHeldMessage(
  medicationId: string | undefined,
  mention: string,
  given: ReadonlyMap<string, string>,
): string | undefined {
  const other = OPIOIDS.find((id) => id !== medicationId);
  if (!OPIOIDS.some((id) => id === medicationId) || !other || !given.has(other)) return undefined;
  const wrote = `You wrote '${given.get(other)}': MCG 1345 allows only one of fentanyl or morphine.`;
  if (given.has(medicationId!)) {
    return `${wrote} Both were named as given: no more ${mention} before base contact.`;
  }
  return `${wrote} No ${mention}. For more pain relief, ${other}'s remaining doses: say '${other} xN given, more?'.`;
}

/** Said when one answer doses both opioids ("fentanyl or morphine?"): the medic gives one of them, not both. */
export const bothOpioidsNote = (requestMedicationIds: readonly string[]): string | undefined =>
  OPIOIDS.every((id) => requestMedicationIds.includes(id))
    ? "MCG 1345 allows only one of fentanyl or morphine for a patient: the answer must say to give one of them, " +
      "and that its repeats are of the same drug."
    : undefined;
