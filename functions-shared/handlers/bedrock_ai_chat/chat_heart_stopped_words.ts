/**
 * The narrow words of an arrest the indication reader asks by, with no I/O (chat_cardiac_arrest_said.ts): the heart
 * said stopped, an arrest said as the state now, an arrest only feared or of the breathing, and a message that is the
 * arrest's name alone. Narrow on purpose, and each error has its side: a word here that is no arrest asks a patient
 * with a pulse once after a cause (causeThenArrest), but beside a respiratory arrest it gives the arrest's 1 mg IV/IO as
 * before (arrestOnlyFeared), so a widening is read against both (Stop 56's review). The broad list that keeps the
 * CPR-training blank off is chat_cardiac_arrest_said.ts's CARDIAC_ARREST_WORDS.
 */
import { PEA_RHYTHM } from "./chat_state_words.ts";

/**
 * A limb said after a pulse word ("no pulse in left foot", "pulseless left leg", "pulses absent in legs"), unless the
 * clause goes on to a central pulse, a line or CPR ("no pulse both arms and carotid", "no pulse r arm io placed") or
 * the hands are CPR's ("hands on chest": the fifth read, H4).
 */
const OF_A_LIMB =
  "(?!\\s+(?:(?:in|to|on|at|of)\\s+)?(?:(?:the|his|her|both|bilat\\w*|l|r|left|right|lower|upper)\\s+)" +
  "{0,3}(?:legs?|arms?|foot|feet|hands?(?!\\s+(?:on|only))|limbs?|extremit\\w*|toes?|fingers?|ble|bue|lle|rle|lue|" +
  "rue)(?![\\w-])(?![^,.;]*\\b(?:carotids?|femorals?|neck|central|io|iv|cpr|compressions)\\b))";
/** A limb's or a peripheral pulse named before it ("radial pulses absent"). */
const LIMB_PULSE =
  "(?<!(?:radial|distal|pedal|peripheral|dorsalis\\s+pedis|dp|posterior\\s+tibial|popliteal|leg|arm|" +
  "foot|feet|hand|limb|extremity)\\s+)";
/**
 * Never "no cpr", "dnr no cpr", "not coded", "do not start cpr" (the review's must-fix 3), with only these words
 * between: "not breathing cpr started", "without warning coded" are the arrest (the fifth read, H3).
 */
const NOT_DONE =
  "(?<!\\b(?:no|not|never|without|dnr|denies|refused?|declined?|has\\s*n['’]?t|did\\s*n['’]?t)\\s+" +
  "(?:(?:need|needed|require|required|start|do|perform|any|further|the)\\s+)?)";
/** CPR said begun: the arrest, whatever stands before it ("full code no dnr cpr started"). */
const BEGUN = "(?=\\s+(?:started|in\\s+progress|ongoing|underway|initiated|begun|by)\\b)";

/** "arrest" or "arrested" alone, of the heart: not after the police or a sinus, not before whom or a custody's "for". */
const BARE_ARREST = "(?<!(?:pd|police|cops?|officers?|sheriffs?|deputies|they|sinus)\\s+)arrest(?:ed)?" +
  "(?!\\s+(?:him|her|them|the|by)(?![\\w-]))(?!\\s+for(?!\\s+(?:\\d|a\\s+(?:few|couple|minute)|about|approx\\w*|~|" +
  "several|over|under|less|more|x\\b|unknown|an?\\s+(?:unknown|while|hour))))";

/** The heart said stopped, however typed; never a limb's pulse, a pulse oximeter, a dated past arrest, an idiom. */
const HEART_STOPPED = new RegExp(
  "(?<![\\w-])(?:" +
    `(?:no\\s+(?:palp\\w*\\s+|carotid\\s+|femoral\\s+|central\\s+|brachial\\s+)?pulses?(?!\\s*(?:ox\\w*|deficit))|` +
    "(?:without|w\\/o)\\s+(?:a\\s+)?pulses?|(?:non|im|un)[\\s-]?palpable\\s+(?:carotid\\s+)?pulses?|" +
    "(?:can['’]?t|cannot|can\\s+not|unable\\s+to|could\\s*n['’]?t|could\\s+not)\\s+(?:find|feel|palpate|palp|get)\\s+" +
    "(?:a\\s+|any\\s+)?(?:carotid\\s+)?pulses?|" +
    `${LIMB_PULSE}pulses?\\s+(?:is\\s+|are\\s+)?(?:absent|gone|lost)|` +
    `${LIMB_PULSE}pulses?\\s+(?:not|non)[\\s-]*(?:palpable|present|felt|found|detected)|` +
    // "pulse less than 50" is a pulse (the review's must-fix 2)
    "pulse[\\s-]*l+e*s+\\w*(?!\\s+than)|puls+l+e*s+\\w*|lost\\s+(?:(?:his|her|their|the|a)\\s+)?pulses?(?!\\s*ox\\w*(?!\\s+(?:and|&)\\s+(?:the\\s+)?pulses?)))" +
    `${OF_A_LIMB}|` +
    "(?:does\\s*n['’]?o?t|no\\s+longer)\\s+ha(?:s|ve)\\s+a\\s+pulse|no\\s+heart\\s*beat|hearts?\\s+(?:is\\s+|has\\s+)?(?:still\\s+)?stopped(?!\\s+(?:racing|pounding|fluttering|skipping|palpitat\\w*|beating\\s+fast))|" +
    "(?:hr|heart\\s*rate|pulse)\\s*(?:of\\s*|is\\s*|=\\s*|:\\s*)?(?:0|zero)(?![\\d.])|" +
    "pulse\\s*(?:check\\s*)?(?::\\s*)?(?:negative|none)|no\\s+(?:carotids?|heart\\s+(?:tones|sounds|rate)|" +
    "cardiac\\s+activity|signs\\s+of\\s+circulation|perfusing\\s+rhythm)|" +
    // "compression" alone is a crush's (TP 1242) or a stocking's; the equipment ("aed on scene", "defib pads") and
    // the idioms ("shocked by the news", "dead tired") are no arrest
    `${NOT_DONE}(?:cpr|compressions|chest\\s+compression\\w*|(?<!colou?r[\\s-]+)cod(?:ed|ing))|` +
    `(?:cpr|compressions|chest\\s+compression\\w*)${BEGUN}|` +
    `asystol\\w*|${PEA_RHYTHM}|vf|v[\\s-]?fib\\w*|ventricular\\s+fib\\w*|p[\\s-]?vt|flat[\\s-]*line\\w*|` +
    "defibrillated|aed\\s+shocked|(?<!no\\s+)shock\\s+advised|advised\\s+(?:a\\s+)?shock|" +
    "shocked\\s+(?:x\\s*\\d|\\d|once|twice|three)|rosc|lucas|ohca|(?:pt|patient)\\s+(?:is\\s+|was\\s+|found\\s+)?dead|doa|" +
    // the arrest by any of its names ("arrest", "re-arrested": the review's must-fix 4), never one with its year or
    // "years ago" ("pmh: htn, cardiac arrest 2019"); a bare "arrest" is never police custody ("pd arrested him",
    // "arrested for dui", never "arrest for 5 min": the fifth read, H1) nor a slow heart's pause ("sinus arrest")
    `(?:(?:(?:cardiac|cardiopulmonary|full)\\s+|re[\\s-]*)arrest(?:ed)?|${BARE_ARREST})` +
    "(?!\\s+(?:in\\s+)?(?:19|20)\\d\\d|\\s+(?:\\d+\\s+)?(?:years?|yrs?)\\s+ago)|" +
    "code\\s+blue|code\\s+in\\s+progress|working\\s+(?:a|the)\\s+code)(?![\\w-])",
  "i",
);

/**
 * A message that is the arrest's name alone ("no pulse", "still no pulse", "code", "cardiac", "tp 1210", "arrest
 * dose"): the cardiac arrest, as a reply to the question most often is (Stop 56's reads: these had been asked again).
 * Never "ca" ("Ca?" is calcium's symbol: the review's must-fix 1).
 */
const ARREST_NAME_ALONE = new RegExp(
  "^\\s*(?:(?:still|now|pt\\s+has|has)\\s+)?(?:no\\s+pulses?|pulseless|(?:the\\s+)?code|acls(?:\\s+dose)?|cardiac|" +
    "tp\\s*1210|(?:cardiac\\s+)?arrest\\s+dose)\\s*[.!?]*\\s*$",
  "i",
);
export const arrestNameAlone = (text: string): boolean => ARREST_NAME_ALONE.test(text);

/** Whether `text` says the heart has stopped (HEART_STOPPED; "CA" in capitals after a word of state: "then CA"). */
export const heartStoppedSaid = (text: string): boolean =>
  HEART_STOPPED.test(text) || /(?<=(?:now|then|in|into|->|→|went|became|is|pt)\s+)CA(?![\w-])/.test(text) ||
  arrestNameAlone(text);

/** The arrest's names, as a source (no groups that capture). */
const ARREST_NAME = "(?:cardiac\\s+)?arrest|pulseless|cpr|asystol\\w*|" + `${PEA_RHYTHM}|` +
  "vf|v[\\s-]?fib|cod(?:ed|ing)|code\\s+blue|no\\s+pulses?";
/**
 * An arrest said as the state now: after a word of change ("now pulseless", "went into cardiac arrest", "then pea"), or
 * in words that can only be now ("pulseless", "in arrest", "cpr in progress").
 */
export const ARREST_NOW = new RegExp(
  "(?<![\\w-])(?:(?:now|then|went\\s+into|became|progressed\\s+(?:in)?to|deteriorated\\s+(?:in)?to|->|→|is\\s+now|" +
    `currently|still)\\s+(?:in\\s+|into\\s+|a\\s+)?(?:${ARREST_NAME})|pulseless|in\\s+(?:(?:cardiac|full)\\s+)?arrest|` +
    `in\\s+(?:${PEA_RHYTHM}|vf|v[\\s-]?fib|asystole)|` +
    "(?:cpr|compressions)\\s+(?:now\\s+|currently\\s+)?(?:in\\s+progress|ongoing|underway|being\\s+(?:done|performed)))" +
    "(?![\\w-])",
  "i",
);

/**
 * An arrest that is no cardiac one, or not yet: "respiratory arrest", "resp arrest", "near arrest", "peri-arrest",
 * "impending arrest", "about to arrest / code", "he'll likely need cpr". The patient may have a pulse (TP 1210 is for
 * the pulseless). Global: blanked with blankAll.
 */
export const FEARED_ARREST = new RegExp(
  // never the second half of "cardiac and respiratory arrest" (Stop 56's first read, M1)
  "(?<![\\w-])(?<!cardiac\\s*(?:and|&|\\/|\\+)\\s*)(?:(?:respiratory|resp\\.?|pulmonary|breathing)\\s+" +
    "(?:arrest\\w*|failure\\s*(?:->|→|\\/)\\s*arrest)|" +
    "(?:near|nearly|almost|peri|pre|impending|imminent|threatening|verge\\s+of)[\\s-]*(?:cardiac\\s+)?arrest\\w*|" +
    "(?:about|going|gonna|likely|ready|close)\\s+to\\s+(?:go\\s+into\\s+(?:cardiac\\s+)?)?(?:arrest|code)\\w*|" +
    "(?:may|might|could|will)\\s+(?:arrest|code)(?!\\s*\\d)|" +
    // CPR feared, not begun ("wife asks if he'll need cpr")
    "(?:(?:will|\\w+['’]ll|may|might|could|would|going\\s+to)\\s+(?:\\w+ly\\s+)?(?:need|require)|" +
    "(?:if|whether)\\s+(?!still\\b)\\w+\\s+(?:will\\s+)?needs?)\\s+(?:cpr|compressions))(?![\\w-])",
  "gi",
);
