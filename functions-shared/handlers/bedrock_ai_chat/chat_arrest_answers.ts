/**
 * The medic's reply to the chat's "is the heart still stopped? Say 'arrest' ... or 'rosc' ..." (chat_denied_defaults.ts,
 * asked when a pulse, a pressure or the patient awake follows a cardiac arrest: chat_circulation_now.ts), with no I/O.
 * The reply is read as one of three answers, keeps its pressures and weights, and carries the medication asked about,
 * so a second reply still has one (Stop 59's third read, F2: "still stopped || arrest" had no outcome):
 * - the heart still stopped ("arrest", "yes", "still stopped", "no change", "working code", "cpr held for rhythm check,
 *   still vf"), or ROSC or a pulse denied where it is said ("no rosc", "we dont have a pulse", "not out of arrest"):
 *   the arrest;
 * - ROSC or the pulse back with no negation, doubt or hope beside it ("rosc", "push dose", "pulse is back", "arrest is
 *   over", "no, rosc"): ROSC, so TP 1210 / TP 1210-P step 18's care;
 * - anything else ("rosc or arrest?", "yes, rosc", "pulse back, no need for cpr", "held compressions" with no result
 *   beside a ROSC word, a bare "no"): neither, so the question comes back.
 * Seven gate reads shaped it: replies denying a pulse had been read as ROSC and given push-dose 10 mcg during CPR (the
 * third and seventh reads), "arrest is over" as the arrest (the fourth), a pause in CPR as ROSC (the sixth). Stop
 * 60's four reads added: the arrest denied in plain words is ROSC ("not in arrest", "no he has a pulse"), a bare "no
 * arrest" neither (it may be "no, arrest"); after a ROSC word only a new loss is the arrest ("rosc x2 min then lost",
 * not "rosc, 2 shocks given in arrest", "vf gone", "lost sats"); a pulse made by CPR is the arrest; a reply asking its
 * own drug ("lost pulse again, epi?") carries that drug, not the one asked before; amiodarone's question is read too.
 */
import type { ChatTurn } from "./dosing_types.ts";
import { findMedications } from "./chat_names.ts";
import { circulationSaid, lostIn } from "./chat_circulation_now.ts";

/** The chat's arrest question, in the assistant's reply. */
const ASKED = /\bis the heart still stopped\? (?:Say 'arrest'|Amiodarone is for)/;

/** The arrest over or the pulse back, in the medic's words (read before any negation is looked for). */
const OVER = new RegExp(
  "(?<![\\w/-])(?:(?:arrest|code)\\s+(?:is\\s+|was\\s+|been\\s+)?(?:over|ended|finished|done)|" +
    "(?:out\\s+of|came\\s+out\\s+of|after|post)\\s+(?:the\\s+)?arrest|" +
    // the arrest denied in words that can mean nothing else ("not in arrest", "no longer pulseless", "isnt coding")
    "(?:not|no\\s+longer|is\\s*n['’]?t|negative\\s+for)\\s+(?:in\\s+)?(?:(?:cardiac\\s+)?arrest\\w*|pulseless|cod(?:e|ing))|" +
    // never "non perfusing", "only perfusing with cpr" (the sixth read, F1)
    "(?<!(?:non|not|poorly|barely|only)[\\s-]*)perfusing)(?![\\w/-])",
  "i",
);
const OVER_ALL = new RegExp(OVER.source, "gi");
/** ROSC in words ("rosc", "push dose", "pulse is back", "got a pulse", "spontaneous circulation"). */
const ROSC = new RegExp(
  "(?<![\\w/-])(?:rosc\\w*|push[\\s-]*dose|pulses?\\s+(?:is\\s+|are\\s+)?(?:back|returned|regained)|" +
    "(?:got|have|has|regained)\\s+(?:a\\s+|the\\s+)?pulses?|spontaneous\\s+circulation)(?![\\w/-])",
  "i",
);
const ROSC_ALL = new RegExp(ROSC.source, "gi");
/** The heart still stopped ("arrest", "yes", "still stopped", "code", "ongoing", "no change", "still no pulse"). */
const STILL = new RegExp(
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
 * What `said` answers to the arrest question (see the module's doc); `child`: the question was a child's or a
 * newborn's (TP 1210-P, TP 1216-P), so a rate under 60 is CPR's.
 */
export function arrestAnswer(said: string, child = false): Answer {
  // the medication named is no answer ("epi 1mg", "arrest, epi?")
  const named = findMedications(said).reduce((text, m) => text.replace(m.mention, " "), said);
  // ROSC or a pulse asked and answered in the reply ("rosc? no", "pulse? none") is "rosc: no"; never "heart stopped? no"
  const whole = named.replace(/\?+\s*$/, "").replace(
    /(?<=\b(?:rosc|pulses?|push[\s-]*dose))\s*\?+\s*(?=(?:no|none|nope|neg\w*|absent)\b)/gi,
    ": ",
  );
  if (/^\s*CA\s*$/.test(whole)) return "arrest";
  if (TERMINATED.test(whole)) return undefined;
  // a "yes" or "no" first answers the question itself ("no, rosc"; "yes, still pulseless"); what follows must agree
  const lead = LEAD.exec(whole);
  const reply = lead ? whole.slice(lead[0].length) : whole;
  const answer = readAnswer(reply, child);
  if (!lead) return answer;
  const no = /^\s*(?:no|nope|nah|negative)/i.test(lead[0]);
  if (!/\S/.test(reply)) return no ? undefined : "arrest";
  // "no, rosc" and "no, still pulseless" (no ROSC) both say what follows; "yes, rosc" says both, so neither
  return no ? answer : answer === "arrest" ? "arrest" : undefined;
}

/**
 * A plain "yes" or "no" opening the reply, with its punctuation ("no, rosc", "yes - still pea"), or before the
 * patient or the crew named ("no he has a pulse" is "no, he has a pulse": the eighth read, W1).
 */
const LEAD = new RegExp(
  "^\\s*(?:yes|yeah|yea|yeh|yah|yep|yup|ya|y|correct|affirm\\w*|no|nope|nah|negative)" +
    // "no ma'am pulse is back": after a form of address any space ends the lead
    "(?:\\s+(?:sir|ma['’]?am|maam|doc|boss)(?:\\s*[,.;:!-]+\\s*|\\s+|$)|" +
    "\\s*[,.;:!-]+\\s*|\\s*$|\\s+(?=(?:he|she|they|we|it|pt|patient|hes|shes|he['’]s|she['’]s|theres|there['’]s|i|still|has|have|got)\\b))",
  "i",
);

/** What the reply without a leading yes or no says: the arrest, ROSC or neither (see the module's doc). */
function readAnswer(said: string, child: boolean): Answer {
  // "no arrest", "arrest: no" may be "no, arrest" typed fast: neither (the eighth read, W1: read as the arrest)
  if (ARREST_NO.test(said)) return undefined;
  // a rhythm denied says nothing of the pulse ("no vf" may be asystole): the rest decides, if anything is left
  // nor does a rhythm ended ("vf gone", "vf resolved with shock") or a pulse oximeter's reading ("lost pulse ox")
  const reply = said.replace(RHYTHM_DENIED_ALL, " ").replace(ENDED_ALL, " ").replace(PULSE_OX_ALL, " ")
    .replace(KEPT_ALL, " rosc ");
  if (!/\w/.test(reply)) return undefined;
  const roscWord = ROSC.test(reply) || OVER.test(reply);
  if (roscWord) {
    // a ROSC or a pulse denied where it is said ("dont have a pulse", "no rosc", "rosc: no", "not out of arrest",
    // "isnt perfusing") is the arrest, unless a pulse is said too ("no rosc needed, he has a pulse": neither); a
    // negation elsewhere ("pulse back, no need for cpr") is neither; the arrest's own denial is a word of ROSC
    if (NEGATED_ROSC.test(reply)) {
      // a ROSC said after the denial is both ("no rosc needed, he has a pulse"); before it, lost since ("rosc, then no
      // pulse")
      const denied = [...reply.matchAll(NEGATED_ROSC_ALL)];
      const lastDenied = denied.at(-1)!.index;
      const rest = reply.replace(NEGATED_ROSC_ALL, (m) => " ".repeat(m.length));
      const roscAfter = [...rest.matchAll(ROSC_ALL)].some((m) => m.index > lastDenied);
      return STOP_NEGATED.test(reply) || roscAfter ? undefined : "arrest";
    }
    // a pulse made by CPR is the arrest's ("he has a pulse with cpr", "rosc during cpr?"); "rosc with cpr" may be
    // either (with CPR only, or won by it): neither
    if (CPR_MADE_PULSE.test(reply)) return "arrest";
    if (
      /\brosc\s+(?:with|w\/|on|from|by)\s+(?:the\s+)?(?:cpr|compressions?|lucas|autopulse)\b/i.test(reply)
    ) {
      return undefined;
    }
    if (NEGATION.test(reply.replace(OVER_ALL, " ")) || DOUBTED.test(reply) || ROSC_AWAITED.test(reply)) {
      return undefined;
    }
    // the arrest said after it is the state now ("had rosc, rearrested", "rosc but now in vf"); "rosc after cpr",
    // "rosc following 2 shocks" tell what came before it
    const text = reply.replace(OVER_ALL, " rosc ");
    const rosc = [...text.matchAll(ROSC_ALL)].at(-1);
    const after = rosc ? text.slice(rosc.index + rosc[0].length) : "";
    const told = after.replace(/\b(?:after|following|from|post|s\/p|since)\b[^,;.]*/gi, " ")
      .replace(ENDED_ALL, " ").split(/[,;.]/).filter((clause) => !TOLD_BEFORE.test(clause)).join(", ");
    // only words of a new loss: the arrest told as history ("rosc, 2 shocks in arrest", "he coded for 10 min", "pea
    // resolved") had been read as the heart stopped again and given 1 mg (the eighth read, W1)
    return AGAIN.test(told) || lostIn(told.replace(ARREST_TOLD_ALL, " "), child) ? "arrest" : "rosc";
  }
  if (circulationSaid(reply) !== undefined || STOP_NEGATED.test(reply) || DOUBTED.test(reply)) {
    return undefined;
  }
  if (STILL.test(reply) && /\S/.test(reply)) return "arrest";
  return lostIn(reply, child) ? "arrest" : undefined;
}

/** ROSC or a pulse denied where it is said: a negation a few words before it, or a "no" right after ("rosc: no"). */
const NEGATED_ROSC = new RegExp(
  "(?<![\\w'’-])(?:(?:no|not|never|neg(?:ative)?|without|w\\/o|zero|0|unable\\s+to|failed\\s+to|waiting|awaiting|wish|" +
    "(?:do(?:es)?|did|ha(?:ve|s|d)|is|was|are|ca|can|could|wo)\\s*n['’]?o?t)\\s+(?:[\\w/'’-]+\\s+){0,4}?|" +
    // "lost", never across a regain ("lost then got rosc again", "lost it, now rosc")
    "lost\\s+(?:(?!(?:then|now|got|back|again|regained|but)(?![\\w'’-]))[\\w/'’-]+\\s+){0,4}?)" +
    "(?:rosc|pulses?(?!\\s*ox)|perfusing|spontaneous|out\\s+of\\s+arrest|post\\s+arrest|return\\w*)(?![\\w'’-])|" +
    "(?:rosc|push[\\s-]*dose)\\s*[:=-]?\\s*(?:no|n|nope|nah|neg\\w*|none|not)(?![\\w'’-])|" +
    "(?:no|not)\\s+(?:a\\s+|the\\s+)?push[\\s-]*dose",
  "i",
);
const NEGATED_ROSC_ALL = new RegExp(NEGATED_ROSC.source, "gi");
/** The pulse kept, no new arrest ("never lost pulse", "he didnt rearrest"): read as "rosc" before any negation. */
const KEPT_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:never|not|did\\s*n['’]?t|did\\s+not|has\\s*n['’]?t|have\\s*n['’]?t)\\s+(?:lost|lose)\\s+" +
    "(?:the\\s+|a\\s+|his\\s+|her\\s+)?pulses?|(?:never|not|did\\s*n['’]?t|did\\s+not|has\\s*n['’]?t|no)\\s+" +
    "re-?arrest\\w*)(?![\\w'’-])",
  "gi",
);
/** A clause told as before the ROSC ("had been in vf then pea then asystole", "initially pea"); never "had to". */
const TOLD_BEFORE = /\b(?:had\s+(?!to\b)\w+|previously|earlier|initially|originally)\b/i;
/** A pulse oximeter or its reading, with its loss ("lost pulse ox", "lost sats", "pleth"). */
const PULSE_OX_ALL =
  /(?<![\w'’-])(?:lost\s+(?:the\s+)?)?(?:pulse[\s-]*ox\w*|pleth\w*|spo2|sats?)(?:\s+(?:waveform|reading|trace|lost))?(?![\w'’-])/gi;
/** A rhythm or the arrest said ended ("pea resolved", "vf converted", "asystole broke"): told, no loss. */
const ENDED_ALL =
  /(?<![\w'’-])(?:(?:cardiac\s+)?arrest|pea|vf|v-?fib|vt|v-?tach|asystole)\s+(?:(?:is|was|has|had)\s+)?(?:resolved|converted|terminated|broke|broken|ended|gone)(?![\w'’-])/gi;
/** What "lost" may be said of with no loss of the pulse ("lost iv", "lost the tube", "lost sats", "lost radials"). */
const NOT_LOST =
  "(?:iv|io|access|line|airway|tube|ett|igel|i-gel|king|sats?|spo2|pleth|radials?|pedals?|distal|pulse\\s*ox\\w*|" +
  "suction|bp\\s+cuff|monitor|pads?|signal|time|count|track)\\b";
/** After a word of ROSC, the heart stopped again ("rosc but now in vf", "rosc, then lost it", "coded again"). */
const AGAIN = new RegExp(
  "(?<![\\w'’-])(?:(?:now|then|but\\s+now|went\\s+into|became|is\\s+now|back\\s+(?:in|into))\\s+(?:in\\s+|into\\s+|a\\s+)?" +
    "(?:pulseless|(?:cardiac\\s+)?arrest\\w*|asystol\\w*|pea|vf|v-?fib|cod(?:ed|ing)|no\\s+pulses?)|" +
    "(?:pulseless|(?:re-?)?arrest\\w*|cod(?:ed|ing)|vf|v-?fib|pea|asystole|down)\\s+again|re-?arrest\\w*|" +
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
const ARREST_TOLD_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:cardiac\\s+)?arrest\\w*|pulseless|asystol\\w*|pea|vf|v-?fib|cod(?:ed|ing|e)|cpr|compressions?|" +
    "shock\\w*|defib\\w*|no\\s+pulses?)(?![\\w'’-])",
  "gi",
);
/** The arrest's name beside a bare "no" ("no arrest", "arrest: no", "arrest negative"), or "no more cpr". */
const ARREST_NO = new RegExp(
  "(?<![\\w'’-])(?:no\\s+(?:cardiac\\s+)?arrest\\w*|" +
    // never "arrest no rosc", "arrest, no pulse", "arrest no change": the arrest, ROSC denied
    "(?:cardiac\\s+)?arrest\\s*[:=-]?\\s*(?:no|neg\\w*)(?![\\w'’-])(?!\\s*(?:rosc|pulses?|change|carotid|return))|" +
    // CPR ended: the pulse back or the resuscitation called off
    "no\\s+more\\s+(?:cpr|compressions|arrest\\w*|coding|code))(?![\\w'’-])",
  "i",
);
/** A rhythm of the arrest denied ("no vf", "not in pea", "negative for asystole"). */
const RHYTHM_DENIED_ALL =
  /(?<![\w'’-])(?:no|not|no\s+longer|negative\s+for)\s+(?:in\s+)?(?:vf|v-?fib|vt|v-?tach|pea|asystol\w*)(?![\w'’-])/gi;
/** A pulse said made by CPR ("pulse with cpr", "bp 60/30 from the lucas", "rosc during cpr"; not "rosc w/ lucas"). */
const CPR_MADE_PULSE = new RegExp(
  "(?<![\\w'’-])(?:(?:pulses?|carotids?|femorals?|bp|pressure)\\s+(?:[\\w/'’-]+\\s+){0,2}?(?:with|during|from|by|on|w\\/)|" +
    "during)\\s+(?:the\\s+|ongoing\\s+)?(?:cpr|compressions?|comps|lucas|autopulse)(?![\\w'’-])",
  "i",
);
/** Any negation in the reply. */
const NEGATION =
  /(?<![\w'’-])(?:no|not|never|neg|negative|without|w\/o|absent|zero|none|nothing|nor)(?![\w'’-])|n['’]?t(?![\w'’-])/i;

/** A pressure or a weight said in a clause of the arrest or ROSC ("rosc bp 140/90", "rosc, tape says 6kg"). */
const VITALS =
  /(?:s?bp|b\/p)\s*:?\s*\d{2,3}(?:\s*\/\s*\d{1,3})?|(?<![\d/])\d{2,3}\s*\/\s*\d{1,3}(?![\d/])|\d+(?:\.\d+)?\s*kg\b/gi;

/** Any word of the arrest, its end or ROSC ("heart stopped? no" is read as neither: none of it is kept). */
const ANY_WORD =
  /arrest|stopped|pulse|rosc|cod(?:e|ing)|cpr|compressions|lucas|perfus|asys|pea\b|vf|fib|shock|joules?\b/i;

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
    const answer = arrestAnswer(turn.content, /TP 121[06]-P/.test(before.content));
    // the reply's other facts stay ("rosc, bp 130/80", "tape says 6kg"); its words of the arrest or ROSC do not, so
    // the answer alone decides ("out of arrest, was in vf" is ROSC)
    const facts = turn.content.split(/[,;.\n]/).map((c) => c.trim()).flatMap((c) =>
      !c ? [] : !ANY_WORD.test(c) ? [c] : [...c.matchAll(VITALS)].map((m) => m[0])
    );
    const words = [answer === "arrest" ? "cardiac arrest" : answer ?? "", ...facts].filter((w) => w);
    // the medication asked about goes with every answer, beside one the reply names with "too" ("arrest, ns too");
    // one asked alone replaces it ("lost pulse again, epi?" after amiodarone's question is epinephrine's: carrying
    // amiodarone had answered it alone, and again; Stop 60's third read, W1)
    const own = /\?/.test(turn.content)
      ? findMedications(turn.content).map((m) => m.mention).join(" and ")
      : "";
    const beside = /\b(?:too|also|as\s+well|plus|and)\b/i.test(turn.content);
    const carried = own && !beside ? own : mentions;
    const drugs = carried ? [`${carried}?`] : [];
    return { ...turn, content: [...words, ...drugs].join(", ") };
  });
}
