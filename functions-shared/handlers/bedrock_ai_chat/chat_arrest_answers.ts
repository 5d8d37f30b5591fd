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
import { circulationSaid } from "./chat_circulation_now.ts";

/** The chat's arrest question, in the assistant's reply. */
const ASKED = /\bis the heart still stopped\? Say 'arrest'/;

/** The arrest over or the pulse back, in the medic's words (read before any negation is looked for). */
const OVER = new RegExp(
  "(?<![\\w/-])(?:(?:arrest|code|cpr|compressions|lucas)\\s+(?:is\\s+|was\\s+|been\\s+)?(?:over|ended|finished|done|" +
    "stopped|held|discontinued|removed|off)|(?:out\\s+of|came\\s+out\\s+of|after|post)\\s+(?:the\\s+)?arrest|" +
    "(?:stopped|held|ceased|discontinued|paused)\\s+(?:cpr|compressions)|off\\s+(?:the\\s+)?lucas|" +
    "no\\s+longer\\s+(?:in\\s+)?arrest\\w*|not\\s+(?:in\\s+)?arrest\\w*|perfusing)(?![\\w/-])",
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
/** A negation or a doubt anywhere in the reply ("havent", "no", "not yet", "rosc n", "?", "maybe", "waiting on"). */
const NEGATED = new RegExp(
  "(?<![\\w'’-])(?:no|not|never|nope|negative|neg|none|without|w\\/o|absent|yet|pending|waiting|await\\w*|wish|hope|" +
    "hoping|unable|lost|maybe|unsure|briefly|momentar\\w*|transient\\w*|n)(?![\\w'’-])|n['’]?t(?![\\w'’-])|\\?|\\bor\\b",
  "i",
);

type Answer = "arrest" | "rosc" | undefined;

/** What `reply` answers to the arrest question (see the module's doc). */
export function arrestAnswer(said: string): Answer {
  // the medication named is no answer ("epi 1mg", "arrest, epi?")
  const reply = findMedications(said).reduce((text, m) => text.replace(m.mention, " "), said).replace(
    /\?+\s*$/,
    "",
  );
  if (/(?<![\w-])CA(?![\w-])/.test(reply.trim()) && reply.trim().length === 2) return "arrest";
  const over = [...reply.matchAll(OVER)];
  const rest = over.reduce((text, m) => text.replace(m[0], " "), reply);
  if (over.length > 0 || ROSC.test(reply)) return NEGATED.test(rest.replace(ROSC, " ")) ? undefined : "rosc";
  if (!STILL.test(reply) || circulationSaid(reply) !== undefined) return undefined;
  // a bare "no" is no answer; "no pulse", "no change" are the arrest
  return /^\s*(?:no|nope|negative)\s*[.!]*\s*$/i.test(reply) || !/\S/.test(reply) ? undefined : "arrest";
}

/** Any word of the arrest, its end or ROSC in a reply read as neither: none of it is read ("heart stopped? no"). */
const ANY_WORD = /arrest|stopped|pulse|rosc|cod(?:e|ing)|cpr|compressions|lucas|perfus/i;

/** The conversation with each reply to the arrest question read as its answer, carrying the medication asked about. */
export function withArrestAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant" || !ASKED.test(before.content)) return turn;
    const own = findMedications(turn.content);
    const named = own.length
      ? turn
      : turns.slice(0, i).reverse().find((t) => t.role === "user" && findMedications(t.content).length);
    const mentions = named ? findMedications(named.content).map((m) => m.mention).join(" and ") : "";
    const drugs = mentions ? `, ${mentions}?` : "";
    const answer = arrestAnswer(turn.content);
    if (answer === "arrest") return { ...turn, content: `cardiac arrest${drugs}` };
    if (answer === "rosc") return { ...turn, content: `rosc${drugs}` };
    // neither: a reply with words of the arrest or ROSC is not read at all ("havent had rosc" is no ROSC, "heart
    // stopped? no" no arrest), so the question comes back; other words stay ("pulse 50 weak": chat_circulation_now.ts)
    return { ...turn, content: ANY_WORD.test(turn.content) ? drugs.slice(2) : `${turn.content}${drugs}` };
  });
}
