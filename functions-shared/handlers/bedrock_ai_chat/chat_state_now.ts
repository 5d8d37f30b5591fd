/**
 * Where a medic's message describes the patient's state now, with no I/O, so an indication said in an older
 * message is not dosed after it (medical director's sixth read, H3). Reading every message of this patient's
 * (chat_mentions.ts readIndication) dosed "seizing" after "now awake and crying" and chest pain after "symptoms
 * resolved": TP 1231-P step 6 is for an active seizure witnessed by EMS, TP 1211 step 6 for chest pain now. A
 * state over-read only asks the medic (chat_denied_defaults.ts: "seizing now?"); one missed doses what has passed.
 * A message that names the condition again ("still seizing") is read by its name first, never here. The mental
 * state ("awake", "gcs 15") ends only a seizure, calm ("sleeping", "cooperative") a seizure or agitation: "A&Ox4,
 * bp 140/90" says nothing of chest pain.
 *
 * Glucose: dextrose, oral glucose and glucagon are for a blood glucose below 60 mg/dL (TP 1203 step 7, TP 1203-P
 * step 6), so the newest glucose said, at 60 or above, is no hypoglycemia ("bgl 40" then "bgl now 110, d10?").
 */

const GAP = "[^\\S\\n]+";
/** A negation or hedge right before the state words ("not talking", "unable to follow commands", "barely awake"). */
const NOT_BEFORE =
  "(?<!(?:\\bnot|\\bnever|n['’]?t|\\bno|\\bunable\\s+to|\\bbarely|\\bsemi|\\bless|\\bhardly)[^\\S\\n]*-?)";
/** "talking to base": the medic's talk, not the patient's. */
const NOT_MEDICS_TALK =
  `(?!${GAP}(?:to|with)${GAP}(?:the${GAP})?(?:base|bh|mc|medical${GAP}control|doc|dr|er|ed|hospital))`;
/** The patient's mental state: no seizure now, but no word on chest pain or anaphylaxis ("A&Ox4, bp 140/90"). */
const MENTAL_STATE = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:` + [
    "awake",
    `alert${GAP}(?:and|&)${GAP}oriented`,
    "a\\s*[&+]?\\s*o\\s*x?\\s*[34]",
    `talking${NOT_MEDICS_TALK}`,
    "crying",
    `eyes${GAP}(?:are${GAP})?open`,
    `follow(?:s|ing)${GAP}commands`,
    `gcs(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*15`,
  ].join("|") + ")(?![\\w/-])",
  "i",
);
/** Calm: no seizure and no agitation now (TP 1209 steps 10-11 give midazolam to the uncooperative, step 9 none), nothing else. */
const CALM = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:sleeping|asleep|calm|calmer|calmed(?:${GAP}down)?|cooperative|resting)(?![\\w/-])`,
  "i",
);
/** Any condition's end: "asymptomatic", "feels fine", "symptoms resolved", "now sob only", "no more pain". */
const STATE_NOW = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:` + [
    "asymptomatic",
    `(?:symptom|sx)[^\\S\\n]*-?free`,
    `(?:back${GAP}to|at)${GAP}baseline`,
    `feel(?:s|ing)?${GAP}(?:fine|ok|okay|good|well|normal)`,
    // "hives resolved", "symptoms resolved after epi" (chest pain's own: chat_pain_ends.ts)
    `(?:symptoms|sx|hives|rash|swelling|wheez\\w*|stridor|everything|all${GAP}symptoms)` +
    `(?:${GAP}(?:have|has|are|is|now|all|completely)){0,2}${GAP}(?:resolved|gone)`,
    `(?:no|denies|denied|denying)${GAP}(?:(?:more|further|any|longer${GAP}has)${GAP})?(?:pain|discomfort|complaints?)` +
    `(?!${GAP}(?:meds?|medication|control|relief|management|scale))`,
    // "now sob only", "now just sob", "now complaining of abd pain only"
    `now${GAP}(?:just|only)`,
    `now${GAP}(?:[\\w/'-]+${GAP}){1,5}only`,
  ].join("|") + ")(?![\\w/-])",
  "i",
);

/** The clause around `at`..`end` in one line, short enough for a phone. */
function clauseQuote(text: string, at: number, end: number): string {
  const before = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const after = text.slice(end).search(/[,;.!?\n]|$/);
  const quote = text.slice(before, end + after).replace(/\s+/g, " ").trim();
  return quote.length <= 60 ? quote : text.slice(at, end).trim();
}

export interface StateNow {
  /** What the medic wrote ("now awake and crying"). */
  readonly quote: string;
  /**
   * The conditions it says are not the state now: any ("symptoms resolved"); a seizure only, for the mental state
   * ("awake", "gcs 15": nothing of chest pain, "A&Ox4, bp 140/90"); a seizure or agitation, for calm ("sleeping").
   */
  readonly ends: "any" | "seizure" | "seizure-or-agitation";
}

/** What the message says of the patient's state now, the widest first, or undefined. */
export function stateNowSaid(text: string): StateNow | undefined {
  for (
    const [pattern, ends] of [[STATE_NOW, "any"], [CALM, "seizure-or-agitation"], [
      MENTAL_STATE,
      "seizure",
    ]] as const
  ) {
    const m = pattern.exec(text);
    if (m) return { quote: clauseQuote(text, m.index, m.index + m[0].length), ends };
  }
  return undefined;
}

const AGITATION = /^(?:agitation|behavioral-crisis)/;
const WIDTH = { any: 2, "seizure-or-agitation": 1, seizure: 0 } as const;

/** True when `state` says the condition `id` (`seizure`: a seizure's) is not the state now. */
export function stateEnds(state: StateNow, id: string, seizure: boolean): boolean {
  return state.ends === "any" || seizure || state.ends === "seizure-or-agitation" && AGITATION.test(id);
}

/** The wider of two states said (a newer "now awake" and an older "asymptomatic": the latter ends chest pain too). */
export const widerState = (a: StateNow | undefined, b: StateNow | undefined) =>
  !a || b && WIDTH[b.ends] > WIDTH[a.ends] ? b : a;

/** Hypoglycemia is a blood glucose below this, in mg/dL (TP 1203 step 7, TP 1203-P step 6). */
export const HYPOGLYCEMIA_BELOW_MG_DL = 60;

/** "bgl 40", "glucose now 110", "cbg: 52", "blood sugar of 45", "d-stick 38". */
const GLUCOSE = new RegExp(
  `(?<![\\w/-])(?:bgl|cbg|fsbs|bg|bs|gluc|glucose|blood${GAP}(?:sugar|glucose)|sugar|d-?stick|dextrostick)` +
    `(?:${GAP}(?:is|was|of|now|at|reading|read|level|rechecked|recheck|repeat|came${GAP}back))*` +
    `[^\\S\\n]*[:=]?[^\\S\\n]*(\\d{2,3})(?![\\d.])(?![^\\S\\n]*(?:mmol|%|kg|lb|yo|y\\/o|min|mins|minutes|sec))`,
  "gi",
);
/** "hypoglycemia", "hypoglycemic", "low blood sugar": said with no number, hypoglycemia as the medic sees it. */
const LOW_SAID =
  /(?<![\w/-])(?:hypoglyc(?:a)?emi[ac]|low\s+(?:blood\s+)?(?:sugar|glucose|bgl|bg)|(?:sugar|glucose|bgl)\s+(?:is\s+)?low)(?![\w/-])/gi;

export interface GlucoseReading {
  /** The newest glucose said, mg/dL, at or above HYPOGLYCEMIA_BELOW_MG_DL. */
  readonly value: number;
  /** What the medic wrote of it ("bgl now 110"). */
  readonly quote: string;
  /** The older hypoglycemia it follows ("bgl 40"), when one was said. */
  readonly was?: string;
}

/**
 * The newest glucose said in this patient's messages (newest first), when it is 60 mg/dL or above and nothing
 * newer says the glucose is low: no indication for dextrose. A reading below 60, or "hypoglycemic" said after it,
 * is hypoglycemia (undefined).
 */
export function glucoseNotLow(textsNewestFirst: readonly string[]): GlucoseReading | undefined {
  let newest: { value: number; quote: string } | undefined;
  for (const text of textsNewestFirst) {
    const said = [
      ...[...text.matchAll(GLUCOSE)].map((m) => ({
        at: m.index,
        value: Number(m[1]),
        quote: m[0],
      })),
      ...[...text.matchAll(LOW_SAID)].map((m) => ({
        at: m.index,
        value: 0,
        quote: m[0],
      })),
    ].sort((a, b) => b.at - a.at); // the last said in a message is its newest
    for (const reading of said) {
      if (!newest) {
        if (reading.value < HYPOGLYCEMIA_BELOW_MG_DL) return undefined;
        newest = reading;
      } else if (reading.value < HYPOGLYCEMIA_BELOW_MG_DL) {
        return { ...newest, was: reading.quote };
      }
    }
  }
  return newest;
}
