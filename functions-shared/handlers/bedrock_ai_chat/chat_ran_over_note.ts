/**
 * The note beside an arrest dosed where "pt ran over and ..." was read as the patient running, with no I/O (read by
 * chat_context_notes.ts). Medics also write it for the patient run over ("pt ran over and dragged, pulseless"), a
 * traumatic arrest (TP 1243; MCG 1317.17 / MCG 1317.5 give epinephrine and amiodarone in non-traumatic arrest only),
 * but four gate reads of Stop 53 found every word list that told the two apart withheld epinephrine from medical
 * arrests ("ran over and dragged his friend to safety", "and pinned the suspect"). So the dose stays TP 1210's, and
 * the answer says how it was read and what to say if a vehicle ran over the patient.
 */
import { re } from "./chat_state_words.ts";
import { ARRESTED } from "./chat_trauma_contraindications.ts";
import { arrestSaidMedical } from "./chat_medical_arrest.ts";
import { indicationAfterRosc } from "./chat_rosc.ts";
import { MAJOR_BLUNT_WORDS } from "./chat_blunt_mechanisms.ts";
import { deniedOrDoubted, plainWords } from "./chat_said_plainly.ts";
import { everyMatch } from "./chat_every_match.ts";

/**
 * "pt ran over and ..." and an arrest in one clause, as the traumatic arrest reads a mechanism beside one (the arrest a
 * whole word: never "pea" in "appeared"). Never after words only a runner can be said with ("ran over and collapsed",
 * "and passed out", "and started cpr on his wife"): said, the note is noise (Stop 54's second gate read, L2).
 */
const RAN_OVER_AND = re(
  "(?:pt|patient)\\s+ran\\s+over\\s+and(?!\\s+(?:then\\s+)?(?:collapsed|passed\\s+out|went\\s+down|fainted|dropped|" +
    "fell|slumped|found|went\\s+pulseless|(?:started|did|began|performed|gave|assisted(?:\\s+with)?|" +
    "helped(?:\\s+with)?)\\s+(?:cpr|compressions))\\b)" +
    // the arrest a whole word, never a limb's pulse ("no pulse in left foot")
    `(?=[^.;?!\\n]{0,40}?(?<![\\w/-])(?:${ARRESTED})(?![\\w/-])(?!\\s+in\\s))[^,.;?!\\n]{0,40}`,
);

/** A vehicle or an injury said in a later message ("truck ran over pt", "yes, traumatic", "hit by a car"). */
const INJURY_SAID = new RegExp(
  `${MAJOR_BLUNT_WORDS}|(?<![\\w-])trauma(?:tic)?(?![\\w-])|(?<![\\w-])(?:run|ran)\\s+over`,
  "i",
);

/** Being run over or struck, whose denial answers the note ("he ran, not run over", "never hit"). */
const RUN_OVER_OR_HIT = re("run\\s+over|ran\\s+over|hit|struck");

/** The medic says the patient was not run over, by the chat's one reading of a denial (chat_said_plainly.ts). */
const deniesRunOver = (text: string) =>
  everyMatch(RUN_OVER_OR_HIT, text).some((m) => deniedOrDoubted(text, m.index, m.index + m[0].length));

/**
 * The note, or undefined (`userTexts` newest first; `traumaticArrest`: the words of a traumatic arrest). Never where
 * the arrest is held as traumatic, called medical or the patient said not to be run over (the hold, or the medic's own
 * words, already say how it was read), nor after a ROSC said since.
 * The answer it asks for is 'traumatic arrest', which holds the drugs in a message of its own (Stop 54's gate read, H2:
 * "run over by a vehicle" said alone names no arrest, so it held nothing).
 */
export function ranOverNote(userTexts: readonly string[], traumaticArrest: RegExp): string | undefined {
  const answered = (text: string) =>
    traumaticArrest.test(text) || arrestSaidMedical(text) !== undefined || deniesRunOver(text);
  if (userTexts.some(answered)) return undefined;
  let said: string | undefined;
  let since: string | undefined;
  for (const text of userTexts) {
    // ROSC said since: the arrest is over, and epinephrine is TP 1210 step 18's push-dose (chat_rosc.ts)
    if (indicationAfterRosc("epinephrine", text) !== undefined) return undefined;
    said = RAN_OVER_AND.exec(text)?.[0];
    if (said !== undefined) break;
    since ??= plainWords(text, INJURY_SAID); // said plainly: never "no trauma"
  }
  if (said === undefined) return undefined;
  const words = said.replace(/\s+/g, " ").trim();
  // a vehicle or trauma said since, with no arrest beside it: only the words that hold (the fourth gate read, M2)
  if (since !== undefined) {
    const then = since.replace(/\s+/g, " ").trim();
    return `The medic wrote '${words}' beside the arrest, then '${then}': the arrest is still read as medical (TP ` +
      "1210 / TP 1210-P). Say so in the answer: if the injury caused the arrest, the medic should say 'traumatic " +
      "arrest', for which TP 1243 / TP 1243-P give no epinephrine or amiodarone.";
  }
  return `The medic wrote '${words}' beside the arrest, which can mean the patient ran there or was run over: it was ` +
    "read as a medical arrest (TP 1210 / TP 1210-P). Say so in the answer: if a vehicle ran over the patient and the " +
    "injury caused the arrest, it is a traumatic arrest, for which TP 1243 / TP 1243-P give no epinephrine or " +
    "amiodarone; the medic should then say 'traumatic arrest'.";
}
