/**
 * A pulse said with no word of an arrest, for amiodarone's question, with no I/O (read by chat_indications.ts). MCG
 * 1317.5 gives amiodarone in LA County for one thing: a non-traumatic arrest in pulseless VT, or VF that persists
 * after defibrillation (TP 1210 / TP 1210-P); a ventricular tachycardia with a pulse and atrial fibrillation are on its
 * list of indications EMS may not treat with it. Stop 54's gate read, P2: "vt with pulse, hr 180, sbp 110, amiodarone"
 * was given the arrest's 300 mg IV/IO; a note said so from Stop 54 to Stop 60, and every read since called the dose the
 * most serious left. Asked, not held: three gate reads of a hold found it withheld the drug in real arrests, said in
 * words no list had ("vt w/o pulse", "can't find a palpable pulse", "pulse went away"), so the medic is asked whether
 * the heart is stopped, and a reply "arrest" is the dose (chat_arrest_answers.ts); any word of an arrest anywhere
 * (ARREST_SAID, wide on purpose) leaves the dose as it was.
 */
import { re } from "./chat_state_words.ts";
import { plainWords } from "./chat_said_plainly.ts";
import { ATRIAL_FIBRILLATION } from "./chat_rhythm_contraindications.ts";
import { FEARED_ARREST } from "./chat_heart_stopped_words.ts";
import { blankAll } from "./chat_names.ts";
import { saidNow } from "./chat_arrest_said_now.ts";

/** A ventricular or wide-complex tachycardia by name. */
const VT = "vt|v[\\s-]?tach\\w*|wct|wide[\\s-]+complex(?:\\s+tach\\w*)?|ventricular\\s+tach\\w*";

/**
 * A pulse said, or a rhythm with one: "with a pulse" ("w/ pulse"; never "pulse checks" or "pulse ox"), "pulses
 * present", a strong or palpable pulse, a stable VT, a VT with a pressure or an awake patient beside it, SVT, atrial
 * fibrillation or flutter, sinus tachycardia; last, a VT or a wide-complex tachycardia named alone ("vtach 180, amio?":
 * TP 1213's rhythm unless an arrest is said, and ARREST_SAID reads every word of one).
 */
const PULSE_PRESENT = re(
  "(?:with|w\\/|w)\\s*(?:a\\s+)?(?:palpable\\s+|weak\\s+|strong\\s+|good\\s+|radial\\s+)?pulses?" +
    "(?!\\s*(?:checks?|ox\\w*|less))|pulses?\\s+(?:present|palpable)|" +
    "(?:strong|good|palpable|bounding)\\s+(?:radial\\s+|carotid\\s+)?pulses?(?!\\s*(?:checks?|ox\\w*|less))|" +
    `stable\\s+(?:${VT})|(?<!pulseless\\s+)(?:${VT})[^.;?!\\n]{0,30}?\\b(?:(?:s?bp|blood\\s+pressure)\\s*` +
    "(?:of|is|:|=)?\\s*[1-9]\\d{1,2}(?:\\/\\d{2,3})?|(?<!(?:not|non|un)[\\s-]?)(?:alert|conscious|talking|awake)|" +
    "a\\s*&\\s*o\\w*|gcs\\s*15)|" +
    `svt|psvt|sinus\\s+tach\\w*|${ATRIAL_FIBRILLATION}|(?<!pulseless\\s+)(?:${VT})`,
);

/**
 * An arrest, or anything of one, anywhere in the patient's messages: the note is then noise, since the dose is the
 * arrest's ("pVT", "VF/VT", "no palp pulse", "OHCA", "code", "200j x3", "went down"; the amiodarone gate reads).
 */
const ARREST_SAID = new RegExp(
  "(?<![a-z0-9])(?:" + [
    "pulse[\\s-]*l+e*s+\\w*|puls+l+e*s+\\w*|p[\\s-]?vt|no\\s+(?:palp\\w*\\s+|carotid\\s+|radial\\s+|femoral\\s+)?pulses?",
    "non[\\s-]?palpable|(?:without|w\\/o|w\\/out|wo)\\s+(?:a\\s+)?(?:palpable\\s+)?pulses?|apulsatile",
    "pulses?(?:\\s+check)?\\s*:?\\s*(?:is\\s+|are\\s+|was\\s+|were\\s+|now\\s+)?" +
    "(?:absent|lost|gone|neg\\w*|0|none|not\\s+(?:palpable|present|felt|found|detected|appreciated))",
    "absent\\s+(?:palpable\\s+|carotid\\s+)?pulses?|loss\\s+of\\s+pulses?|no\\s+detectable|no\\s+(?:cardiac\\s+)?output",
    "(?:can['’]?t|cannot|unable\\s+to|could\\s*n['’]?o?t|couldn['’]?t)\\s+(?:find|feel|palpate|get|obtain|detect)",
    "lost\\s+(?:the\\s+|a\\s+|his\\s+|her\\s+|their\\s+)?(?:pulses?|it|rosc|consciousness|perfusion)",
    "no\\s+longer\\s+(?:has|have|conscious|breathing)|does\\s*n['’]?o?t\\s+have\\s+a\\s+pulse|lacks?",
    "non[\\s-]?perfusing|ar{1,3}e?st\\w*|ohca|sca|ca|cod(?:e|ed|ing)|cpr|compressions?|chest\\s+comps|ccs",
    "lucas|autopulse|(?<!fluid\\s+)resuscitation|cardiopulmonary|acls|asystol\\w*|pea|flat\\s*line\\w*|v\\.?[\\s-]?fib\\w*|vf",
    "ventricular\\s+fib\\w*|torsades?|polymorphic|defib\\w*|shock\\w*|countershock\\w*|zap\\w*|biphasic",
    "aed|\\d+\\s*j(?:oules?)?|j\\/kg|epi(?:nephrine)?(?!\\s*-?\\s*pens?)|rosc\\w*|return\\s+of\\s+spontaneous|unrespons\\w*",
    "apn(?:o?e)a|apno?eic|not\\s+breathing(?!\\s+(?:well|good|normally|right))|stopped\\s+breathing|no\\s+resp\\w*|agonal|gasping(?!\\s+for)|collaps\\w*",
    "(?<!(?:rate|hr|pressure|bp|sats?|it|rhythm)\\s+)went\\s+(?:down|limp)|found\\s+down|slumped|passed\\s+out|gcs\\s*(?:of\\s+)?3|obtunded|unconscious",
    "no\\s+signs\\s+of\\s+life|obvious\\s+death|dead(?!\\s+tired)|doa|downtime|bvm|i-?gel|king\\s+airway",
    // the arrest in the shorthand read S found ("doing comps", "pulse: nil", "no vitals", "pt expired", "per 1210")
    "comps|m?cpr|ecpr|thumper|stacked|(?<!(?:svt|psvt|a-?fib|flutter|tach\\w*)\\s+(?:\\d+\\s+)?)refractory(?!\\s+(?:svt|psvt|a-?fib|atrial|a\\s*flutter|sinus|narrow|to)\\b)",
    "no\\s+palp\\w*|pulses?\\s*[:=?]?\\s*(?:-(?!\\s*\\w)|nil|none)|no\\s+(?:hr|vitals|perfusion|heart\\s*beat)(?=\\s*(?:$|[,;.!?]|now|and|or))",
    "heart\\s+not\\s+beating|non[\\s-]?pulsatile|plse?less|pusle?less|carotids?\\s*[:=]?\\s*(?:-(?!\\s*\\w)|neg\\w*|absent)",
    "non[\\s-]?responsive(?!\\s+to\\b)|(?:pt|patient|he['’]?s|she['’]?s)\\s+(?:down|gone|expired|dropped)|dropped\\s+in",
    "unwitnessed|died|expired|working\\s+(?:him|her|the\\s+code|a\\s+code)|(?:tp\\s*)?1210(?:-p)?",
  ].join("|") + ")(?![a-z0-9])",
  "gi",
);

/**
 * Shocks and words a patient with a pulse gets, blanked before ARREST_SAID is read: a synchronized shock or
 * cardioversion, an ICD firing, a code-3 transport, an arrest only feared (Stop 61's read S: "synchronized 120J",
 * "shocked by his icd", "transporting code 3", "feels like he's gonna arrest" had kept the dose the arrest's).
 * "refractory" is no word of the arrest either ("refractory svt", "svt unresponsive to adenosine").
 */
const WITH_A_PULSE = new RegExp(
  "(?<![\\w'’-])(?:(?:sync\\w*|synchroni[sz]ed)\\s+(?:cardioversion\\s+)?(?:shock\\w*|\\d+\\s*j\\w*|x\\s*\\d)|" +
    "\\d+\\s*j(?:oules?)?\\s+sync\\w*|shock\\w*\\s+(?:x\\s*\\d+\\s+)?sync\\w*|" +
    "cardiover\\w*(?:\\s+(?:at|@|with)?\\s*\\d+\\s*j\\w*)?|a?icd\\s+(?:fired|shocked|discharged|went\\s+off)|" +
    "shocked\\s+by\\s+(?:his|her|the|their)\\s+a?icd|code\\s*[23]|(?:un|non)[\\s-]?responsive\\s+to\\s+" +
    "(?!(?:pain|voice|verbal|stimul\\w*|painful|touch|sternal|anything)\\b)\\w+|" +
    "(?:gonna|going\\s+to|about\\s+to|may|might|could)\\s+(?:go\\s+into\\s+)?(?:cardiac\\s+)?(?:arrest|code)\\w*)(?![\\w'’-])",
  "gi",
);

/** `text` with the shocks and words a patient with a pulse gets blanked (for ARREST_SAID, and the loss read before). */
export const withoutPulseShocks = (text: string): string =>
  blankAll(blankAll(text, WITH_A_PULSE), FEARED_ARREST);

/**
 * What the medic wrote of a pulse (`userTexts` newest first: the newest message's words), where no message says
 * anything of an arrest; otherwise undefined.
 */
export function pulseWithoutArrest(userTexts: readonly string[]): string | undefined {
  if (userTexts.some((text) => saidNow(withoutPulseShocks(text), ARREST_SAID))) return undefined;
  const words = userTexts.map((text) => plainWords(text, PULSE_PRESENT)).find((words) => words !== undefined);
  return words?.replace(/\s+/g, " ").trim();
}
