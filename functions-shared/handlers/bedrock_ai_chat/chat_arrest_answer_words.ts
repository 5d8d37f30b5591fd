/**
 * The words of a reply to the arrest question, with no I/O (read by chat_arrest_answers.ts): the arrest over or the
 * pulse back, ROSC, the heart still stopped, doubt, hope, negation, a new loss after ROSC and what is no loss. Their
 * own module so the reader stays one screen; each list says which read's reply it was made for.
 */
/** The arrest over or the pulse back, in the medic's words (read before any negation is looked for). */
export const OVER = new RegExp(
  "(?<![\\w/-])(?:(?:arrest|code)\\s+(?:is\\s+|was\\s+|been\\s+)?(?:over|ended|finished|done)|" +
    "(?:out\\s+of|came\\s+out\\s+of|after|post)\\s+(?:the\\s+)?arrest|" +
    // the arrest denied in words that can mean nothing else ("not in arrest", "no longer pulseless", "isnt coding")
    "(?:not|no\\s+longer|is\\s*n['’]?t|negative\\s+for)\\s+(?:in\\s+)?(?:(?:cardiac\\s+)?arrest\\w*|pulseless|cod(?:e|ing))|" +
    // never "non perfusing", "only perfusing with cpr" (the sixth read, F1)
    "(?<!(?:non|not|poorly|barely|only)[\\s-]*)perfusing)(?![\\w/-])",
  "i",
);
export const OVER_ALL = new RegExp(OVER.source, "gi");
/** ROSC in words ("rosc", "push dose", "pulse is back", "got a pulse", "spontaneous circulation"). */
export const ROSC = new RegExp(
  "(?<![\\w/-])(?:rosc\\w*|push[\\s-]*dose|pulses?\\s+(?:is\\s+|are\\s+)?(?:back|returned|regained)|" +
    "(?:got|have|has|regained)\\s+(?:a\\s+|the\\s+)?pulses?|spontaneous\\s+circulation)(?![\\w/-])",
  "i",
);
export const ROSC_ALL = new RegExp(ROSC.source, "gi");
/** The heart still stopped ("arrest", "yes", "still stopped", "code", "ongoing", "no change", "still no pulse"). */
export const STILL = new RegExp(
  "^\\s*(?:(?:yes|yeah|yea|yeh|yah|yep|yup|ya|y|correct|affirm\\w*|still|it\\s+is|he\\s+is|she\\s+is)\\b[\\s,.!]*)*" +
    "(?:(?:cardiac\\s+)?arrest(?:\\s+dose)?|(?:the\\s+)?heart\\s+(?:is\\s+)?(?:still\\s+)?stopped|(?:it['’]?s\\s+)?stopped|" +
    "code|coding|pulseless|no\\s+pulses?|ongoing|no\\s+change|unchanged|same|cpr\\s+ongoing|arest|arrst|arrset|" +
    // the pulse not back, nothing found ("pulse isnt back", "no return", "still nothing", "flat", "stopped again")
    "(?:(?:the\\s+)?pulses?\\s+|rosc\\s+|it['’]?s\\s+|it\\s+is\\s+)?(?:(?:is|has)\\s*n['’]?o?t|not)\\s+(?:come\\s+)?back|" +
    "no\\s+(?:return|luck|rosc)|(?:the\\s+)?(?:pulses?|rosc)\\s+never\\s+(?:came|come)\\s+back|(?:still\\s+)?nothing|(?:still\\s+)?flat(?:\\s*line)?|(?:it\\s+)?stopped\\s+again|" +
    "(?:pulses?|rosc)\\s*[:=-]\\s*(?:no|none|nope|neg\\w*|absent)|(?:still\\s+)?(?:vf|v-?fib|pea|asystole)|" +
    "(?:the\\s+)?heart['’]?s\\s+(?:still\\s+)?stopped|(?:it['’]?s\\s+)?still\\s+stopped|(?:still\\s+)?dead|" +
    "(?:still\\s+)?working\\s+(?:the\\s+|a\\s+)?(?:code|him|her|it)|heart\\s+(?:is\\s+)?not\\s+beating|shockable|" +
    "(?:still\\s+)?in\\s+arrest|(?:tp\\s*)?1210(?:-p)?|(?:give\\s+)?(?:the\\s+)?(?:1\\s*mg|acls(?:\\s+dose)?|full\\s+dose)|" +
    // the sign corrected: "that was the monitor", "that's mom's bp", "false alarm", "not crying", "disregard"
    "(?:no,?\\s*)?(?:that\\s+(?:was|is)|that['’]s|it\\s+was)\\s+(?:the\\s+|his\\s+|her\\s+)?(?:monitor|artifact|" +
    "\\w+['’]s|mom|dad|wife|husband|sister|brother|family|bystander|someone\\s+else|another|other)\\b.*|" +
    "false\\s+alarm|disregard(?:\\s+that)?|ignore\\s+(?:that|it)|not\\s+(?:crying|talking|awake))?[\\s,.;:!]*$",
  "i",
);
/** A ROSC doubted or brief ("fake rosc", "barely perfusing", "rosc?", "rosc or arrest", "maybe"): neither. */
export const DOUBTED = new RegExp(
  "(?<![\\w'’-])(?:fake|false|barely|maybe|possibl[ey]|almost|unlikely|artifact|brief(?:ly)?|momentar\\w*|" +
    "transient\\w*|unsure|or)(?![\\w'’-])|\\?",
  "i",
);
/**
 * ROSC hoped for, aimed at, waited for or made by a device ("rosc is the goal", "need rosc", "wait for rosc", "20 min wait
 * for rosc. he's got it now", "pulse from the lucas"): either, so neither.
 */
export const ROSC_AWAITED = new RegExp(
  "(?<![\\w'’-])(?:hope\\w*|would|working|going\\s+for|doubt\\w*|questionable|soon|expect\\w*|monitor|ox|" +
    "lucas|only|goal|need|before|until|till|want|wait\\s+(?:for|on)\\s+(?:the\\s+|a\\s+)?rosc)(?![\\w'’-])",
  "i",
);
/** The arrest negated ("not pulseless", "no longer in arrest", "not in vf"): the heart's words are no answer. */
export const STOP_NEGATED =
  /(?<![\w'’-])(?:not|no\s+longer|never|is\s*n['’]?t|was\s*n['’]?t)\s+(?:in\s+)?(?:pulseless|arrest\w*|asystol\w*|pea|vf|v-?fib|cod\w*)/i;
/** The resuscitation ended, not won ("TOR", "calling it", "pronounced", "time of death"): no dose either way. */
export const TERMINATED =
  /(?<![\w/-])(?:tor|terminat\w*|calling\s+it|called\s+it|pronounc\w*|time\s+of\s+death|tod|dnr|ceas\w+\s+efforts)(?![\w/-])/i;

/** ROSC or a pulse denied where it is said: a negation a few words before it, or a "no" right after ("rosc: no"). */
export const NEGATED_ROSC = new RegExp(
  // a ROSC waited for or taken back, right before it ("wait for rosc", "scratch the rosc"; never "cancel the push dose
  // rosc stable", "wait on 12 lead rosc holding": Stop 61's read T, W1)
  // one space between: a medication named between is blanked before this reads ("cancel the epi rosc" is ROSC)
  "(?<![\\w'’-])(?:cancel|scratch|disregard|ignore|strike)[ \\t](?:the|that)[ \\t]" +
    // and the ROSC itself what is taken back ("ignore that rosc q, pulse strong" is a question dropped: read U)
    "rosc(?=\\s*(?:$|[,.;!]|call\\b))|" +
    "(?<![\\w'’-])(?:(?:no|n|not|never|neg(?:ative)?|without|w\\/o|zero|0|unable\\s+to|failed\\s+to|waiting|awaiting|wish|" +
    "(?:do(?:es)?|did|ha(?:ve|s|d)|is|was|are|ca|can|could|wo)\\s*n['’]?o?t)\\s+(?:[\\w/'’-]+\\s+){0,4}?|" +
    // "lost", never across a regain ("lost then got rosc again", "lost it, now rosc")
    "lost\\s+(?:(?!(?:then|now|got|back|again|regained|but)(?![\\w'’-]))[\\w/'’-]+\\s+){0,4}?)" +
    "(?:rosc|pulses?(?!\\s*ox)|perfusing|spontaneous|out\\s+of\\s+arrest|post\\s+arrest|return\\w*)(?![\\w'’-])|" +
    "rosc\\s*[:=-]?\\s*(?:no|n|nope|nah|neg\\w*|none|not)(?![\\w'’-])",
  "i",
);
export const NEGATED_ROSC_ALL = new RegExp(NEGATED_ROSC.source, "gi");
/**
 * Push-dose epinephrine declined ("push dose? no", "no push dose", "push dose not needed", "push dose? not yet",
 * "dont need push dose"): no
 * word of the pulse either way, and no request (Stop 60's read R: "rosc, push dose? no" had been read as the arrest
 * and given 1 mg IV/IO; "push dose? no, still coding" is the arrest by its own words).
 */
export const PUSH_DOSE_DECLINED_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:no|not|without|w\\/o|(?:do|does|did|wo|will)\\s*n['’]?o?t(?:\\s+need)?|no\\s+need\\s+(?:for|of))\\s+" +
    "(?:a\\s+|the\\s+|any\\s+)?push[\\s-]*dose(?:\\s+epi\\w*)?(?:\\s+(?:needed|necessary|indicated|required|yet))?|" +
    "push[\\s-]*dose(?:\\s+epi\\w*)?\\s*\\?*\\s*[:=-]?\\s*(?:(?:no|n|nope|nah|neg\\w*|none)(?!\\s+(?:rosc|pulses?|perfus\\w*|return))|" +
    "(?:is\\s*|was\\s*)?(?:not|n['’]?t)\\s+" +
    "(?:yet|now|needed|necessary|indicated|required)|un(?:needed|necessary)|later|hold|held|cancel\\w*|wait))(?![\\w'’-])",
  "gi",
);
/** The pulse kept, no new arrest ("never lost pulse", "he didnt rearrest"): read as "rosc" before any negation. */
export const KEPT_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:never|not|did\\s*n['’]?t|did\\s+not|has\\s*n['’]?t|have\\s*n['’]?t)\\s+(?:lost|lose)\\s+" +
    "(?:the\\s+|a\\s+|his\\s+|her\\s+)?pulses?|(?:never|not|did\\s*n['’]?t|did\\s+not|has\\s*n['’]?t|no)\\s+" +
    "re-?arrest\\w*)(?![\\w'’-])",
  "gi",
);
/** A clause told as before the ROSC ("had been in vf then pea then asystole", "initially pea"); never "had to". */
export const TOLD_BEFORE = /\b(?:had\s+(?!to\b)\w+|previously|earlier|initially|originally)\b/i;
/** A pulse oximeter or its reading, with its loss ("lost pulse ox", "lost sats", "pleth"). */
export const PULSE_OX_ALL =
  /(?<![\w'’-])(?:lost\s+(?:the\s+)?)?(?:pulse[\s-]*ox\w*|pleth\w*|spo2|sats?)(?:\s+(?:waveform|reading|trace|lost))?(?![\w'’-])(?!\s*(?:and|&|\+)\s+(?:the\s+)?(?:pulses?|carotids?))/gi;
/** A rhythm or the arrest said ended ("pea resolved", "vf converted", "asystole broke"): told, no loss. */
export const ENDED_ALL =
  /(?<![\w'’-])(?:(?:cardiac\s+)?arrest|pea|vf|v-?fib|vt|v-?tach|asystole)\s+(?:(?:is|was|has|had)\s+)?(?:resolved|converted|terminated|broke|broken|ended|gone)(?![\w'’-])/gi;
/** What "lost" may be said of with no loss of the pulse ("lost iv", "lost the tube", "lost sats", "lost radials"). */
const NOT_LOST =
  "(?:iv|io|access|line|airway|tube|ett|igel|i-gel|king|sats?|spo2|pleth|radials?|pedals?|distal|pulse\\s*ox\\w*|" +
  "suction|bp\\s+cuff|monitor|pads?|signal|time|count|track)\\b";
/** After a word of ROSC, the heart stopped again ("rosc but now in vf", "rosc, then lost it", "coded again"). */
export const AGAIN = new RegExp(
  "(?<![\\w'’-])(?:(?:now|then|but\\s+now|went\\s+into|became|is\\s+now|back\\s+(?:in|into))\\s+(?:in\\s+|into\\s+|a\\s+)?" +
    "(?:pulseless|(?:cardiac\\s+)?arrest\\w*|asystol\\w*|pea|vf|v-?fib|cod(?:ed|ing)|no\\s+pulses?)|" +
    "(?:pulseless|(?:re-?)?arrest\\w*|cod(?:ed|ing)|vf|v-?fib|pea|asystole|down)\\s+again|re-?arrest\\w*|" +
    // the arrest said as now after it ("rosc earlier, arrest now")
    "(?:(?:cardiac\\s+)?arrest\\w*|pulseless|cod(?:ed|ing)|vf|v-?fib|pea|asystole|no\\s+pulses?)\\s+(?:now|currently)|" +
    // a pulse's loss ("pulse gone", "it faded"; never "vf gone", "pain gone")
    "(?<!(?:radial|pedal|distal|peripheral|dp|pt|foot|feet|leg|arm)\\s+)" +
    "(?:pulses?|carotids?|femorals?|it|rosc|circulation)\\s+(?:is\\s+|was\\s+|now\\s+|then\\s+)?(?:gone|faded|disappeared|lost)|" +
    "lost\\s+(?:him|her|it|them|(?:the\\s+)?pulses?(?!\\s*ox)|(?:the\\s+)?carotids?|rosc)|" +
    "(?:then|but|and|later|again|soon)\\s+(?:we\\s+)?lost(?!\\s+(?:the\\s+|his\\s+|her\\s+)?" + NOT_LOST +
    ")|" +
    // CPR again ("back on cpr", "cpr resumed", "cpr in progress")
    "(?:cpr|compressions)\\s+(?:again|resumed|restarted|in\\s+progress|ongoing|continu\\w*)|" +
    "(?:re-?sum\\w*|re-?start\\w*|back\\s+on|continu\\w*|started)\\s+(?:cpr|compressions))(?![\\w'’-])|" +
    // "rosc lost", "rosc, then lost": lost right after the ROSC word ("rosc, lost iv" is not)
    // with a time or a few words between ("rosc x2 min then lost", "had rosc for a min then lost")
    "^[\\s,.;:-]*(?:(?:is|was|got|then|but|now|and|already|briefly|only|for|x|about|a|an|\\d+|sec\\w*|min\\w*|later)" +
    "[\\s,.;:-]*)*(?:lost|gone)(?![\\w'’-])(?!\\s+(?:the\\s+|his\\s+|her\\s+)?" + NOT_LOST + ")",
  "i",
);
/**
 * The arrest told as history after a ROSC word: its names and rhythms, CPR, shocks and drugs in any clause that does
 * not say them again ("epi x2 during arrest", "compressions stopped", "arrest lasted 15 min", "pea resolved").
 */
export const ARREST_TOLD_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:cardiac\\s+)?arrest\\w*|pulseless|asystol\\w*|pea|vf|v-?fib|cod(?:ed|ing|e)|cpr|compressions?|" +
    "shock\\w*|defib\\w*|no\\s+pulses?)(?![\\w'’-])",
  "gi",
);
/** The arrest's name beside a bare "no" ("no arrest", "arrest: no", "arrest negative"), or "no more cpr". */
export const ARREST_NO = new RegExp(
  "(?<![\\w'’-])(?:no\\s+(?:cardiac\\s+)?arrest\\w*|" +
    // never "arrest no rosc", "arrest, no pulse", "arrest no change": the arrest, ROSC denied
    "(?:cardiac\\s+)?arrest\\s*[:=-]?\\s*(?:no|neg\\w*)(?![\\w'’-])(?!\\s*(?:rosc|pulses?|change|carotid|return))|" +
    // CPR ended: the pulse back or the resuscitation called off
    "no\\s+more\\s+(?:cpr|compressions|arrest\\w*|coding|code))(?![\\w'’-])",
  "i",
);
/** A rhythm of the arrest denied ("no vf", "not in pea", "negative for asystole"). */
export const RHYTHM_DENIED_ALL =
  /(?<![\w'’-])(?:no|not|no\s+longer|negative\s+for)\s+(?:in\s+)?(?:vf|v-?fib|vt|v-?tach|pea|asystol\w*)(?![\w'’-])/gi;
/** A pulse said made by CPR ("pulse with cpr", "bp 60/30 from the lucas", "rosc during cpr"; not "rosc w/ lucas"). */
export const CPR_MADE_PULSE = new RegExp(
  "(?<![\\w'’-])(?:(?:pulses?|carotids?|femorals?|bp|pressure)\\s+(?:[\\w/'’-]+\\s+){0,2}?(?:with|during|from|by|on|w\\/)|" +
    "during)\\s+(?:the\\s+|ongoing\\s+)?(?:cpr|compressions?|comps|lucas|autopulse)(?![\\w'’-])",
  "i",
);
/** Any negation in the reply. */
export const NEGATION =
  /(?<![\w'’-])(?:no|not|never|neg|negative|without|w\/o|absent|zero|none|nothing|nor)(?![\w'’-])|n['’]?t(?![\w'’-])/i;
