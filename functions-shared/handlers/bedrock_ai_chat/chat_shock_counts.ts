/**
 * Shocks already given, as a medic's message says them, with no I/O: "shocked x2", "cardioverted twice", "2 shocks",
 * "defib x3", "not shocked yet". The count places the next shock in its series (TP 1213 step 12: 120 J, then 150 J,
 * then 200 J; TP 1210-P step 14: 2 J/kg, then 4 J/kg): "55yo svt 180 cardioverted x2 next?" had been answered 120 J,
 * the first shock's (medical director's twelfth read, M5; thirteenth, V3). It also tells when epinephrine and
 * amiodarone are due in VF (chat_arrest_sequence.ts).
 */
import { findMedications } from "./chat_names.ts";
import { type ShockKind, shocksAskedFor } from "./chat_presentations.ts";

export interface ShocksSaid {
  readonly count: number;
  /** The clause that says it, as written. */
  readonly clause: string;
  /** Read from an earlier message of this patient's, not the newest. */
  readonly earlier: boolean;
}

const WORDS: Readonly<Record<string, number>> = {
  once: 1,
  twice: 2,
  thrice: 3,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
};
const COUNT = "(?:\\d{1,2}|one|two|three|four)";
/** Never a time ("shocked x2 min ago"). */
const NO_TIME = "(?!\\s*(?:min|mins|minutes?|secs?|seconds?|hrs?|hours?)\\b)";
/** A shock done, as a verb: "shocked", "defibbed", "defibrillated", "cardioverted", "zapped". */
const VERB =
  "(?<verb>shocked|zapped|defib(?:bed|'d|ed)|defibrillated|(?:sync(?:hroni[sz]ed)?\\s+)?cardioverted)";
/** A shock, as a noun: "shock(s)", "defib(s)", "defibrillation(s)", "(sync) cardioversion(s)", "sync shock". */
const NOUN = "(?<noun>(?:sync(?:hroni[sz]ed)?\\s+)?(?:shocks?|cardioversions?)|defibs?|defibrillations?)";

const FORMS: readonly RegExp[] = [
  // "shocked x2", "cardioverted twice", "defibbed 3 times"
  new RegExp(
    `\\b${VERB}\\s*(?:[x×]\\s*(?<n>\\d{1,2})(?![\\w.])${NO_TIME}|(?<w>once|twice|thrice)\\b|(?<t>${COUNT})\\s+times\\b)`,
    "gi",
  ),
  // "2 shocks", "three defibs", "x2 shocks", "2 sync shocks"
  new RegExp(`(?<![\\w.])(?:[x×]\\s*)?(?<n>${COUNT})\\s*[x×]?\\s+${NOUN}\\b`, "gi"),
  // "shock x2", "defib x3", "cardioversion x2"
  new RegExp(`\\b${NOUN}\\s*[x×]\\s*(?<n>\\d{1,2})(?![\\w.])${NO_TIME}`, "gi"),
];

/** None yet: "not shocked yet", "no shocks given", "0 shocks". An AED's "no shock advised" speaks of the rhythm. */
const NONE = new RegExp(
  "\\b(?:not\\s+(?:yet\\s+)?(?:been\\s+)?(?:shocked|defibrillated|defibbed|cardioverted)|(?:no|zero|0)\\s+" +
    "(?:shocks?|defibs?|defibrillations?|cardioversions?)(?!\\s+(?:advised|indicated|delivered\\s+by\\s+aed))" +
    "(?:\\s+(?:yet|given|delivered|so\\s+far))?)\\b",
  "i",
);

/** A clause about the rules or a plan, not a history ("how many shocks before epi?", "can i shock x2"). */
const NOT_HISTORY =
  /\b(?:how\s+many|max(?:imum)?|limit|up\s+to|until|(?:can|could|should|may|do)\s+(?:i|we)|ok(?:ay)?\s+to|every|each)\b/i;
/** Shocks beyond the count ("shocked x2, then once more", "another shock given"): the count is short. */
const MORE = /\b(?:another|again|more|additional|extra)\b/i;

const clausesOf = (text: string) =>
  text.split(/[,;!\n]+|\.(?!\d)|\?(?=.)/).map((c) => c.trim()).filter(Boolean);

/** Which shock a word names: a cardioversion's or a defibrillation's, or either ("shocked", "2 shocks"). */
function kindOf(word: string): ShockKind | undefined {
  if (/cardiover|sync/i.test(word)) return "cardioversion";
  if (/defib/i.test(word)) return "defibrillation";
  return undefined;
}

/**
 * The count one message says for `kind`, with its clause; "unclear" where it says several that differ or further
 * shocks beside one (an older count is then short too); undefined where it says none.
 */
function countIn(text: string, kind: ShockKind): { count: number; clause: string } | "unclear" | undefined {
  // "shocked", "2 shocks" are the kind the message's rhythm calls for ("vf" defibrillation, "svt" cardioversion).
  const rhythm = shocksAskedFor(text);
  const other = rhythm.length === 1 && rhythm[0] !== kind;
  const found: { count: number; clause: string }[] = [];
  let more = false;
  for (const clause of clausesOf(text)) {
    if (NOT_HISTORY.test(clause)) continue;
    const none = clause.match(NONE);
    if (none && (kindOf(none[0]) === undefined ? !other : kindOf(none[0]) === kind)) {
      found.push({ count: 0, clause });
    }
    for (const form of FORMS) {
      for (const m of clause.matchAll(form)) {
        const g = m.groups!;
        const said = kindOf(g.verb ?? g.noun ?? "");
        if (said === undefined ? other : said !== kind) continue;
        const n = (g.n ?? g.w ?? g.t).toLowerCase();
        found.push({ count: WORDS[n] ?? Number(n), clause });
      }
    }
    // Words of further shocks ("then once more", "another shock given"), unless the clause only asks for one or
    // names a drug other than a shock ("more epi given").
    const drugs = findMedications(clause).map((m) => m.id);
    const ofShocks = /shock|defib|cardiover/i.test(clause) || drugs.every((id) => id === kind);
    if (MORE.test(clause) && !/\?$/.test(clause) && ofShocks) more = true;
  }
  if (more && (found.length > 0 || /shock|defib|cardiover/i.test(text))) return "unclear";
  const counts = new Set(found.map((f) => f.count));
  return counts.size === 0 ? undefined : counts.size === 1 ? found[0] : "unclear";
}

/**
 * The shocks of `kind` given, from the newest of this patient's messages that says a count, or undefined. A count
 * said beside words of further shocks, or two that differ, is not read: the answer then asks how many.
 */
export function shocksGivenSaid(
  userTextsNewestFirst: readonly string[],
  kind: ShockKind,
): ShocksSaid | undefined {
  for (const [at, text] of userTextsNewestFirst.entries()) {
    const said = countIn(text, kind);
    if (said === "unclear") return undefined;
    if (said) return { ...said, earlier: at > 0 };
  }
  return undefined;
}
