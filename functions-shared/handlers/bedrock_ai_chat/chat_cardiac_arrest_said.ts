/**
 * What the indication reader (chat_indications.ts) takes from words of an arrest, with no I/O: what says "arrest" yet
 * names no cardiac arrest (police custody always; a bystander's CPR training, a risk of arrest or a sinus arrest where
 * nothing in the conversation says the patient may be in arrest); a cause followed by an arrest said now, and an arrest
 * said only as a respiratory or feared one, which are asked.
 *
 * Withdrawn after Stop 55's gate reads (each version held harm in words no list had): a respiratory or feared arrest
 * as no cardiac arrest (a pulse said earlier, or denied, left real arrests asked or given IM), a limb's pulselessness
 * ("pulseless in the arms of his wife", "pulseless peripheral iv"), and the arrest outranking the cause named first.
 */
import { blankAll } from "./chat_names.ts";
import { PEA_RHYTHM } from "./chat_state_words.ts";

/**
 * Police custody: "pt under arrest, epi?" had been dosed 1 mg IV for one (TP 1210); "arrested for dui", never
 * "arrested for 2 min".
 */
const NOT_A_CARDIAC_ARREST = new RegExp(
  "(?<![\\w-])(?:(?:placed\\s+)?under\\s+(?:police\\s+)?arrest|(?:being\\s+)?arrested\\s+by|being\\s+arrested|" +
    "arrested\\s+for(?!\\s+(?:\\d|a\\s+(?:few|couple|minute)|about|approx\\w*|~|several|over|under|less|more|x\\b|" +
    "unknown|an?\\s+(?:unknown|while|hour))))(?![\\w-])",
  "gi",
);
/**
 * A bystander's CPR training, a risk, a slow heart's pause ("sinus arrest", "pauses of asystole": TP 1212): "cpr
 * certified bystander, pt has hives and wheezing, epi" had been given the arrest's 1 mg IV/IO (Stop 55; MCG 1317.17
 * gives anaphylaxis 0.5 mg IM). Only where nothing says the patient may be in arrest ("sinus arrest, no pulse").
 */
const NO_ARREST_OF_THEIRS = new RegExp(
  "(?<![\\w-])(?:(?:risk\\s+(?:of|for)|prevent\\w*|avoid\\w*)\\s+(?:cardiac\\s+)?arrest|" +
    "sinus\\s+(?:arrest|pauses?)|(?:pauses?|runs?|episodes?)\\s+of\\s+asystole|intermittent\\s+asystole|" +
    "asystolic\\s+pauses?|" +
    "cpr[\\s-]+(?:certified|certification|trained|training|class|card|instructor|course))(?![\\w-])",
  "gi",
);
/**
 * Any word of a cardiac arrest, broadly, typos too ("pulsless", "hr 0", "heart stopped", "no palp pulse"): with one
 * anywhere in the conversation, CPR training or a risk beside it is read as before. "CA" only in capitals.
 */
const CARDIAC_ARREST_WORDS = new RegExp(
  "(?<![\\w-])(?:pulse[\\s-]*l+e*s+\\w*|puls+l+e*s+\\w*|plu?s+e*l+e*s+\\w*|" +
    "no\\s+(?:palp\\w*\\s+|carotid\\s+|femoral\\s+|central\\s+|brachial\\s+|good\\s+)?pulses?|" +
    "(?:without|w\\/o|w\\/out)\\s+(?:a\\s+)?(?:palp\\w*\\s+)?pulses?|absent\\s+(?:\\w+\\s+)?pulses?|" +
    "(?:non|im)[\\s-]?palpable|no\\s+(?:carotids?|femorals?|vitals)|no\\s+heart\\s*beat|" +
    "hearts?\\s+(?:has\\s+)?stopped|" +
    "heart\\s+(?:not|is\\s*n['’]?t|was\\s*n['’]?t)\\s+beating|asys\\w*|no\\s+hr|died|expired|" +
    "(?:does\\s*n['’]?o?t|did\\s*n['’]?o?t|no\\s+longer)\\s+ha(?:s|ve)\\s+a\\s+pulse|" +
    "(?:went|now|became|turned|gone|progressed\\s+to|->|→)\\s+cardiac|ca(?=\\s+now)|" +
    // a heart rate of 0, or under 60 (a child's CPR: TP 1210-P), however written ("hr 0", "hr dropped to 40")
    "(?:hr|heart\\s*rate|pulse(?:\\s+rate)?)\\s*(?:of\\s*|is\\s*|=\\s*|:\\s*|(?:dropped|down|went)\\s+to\\s+)?" +
    "(?:[1-5]?\\d(?![\\d./%])|zero|none)|" +
    "pulses?\\s+(?:is\\s+|are\\s+)?(?:absent|gone|lost)|lost\\s+(?:(?:the|a|his|her)\\s+)?pulses?|lost\\s+it|" +
    "(?:can['’]?t|cannot|can\\s+not|unable\\s+to|could\\s*n['’]?t|could\\s+not|did\\s*n['’]?t|did\\s+not)\\s+" +
    "(?:find|feel|palpate|palp|get|obtain|detect)|" +
    "pulses?\\s+(?:not|non)[\\s-]*(?:palpable|present|felt|found|detected)|non[\\s-]?perfusing|" +
    "no\\s+(?:cardiac\\s+)?output|" +
    // never "cardiac monitor", "code 3", "full code" or "no cpr"
    "(?<!\\b(?:no|not|never|without|dnr|denies)\\s+(?:in\\s+)?(?:cardiac\\s+|cardiopulmonary\\s+)?)" +
    "(?:cpr|compressions?|chest\\s+comps|cod(?:ed|ing)|code\\s+blue|(?:cardiac|cardiopulmonary)\\s+arrest|" +
    "arrest(?:ed|ing|s)?)|re[\\s-]*arrest\\w*|standstill|no\\s+mechanical|" +
    `asystol\\w*|${PEA_RHYTHM}|v[\\s-]?fib\\w*|vf|ventricular\\s+fib\\w*|p[\\s-]?vt|flat\\s*line\\w*|rosc|defib\\w*|` +
    "shocked|shocks?|aed|lucas|dead|doa|ohca|no\\s+signs\\s+of\\s+life|" +
    // a patient who may be in arrest, said otherwise: with one, CPR training beside it is read as before (the eighth
    // read, H4: "cpr certified wife found him unresponsive not breathing")
    "unrespons\\w*|apne\\w*|apnoe\\w*|agonal|gasping|not\\s+breathing|stopped\\s+breathing|bag(?:ging|ged)|bvm|" +
    "hands[\\s-]+only|limp|blue|cyanotic|mottled|drown\\w*|pool|fixed|unwitnessed|collaps\\w*|went\\s+down|" +
    "found\\s+down|down\\s+(?:for\\s+)?\\d+|unconscious|lifeless|sustained|continuous|persistent|" +
    "carotids?\\s+(?:pulses?\\s+)?(?:absent|gone|not\\s+(?:palpable|present|felt))|chest\\s+(?:pushes|presses)|" +
    "rescue\\s+breath\\w*|" +
    // "full code" is a code status, but "now full code", "→ full code" an arrest
    "(?:now|->|→|then|turned|became|went)\\s+(?:a\\s+)?full\\s+code|full\\s+code\\s+now|full\\s+arrest)(?![\\w-])",
  "i",
);

/** `texts`' reader: custody blanked always; CPR training, a risk, a sinus arrest where no message says an arrest. */
export function withoutOtherArrests(texts: readonly string[]): (text: string) => string {
  const arrestSaid = texts.some((t) => {
    const rest = blankAll(blankAll(t, NOT_A_CARDIAC_ARREST), NO_ARREST_OF_THEIRS);
    return CARDIAC_ARREST_WORDS.test(rest) || /(?<![\w-])CA(?![\w-])/.test(rest);
  });
  return arrestSaid
    ? (text) => blankAll(text, NOT_A_CARDIAC_ARREST)
    : (text) => blankAll(blankAll(text, NOT_A_CARDIAC_ARREST), NO_ARREST_OF_THEIRS);
}

/** The drugs TP 1210 / TP 1210-P give in the arrest beside other indications (epinephrine, calcium, bicarbonate). */
const CARDIAC_ARREST = "cardiac-arrest";
const ARREST_DRUGS = new Set(["epinephrine", "calcium-chloride", "sodium-bicarbonate"]);
/** The arrest's names, as a source (no groups that capture). */
const ARREST_NAME = "(?:cardiac\\s+)?arrest|pulseless|cpr|asystol\\w*|" + `${PEA_RHYTHM}|` +
  "vf|v[\\s-]?fib|cod(?:ed|ing)|code\\s+blue|no\\s+pulses?";
/**
 * An arrest said as the state now: after a word of change ("now pulseless", "went into cardiac arrest", "then pea"), or
 * in words that can only be now ("pulseless", "in arrest", "cpr in progress").
 */
const ARREST_NOW = new RegExp(
  "(?<![\\w-])(?:(?:now|then|went\\s+into|became|progressed\\s+(?:in)?to|deteriorated\\s+(?:in)?to|->|→|is\\s+now|" +
    `currently|still)\\s+(?:in\\s+|into\\s+|a\\s+)?(?:${ARREST_NAME})|pulseless|in\\s+(?:(?:cardiac|full)\\s+)?arrest|` +
    `in\\s+(?:${PEA_RHYTHM}|vf|v[\\s-]?fib|asystole)|` +
    "(?:cpr|compressions)\\s+(?:now\\s+|currently\\s+)?(?:in\\s+progress|ongoing|underway|being\\s+(?:done|performed)))" +
    "(?![\\w-])",
  "i",
);

/** A limb's or a peripheral pulse, as a source. */
const LIMB =
  "(?:radial|distal|pedal|peripheral|dorsalis\\s+pedis|dp|pt|posterior\\s+tibial|popliteal|leg|arm|foot|feet|" +
  "hand|limb|extremity)";
/**
 * Words that say the heart has stopped, narrowly: said anywhere after a cause is named first, the medic is asked
 * (causeThenArrest); with one, or the drug's own name of the arrest, beside a respiratory or feared arrest, the arrest
 * is read as before ("resp arrest, now pulseless, epi" is 1 mg IV/IO).
 */
const HEART_STOPPED = new RegExp(
  // never a limb's pulse ("no pulse in left foot", "radial pulses absent": the gate read's M2)
  "(?<![\\w-])(?:no\\s+(?:palp\\w*\\s+|carotid\\s+|femoral\\s+|central\\s+|brachial\\s+)?pulses?" +
    "(?!\\s*(?:ox\\w*|deficit|in\\b|to\\b))|" +
    "(?:without|w\\/o)\\s+(?:a\\s+)?pulses?|" +
    `(?<!${LIMB}\\s+)pulses?\\s+(?:is\\s+|are\\s+)?(?:absent|gone|lost)|no\\s+heart\\s*beat|` +
    "hearts?\\s+stopped|(?:non|im|un)[\\s-]?palpable\\s+(?:carotid\\s+)?pulses?|" +
    `(?<!${LIMB}\\s+)pulses?\\s+(?:not|non)[\\s-]*(?:palpable|present|felt|found|detected)|` +
    "(?:can['’]?t|cannot|can\\s+not|unable\\s+to|could\\s*n['’]?t|could\\s+not)\\s+(?:find|feel|palpate|palp|get)\\s+" +
    "(?:a\\s+|any\\s+)?(?:carotid\\s+)?pulses?|(?:does\\s*n['’]?o?t|no\\s+longer)\\s+ha(?:s|ve)\\s+a\\s+pulse|" +
    "(?:hr|heart\\s*rate|pulse)\\s*(?:of\\s*|is\\s*|=\\s*|:\\s*)?(?:0|zero)(?![\\d.])|" +
    "pulse[\\s-]*l+e*s+\\w*|puls+l+e*s+\\w*|lost\\s+(?:his|her|their|the|a)\\s+pulses?|" +
    "pulse\\s*(?:check\\s*)?(?::\\s*)?(?:negative|none)|no\\s+(?:carotids?|heart\\s+(?:tones|sounds|rate)|" +
    "cardiac\\s+activity|signs\\s+of\\s+circulation|perfusing\\s+rhythm)|" +
    // "compression" alone is a crush's (TP 1242) or a stocking's; the equipment ("aed on scene", "defib pads") and
    // the idioms ("shocked by the news", "dead tired") are no arrest
    `cpr|compressions|chest\\s+compression\\w*|asystol\\w*|${PEA_RHYTHM}|vf|v[\\s-]?fib\\w*|ventricular\\s+fib\\w*|` +
    "p[\\s-]?vt|flat[\\s-]*line\\w*|defibrillated|aed\\s+shocked|(?<!no\\s+)shock\\s+advised|advised\\s+(?:a\\s+)?shock|" +
    "shocked\\s+(?:x\\s*\\d|\\d|once|twice|three)|rosc|lucas|ohca|" +
    "(?:pt|patient)\\s+(?:is\\s+|was\\s+|found\\s+)?dead|doa|" +
    // a cardiac arrest with its year or "years ago" is a past one ("pmh: htn, cardiac arrest 2019")
    "(?:cardiac|cardiopulmonary|full)\\s+arrest(?!\\s+(?:in\\s+)?(?:19|20)\\d\\d|\\s+(?:\\d+\\s+)?(?:years?|yrs?)\\s+ago)|" +
    "(?<!(?:pd|police|cops?|officers?|sheriffs?|deputies|they)\\s+)arrested(?!\\s+(?:him|her|them|the|for|by))|" +
    "(?<!colou?r[\\s-]+)cod(?:ed|ing)|code\\s+blue|code\\s+in\\s+progress|working\\s+(?:a|the)\\s+code)(?![\\w-])",
  "i",
);
/** Whether `text` says the heart has stopped (HEART_STOPPED; "CA" in capitals after a word of state: "then CA"). */
const heartStoppedSaid = (text: string): boolean =>
  HEART_STOPPED.test(text) || /(?<=(?:now|then|in|into|->|→|went|became|is|pt)\s+)CA(?![\w-])/.test(text) ||
  arrestReplied(text);

/**
 * A message that is the arrest's name alone, as a reply to the question ("no pulse", "code", "cardiac", "tp 1210"):
 * the cardiac arrest (the gate reads' M2: these replies had been asked again).
 */
const ARREST_REPLY = new RegExp(
  "^\\s*(?:(?:still|now|pt\\s+has|has)\\s+)?(?:no\\s+pulses?|pulseless|(?:the\\s+)?code|acls(?:\\s+dose)?|cardiac|ca|" +
    "tp\\s*1210|(?:cardiac\\s+)?arrest\\s+dose)\\s*[.!?]*\\s*$",
  "i",
);
export const arrestReplied = (text: string): boolean => ARREST_REPLY.test(text);

const NEBULIZER = /(?<![\w-])(?:neb\w*|nebuli[sz]\w*)(?![\w-])/i;

interface ArrestPatterns {
  readonly id: string;
  readonly patterns: readonly RegExp[];
  readonly formulationPatterns: readonly RegExp[];
}

/**
 * A nebulizer or a formulation named ("push dose epi"): with no indication the engine would take that route's or
 * formulation's one row with no question (stridor's 5 mg; push-dose's 10 mcg), so the reading stands as before and
 * the route is refused for it (Stop 55's ninth gate read, H1; Stop 56's, H1).
 */
const decidedByForm = (live: readonly ArrestPatterns[], text: string): boolean =>
  NEBULIZER.test(text) || live.some((i) => i.formulationPatterns.some((p) => p.test(text)));

/**
 * Whether `text` (blanked of denials and histories) names a cause first and an arrest said now after it, or the heart
 * said stopped in it or a newer message, for a drug TP 1210 gives in the arrest: then neither is picked and the medic
 * is asked. "anaphylaxis, now in cardiac arrest, epi" had been answered 0.5 mg IM and "bradycardia hr 30, now
 * pulseless, epi" 10 mcg for a patient without a pulse (Stop 55); three versions that let the arrest outrank the
 * cause gave 1 mg IV/IO to patients with a pulse (a past, a recovered or another's arrest, a peripheral pulse), so a
 * question is the answer either way: wrong, it costs a reply.
 */
export function causeThenArrest(
  medicationId: string,
  live: readonly ArrestPatterns[],
  text: string,
  first: string | undefined,
  newer: () => readonly string[],
): boolean {
  if (first === undefined || first === CARDIAC_ARREST || !ARREST_DRUGS.has(medicationId)) return false;
  if (!live.some((i) => i.id === CARDIAC_ARREST)) return false;
  if (decidedByForm(live, text)) return false;
  // the heart said stopped in this message or a newer one (`newer`), in words the arrest's names lack: "anaphylaxis, no
  // pulse, epi" and "anaphylaxis, asystole, epi" had been given 0.5 mg IM (Stop 56). Not an older one: "anaphylaxis"
  // as the reply to the question is the medic's choice.
  return ARREST_NOW.test(text) || newer().some(heartStoppedSaid);
}

/**
 * An arrest that is no cardiac one, or not yet: "respiratory arrest", "resp arrest", "near arrest", "peri-arrest",
 * "impending arrest", "about to arrest / code", "will need cpr". The patient may have a pulse (TP 1210 is for the pulseless).
 */
const FEARED_ARREST = new RegExp(
  // never the second half of "cardiac and respiratory arrest" (Stop 56's read, M1)
  "(?<![\\w-])(?<!cardiac\\s*(?:and|&|\\/|\\+)\\s*)(?:(?:respiratory|resp\\.?|pulmonary|breathing)\\s+" +
    "(?:arrest\\w*|failure\\s*(?:->|→|\\/)\\s*arrest)|" +
    "(?:near|nearly|almost|peri|pre|impending|imminent|threatening|verge\\s+of)[\\s-]*(?:cardiac\\s+)?arrest\\w*|" +
    "(?:about|going|gonna|likely|ready|close)\\s+to\\s+(?:go\\s+into\\s+(?:cardiac\\s+)?)?(?:arrest|code)\\w*|" +
    "(?:may|might|could|will)\\s+(?:arrest|code)\\b|" +
    // CPR feared, not begun ("wife asks if he will need cpr")
    "(?:will|may|might|could|would|going\\s+to)\\s+(?:need|require)\\s+(?:cpr|compressions))(?![\\w-])",
  "gi",
);
/**
 * Whether the cardiac arrest `first` names is said only as a respiratory or feared one in every message
 * (`conversation`: each blanked of denials and histories): then the medic is asked. "respiratory arrest from
 * anaphylaxis, epi" and "near arrest, hives, stridor, epi" had been given the arrest's 1 mg IV/IO (Stop 55's reads;
 * MCG 1317.17 gives anaphylaxis 0.5 mg IM); four versions that read no arrest there gave real arrests IM doses or
 * none where a word of the arrest was missed, so the question is the answer either way.
 */
export function arrestOnlyFeared(
  live: readonly ArrestPatterns[],
  text: string,
  first: string | undefined,
  conversation: () => readonly string[],
): boolean {
  if (first !== CARDIAC_ARREST) return false;
  if (decidedByForm(live, text)) return false;
  const arrest = live.find((i) => i.id === CARDIAC_ARREST)!;
  const texts = conversation();
  if (!texts.some((t) => blankAll(t, FEARED_ARREST) !== t)) return false;
  return !texts.some((t) => {
    const rest = blankAll(t, FEARED_ARREST);
    return heartStoppedSaid(rest) || arrest.patterns.some((p) => p.test(rest));
  });
}
