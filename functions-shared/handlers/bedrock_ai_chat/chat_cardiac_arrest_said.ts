/**
 * What the indication reader (chat_indications.ts) takes from words of an arrest, with no I/O: what says "arrest" yet
 * names no cardiac arrest (police custody always; a bystander's CPR training, a risk of arrest or a sinus arrest where
 * nothing in the conversation says the patient may be in arrest); a cause followed by an arrest said now, and an arrest
 * said only as a respiratory or feared one, which are asked.
 *
 * Withdrawn after Stop 55's gate reads (each version held harm in words no list had): a respiratory or feared arrest
 * as no cardiac arrest (a pulse said earlier, or denied, left real arrests asked or given IM; now asked:
 * arrestOnlyFeared), a limb's pulselessness ("pulseless in the arms of his wife", "pulseless peripheral iv"), and the
 * arrest outranking the cause named first (now asked: causeThenArrest). The words asked by are
 * chat_heart_stopped_words.ts's.
 */
import { blankAll } from "./chat_names.ts";
import { arrestOver } from "./chat_rosc.ts";
import { PEA_RHYTHM } from "./chat_state_words.ts";
import type { IndicationPatterns } from "./chat_indication_patterns.ts";
import { ARREST_NOW, FEARED_ARREST, heartStoppedSaid } from "./chat_heart_stopped_words.ts";

/**
 * Police custody: "pt under arrest, epi?" had been dosed 1 mg IV for one (TP 1210); "arrested for dui", never
 * "arrested for 2 min"; a house arrest, a warrant, a record (Stop 56's fifth read, M1).
 */
const NOT_A_CARDIAC_ARREST = new RegExp(
  "(?<![\\w-])(?:(?:placed\\s+)?under\\s+(?:police\\s+)?arrest|(?:being\\s+)?arrested\\s+by|being\\s+arrested|" +
    "house\\s+arrest|arrest\\s+(?:warrants?|records?)|resisting\\s+arrest|citizen['’]?s\\s+arrest|" +
    "custody\\s+after\\s+(?:an?\\s+|his\\s+|her\\s+)?arrest|" +
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

/** Every message as the indication reader reads it (blanked of denials and histories), split at the one read. */
export interface AskedConversation {
  /** The message read and the newer ones, newest first. */
  readonly newer: () => readonly string[];
  readonly older: () => readonly string[];
  /** Whether the older messages alone asked for this drug's indication (then the one read is the medic's reply). */
  readonly olderAsked: () => boolean;
}

type ArrestPatterns = Pick<IndicationPatterns, "id" | "patterns">;

/**
 * Whether an older message says the heart stopped before any newer one says it is over (chat_rosc.ts: "vf arrest, rosc
 * || now brady" asks nothing; "rosc then lost pulses" and "no rosc yet" are no end).
 */
function stoppedBefore(older: readonly string[], stopped: (text: string) => boolean): boolean {
  for (const text of older) {
    if (arrestOver(text)) return false;
    if (stopped(text)) return true;
  }
  return false;
}

/**
 * Whether a cause named first in `text` meets the heart said stopped, for a drug TP 1210 gives in the arrest: then
 * neither is picked and the medic is asked (the request then carries no route or formulation that would answer it:
 * chat_requests.ts). "anaphylaxis, now in cardiac arrest, epi" had been answered 0.5 mg IM and "bradycardia hr 30, now
 * pulseless, epi" 10 mcg for a patient without a pulse (Stop 55); three versions that let the arrest outrank the cause
 * gave 1 mg IV/IO to patients with a pulse (a past, a recovered or another's arrest, a peripheral pulse), so a question
 * is the answer either way: wrong, it costs a reply.
 */
export function causeThenArrest(
  medicationId: string,
  live: readonly ArrestPatterns[],
  text: string,
  first: string | undefined,
  conversation: AskedConversation,
): boolean {
  if (first === undefined || first === CARDIAC_ARREST || !ARREST_DRUGS.has(medicationId)) return false;
  if (!live.some((i) => i.id === CARDIAC_ARREST)) return false;
  // said now after the cause ("now pulseless"), or stopped in this message or a newer one in any words ("anaphylaxis,
  // no pulse / asystole / lost pulse, epi" had been given 0.5 mg IM: Stop 56), or in an older one not said over since
  // ("rosc") unless this message is the reply to the question the older ones ask ("no pulse, cpr || anaphylaxis was
  // cause || epi" had been given 0.5 mg IM: Stop 56's third read, M3)
  const stopped = (t: string) => heartStoppedSaid(blankAll(t, FEARED_ARREST));
  return ARREST_NOW.test(text) || conversation.newer().some(stopped) ||
    (stoppedBefore(conversation.older(), stopped) && !conversation.olderAsked());
}

/**
 * Whether the cardiac arrest `first` names is said only as a respiratory or feared one in every message: then the
 * medic is asked. "respiratory arrest from anaphylaxis, epi" and "near arrest, hives, stridor, epi" had been given the
 * arrest's 1 mg IV/IO (MCG 1317.17 gives anaphylaxis 0.5 mg IM); four versions that read no arrest there (Stop 55)
 * gave real arrests IM doses where a word of the arrest was missed, so the question is the answer either way. Every
 * drug with a cardiac-arrest indication beside others (saline's 1 L too).
 */
export function arrestOnlyFeared(
  live: readonly ArrestPatterns[],
  first: string | undefined,
  conversation: AskedConversation,
): boolean {
  const arrest = live.find((i) => i.id === CARDIAC_ARREST);
  if (first !== CARDIAC_ARREST || !arrest) return false;
  const texts = [...conversation.newer(), ...conversation.older()];
  const rests = texts.map((t) => blankAll(t, FEARED_ARREST));
  if (rests.every((rest, i) => rest === texts[i])) return false;
  return !rests.some((rest) => heartStoppedSaid(rest) || arrest.patterns.some((p) => p.test(rest)));
}
