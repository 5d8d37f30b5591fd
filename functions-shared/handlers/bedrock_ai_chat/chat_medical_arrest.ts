/**
 * The words that make an arrest beside an injury a medical one, with no I/O (read by chat_trauma_contraindications.ts
 * and chat_context_notes.ts). Medical director's seventeenth read, H1: "non traumatic arrest, epi", "medical arrest
 * after mvc", "likely medical" and "driver had chest pain then low speed mvc, pulseless" were held as traumatic
 * arrests, withholding TP 1210's epinephrine and amiodarone (MCG 1317.17, MCG 1317.5: non-traumatic arrest).
 * TP 1244 note 4: a traumatic event may be due to a medical emergency, particularly a single-vehicle accident or an
 * unexplained fall. TP 1243 is for an arrest the injury caused.
 */
import { re } from "./chat_state_words.ts";

/** The medic calls the arrest medical: said anywhere in a message, it is no traumatic arrest. */
export const MEDICAL_ARREST = re(
  "medical\\s+(?:cardiac\\s+)?arrest|non[\\s-]?traumatic|atraumatic|not\\s+(?:a\\s+)?trauma(?:tic)?(?:\\s+arrest)?|" +
    "(?:likely|probably|prob|possibly|suspect(?:ed)?|presumed|most\\s+likely)\\s+(?:a\\s+)?medical|" +
    "medical\\s+(?:cause|etiology|event|emergency|in\\s+origin)",
);

/** A medical event, as medics write it, that may have caused a crash or a fall (TP 1244 note 4). */
const MEDICAL_EVENT =
  "chest\\s+pain|cp|clutch\\w*\\s+(?:at\\s+)?(?:his\\s+|her\\s+|their\\s+|the\\s+)?chest|" +
  "syncop\\w*|passed\\s+out|fainted|seiz\\w*|collapsed|lost\\s+consciousness|loc|slumped\\s+over|hypoglyc\\w*|" +
  "low\\s+(?:blood\\s+)?sugar|stroke|palpitations|dizz\\w*|sob|short(?:ness)?\\s+of\\s+breath";
/** The crash or fall it came before. */
const CRASH = "crash\\w*|mvc|mva|collision|accident|fell|fall|ran\\s+off|hit\\s+(?:a|the)\\s+\\w+";

/** A medical event before the crash or fall: "had chest pain then low speed mvc", "fell off ladder after clutching chest". */
export const MEDICAL_BEFORE_INJURY = re(
  `(?:${MEDICAL_EVENT})(?![\\w/-])[^.;?!\\n]{0,30}?\\b(?:then|before|prior\\s+to|->|→)[^.;?!\\n]{0,30}?` +
    `\\b(?:${CRASH})|(?:${CRASH})[^.;?!\\n]{0,30}?\\b(?:after|following|due\\s+to|secondary\\s+to|caused\\s+by)` +
    `\\s+(?:(?:a|an|his|her|some|sudden|having|c\\/o|complaining\\s+of)\\s+){0,2}(?:${MEDICAL_EVENT})`,
);

/** Said anywhere in a message: the arrest is read as medical (TP 1210), not traumatic (TP 1243). */
export const ARREST_READ_AS_MEDICAL = new RegExp(
  `(?:${MEDICAL_ARREST.source})|(?:${MEDICAL_BEFORE_INJURY.source})`,
  "i",
);

/**
 * The note beside a dose where a medical event before the crash made the arrest a medical one (TP 1244 note 4), or
 * undefined (`userTexts` newest first; `traumaticArrest`: the words of a traumatic arrest).
 */
export function medicalBeforeInjuryNote(
  userTexts: readonly string[],
  traumaticArrest: RegExp,
): string | undefined {
  const text = userTexts.find((t) => MEDICAL_BEFORE_INJURY.test(t) && traumaticArrest.test(t));
  const said = text && MEDICAL_BEFORE_INJURY.exec(text)?.[0];
  if (!said) return undefined;
  return `The medic wrote '${said.replace(/\s+/g, " ").trim()}': a medical event before the injury, so the ` +
    "arrest was read as medical and dosed per TP 1210 (TP 1244 note 4: traumatic events may be due to a medical " +
    "emergency). Say so in the answer; if the injury caused the arrest, TP 1243 applies and gives no epinephrine " +
    "or amiodarone.";
}
