/**
 * The words that make an arrest beside an injury a medical one, with no I/O (read by chat_trauma_contraindications.ts
 * and chat_context_notes.ts). Medical director's seventeenth read, H1: "non traumatic arrest, epi", "medical arrest
 * after mvc", "likely medical" and "driver had chest pain then low speed mvc, pulseless" were held as traumatic
 * arrests, withholding TP 1210's epinephrine and amiodarone (MCG 1317.17, MCG 1317.5: non-traumatic arrest).
 * TP 1244 note 4: a traumatic event may be due to a medical emergency, particularly a single-vehicle accident or an
 * unexplained fall. TP 1243 is for an arrest the injury caused.
 */
import { re } from "./chat_state_words.ts";
import { plainWords } from "./chat_said_plainly.ts";

/**
 * The medic calls the arrest medical. "not a trauma(tic)" counts only of the arrest or the patient, never "not a trauma
 * center / activation / candidate" (eighteenth read, H3). "medical event" and "medical emergency" count only with a
 * word that makes them this arrest's cause ("due to a medical event", "medical emergency suspected"): "medical
 * emergency declared" says nothing of the cause.
 */
const MEDICAL_ARREST = re(
  "medical\\s+(?:cardiac\\s+)?arrest|non[\\s-]?traumatic|atraumatic|" +
    "not\\s+(?:a\\s+)?trauma(?:tic)?(?:\\s+(?:cardiac\\s+)?arrest|\\s+related|(?=\\s*(?:[,.;:!?\\n]|$)))|" +
    "(?:likely|probably|prob|possibly|suspect(?:ed)?|presumed|most\\s+likely)\\s+(?:a\\s+)?medical|" +
    "medical\\s+(?:cause|etiology|in\\s+origin)|" +
    "(?:due\\s+to|from|secondary\\s+to|caused\\s+by)\\s+(?:a\\s+)?medical\\s+(?:event|emergency)|" +
    "medical\\s+(?:event|emergency)(?=\\s+(?:suspected|likely|probable|presumed|suspect))|" +
    // the medic's reply to the hold (Stop 57), ending its clause: "arrest not from the wound", "pt had no trauma";
    // never "pt had no injuries other than the stab wound", "no injury to head" (its second read, H12)
    // never in doubt ("idk if arrest not due to the gsw": the fourth read, T-H1)
    "(?<!\\b(?:maybe|unsure|idk|could\\s+be|possibly|perhaps|not\\s+sure|if|whether)\\b(?:\\s+[\\w'’]+){0,3}\\s+)" +
    "(?:(?:arrest|it)\\s+(?:was\\s+|is\\s+)?not\\s+(?:from|due\\s+to|caused\\s+by|related\\s+to|because\\s+of)\\s+" +
    "(?:the\\s+|his\\s+|her\\s+)?(?:wounds?|injur(?:y|ies)|trauma|gsw|stab\\s*wounds?|stabbing|shooting)|" +
    // "pt" beginning the message or a clause after a comma: never another's ("passenger pt has no injuries",
    // "passenger: pt has no injuries": the third and fourth reads, D-H1, T-H1)
    "(?<!\\b(?:driver|passenger|ped\\w*|pts?\\s*#?\\s*(?:\\d|one|two|a|b)|patients?\\s*#?\\s*(?:\\d|one|two|a|b)|\\d+\\s+pts|" +
    // (a relative named may be whose the wound was: "gsw to chest was his brother, pt had no trauma" releases)
    "other|2nd|second|victim|shooter|suspect|bystander|wife|husband|friend)\\b[\\s\\S]*)" +
    "(?<=(?:^|[,;\\n])\\s*(?:(?:our|this|my|the)\\s+)?)(?:pt|patient)\\s+(?:had|has)\\s+no\\s+" +
    "(?:trauma|injur(?:y|ies)))(?=\\s*(?:[,.;:!?\\n]|$))" +
    // nor with the wound named as the exception ("pt has no injuries, other than the gsw")
    "(?!\\s*[,.;:]?\\s*(?:other\\s+than|except|besides|just|only|apart\\s+from|aside\\s+from)\\b)",
);

/**
 * Right before the words, in their clause: they are denied or doubted ("no medical cause", "not a medical arrest",
 * "doubt medical cause", "non medical arrest"). TP 1244 note 4 lets a medic read a crash as medical when suspected,
 * never when denied (eighteenth read, H3).
 */
const DENIED_BEFORE =
  /(?:^|[^\w/-])(?:no|not|non|without|w\/o|doubt\w*|ruled\s+out|r\/o|denies|denied|never|nor|unlikely|(?:is|was|does|did)n['’]?t|(?:is|was|does|did)\s+not)(?:\s+(?:a|an|the|any|likely|suspected|obvious|clear|apparent|really|seem|seems|look|looks|like|to\s+be|be)){0,3}\s*$/i;
/**
 * Right after the words: they are doubted ("medical cause unlikely", "medical arrest ruled out", "medical cause not
 * suspected", "likely medical? no", "medical event unknown").
 */
const DOUBTED_AFTER =
  /^\s*(?:\?|(?:(?:is|was|seems|appears|very|highly|most)\s+)*(?:unlikely|ruled\s+out|r\/o|excluded|doubt\w*|unknown|unclear|uncertain|questionable|undetermined|not\s+(?:suspected|likely|probable|considered|found|confirmed|certain|sure|clear|known|apparent|obvious|evident|the\s+cause)|no\b|neg(?:ative)?\b|none\b))/i;

/** Its doubt words, beside deniedAt's: a crash is read as medical only where the medic says so plainly. */
const DOUBT_WORDS = { before: DENIED_BEFORE, after: DOUBTED_AFTER };

/** A medical event, as medics write it, that may have caused a crash or a fall (TP 1244 note 4). */
const MEDICAL_EVENT =
  "chest\\s+pain|cp|clutch\\w*\\s+(?:at\\s+)?(?:his\\s+|her\\s+|their\\s+|the\\s+)?chest|" +
  "syncop\\w*|passed\\s+out|fainted|seiz\\w*|collapsed|lost\\s+consciousness|loc|slumped\\s+over|hypoglyc\\w*|" +
  "low\\s+(?:blood\\s+)?sugar|stroke|palpitations|dizz\\w*|sob|short(?:ness)?\\s+of\\s+breath";
/**
 * The crash or fall it came before. Not chat_blunt_mechanisms.ts's list: TP 1244 note 4 names single-vehicle crashes
 * and unexplained falls (a bare "fell" is here already), not a patient crushed or run over by another's load.
 */
const CRASH = "crash\\w*|mvc|mva|collision|accident|fell|fall|ran\\s+off|hit\\s+(?:a|the)\\s+\\w+";

/** A medical event before the crash or fall: "had chest pain then low speed mvc", "fell off ladder after clutching chest". */
const MEDICAL_BEFORE_INJURY = re(
  `(?:${MEDICAL_EVENT})(?![\\w/-])[^.;?!\\n]{0,30}?\\b(?:then|before|prior\\s+to|->|→)[^.;?!\\n]{0,30}?` +
    `\\b(?:${CRASH})|(?:${CRASH})[^.;?!\\n]{0,30}?\\b(?:after|following|due\\s+to|secondary\\s+to|caused\\s+by)` +
    `\\s+(?:(?:a|an|his|her|some|sudden|having|c\\/o|complaining\\s+of)\\s+){0,2}(?:${MEDICAL_EVENT})`,
);

/**
 * The words in `text` that read the arrest as medical (TP 1210), not traumatic (TP 1243), as the medic wrote them, or
 * undefined: said plainly only, never denied or doubted (eighteenth read, H3).
 */
export function arrestSaidMedical(text: string): string | undefined {
  return plainWords(text, MEDICAL_ARREST, DOUBT_WORDS) ??
    plainWords(text, MEDICAL_BEFORE_INJURY, DOUBT_WORDS);
}

/**
 * The note beside a dose where the medic's words made an arrest beside an injury a medical one, or undefined
 * (`userTexts` newest first; `traumaticArrest`: the words of a traumatic arrest). Read as the hold is lifted: the
 * newest message that speaks of it decides. Always said, so the answer can say why (eighteenth read, H3).
 */
export function medicalArrestNote(
  userTexts: readonly string[],
  traumaticArrest: RegExp,
): string | undefined {
  let said: string | undefined;
  for (const text of userTexts) {
    said ??= arrestSaidMedical(text);
    if (traumaticArrest.test(text)) return said && noteFor(said.replace(/\s+/g, " ").trim());
  }
  return undefined;
}

function noteFor(said: string): string {
  if (MEDICAL_BEFORE_INJURY.test(said)) {
    return `The medic wrote '${said}': a medical event before the injury, so the ` +
      "arrest was read as medical and dosed per TP 1210 (TP 1244 note 4: traumatic events may be due to a medical " +
      "emergency). Say so in the answer; if the injury caused the arrest, TP 1243 applies and gives no epinephrine " +
      "or amiodarone.";
  }
  return `The medic wrote '${said}' beside an injury: the arrest was read as medical, not traumatic, and dosed per ` +
    "TP 1210 (MCG 1317.17, MCG 1317.5: non-traumatic arrest). Say so in the answer; if the injury caused the " +
    "arrest, TP 1243 applies and gives no epinephrine or amiodarone.";
}
