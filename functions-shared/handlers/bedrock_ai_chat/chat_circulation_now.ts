/**
 * A pulse, a pressure or an awake patient said in a message newer than a cardiac arrest's, with no I/O: the arrest
 * may be over, so the indication reader asks "is the heart still stopped? Say 'arrest' ... or 'rosc' ..." instead of
 * dosing it or any older message's indication (chat_indications.ts; the question: chat_denied_defaults.ts). TP 1210
 * step 9 gives epinephrine 1 mg IV/IO to the pulseless; after ROSC, step 18 treats a low pressure with saline, then
 * push-dose epinephrine. "pulseless || now sinus, pulse present, sbp 80 || epi?" and a child's "pulseless || now pulse
 * 120, bp 80/50 || epi?" had been given the arrest's dose (Stop 58's Left open). Rules that picked the other
 * indication were withdrawn after four reads (Stop 58), so a pulse read here only asks: read where there is none, it
 * costs the medic a reply during CPR, so only plain signs count and Stop 59's seven reads narrowed them. The heart said
 * stopped again after a ROSC is asked the same way (lostIn; chat_indications.ts), and the medic's reply is read
 * by chat_arrest_answers.ts.
 *
 * Signs: a measured pressure of 50 or more, a pulse said present or felt, a pulse rate of 60 or more, the patient
 * awake, talking or oriented. Never one denied, asked, doubted, brief, hoped for or aimed at ("no pulse", "pulse?",
 * "if pulse present", "pulse felt briefly", "bp 90 is the target"), a monitor's or an oximeter's ("pulse 80 on
 * monitor", "pleth pulse 100"), made by CPR ("pulse with compressions", "on lucas, bp 60/30"), said beside another
 * person ("daughter crying", "pt 2 bp 120/80", "talking to the family"; beside an adult's arrest, a baby or a child,
 * and any crying),
 * the past or an earlier contact ("bp 80/40 at fd arrival", "was awake", "1st vitals", "IFT: sending facility"),
 * corrected ("likely artifact"), lost again after it ("pulse present then lost it", "pulse 70, not palpable"), or a
 * child's beside a rate under 60 (CPR's with poor perfusion, TP 1210-P). A message newer than the sign that says the
 * heart stopped again (lostIn, with no sign of its own) keeps the arrest.
 */
import { FEARED_ARREST, heartStoppedSaid } from "./chat_heart_stopped_words.ts";
import { blankAll } from "./chat_names.ts";

const GAP = "[^\\S\\n]+";
const PULSE_WORD = "(?:pulses?|carotids?|femorals?|radials?|brachials?)";

/** The signs of circulation, each read further by `circulating`. */
const CIRCULATION = new RegExp(
  "(?<![\\w/-])(?:" + [
    // a pressure of 50 or more ("bp 80/40", "sbp 80", "b/p: 92 palp")
    `(?:s?bp|b\\/p|nibp|blood${GAP}pressure|systolic)(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*` +
    "(?:[5-9]\\d|[12]\\d\\d)s?(?:[^\\S\\n]*\\/[^\\S\\n]*(?:\\d{1,3}s?|p|palp))?(?![\\d.%])",
    // a pressure written bare ("80/40", "his is 92/60"): a systolic of 50-249 over a lower diastolic, never a score
    "(?<![\\d/.])(?:[5-9]\\d|1\\d\\d|2[0-4]\\d)\\/(?:[2-9]\\d|1[0-4]\\d)(?![\\d/.])",
    // a pulse said present ("pulse present", "pulses palpable", "carotid strong", "radials weak")
    `${PULSE_WORD}(?:${GAP}(?:is|are|now))?${GAP}(?:present|palpable|felt|strong|good|weak|thready|faint|bounding|` +
    "intact|back|returned|regained|restored)",
    // felt with its quality before it ("strong carotid", "weak radial pulse", "palpable femoral")
    `(?:strong|good|palpable|weak|thready|faint|bounding)${GAP}(?:(?:carotid|femoral|radial|brachial|central)${GAP})?` +
    PULSE_WORD,
    // had ("has a pulse", "got a pulse", "with a weak pulse", "regained pulses")
    `(?:has|have|got|gotten|with|regained|found|feel|felt)${GAP}(?:a${GAP})?(?:(?:weak|strong|palpable|good)${GAP})?` +
    "(?:pulses?|carotids?|femorals?)",
    // a rate of 60 or more ("pulse 120", "pulse of 88", "pulse rate: 70"); never the oximeter's
    `pulse(?:${GAP}rate)?(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*(?:[6-9]\\d|1\\d\\d|2[0-4]\\d)(?![\\d.%])` +
    // never a monitor's rate ("pulse 80 on monitor": PEA may show one, TP 1210 note 7)
    `(?!${GAP}(?:on|per|from)${GAP}(?:the${GAP})?(?:monitor|ekg|ecg|screen|lifepak|zoll|strip))`,
    // awake ("awake", "woke up", "a&ox4", "talking", "crying", "follows commands", "gcs 14")
    "awake|wak(?:es|ing)[^\\S\\n]+up|woke[^\\S\\n]+up",
    `alert${GAP}(?:and|&)${GAP}oriented`,
    // never "a&o x0"
    "a[^\\S\\n]*[&+/]?[^\\S\\n]*o[^\\S\\n]*x[^\\S\\n]*[1-4]|a[^\\S\\n]*[&+/][^\\S\\n]*o(?:[^\\S\\n]*[1-4])?" +
    "(?![^\\S\\n]*x?[^\\S\\n]*0)",
    // talking to us, never to others or about something ("talking to base", "talking to the family", "talking about
    // ecpr": the first read, F4)
    `talking(?!${GAP}(?:(?:to|with|w\\/?|about)${GAP}(?!(?:us|me|medics?|crew|paramedics?)(?![\\w/-]))|` +
    `(?:it|this|that)${GAP}over))`,
    "crying",
    `follow(?:s|ing)${GAP}commands`,
    `gcs(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*(?:9|1[0-5])`,
  ].join("|") + ")(?![\\w/-])",
  "gi",
);

/** Denied, asked, doubted or awaited, a few words before it ("no strong pulse", "if pulse present", "? carotid"). */
const NOT_SAID_BEFORE = new RegExp(
  "(?:(?<![\\w'’-])(?:no|not|nor|non|never|without|w\\/o|absent|denies|lost|lose|losing|unable|cannot|can['’]?t|" +
    "could\\s*n['’]?t|did\\s*n['’]?t|does\\s*n['’]?t|do\\s*n['’]?t|is\\s*n['’]?t|was\\s*n['’]?t|if|whether|when|once|" +
    "until|till|unless|maybe|possibl[ey]|questionable|unsure|thought|think|might|may|hope|hoping|waiting|await\\w*|" +
    "for|barely|semi|goal|target|keep|maintain|aim|titrate|want|need|trying|try|tried|attempt\\w*|did|you|stopped|" +
    "quit|ceased|going|gonna|will|next|" +
    // a monitor's or an oximeter's ("monitor pulse 110", "pleth pulse 100": the second read, F1)
    "monitor|pleth|ox|oximeter|spo2|sats?|ekg|ecg|doppler|lifepak|zoll)|\\?)(?:[^\\S\\n]+[\\w/'’-]+){0,2}[^\\S\\n]*$",
  "i",
);
/**
 * Asked or doubted right after it ("pulse present?", "weak pulse at the femoral?", "awake? no", "pulse present (no)",
 * "y/n", "pulse present n"); never a question that follows ("bp 80/40 epi now?", "strong carotid now, epi?").
 */
const ASKED_AFTER =
  /^(?:[^\S\n]+(?:at|on|in)[^\S\n]+(?:the[^\S\n]+)?[\w/-]+(?![\w/-]))?[^\S\n]*(?:\?|[:=-][^\S\n]*(?:no|neg|negative|none)\b|\([^\S\n]*no?[^\S\n]*\)|\.{2,}[^\S\n]*no\b|y\/n|n(?![\w/-])|[^\S\n]*or[^\S\n]+(?:absent|not|no)\b)/i;
/**
 * Doubted, brief or aimed at later in its sentence ("weak pulse at the femoral?, not sure", "pulse felt briefly", "bp
 * 90 is the target").
 */
const DOUBT_AFTER = new RegExp(
  "\\b(?:not\\s+sure|unsure|maybe|questionable|possibly|doubtful|briefly|momentar\\w*|transient\\w*|target|goal|" +
    "prob(?:ably)?|false|bogus|wrong|inaccurate|erroneous|bad\\s+reading|not\\s+accurate|doubt\\w*|" +
    // a monitor's, an oximeter's or a doppler's ("pulse 80 on lp15", "per cardiac monitor", "pulse 80 lp15")
    "(?:on|per|from|by|via)\\s+(?:the\\s+|\\w+\\s+)?(?:monitor|ekg|ecg|screen|lifepak|lp\\s*\\d*|zoll|corpuls|pads?|" +
    "strip|doppler|pleth|ox\\w*|spo2)|lp\\s*1?\\d|lifepak|zoll|corpuls|monitor|only)\\b",
  "i",
);
/**
 * Made by CPR, in its message ("pulse with compressions", "on lucas, bp 60/30", "femoral pulse during cpr"); not CPR
 * stopped or held, before or after its name ("held compressions and have a pulse", "lucas paused, strong carotid").
 */
/** Words that say CPR stopped, after its name ("cpr paused", "compressions on hold", "lucas off"). */
const STOPPED_AFTER = "paused|held|stopped|halted|ceased|on[^\\S\\n]+hold|off|d\\/c(?:ed)?|discontinued";
const CPR_MADE = new RegExp(
  "(?<!\\b(?:stop(?:ped)?|held|hold(?:ing)?|paused?|ceased|off|no|no\\s+longer|without|w\\/o|after|d\\/c(?:ed)?)\\s+)" +
    "\\b(?:cpr|m?cpr|compressions?|comps?|lucas|autopulse|thumper|device|chest\\s+(?:pushes|presses)|each\\s+push|" +
    "pushes)\\b" +
    // CPR said stopped after its name ("lucas paused for pulse check", "cpr on hold", "compressions stopped")
    `(?![^\\S\\n]+(?:(?:is|was|were|are|now|been)[^\\S\\n]+)?(?:${STOPPED_AFTER})\\b)`,
  "i",
);
const CPR_MADE_ALL = new RegExp(CPR_MADE.source, "gi");
/** CPR said stopped, paused or held ("cpr on hold", "held compressions", "lucas off"). */
const CPR_STOPPED_ALL = new RegExp(
  "(?<![\\w/-])(?:(?:cpr|compressions?|comps?|lucas|autopulse)[^\\S\\n]+(?:(?:is|was|were|are|now|been)[^\\S\\n]+)?" +
    `(?:${STOPPED_AFTER})|(?:stop(?:ped)?|held|hold(?:ing)?|paused?|ceased)` +
    "[^\\S\\n]+(?:cpr|compressions?|comps?|lucas|autopulse))(?![\\w/-])",
  "gi",
);
const CPR_STOPPED = new RegExp(CPR_STOPPED_ALL.source, "i");
/** The past, in its clause ("bp 80/40 before arrest", "was talking prior", "initial bp 90", "on arrival"). */
const PAST = new RegExp(
  "\\b(?:before|prior|pre[\\s-]*arrest|earlier|initial(?:ly)?|originally|previously|at\\s+first|on\\s+arrival|" +
    "upon\\s+arrival|ago|pta|last\\s+(?:known|seen)|yesterday|baseline|usual(?:ly)?|normally|hx|history|" +
    // "was awake", "pre-code bp", "when fd arrived", "this morning", "last bp", "per dispatch" (the first read, F5)
    "was|were|had|pre[\\s-]*code|precode|when\\s+(?:we|fd|fire|ems|medics?|pd|they|units?)\\s+(?:got|arrived|came)|" +
    "runs|check-?up|appointment|last\\s+week|week|cardiology|clinic|when\\s+(?:she|he|they)\\s+\\w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|htn|hypertension|cabg|pmh|lkw|called|911|" +
    "collapsed|while|at\\s+(?:the\\s+)?time\\s+of|this\\s+(?:morning|am|afternoon|evening)|last\\s+(?:night|bp|set|vitals)|" +
    "per\\s+(?:dispatch|wife|family|pd|fd|bystanders?)|first|1st|arrival|bls|engine|squad|first\\s+responders?|" +
    "found\\s+(?:him|her|them|pt|patient|down|unresponsive)|became\\s+unresponsive|unresponsive\\s+after|" +
    // a transfer's or a first contact's ("sending facility", "per transfer sheet", "at pickup", "pre-tx", "bls reported")
    "sending|transfer|pick-?up|pre-?tx|pre-?dialysis|contact|reported|snf|facility|sheet|until|till|all\\s+night|" +
    // a clock time, a meal or a place ("awake at 0600", "@0900", "talking at dinner", "a&ox4 at the party")
    "@\\s*\\d{3,4}|\\d{1,2}\\s*(?:am|pm)|for\\s+the\\s+\\d|at\\s+(?:the\\s+)?(?:\\d{1,4}|dinner|lunch|breakfast|work|" +
    "school|recess|start|party|bedtime|dialysis|daycare|home|church|gym|store|feed\\w*|picnic|park|beach|game|mall|" +
    "restaurant|movies|concert))\\b",
  "i",
);
/**
 * Another person in its message, anywhere ("pt 2 bp 120/80", "daughter crying", "his son, c/o cp, bp 160/90", "the
 * other one is awake", "captain talking to family"): the sign may be theirs (the first read, F3).
 */
const ANOTHER_PERSON = new RegExp(
  "(?<![\\w/-])(?:(?:pt|patient|victim)[^\\S\\n]*#?[^\\S\\n]*(?:2|3|two|b)|(?:2nd|second|other|another)[^\\S\\n]+" +
    "(?:pt|patient|victim|person|party|one)|also\\s+have|mom|mommy|mum|mother|dad|daddy|father|parents?|wife|husband|" +
    "spouse|daughters?|sons?|sisters?|brothers?|siblings?|grand\\w+|aunt|uncle|cousin|gf|bf|girlfriend|boyfriend|" +
    "partner|roommate|co-?workers?|friends?|neighbou?rs?|witness\\w*|bystanders?|caller|officers?|pd|police|cops?|" +
    "lifeguards?|crowd|people|everyone|everybody|family|kids|children|nanny|babysitter|teacher|staff|nurse|driver|" +
    "passengers?|captain|engineer|dispatch|crew|twins?|supervisor|occupants?|other|caregivers?|aides?|attendants?|" +
    "guardians?|relatives?|someone|somebody|woman|man|guy|lady|buddy|homeowner|landlord|clerk|employees?|security|" +
    "guards?|deputy|sheriff|rn|tech|nephew|niece|nobody|no\\s+one|noone|dog|cat|\\w+-in-laws?|instructor|screaming|chaotic|room|background|manager|boss|workers?|owner|cashier|customers?|students?|" +
    "players?|teammates?|fianc\\w*|in-?laws?|step-?\\w+|ex-?(?:wife|husband|gf|bf)|wifes|" +
    "husbands|auntie|granny|nana|abuela|tia|mama|papa|toddler|older\\s+kid|coach|onlookers?|daycare|base|doc|doctor|" +
    "physician|md|radio|phone|fetal|fetus|fhr|fht)(?:['’]s)?(?![\\w/-])",
  "i",
);
const ANOTHER_PERSON_ALL = new RegExp(ANOTHER_PERSON.source, "gi");
/** The person as what the patient's sign is aimed at ("crying for mom", "talking to his wife"), not its subject. */
const AIMED_AT =
  /(?<![\w/-])(?:for|to|with|at|calling|asking|wants|holding)[^\S\n]+(?:(?:his|her|the|their)[^\S\n]+)?$/i;
/** The patient named with the person as one subject ("pt and mom crying", "mom and baby both crying"). */
const WITH_PATIENT = new RegExp(
  "(?<![\\w/-])(?:(?:pt|patient|baby|child|kid|infant|he|she)[^\\S\\n]*(?:and|&|\\+)|" +
    "(?:and|&|\\+)[^\\S\\n]*(?:the[^\\S\\n]+)?(?:pt|patient|baby|child|kid|infant))(?![\\w/-])",
  "i",
);

/**
 * Beside an adult's arrest, a baby or a child is another person ("28yo 39wk, cardiac arrest || baby out, crying"); an
 * age is a child's under 15 only ("60yo 80kg pulse 90" is the adult's own age).
 */
const CHILD_BESIDE_ADULT =
  /(?<![\w/-])(?:bab(?:y|ies)|newborns?|neonates?|infants?|apgar|delivered|kids?|child|children|toddlers?|(?:[1-9]|1[0-4])\s*(?:yo|y\/o)|\d+\s*mo|fetal|fetus)(?![\w/-])/i;

/** The patient named in the sign's own clause ("his is 80/40", "pt awake", "our pt talking"). */
const PATIENT_HERE = /(?<![\w/-])(?:pt|patient|his|her|he|she|him|our\s+(?:pt|patient|guy|lady))(?![\w/-])/i;

/**
 * Whether another person in `text` may own its sign: named, not aimed at by it ("crying for mom"), and the sign's
 * clause (`clause`) not naming them one subject with the patient ("pt and mom crying", never "both parents crying")
 * nor naming the patient alone ("that was the wifes bp, his is 80/40").
 */
function anotherPersonSaid(text: string, clause: string): boolean {
  if (WITH_PATIENT.test(clause)) return false;
  if (PATIENT_HERE.test(clause) && !ANOTHER_PERSON.test(clause)) return false;
  return [...text.matchAll(ANOTHER_PERSON_ALL)].some((m) => !AIMED_AT.test(text.slice(0, m.index)));
}

/**
 * The heart stopped again, in words HEART_STOPPED lacks ("lost him again", "pulse went away", "carotid not felt", "bp
 * 0", "shocked again", "not perfusing", "refibrillated", "check pulse: nothing"): a newer message saying one keeps the
 * arrest (lostIn), and so does one said after a sign in its message. Narrow on purpose: read after a ROSC it asks
 * the arrest's question, so "cant get iv", "agonal resps", "hr slowing" or "monitor died" are none (the sixth read, F3
 * and F7: each had switched an older sign off, or asked after ROSC where step 18's care was due).
 */
const RE_ARRESTED = new RegExp(
  "(?<![\\w/-])(?:lost[^\\S\\n]+(?:(?:the|his|her|a)[^\\S\\n]+)?(?:it|them|em|him|her|pulses?(?![^\\S\\n]*ox\\w*(?![^\\S\\n]+(?:and|&)[^\\S\\n]+(?:the[^\\S\\n]+)?pulses?))|carotids?|rosc|" +
    "perfusion)|" +
    // never a limb's ("radial pulses absent, bp 68/40")
    "(?<!(?:radial|pedal|distal|peripheral|dp|pt|foot|feet|leg|arm)[^\\S\\n]+)" +
    "(?:pulses?|carotids?|femorals?|it|rosc)[^\\S\\n]+(?:\\w+[^\\S\\n]+)?(?:gone|lost|absent|went\\s+away|" +
    "not\\s+(?:felt|palpable|present|found))|absent\\s+(?:(?:carotid|central|femoral)\\s+)?pulses?|" +
    "(?:gone|lost|down|dead|died)[^\\S\\n]+again|still[^\\S\\n]+down|no[^\\S\\n]+more[^\\S\\n]+(?:pulses?|carotids?)|" +
    "(?:not|non)[\\s-]*perfusing|(?:unable[^\\S\\n]+to|can['’]?t|cannot|could\\s*n['’]?t)[^\\S\\n]+" +
    "(?:palp\\w*|feel|find|get|obtain)[^\\S\\n]+(?:a[^\\S\\n]+|any[^\\S\\n]+)?(?:pulses?|carotids?|femorals?|bp|pressure)|" +
    "(?:s?bp|pressure)[^\\S\\n]*(?:of[^\\S\\n]*)?(?:0|zero)(?![\\d.])|no[^\\S\\n]+output|" +
    "(?:hr|heart\\s*rate|pulse)[^\\S\\n]+(?:dropped|fell|went|down)[^\\S\\n]+to[^\\S\\n]+(?:0|zero|nothing|none)|" +
    "now[^\\S\\n]+no[^\\S\\n]+(?:bp|pressure|pulses?)|nothing[^\\S\\n]+on[^\\S\\n]+(?:the[^\\S\\n]+)?(?:pulse|re-?check)|" +
    "(?:check(?:ed)?[^\\S\\n]+)?pulses?(?:[^\\S\\n]+check)?[^\\S\\n]*[:=-]?[^\\S\\n]*(?:no|neg\\w*|none|nothing|absent|0)" +
    "(?![\\w/-])|shock(?:ed)?[^\\S\\n]+(?:again|x[^\\S\\n]*\\d|\\d)|re-?fib\\w*|torsades|electrical\\s+only|" +
    "no[^\\S\\n]+mechanical|^\\s*(?:tp\\s*)?1210(?:-p)?\\s*$|" +
    "now[^\\S\\n]+(?:absent|gone|lost|none|nothing)(?=[^\\S\\n]*(?:$|[,.;!?]|again\\b))|" +
    "(?:gone|lost|absent)\\s+now|re-?cod\\w*|cod(?:e|ing)\\s+again|flat\\s*line\\w*|straight\\s*line|ca\\s+again|" +
    "pu[a-z]{1,4}less|no\\s+pusle\\w*|dying|(?:bp|pressure)\\s+(?:not|un)\\s*obtainable|" +
    "no\\s+(?:brachial|carotid|femoral)s?|asys|(?:pulses?|carotids?)\\s+(?:disappeared|faded)|no\\s+puls\\w*|" +
    "agonal\\s+rhythm|then\\s+(?:nothing|gone)|shocked(?:\\s+\\d+\\s*j)?|(?:unresponsive|apn(?:e|oe)ic)\\s+again|" +
    "no\\s+palp\\w*\\s+(?:carotid|femoral|brachial|pulse)s?|" +
    "(?:bp|pressure)\\s+unable\\s+to\\s+obtain|unable\\s+to\\s+obtain\\s+(?:a\\s+)?(?:bp|pressure)|no\\s+longer\\s+(?:has|have)\\s+(?:rosc|a\\s+pulse))(?![\\w/-])",
  "i",
);
/**
 * A sign just said made unreliable by what follows it in its message ("strong radial then he dropped", "pulse 120 then
 * slowing to 40s", "awake in the water then went under"): read only after a sign, never as the heart stopped.
 */
const FADING_AFTER = new RegExp(
  "(?<![\\w/-])(?:crash(?:ed|ing)|went[^\\S\\n]+down|deteriorat\\w*|agonal|dead|died|" +
    "(?:then|and)[^\\S\\n]+(?:(?:he|she|pt|they)[^\\S\\n]+)?(?:collapsed|dropped(?![^\\S\\n]+to)|nothing|gone|lost|" +
    "quiet|silent|limp|blue)|(?:unresponsive|apn(?:e|oe)ic|limp|blue)[^\\S\\n]+again|slow(?:ing|ed)|dropping|" +
    "went[^\\S\\n]+(?:unresponsive|limp|quiet|under)|stopped[^\\S\\n]+breathing|passed\\s+out|became\\s+unresponsive|" +
    "unresponsive\\s+after|turned\\s+blue|faded|disappeared|(?:->|→)\\s*[1-5]?\\d(?!\\d)|" +
    "found\\s+(?:\\w+\\s+)?(?:unresponsive|down|limp|blue|not\\s+breathing)|x\\s*zero|not\\s+(?:reading|palp\\w*)|" +
    "nothing\\s+palp\\w*|no\\s+palp\\w*|(?:can['’]?t|cannot|could\\s*n['’]?t)\\s+feel|" +
    "brady\\w*[^\\S\\n]+(?:to|into)[^\\S\\n]+(?:0|zero|nothing))(?![\\w/-])",
  "i",
);

/** A transfer's or an earlier contact's, anywhere in the message ("IFT: sending facility vitals", "awake @0600"). */
const EARLIER_CONTACT = new RegExp(
  "(?<![\\w/-])(?:911|dispatch\\s+info|call\\s+info|cad|ift|sending\\s+facility|transfer\\s+sheet|per\\s+(?:transfer|sheet|snf|facility|nursing|staff)|" +
    "(?:on|at)\\s+pick\\s*-?up|during\\s+tx|pre-?tx|dialysis\\s+(?:center|clinic))(?![\\w/-])|@\\s*\\d{3,4}",
  "i",
);

/** A correction anywhere in the message ("disregard", "that was the monitor", "likely artifact", "wrong chat"). */
const CORRECTED = new RegExp(
  "(?<![\\w/-])(?:disregard|ignore\\s+(?:that|last|previous|it)|wrong\\s+(?:chat|pt|patient|person)|" +
    "that\\s+was\\s+(?:the|his|her|a|mom|wife)|my\\s+bad|oops|mistake|artifact|not\\s+reliable|error)(?![\\w/-])",
  "i",
);

/**
 * A rate under 60 anywhere in the message ("weak brachial pulse 50", "pulse present but 50s"): a child's is CPR's
 * with poor perfusion (TP 1210-P, TP 1212-P), so no sign of a child's circulation there is read (the second read,
 * F5); an adult's is a pulse.
 */
const RATE_UNDER_60 = new RegExp(
  "(?<![\\w/-])(?:(?:pulse|hr|heart[^\\S\\n]*rate)(?:,?[^\\S\\n]+(?:present|felt|palpable|weak|thready|faint|rate|at|of|" +
    "but|is|was|now|about|around|only|approx\\w*|brachial|radial|femoral|carotid|apical|maybe|dropping|dropped|" +
    "falling|fell|down|to))*" +
    "[^\\S\\n]*(?:of|is|now|about|around|[:=~<])?" +
    "[^\\S\\n]*(?:[1-5]?\\d(?![\\d.%])|[1-5]0s|twenty|thirty|forty|fifty)|<[^\\S\\n]*60|[1-5]\\d[^\\S\\n]*bpm|" +
    "(?:down\\s+)?to\\s+[1-5]0s|" +
    "(?:but|around|about|~)[^\\S\\n]*[1-5]0s(?![^\\S\\n]*(?:yo|y\\/o|years?)))",
  "i",
);

/** The clause around `at`..`end`: [start, end) bounded by punctuation or a line. */
function clause(text: string, at: number, end: number): [number, number] {
  const start = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const after = text.slice(end).search(/[,;.!?\n]|$/);
  return [start, end + after];
}

/**
 * Whether CPR said in `text` may make the sign at `at`: said after it or in its clause, or before it with no change
 * between ("fd did cpr 2 min, now pt awake and talking" is the patient's: the sixth read, F7).
 */
function cprMade(text: string, at: number): boolean {
  return [...text.matchAll(CPR_MADE_ALL)].some((m) =>
    m.index > at || !/(?<![\w/-])(?:now|then|after\s+that|since)(?![\w/-])/i.test(text.slice(m.index, at))
  );
}

/** Whether the sign at `m` says the patient's own circulation now (see the module's doc). */
function circulating(text: string, m: RegExpExecArray, child: boolean | undefined): boolean {
  const at = m.index;
  const end = at + m[0].length;
  const [start, stop] = clause(text, at, end);
  const whole = text.slice(start, stop);
  if (NOT_SAID_BEFORE.test(text.slice(Math.max(0, at - 40), at)) || ASKED_AFTER.test(text.slice(end))) {
    return false;
  }
  if (DOUBT_AFTER.test(text.slice(end).split(/[;.\n]/)[0])) return false;
  // CPR in the message may be what makes the pulse ("on lucas, bp 70/30"); another person there may own it
  if (cprMade(text, at) || PAST.test(whole) || EARLIER_CONTACT.test(text) || anotherPersonSaid(text, whole)) {
    return false;
  }
  // corrected in its clause or after it ("pulse 110, likely artifact"), not before ("that was the wifes bp, his is 80/40")
  if (CORRECTED.test(whole) || CORRECTED.test(text.slice(end))) return false;
  if (child && RATE_UNDER_60.test(text)) return false;
  if (child === false && CHILD_BESIDE_ADULT.test(text)) return false;
  // an adult's arrest: crying is the family's or the scene's, never read as the patient's ("lots of crying on scene")
  if (child === false && /^crying$/i.test(m[0])) return false;
  // CPR said stopped after the sign is no loss ("carotid present, cpr on hold")
  const after = text.slice(end).replace(CPR_STOPPED_ALL, " ");
  return !lostIn(after, child) && !FADING_AFTER.test(after);
}

/**
 * Whether `text` says the heart stopped again (HEART_STOPPED, RE_ARRESTED), corrects an earlier sign ("disregard") or,
 * of a child, a rate under 60 (CPR's with poor perfusion: TP 1210-P, TP 1212-P). Never a feared arrest ("about to code
 * again"), nor a loss told as the past ("was down 10 min with no pulse", "wife says heart stopped before we got there").
 * A message with a sign of its own read after the loss ("radial pulses absent, bp 68/40") is the sign's: the caller
 * reads both (chat_indications.ts).
 */
export function lostIn(text: string, child?: boolean): boolean {
  const now = blankAll(text, FEARED_ARREST).split(/[,;.!?\n]/).filter((clause) => !PAST.test(clause)).join(
    ", ",
  );
  return heartStoppedSaid(now) || RE_ARRESTED.test(now) || CORRECTED.test(text) ||
    (child === true && RATE_UNDER_60.test(now));
}

/**
 * A word of change between an arrest and a sign said after it in one message ("vf arrest, shocked x2, now awake",
 * "pulseless, cpr, then pulse 120", "after 2 shocks pulse present", "per dispatch cardiac arrest, but pt talking").
 */
const CHANGE =
  /(?<![\w/-])(?:now|then|after|since|currently|subsequently|converted|rosc|but|actually)(?![\w/-])|->|→/i;

/**
 * A sign of circulation said in `text` after `from` (the end of the arrest's last name in it) with a word of change
 * before it, quoted, or undefined: the arrest and its end in one message are asked as across two (the eighth read,
 * P2: "vf arrest, shocked x2, pt now awake and talking. epi?" had been given 1 mg IV/IO).
 */
export function circulationAfter(text: string, from: number, child?: boolean): string | undefined {
  const rest = text.slice(from);
  for (const m of rest.matchAll(CIRCULATION)) {
    const [start, stop] = clause(rest, m.index, m.index + m[0].length);
    // a word of change before the sign or in its clause ("pulse 120 now"), or CPR said stopped before it ("cpr
    // paused, carotid present")
    const changed = CHANGE.test(rest.slice(0, m.index)) ||
      /(?<![\w/-])now(?![\w/-])/i.test(rest.slice(start, stop)) ||
      CPR_STOPPED.test(text.slice(0, from + m.index));
    if (changed && circulating(rest, m, child)) return signQuote(rest, m);
  }
  return undefined;
}

/** The sign at `m` quoted by its clause, or by itself where the clause is longer than 60 characters. */
function signQuote(text: string, m: RegExpExecArray): string {
  const [start, stop] = clause(text, m.index, m.index + m[0].length);
  const quote = text.slice(start, stop).replace(/\s+/g, " ").trim();
  return quote.length <= 60 ? quote : m[0].trim();
}

/**
 * What `text` says of the patient's own circulation now, quoted (≤ 60 characters), or undefined. `child`: true where
 * the patient is known to be a child (a rate under 60 is CPR's with poor perfusion), false where known an adult (a
 * baby or a child said is another person), undefined where not known.
 */
export function circulationSaid(text: string, child?: boolean): string | undefined {
  for (const m of text.matchAll(CIRCULATION)) {
    if (circulating(text, m, child)) return signQuote(text, m);
  }
  return undefined;
}
