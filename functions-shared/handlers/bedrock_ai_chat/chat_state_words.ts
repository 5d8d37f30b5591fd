/**
 * The words a medic writes for a patient's state that hold a drug, with no I/O: not awake and alert, uncooperative,
 * active GI bleeding, a drug used before or not to be given (pregnancy's are chat_pregnancy_words.ts's). Read by the contraindication tables (chat_contraindication_words.ts), which say
 * which drug each holds and why. The medical director's thirteenth read found the commonest shorthand missing (H3:
 * "AMS", "ALOC", "e2v2m5"; H4: "3rd trimester", "g1p0", "morning sickness"; H5: "black stools", "brbpr").
 */

/** A whole word or phrase, case-insensitive: no letter, digit, "/" or "-" joined on either side. */
export const re = (source: string) => new RegExp(`(?<![\\w/-])(?:${source})(?![\\w/-])`, "i");

/**
 * PEA the rhythm, never the vegetable nor a size by the words beside it: "pea sized swelling on lip, hives, epi" and
 * "allergic to pea protein, wheezing, epi" had been read as a cardiac arrest and answered with the arrest's 1 mg IV/IO
 * (Stop 55). Only the words next to it: a food or an allergy said elsewhere in the message ("pea, no known allergies",
 * "choked on food, now pea") says nothing of it (Stop 55's second gate read found those arrests asked or given IM).
 */
export const PEA_RHYTHM = "(?<!\\b(?:split|sweet|snap|chick|pigeon|black[\\s-]eyed|cow|" +
  "allergic\\s+to|allergy\\s+to|reaction\\s+to|rxn\\s+to|ate|eating|swallowed|size\\s+of)(?:\\s+an?)?[\\s-]+)" +
  // never "pea allergy", which is as often the rhythm before the history ("pea allergy pcn": the fourth gate read, H9),
  // nor "pea size 4 igel"
  "pea(?![\\s-]*(?:sized|size(?![\\s-]*\\d)|protein|soup|pods?|gravel|coat|milk|flour|shoots?|plants?|green|" +
  "colou?red|puree)\\b)";

/**
 * "arrest" or "arrested" of the heart, never police custody ("under arrest", "being arrested", "arrested by"): "pt
 * under arrest, epi?" had been dosed as a cardiac arrest, and "stabbed, under arrest" held as a traumatic one.
 */
export const ARREST_NOT_CUSTODY = "(?<!\\b(?:under\\s+(?:police\\s+)?|being\\s+))arrest(?:ed)?(?!\\s+by\\b)";

/** E, V and M written (GCS "e2v2m5") with a total of 13 or less: not alert. */
function eyesVoiceMotorUpTo(total: number): string {
  const forms: string[] = [];
  for (let e = 1; e <= 4; e++) {
    for (let v = 1; v <= 5; v++) {
      const m = Math.min(6, total - e - v);
      if (m >= 1) forms.push(`e\\s*${e}\\W{0,2}v\\s*${v}\\W{0,2}m\\s*[1-${m}]`);
    }
  }
  return forms.join("|");
}

/**
 * "Altered" of the mental state only (fourteenth read, H5: "altered taste", "altered gait", "bowel habits altered"
 * had held aspirin and oral glucose). Not where a sense, a habit or a test is what is altered, before or after it.
 */
const NOT_THE_MIND =
  "(?:taste|smell|diet|appetite|gait|balance|vision|sight|hearing|sensation|sensory|feeling|" +
  "numbness|bowel|bladder|habits?|stools?|urin\\w*|labs?|lab\\s+values|bloodwork|sleep|skin|colou?r|mood|" +
  "menstrua\\w*|periods?|cycles?|meds?|medications?|doses?|dosing|schedule|plans?)\\b";
const NOT_OF_THE_MIND =
  `(?!\\s+${NOT_THE_MIND})(?<!${NOT_THE_MIND}\\s+(?:(?:is|are|was|were|been|have|has)\\s+)*altered)`;
/** The mind's own words beside "altered", or "pt altered": held whatever else is said before (TP 1211 step 5). */
const OF_THE_MIND =
  "\\s+(?:mental\\s+status|mentation|ms|loc|level\\s+of\\s+consciousness|consciousness|sensorium)";
/**
 * A stated GCS 15 or "alert" said before a bare "altered" beats it ("gcs 15, altered", "alert, family says altered");
 * not one said as past ("was alert", "gcs 15 earlier"), nor against "now altered" (the state changed since).
 */
const ALERT_BEFORE =
  "(?:gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*15|(?<!(?:not|less|un|non|was|were|previously|initially|" +
  "earlier|originally|formerly)\\s?)alert)(?!\\s+(?:earlier|before|previously|initially|at\\s+first|on\\s+arrival)\\b)";
const BARE_ALTERED_HOLDS =
  `(?:(?<=\\b(?:now|became|becoming|got|getting|more|increasingly)\\s+)|(?<!${ALERT_BEFORE}\\b[^.;!?]*?))`;
export const ALTERED_STATE = [
  re(`altered${OF_THE_MIND}|(?:pt|patient)\\s+(?:(?:is|was|seems|appears)\\s+)?altered${NOT_OF_THE_MIND}`),
  re(`${BARE_ALTERED_HOLDS}altered(?!${OF_THE_MIND})${NOT_OF_THE_MIND}`),
];

/** After "to": what the patient responds to, not a drug that failed ("unresponsive to nitro"). */
const STIMULUS = "(?:voice|verbal|pain|painful|stimul\\w*|touch|sternal|commands?)\\b";
/** Not awake and alert (TP 1203 step 7, TP 1203-P step 6, TP 1211 step 5): by mouth is held. */
export const NOT_ALERT = [
  re(`(?:un|non)[\\s-]?responsive(?!\\s+to\\s+(?!${STIMULUS}))`),
  re(
    "unconscious|obtunded|unarousable|unrousable|comatose|not\\s+alert|responds?\\s+(?:only\\s+)?to\\s+" +
      "(?:pain|voice|verbal)|(?:only\\s+)?responsive\\s+(?:only\\s+)?to\\s+(?:voice|verbal|pain\\w*)",
  ),
  re("(?:unable\\s+to|can['’]?t|cannot|can\\s+not)\\s+swallow|no\\s+gag(?:\\s+reflex)?"),
  re("gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*(?:[3-9]|1[0-3])"),
  re(eyesVoiceMotorUpTo(13)),
  // thirteenth read, H3: the report's shorthand for an altered patient
  re("ams|aloc|lethargic|unresp|avpu\\s*(?:is|of)?\\s*[:=-]?\\s*[vpu]"),
  ...ALTERED_STATE,
  re(`not\\s+respond(?:ing|s)?(?!\\s+to\\s+(?!${STIMULUS}))`),
  re(
    "(?:not|isn['’]?t|doesn['’]?t|does\\s+not|won['’]?t|unable\\s+to|can['’]?t|cannot)\\s+follow(?:ing|s)?\\s+" +
      "(?:simple\\s+)?commands?",
  ),
];
/** Awake and alert now; never "responsive" in "only responsive to pain", nor "following commands" after "not". */
export const AWAKE_NOW = re(
  "(?<!(?:un|not\\s|non[\\s-]?|only\\s))(?:awake|alert|conscious|responsive(?!\\s+(?:only\\s+)?to\\s+" +
    "(?:voice|verbal|pain\\w*|stimul\\w*|touch|sternal)))|a\\s*[&+/]?\\s*o\\s*x?\\s*[1-4]|aox\\d|" +
    "(?<!(?:not|n['’]?t|unable\\s+to|won['’]?t)\\s)(?:talking|follow(?:s|ing)\\s+commands)|woke\\s+up|" +
    "came\\s+(?:to|around)|gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*1[45]|avpu\\s*(?:is|of)?\\s*[:=-]?\\s*a",
);
/**
 * A state said as past ("previously gcs 8", "unresponsive earlier", "initially unresponsive"): where the message
 * also says the patient is awake now, the now decides, whichever is said first (thirteenth read, H6).
 */
export const PAST_STATE_BEFORE =
  /\b(?:previously|earlier|initially|originally|prior(?:ly)?|at\s+first)\s*[:=]?\s*$/i;
export const PAST_STATE_AFTER =
  /^\s*(?:earlier|previously|before|prior|initially|at\s+first|on\s+arrival)\b/i;

export const UNCOOPERATIVE = [
  re(
    "un[\\s-]?cooperative|uncoop|non[\\s-]?cooperative|not\\s+cooperative|(?<!(?:non|not)[\\s-]?)combative|" +
      "violent|assaultive",
  ),
  re(
    "fighting\\s+(?:us|crew|ems|staff|pd|police|restraints)|spitting|won['’]?t\\s+take|refus\\w*\\s+(?:meds?|medications?|po|odt|to\\s+take)",
  ),
];
export const COOPERATIVE_NOW = re(
  "(?<!(?:un|non[\\s-]?|not\\s))cooperative|non[\\s-]?combative|not\\s+combative|calm(?:ed)?(?:\\s+down)?|" +
    "willing\\s+to\\s+take",
);

/** Words between "vomiting" and "blood" that are not a denial ("vomiting bright red blood", not "vomiting no blood"). */
const BETWEEN = "(?:(?!(?:no|not|without|denies|w\\/o)\\b)[\\w'-]+\\s+){0,3}?";
/** "Blood" that is not a sugar, a pressure or a draw ("vomiting, blood sugar 40" is no bleed). */
const BLOOD = "blood(?!\\s+(?:sugar|glucose|pressure|work|draw|thinners?|tests?|cultures?))";
/** Active upper GI bleeding said now (TP 1211 note 3; MCG 1345 guideline 7). */
export const UPPER_GI_BLEED = re(
  "(?:upper\\s+)?(?:gi|gastrointestinal)\\s+bleed\\w*|ugib|gib|hematemesis|haematemesis|" +
    `(?:vomit(?:ing|ed|s)?|throwing\\s+up|threw\\s+up|puking|emesis\\s+with)\\s+${BETWEEN}${BLOOD}|` +
    "(?:bloody|coffee[\\s-]+grounds?)\\s+(?:emesis|vomit\\w*)|coffee[\\s-]+grounds?|melena|melaena|" +
    "(?:black|tarry)(?:\\s*(?:,|and|&|\\/)?\\s*(?:black|tarry))*\\s+(?:stools?|bms?|bowel\\s+movements?)|" +
    "bleeding\\s+ulcers?",
);
/** Active lower GI bleeding said now: aspirin's "active gastrointestinal bleeding" (TP 1211 note 3). */
export const LOWER_GI_BLEED = re(
  "brbpr|hematochezia|haematochezia|lgib|(?:bloody|maroon|red)\\s+(?:stools?|bms?|bowel\\s+movements?|diarrh\\w*)|" +
    "blood\\s+in\\s+(?:(?:his|her|the)\\s+)?(?:stools?|bm)|rectal\\s+bleed\\w*|bleeding\\s+(?:from\\s+)?rectally",
);

/**
 * Anticoagulants by brand, generic or class ("on eliquis", "jantoven", "anti-coag"): ketorolac's current
 * anticoagulation (MCG 1345 guideline 7) and TXA's thrombosis treated now (MCG 1317.41) read the one list.
 */
export const ANTICOAGULANTS =
  "eliquis|apixaban|xarelto|rivaroxaban|coumadin|warfarin|jantoven|pradaxa|dabigatran|savaysa|edoxaban|" +
  "lovenox|enoxaparin|heparin|blood[\\s-]+thinners?|anti[\\s-]?coag\\w*";

/**
 * A use said as past ("finished xarelto last year", "was on coumadin, off it 2 yrs", "took prednisone last
 * month"): MCG 1345 guideline 7 withholds ketorolac for CURRENT anticoagulation and steroid use (thirteenth read, H6).
 */
export const PAST_USE = {
  before: new RegExp(
    "\\b(?:finished|completed|done\\s+with|came\\s+off|was\\s+on|were\\s+on|used\\s+to\\s+(?:be\\s+on|take)|" +
      "previously\\s+on|formerly\\s+on|had\\s+been\\s+on|took)\\b(?:\\s+(?:his|her|their|the|a|an|course\\s+of|some))*\\s*$",
    "i",
  ),
  after: new RegExp(
    "^\\s*,?\\s*(?:but\\s+)?(?:off\\s+(?:it|them)|stopped|quit|finished|d\\/c['’]?d)\\b|" +
      "^[^,.;?]{0,30}?\\b(?:last\\s+(?:year|yr|month|week|wk)|(?:\\d+|a|one|two|few|several)\\s*(?:yrs?|years?|" +
      "months?|mos?|weeks?|wks?|days?)\\s+ago|in\\s+(?:19|20)\\d\\d)\\b",
    "i",
  ),
};
