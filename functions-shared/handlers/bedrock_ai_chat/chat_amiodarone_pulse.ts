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
    "absent\\s+(?:palpable\\s+|carotid\\s+)?pulses?|loss\\s+of\\s+pulses?|no\\s+detectable|no\\s+output",
    "(?:can['’]?t|cannot|unable\\s+to|could\\s*n['’]?o?t|couldn['’]?t)\\s+(?:find|feel|palpate|get|obtain|detect)",
    "lost\\s+(?:the\\s+|a\\s+|his\\s+|her\\s+|their\\s+)?(?:pulses?|it|rosc|consciousness|perfusion)",
    "no\\s+longer\\s+(?:has|have|conscious|breathing)|does\\s*n['’]?o?t\\s+have\\s+a\\s+pulse|lacks?",
    "non[\\s-]?perfusing|ar{1,3}e?st\\w*|ohca|sca|ca|cod(?:e|ed|ing)|cpr|compressions?|chest\\s+comps|ccs",
    "lucas|autopulse|resuscitation|cardiopulmonary|acls|asystol\\w*|pea|flat\\s*line\\w*|v\\.?[\\s-]?fib\\w*|vf",
    "ventricular\\s+fib\\w*|torsades?|polymorphic|refractory|defib\\w*|shock\\w*|countershock\\w*|zap\\w*|biphasic",
    "aed|\\d+\\s*j(?:oules?)?|j\\/kg|epi(?:nephrine)?|rosc\\w*|return\\s+of\\s+spontaneous|unrespons\\w*",
    "apn(?:o?e)a|apno?eic|not\\s+breathing|stopped\\s+breathing|no\\s+resp\\w*|agonal|gasping|collaps\\w*",
    "went\\s+(?:down|limp)|found\\s+down|slumped|passed\\s+out|gcs\\s*(?:of\\s+)?3|obtunded|unconscious",
    "no\\s+signs\\s+of\\s+life|obvious\\s+death|dead|doa|downtime|bvm|i-?gel|king\\s+airway",
  ].join("|") + ")(?![a-z0-9])",
  "i",
);

/**
 * What the medic wrote of a pulse (`userTexts` newest first: the newest message's words), where no message says
 * anything of an arrest; otherwise undefined.
 */
export function pulseWithoutArrest(userTexts: readonly string[]): string | undefined {
  if (userTexts.some((text) => ARREST_SAID.test(text))) return undefined;
  const said = userTexts.map((text) => plainWords(text, PULSE_PRESENT)).find((words) => words !== undefined);
  return said?.replace(/\s+/g, " ").trim();
}
