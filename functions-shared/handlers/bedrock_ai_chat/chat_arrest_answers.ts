/**
 * The medic's reply to the chat's "is the heart still stopped? Say 'arrest' ... or 'rosc' ..." (chat_denied_defaults.ts,
 * asked when a pulse, a pressure or the patient awake follows a cardiac arrest: chat_circulation_now.ts), with no I/O.
 * The reply is read as one of three answers and always carries the medication asked about, so a second reply still
 * has one (Stop 59's third read, F2: "still stopped || arrest" had no outcome):
 * - the heart still stopped ("arrest", "yes", "still stopped", "ongoing", "no change", "still no pulse"): the arrest;
 * - the pulse back, unnegated ("rosc", "push dose", "pulse is back", "arrest is over", "out of arrest", "stopped cpr,
 *   he's perfusing"): ROSC, so TP 1210 / TP 1210-P step 18's care;
 * - anything else, or either said with a negation, a doubt or both at once ("havent had rosc", "rosc n", "heart
 *   stopped? no", "rosc or arrest?"): neither, so the question comes back. "we dont have rosc yet" had been read as
 *   ROSC and given push-dose 10 mcg during CPR (the third read, F1), and "arrest is over" as the arrest (the fourth
 *   read, F2).
 */
import type { ChatTurn } from "./dosing_types.ts";
import { findMedications } from "./chat_names.ts";
import { circulationSaid, lostIn } from "./chat_circulation_now.ts";

/** The chat's arrest question, in the assistant's reply. */
const ASKED = /\bis the heart still stopped\? Say 'arrest'/;

/** The arrest over or the pulse back, in the medic's words (read before any negation is looked for). */
const OVER = new RegExp(
  "(?<![\\w/-])(?:(?:arrest|code|cpr|compressions|lucas)\\s+(?:is\\s+|was\\s+|been\\s+)?(?:over|ended|finished|done|" +
    "stopped|held|discontinued|removed|off)|(?:out\\s+of|came\\s+out\\s+of|after|post)\\s+(?:the\\s+)?arrest|" +
    "(?:stopped|held|ceased|discontinued|paused)\\s+(?:cpr|compressions)|off\\s+(?:the\\s+)?lucas|" +
    "no\\s+longer\\s+(?:in\\s+)?arrest\\w*|not\\s+(?:in\\s+)?arrest\\w*|" +
    // never "non perfusing", "only perfusing with cpr" (the sixth read, F1)
    "(?<!(?:non|not|poorly|barely|only)[\\s-]*)perfusing)(?![\\w/-])",
  "gi",
);
/** ROSC in words ("rosc", "push dose", "pulse is back", "got a pulse", "spontaneous circulation"). */
const ROSC = new RegExp(
  "(?<![\\w/-])(?:rosc\\w*|push[\\s-]*dose|pulses?\\s+(?:is\\s+|are\\s+)?(?:back|returned|regained)|" +
    "(?:got|have|has|regained)\\s+(?:a\\s+|the\\s+)?pulses?|spontaneous\\s+circulation)(?![\\w/-])",
  "i",
);
/** The heart still stopped ("arrest", "yes", "still stopped", "code", "ongoing", "no change", "still no pulse"). */
const STILL = new RegExp(
  "^\\s*(?:(?:yes|yeah|yep|yup|ya|y|correct|affirm\\w*|still|it\\s+is|he\\s+is|she\\s+is)\\b[\\s,.!]*)*" +
    "(?:(?:cardiac\\s+)?arrest(?:\\s+dose)?|(?:the\\s+)?heart\\s+(?:is\\s+)?(?:still\\s+)?stopped|(?:it['’]?s\\s+)?stopped|" +
    "code|coding|pulseless|no\\s+pulses?|ongoing|no\\s+change|unchanged|same|cpr\\s+ongoing|arest|" +
    "(?:still\\s+)?in\\s+arrest|(?:tp\\s*)?1210(?:-p)?|(?:give\\s+)?(?:the\\s+)?(?:1\\s*mg|acls(?:\\s+dose)?|full\\s+dose)|" +
    // the sign corrected: "that was the monitor", "that's mom's bp", "false alarm", "not crying", "disregard"
    "(?:no,?\\s*)?(?:that\\s+(?:was|is)|that['’]s|it\\s+was)\\s+(?:the\\s+|his\\s+|her\\s+)?(?:monitor|artifact|" +
    "\\w+['’]s|mom|dad|wife|husband|sister|brother|family|bystander|someone\\s+else|another|other)\\b.*|" +
    "false\\s+alarm|disregard(?:\\s+that)?|ignore\\s+(?:that|it)|not\\s+(?:crying|talking|awake))?[\\s,.;:!]*$",
  "i",
);
/** ROSC negated ("no rosc", "havent had rosc", "cant get rosc", "rosc n"): the arrest goes on. */
const ROSC_NEGATED = new RegExp(
  "(?<![\\w'’-])(?:no|not|never|without|w\\/o|(?:ha(?:ve|s|d)|do(?:es)?|did|ca|can|could)\\s*n['’]?o?t(?:\\s+\\w+)?|" +
    "waiting\\s+(?:on|for)|awaiting|trying\\s+for|pre|0|zero|no\\s+longer\\s+(?:has|have))\\s+(?:\\w+\\s+)?rosc\\w*|" +
    "rosc\\s+(?:n|no|neg\\w*|not\\s+\\w+|" +
    "has\\s*n['’]?o?t\\s+\\w+)(?![\\w'’-])",
  "gi",
);
/** A ROSC doubted or brief ("fake rosc", "barely perfusing", "rosc?", "rosc or arrest", "maybe"): neither. */
const DOUBTED = new RegExp(
  "(?<![\\w'’-])(?:fake|false|barely|maybe|possibl[ey]|almost|unlikely|artifact|brief(?:ly)?|momentar\\w*|" +
    "transient\\w*|unsure|or)(?![\\w'’-])|\\?",
  "i",
);
/** ROSC hoped for, aimed at or made by a device ("rosc is the goal", "need rosc", "pulse from the lucas"): no ROSC. */
const ROSC_AWAITED = new RegExp(
  "(?<![\\w'’-])(?:hope\\w*|would|working|going\\s+for|doubt\\w*|questionable|soon|expect\\w*|monitor|ox|" +
    "lucas|only|goal|need|before|until|till|want)(?![\\w'’-])",
  "i",
);
/** The arrest negated ("not pulseless", "no longer in arrest", "not in vf"): the heart's words are no answer. */
const STOP_NEGATED =
  /(?<![\w'’-])(?:not|no\s+longer|never|is\s*n['’]?t|was\s*n['’]?t)\s+(?:in\s+)?(?:pulseless|arrest\w*|asystol\w*|pea|vf|v-?fib|cod\w*)/i;
/** The resuscitation ended, not won ("TOR", "calling it", "pronounced", "time of death"): no dose either way. */
const TERMINATED =
  /(?<![\w/-])(?:tor|terminat\w*|calling\s+it|called\s+it|pronounc\w*|time\s+of\s+death|tod|dnr|ceas\w+\s+efforts)(?![\w/-])/i;

type Answer = "arrest" | "rosc" | undefined;

/**
 * What `said` answers to the arrest question (see the module's doc); `child`: the question was a child's (TP 1210-P),
 * so a rate under 60 is CPR's.
 */
export function arrestAnswer(said: string, child = false): Answer {
  // the medication named is no answer ("epi 1mg", "arrest, epi?")
  const reply = findMedications(said).reduce((text, m) => text.replace(m.mention, " "), said).replace(
    /\?+\s*$/,
    "",
  );
  if (/^\s*CA\s*$/.test(reply)) return "arrest";
  if (TERMINATED.test(reply)) return undefined;
  // "no rosc" is the arrest said; the end of CPR or of the arrest is ROSC said ("arrest is over", "held cpr")
  const text = reply.replace(ROSC_NEGATED, " no pulse ").replace(OVER, " rosc ");
  const rosc = [...text.matchAll(new RegExp(ROSC.source, "gi"))].at(-1);
  if (rosc) {
    // the arrest said after it is the state now ("had rosc, rearrested", "cpr held for rhythm check, still vf")
    // "rosc after cpr", "rosc following 2 shocks" tell what came before it
    const after = text.slice(rosc.index + rosc[0].length).replace(
      /\b(?:after|following|from|post|s\/p|since)\b[^,;.]*/gi,
      " ",
    );
    // lost again after it ("rosc for 30 sec then gone", "held for 10 sec to check, nothing")
    const lost = lostIn(after, child) ||
      /\b(?:gone|lost|faded|disappeared|nothing|none|negative)\b/i.test(after);
    if (lost) return STOP_NEGATED.test(after) || DOUBTED.test(after) ? undefined : "arrest";
    return DOUBTED.test(text) || ROSC_AWAITED.test(text) ? undefined : "rosc";
  }
  if (circulationSaid(reply) !== undefined || STOP_NEGATED.test(text) || DOUBTED.test(text)) return undefined;
  if (STILL.test(text) && !/^\s*(?:no|nope|negative)?[\s.!]*$/i.test(text)) return "arrest";
  return lostIn(text, child) ? "arrest" : undefined;
}

/** A pressure or a weight said in a clause of the arrest or ROSC ("rosc bp 140/90", "rosc, tape says 6kg"). */
const VITALS =
  /(?:s?bp|b\/p)\s*:?\s*\d{2,3}(?:\s*\/\s*\d{1,3})?|(?<![\d/])\d{2,3}\s*\/\s*\d{1,3}(?![\d/])|\d+(?:\.\d+)?\s*kg\b/gi;

/** Any word of the arrest, its end or ROSC ("heart stopped? no" is read as neither: none of it is kept). */
const ANY_WORD = /arrest|stopped|pulse|rosc|cod(?:e|ing)|cpr|compressions|lucas|perfus|asys|pea\b|vf|fib/i;

/** The conversation with each reply to the arrest question read as its answer, carrying the medication asked about. */
export function withArrestAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant" || !ASKED.test(before.content)) return turn;
    // the medication asked about: the newest the medic named before the question ("epi and calcium?")
    const asked = turns.slice(0, i).reverse().find((t) =>
      t.role === "user" && findMedications(t.content).length
    );
    const mentions = asked ? findMedications(asked.content).map((m) => m.mention).join(" and ") : "";
    const answer = arrestAnswer(turn.content, /TP 1210-P/.test(before.content));
    // the reply's other facts stay ("rosc, bp 130/80", "tape says 6kg"); its words of the arrest or ROSC do not, so
    // the answer alone decides ("out of arrest, was in vf" is ROSC)
    const facts = turn.content.split(/[,;.\n]/).map((c) => c.trim()).flatMap((c) =>
      !c ? [] : !ANY_WORD.test(c) ? [c] : [...c.matchAll(VITALS)].map((m) => m[0])
    );
    const words = [answer === "arrest" ? "cardiac arrest" : answer ?? "", ...facts].filter((w) => w);
    // the medication asked about goes with every answer, beside any the reply names ("arrest, ns too")
    const drugs = mentions ? [`${mentions}?`] : [];
    return { ...turn, content: [...words, ...drugs].join(", ") };
  });
}
