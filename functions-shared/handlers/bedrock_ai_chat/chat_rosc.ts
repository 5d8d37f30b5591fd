/**
 * Return of spontaneous circulation said after a cardiac arrest, with no I/O: once the medic writes "rosc" or
 * "pulses back", the arrest is over and its indication no longer holds (TP 1210 step 9 gives epinephrine 1 mg for
 * the pulseless only). What follows is post-resuscitation care: TP 1210 step 18 treats an SBP under 90 with saline,
 * then push-dose epinephrine 10 mcg IV/IO every 1–5 minutes. Medical director's fourteenth read, H4: "vf arrest,
 * rosc, bp 60/40, epi?" was dosed the arrest's 1 mg, and "…, push dose epi?" refused because "arrest" was written.
 * A re-arrest said after the ROSC ("rosc then lost pulses", "re-arrested": TP 1210 step 22, CPR again) makes the
 * arrest the state now again; "no rosc" or "without rosc" ends nothing. ROSC asked, awaited or lost ("rosc?", "rosc
 * pending", "lost rosc") is none, unless a pulse or a pressure is said after it or the next message answers yes (Stop
 * 57: six gate reads found each wider wording harming one side or the other, so the forms read are the plain ones).
 * ROSC negated, hoped for or lost in its own words is none ("waiting on rosc", "cant get rosc", "rosc lost", "brief
 * rosc, lost it": Stop 59's reads, each given push-dose during CPR).
 */
import { deniedAt } from "./chat_denials.ts";
import { PEA_RHYTHM } from "./chat_state_words.ts";

const GAP = "[^\\S\\n]+";

/** ROSC in the medic's words: "rosc", "rosc'd", "pulses back", "got a pulse back", "post arrest". */
const ROSC = new RegExp(
  "(?<![\\w/-])(?:" + [
    "rosc(?:['’]?d)?",
    `return${GAP}of${GAP}(?:spontaneous${GAP})?circulation`,
    `(?:got|regained|have|has)${GAP}(?:a${GAP}|the${GAP})?pulses?(?:${GAP}back)?`,
    `pulses?(?:${GAP}(?:is|are|now))?${GAP}(?:back|returned|regained|restored)`,
    // "post arrest", "post-arrest", "post cardiac arrest": post-resuscitation care, so a pulse
    `post[^\\S\\n]*-?[^\\S\\n]*(?:cardiac${GAP})?arrest`,
  ].join("|") + ")(?![\\w/-])",
  "gi",
);

/** The heart lost again, in a medic's words: with "then" / "now" before it or "again" after it (ARREST). */
const LOST_AGAIN =
  `(?:no${GAP}(?:palpable${GAP}|carotid${GAP})?pulses?(?!(?:${GAP})?ox\\w*(?!${GAP}(?:and|&)${GAP}(?:the${GAP})?pulses?))|pulses?${GAP}(?:lost|gone)|` +
  `coded|flat(?:${GAP})?lined?|hearts?${GAP}stopped)` +
  // never a limb's ("pulses gone again in the feet": the fifth read, H4)
  `(?!(?:${GAP}again)?${GAP}(?:(?:in|on|to|at|of|from)${GAP}(?:the${GAP}|his${GAP}|her${GAP}|both${GAP})?` +
  `(?:legs?|arms?|feet|foot|hands?|limbs?|extremit\\w*|distal\\w*|lower|upper|left|right)|distal\\w*|peripheral\\w*|` +
  `bilat\\w*|deficit)\\b)`;
/** A limb's or an oximeter's pulse, said before "no pulse" / "pulses gone" ("now radial pulses gone"). */
const LIMB_WORD = "(?:radial|pedal|distal|peripheral|femoral|brachial|leg|arm|foot|feet|spo2|pleth|pulse)\\b";

/**
 * The arrest said as now, after the ROSC: its names (TP 1210's and the medic's) and a re-arrest ("lost pulses",
 * "re-arrested", "pulseless again", "back in vf").
 */
const ARREST = new RegExp(
  "(?<![\\w/-])(?:" + [
    `re[^\\S\\n]*-?[^\\S\\n]*arrest(?:ed|ing|s)?`,
    `arrest(?:ed|ing|s)?`,
    `lost${GAP}(?:the${GAP}|a${GAP}|his${GAP}|her${GAP})?pulses?(?!(?:${GAP})?ox\\w*(?!${GAP}(?:and|&)${GAP}(?:the${GAP})?pulses?))`,
    "pulseless",
    "coding",
    "cpr",
    "asystole",
    "asystolic",
    PEA_RHYTHM,
    `v${GAP}?fib`,
    "v-fib",
    `ventricular${GAP}fib\\w*`,
    "vf",
    "vfib",
    // lost again after it, said as a change ("then" / "now" before it, "again" after it): "rosc then no pulse again",
    // "rosc briefly then coded again", "rosc then flatlined", "rosc then heart stopped" (Stop 57's reads, P1); never a
    // limb's or an oximeter's pulse, nor a history told after the ROSC ("he coded at home": the third and fourth reads)
    `(?:(?:then|now)${GAP}(?:(?!${LIMB_WORD})\\w+${GAP})?)(?<!${LIMB_WORD}${GAP})${LOST_AGAIN}|` +
    `(?<!${LIMB_WORD}${GAP})${LOST_AGAIN}${GAP}again`,
    `lost${GAP}(?:the${GAP})?rosc`,
    // "rosc lost", "rosc was lost" (Stop 59's fourth read, F1: push-dose had been given to the pulseless)
    `rosc${GAP}(?:was${GAP}|is${GAP})?lost`,
    // "then lost it", "now lost" ending its clause; never "now lost iv access", "then lost our line" (the seventh read)
    `(?:then|now)${GAP}lost(?:${GAP}(?:it|him|her|them|em))?(?=[^\\S\\n]*(?:$|[,.;!?]|again\\b))`,
    `lost${GAP}(?:it|him|her|em)(?:${GAP}again)?`,
  ].join("|") + ")(?![\\w/-])",
  "gi",
);

/**
 * An arrest word said as the past it came from ("rosc after vf arrest", "rosc following 2 rounds of cpr", "s/p
 * arrest"): a few words before it, in its clause. Not the arrest now.
 */
const PAST_BEFORE = new RegExp(
  `(?<![\\w/-])(?:after|following|from|since|post|s\\/p|status${GAP}post)` +
    // never a change said between ("after 2 min went into vf", "went from svt into vf": the third read, B-H1)
    `(?!(?:${GAP}[\\w/'-]+){0,4}?${GAP}(?:went|go(?:es)?|converted|deteriorat\\w*|degenerat\\w*|became|turned|into|now|then)` +
    `(?![\\w/-]))` +
    `(?:${GAP}[\\w/'-]+){0,4}${GAP}$`,
  "i",
);

/**
 * ROSC not yet had: asked or awaited ("rosc?", "2 min till rosc check", "epi before rosc?"), or a pulse denied in words
 * deniedAt does not read ("dont have a pulse", "doesnt have a pulse"). These had been read as ROSC, so a pulseless
 * patient was given push-dose epinephrine's 10 mcg for TP 1210's 1 mg (Stop 57's read, P1).
 */
const NOT_YET_BEFORE = new RegExp(
  // "until" only with no pulse or pressure after it: "cpr until rosc, bp 70/40" had it (the fifth read, H2)
  "(?:\\b(?:awaiting|await|waiting\\s+for|wait\\s+(?:for|on)|hop(?:e|ing)\\s+for|pending|check(?:ing)?\\s+for|no|without|w\\/o|if|" +
    "whether|lost|lose|losing|till|until|(?:unable|trying|failed|attempting)\\s+to\\s+(?:get|achieve|obtain)|" +
    "(?:never|did\\s*n['’]?t|have\\s*n['’]?t)\\s+(?:got|gotten|get|achieved)|" +
    // "havent had rosc", "dont have rosc", "cant get rosc", "have not gotten rosc", "hasnt achieved rosc", "waiting on
    // rosc", "no sustained rosc", "wish it was rosc" (Stop 59's third read, F1: each was given push-dose during CPR;
    // "wait for rosc" too, Stop 61's read T)
    "(?:ha(?:ve|s|d)|do(?:es)?|did|ca|can|could|wo|would)\\s*n['’]?o?t\\s+(?:yet\\s+)?(?:had|have|got|gotten|get|" +
    "achieved?|obtained?|reached|seen)|waiting\\s+on|wish\\s+(?:it\\s+was|we\\s+had)|no\\s+(?:sustained|to)|absent|" +
    "trying\\s+for|pre|almost|false|fake|brief(?:ly)?|no\\s+longer\\s+ha(?:s|ve|d)|" +
    "not\\s+achieved" +
    ")|(?:do|does|did|has|have|had)\\s*n['’]?o?t|no\\s+longer|never|not)\\s+(?:yet\\s+)?(?:a\\s+)?$",
  "i",
);
/** A pulse or a pressure: "bp 70/40", "pulse strong", "strong carotid". */
const PERFUSING = new RegExp(
  // never denied ("rosc? no palpable pulse": the sixth read, P2)
  "(?<!\\b(?:no|not|without|w\\/o|absent|non)\\s+)\\b(?:s?bp\\s*[:=]?\\s*[1-9]\\d+|" +
    "pulses?\\s+(?:strong|present|palpable|felt|back)(?!\\s+with\\s+(?:cpr|compressions))|" +
    "(?:strong|good|palpable|weak)\\s+(?:carotid|femoral|radial|pulses?)|carotids?\\s+(?:present|strong|palpable))\\b",
  "i",
);
/** ROSC named as what comes after ("epi dose after rosc?", "push dose epi post rosc?"): asked of the time after it. */
const AFTER_WORD_BEFORE = /\b(?:after|post|following|since)\s+$/i;
/** Asked, checked or pending with no answer after it: "rosc? yes", "rosc check positive" are ROSC (the third read). */
const NOT_YET_AFTER = new RegExp(
  // asked or checked with nothing after it, or a no ("rosc?" ending the message, "rosc check negative"); answered in
  // any other words it is ROSC ("rosc? yeah", "rosc check: strong carotid": the fourth read, R-H1)
  "^\\s*(?:(?:\\?+|check(?:ed)?\\b)\\s*[:=-]?\\s*(?:$|(?:no|not|negative|neg|none|nope|nothing|pending|" +
    "still\\s+(?:no|not|none)|-ve)\\b)|" +
    "pending\\b|not\\s+(?:yet|achieved|obtained|sustained)\\b|" +
    // "rosc has not occurred", "rosc n" ending it; never "rosc hasnt woken up", "rosc n intubated" (the sixth read, F3)
    "(?:has|have)\\s*(?:n['’]?t|\\s+not)\\s+(?:yet\\s+)?(?:been\\s+)?(?:achieved|obtained|occurred|happened|returned|" +
    "come|lasted)\\s*(?:$|[,.;!?]|yet\\b)|not\\s+(?:occurred|happened)\\b|n\\s*(?:$|[,.;!?])|" +
    // lost, brief, doubted or made by CPR ("rosc lost", "rosc didnt last", "rosc unlikely", "rosc was artifact")
    "(?:was\\s+|is\\s+)?(?:lost|gone|unlikely|artifact|fake|false)\\b|did\\s*n['’]?t\\s+last|" +
    "with\\s+(?:cpr|compressions)|(?:on\\s+)?(?:the\\s+)?monitor\\s+only)",
  "i",
);

/** A tachycardia named (a rhythm after it is a change, not the past). */
const TACHYCARDIA_WORD = /\b(?:p?svt|\w*tach\w*|wide[\s-]+complex|a[\s-]?fib|a[\s-]?flutter|flutter|rvr)\b/i;
/** "after 2 min", "after that", "following this", "after which", "shortly after", "after the shock", ending a clause. */
const LATER_BEFORE =
  /\b(?:(?:shortly\s+)?after|following)(?:\s+(?:that|this|which|the\s+shock|\d+\s*\w*|a\s+(?:few|couple|minute|while)\w*))?\s+$/i;

/** A history told after the ROSC, in the arrest word's clause: "wife says heart stopped at home", "coded per wife". */
const TOLD_AFTER =
  /\b(?:says?|said|per|at\s+home|while|before|prior|earlier|initially|on\s+arrival|when\s+we|upon\s+arrival)\b/i;

/** The lost-again words alone (TOLD_AFTER reads only these: "rearrested while en route" is the arrest now). */
const LOST_AGAIN_ONLY = new RegExp(LOST_AGAIN, "i");
/** Said as happening now, whatever else the clause says: "again", "re-arrested", "en route", "while loading". */
const STILL_NOW =
  /\b(?:again|re-?arrest\w*|en\s+route|while\s+(?:loading|moving|transport\w*|in\s+the\s+(?:rig|ambulance)))\b/i;

/** By medication: the indication the post-ROSC care gives it (TP 1210 step 18). */
const AFTER_ROSC: Readonly<Record<string, string>> = { epinephrine: "push-dose" };

/** The indication `medicationId` has after ROSC, when `text` says ROSC with no arrest said after it; else undefined. */
export function indicationAfterRosc(medicationId: string, text: string, reply?: string): string | undefined {
  const indication = AFTER_ROSC[medicationId];
  return indication && (arrestOver(text) || roscAnswered(text, reply)) ? indication : undefined;
}

/** A yes beginning the medic's next message. */
const YES =
  /^\s*(?:yes|yeah|yep|yup|ya|y|affirm\w*|positive|confirmed|\+|(?:we\s+)?got\s+(?:it|rosc|a\s+pulse))\b/i;

/**
 * "rosc?" ending a message and answered yes in the next ("pea arrest || rosc? || yes, bp 60/30, epi?"): ROSC, so
 * post-ROSC care (the fourth read: it had been given the arrest's 1 mg).
 */
function roscAnswered(text: string, reply: string | undefined): boolean {
  if (reply === undefined || !/(?<![\w/-])rosc\s*\?+\s*$/i.test(text)) return false;
  // a yes, or a pulse or a pressure anywhere in it with no arrest ("rosc? || hr 110, bp 72/40": the sixth read, H1)
  return YES.test(reply) || (PERFUSING.test(reply) && ![...reply.matchAll(ARREST)].length);
}

/**
 * Whether `text` says ROSC (not denied: "no rosc yet") with no arrest said after it ("rosc then lost pulses"): the
 * arrest it followed is over (also chat_cardiac_arrest_said.ts, for an older message's arrest).
 */
export const arrestOver = (text: string): boolean => arrestOverAt(text) !== undefined;

/** Where the ROSC that ended the arrest ends (arrestOver), or undefined where the arrest is not over. */
export function arrestOverAt(text: string): number | undefined {
  const end = roscEnd(text);
  if (end === undefined) return undefined;
  const againAfter = [...text.slice(end).matchAll(ARREST)].some((m) => {
    const at = end + m.index;
    const clause = text.slice(text.slice(0, at).search(/[^,;.!?\n]*$/), at);
    const rest = text.slice(at);
    const whole = clause + rest.slice(0, rest.search(/[,;.!?\n]|$/));
    // a loss told as history ("wife says heart stopped at home"), unless said as now ("again", "while loading")
    const told = LOST_AGAIN_ONLY.test(m[0]) && TOLD_AFTER.test(whole) && !STILL_NOW.test(whole);
    // a rhythm said after a tachycardia that followed the ROSC is now ("rosc, svt 180, after 2 min vf", "following
    // that vfib": the fifth and sixth reads); "rosc after this round of cpr", "rosc after 2 min vf" stay the past
    const later = /^(?:v|pea|asyst)/i.test(m[0]) && !/rosc|pulses?\s+back/i.test(clause) &&
      TACHYCARDIA_WORD.test(text.slice(end, at)) && LATER_BEFORE.test(clause);
    // "went from svt to vf" is a change, never the past (the fifth read, H3)
    const past = PAST_BEFORE.test(clause) && !/\b(?:to|into)\s+$/i.test(clause) && !later;
    // "rosc, no cpr", "no longer coding" deny the arrest (the third read, P2)
    return !past && !/\b(?:no|not|no\s+longer|never|without|w\/o)\s+$/i.test(clause) && !told;
  });
  return againAfter ? undefined : end;
}

/** Where the last ROSC said in `text` ends (not denied, asked or awaited), or undefined where none is said. */
function roscEnd(text: string): number | undefined {
  const rosc = [...text.matchAll(ROSC)].filter((m) => {
    const end = m.index + m[0].length;
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const after = text.slice(end);
    // a check still to come ("2 min till rosc check"), never a ROSC had "until" ("cpr until rosc, bp 70/40")
    const checkToCome = /\b(?:till|until|before)\s+$/i.test(before) && /^\s*check/i.test(after);
    // a pulse or a pressure said after it is ROSC had, whatever the answer's words ("rosc check: no change, pulse
    // strong, bp 72/40": the fifth read's re-run)
    const answered = AFTER_WORD_BEFORE.test(before) || !NOT_YET_AFTER.test(after);
    const had = PERFUSING.test(after) || (!NOT_YET_BEFORE.test(before) && !checkToCome && answered);
    return !deniedAt(text, m.index, end) && had;
  });
  const last = rosc.at(-1);
  return last && last.index + last[0].length;
}
