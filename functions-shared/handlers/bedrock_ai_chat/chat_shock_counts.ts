/**
 * Shocks already given, as a medic's message says them, with no I/O: "shocked x2", "cardioverted twice", "2 shocks",
 * "defib x3", "not shocked yet". The count places the next shock in its series (TP 1213 step 12: 120 J, then 150 J,
 * then 200 J; TP 1210-P step 14: 2 J/kg, then 4 J/kg): "55yo svt 180 cardioverted x2 next?" had been answered 120 J,
 * the first shock's (medical director's twelfth read, M5; thirteenth, V3). It also tells when epinephrine and
 * amiodarone are due in VF (chat_arrest_sequence.ts).
 */
import { findMedications, VITAL_NAME } from "./chat_names.ts";
import { COUNT_WORDS } from "./chat_doses_given.ts";
import { type ShockKind, shockKindsOfCount } from "./chat_shock_kinds.ts";

export interface ShocksSaid {
  readonly count: number;
  /** The clause that says it, as written. */
  readonly clause: string;
  /** Read from an earlier message of this patient's, not the newest. */
  readonly earlier: boolean;
}

const COUNT = "(?:\\d{1,2}|one|two|three|four)";
/** Never a time ("shocked x2 min ago"). */
const NO_TIME = "(?!\\s*(?:min|mins|minutes?|secs?|seconds?|hrs?|hours?)\\b)";
/** A shock done, as a verb: "shocked", "defibbed", "defibrillated", "cardioverted", "zapped". */
const VERB =
  "(?<verb>shocked|zapped|defib(?:bed|'d|ed)|defibrillated|(?:sync(?:hroni[sz]ed)?\\s+)?cardioverted)";
const SYNC = "(?:sync(?:hroni[sz]ed)?\\s+)?";
/** A shock, as a noun: "shock(s)", "defib(s)", "defibrillation(s)", "(sync) cardioversion(s)", "sync shock". */
const NOUN = `(?<noun>${SYNC}(?:shocks?|cardioversions?)|defibs?|defibrillations?)`;
const NOUNS = `(?<noun>${SYNC}(?:shocks|cardioversions)|defibs|defibrillations)`;
const ONE_NOUN = `(?<noun>${SYNC}(?:shock|cardioversion)|defib|defibrillation)`;
/**
 * Not a vital sign's value: the number right after "/" or a vital's name is the pressure, GCS, saturation, EtCO2 or
 * rate, never shocks ("bp 70/40 cardioversion?", "gcs 13 sync cardioversion", "etco2 12 shock?": fourteenth read, H1).
 */
const NOT_A_VITAL = `(?<!\\/\\s*|\\b(?:${VITAL_NAME}|age)\\s*[:=]?\\s*)`;
/** A word that says the shocks were given, after the noun ("2 shocks given", "1 shock delivered"). */
const GIVEN_AFTER = "\\s+(?:given|delivered|done|administered|so\\s+far|in\\s+total|total|already)\\b";
/** A word that says the shocks were given, before the count ("s/p 3 shocks", "after 2 shocks", "gave 2 shocks"). */
const GIVEN_BEFORE = "\\b(?:s\\/p|status\\s+post|after|gave|given|delivered)\\s+";

/**
 * Shocks said given. A bare number before the noun is a count only in a count form: with an x ("x2 shocks"), a word
 * of giving ("1 shock given", "s/p 3 shocks"), or agreeing with the noun ("2 shocks", "1 shock"). A number before
 * the singular noun ("bp 80 cardioversion", "spo2 90 cardioversion") had been read as that many shocks given, and
 * cardioversion refused (fourteenth read, H1; TP 1213 step 12).
 */
const FORMS: readonly RegExp[] = [
  // "shocked x2", "cardioverted twice", "defibbed 3 times"
  new RegExp(
    `\\b${VERB}\\s*(?:[x×]\\s*(?<n>\\d{1,2})(?![\\w.])${NO_TIME}|(?<w>once|twice|thrice)\\b|(?<t>${COUNT})\\s+times\\b)`,
    "gi",
  ),
  // "x2 shocks", "2x sync shocks"
  new RegExp(
    `(?<![\\w.])${NOT_A_VITAL}(?:[x×]\\s*(?<n>${COUNT})|(?<t>${COUNT})\\s*[x×])\\s+${NOUN}\\b`,
    "gi",
  ),
  // "2 shocks", "three defibs", "1 shock", "one cardioversion"
  new RegExp(`(?<![\\w.])${NOT_A_VITAL}(?<n>${COUNT})\\s+${NOUNS}\\b`, "gi"),
  new RegExp(`(?<![\\w.])${NOT_A_VITAL}(?<n>1|one)\\s+${ONE_NOUN}\\b`, "gi"),
  // "2 shock given", "s/p 2 shocks", "after 1 cardioversion"
  new RegExp(`(?<![\\w.])${NOT_A_VITAL}(?<n>${COUNT})\\s+${NOUN}${GIVEN_AFTER}`, "gi"),
  new RegExp(`${GIVEN_BEFORE}(?<n>${COUNT})\\s+${NOUN}\\b`, "gi"),
  // "shock x2", "defib x3", "cardioversion x2"
  new RegExp(`\\b${NOUN}\\s*[x×]\\s*(?<n>\\d{1,2})(?![\\w.])${NO_TIME}`, "gi"),
];

/**
 * The most shocks a count can say. TP 1213 step 12 (120 J, 150 J, then 200 J) and TP 1213-P (1 J/kg, then twice at
 * 2 J/kg) end cardioversion's series at three: a count past it is no count the protocol knows ("bp 70/40" had been 40
 * shocks, refused as past the limit), so it is not read and the answer asks how many. Defibrillation repeats at each
 * cycle (TP 1210, TP 1210-P step 14) with no end; past ten a count is taken as misread and asked as well.
 */
const MOST_SAID: Readonly<Record<ShockKind, number>> = { cardioversion: 3, defibrillation: 10 };

/** None yet: "not shocked yet", "no shocks given", "0 shocks". An AED's "no shock advised" speaks of the rhythm. */
const NONE = new RegExp(
  "\\b(?:not\\s+(?:yet\\s+)?(?:been\\s+)?(?:shocked|defibrillated|defibbed|cardioverted)|(?:no|zero|(?<!\\/\\s*)0)\\s+" +
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
function countIn(
  text: string,
  kind: ShockKind,
): { count: number; clause: string } | { pastSeries: string } | "unclear" | undefined {
  // "shocked", "zapped x2" are the kind the message's rhythm calls for ("vf" defibrillation, "svt" cardioversion).
  const rhythm = shockKindsOfCount(text);
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
        found.push({ count: COUNT_WORDS[n] ?? Number(n), clause });
      }
    }
    // Words of further shocks ("then once more", "another shock given"), unless the clause only asks for one or
    // names a drug other than a shock ("more epi given").
    const drugs = findMedications(clause).map((m) => m.id);
    const ofShocks = /shock|defib|cardiover/i.test(clause) || drugs.every((id) => id === kind);
    if (MORE.test(clause) && !/\?$/.test(clause) && ofShocks) more = true;
  }
  if (more && (found.length > 0 || /shock|defib|cardiover/i.test(text))) return "unclear";
  // A count past the series, or past ten, is asked, never sent as a limit (MOST_SAID).
  const past = found.find((f) => f.count > MOST_SAID[kind]);
  if (past) return { pastSeries: past.clause };
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
  const said = newestSaid(userTextsNewestFirst, kind);
  return said && "count" in said ? said : undefined;
}

/**
 * The clause of the newest count of `kind` that is past its series ("cardioverted x4": MOST_SAID), or undefined:
 * the chat asks how many were given, and never refuses on it as a limit (fourteenth read, H1).
 */
export function shocksPastSeriesSaid(
  userTextsNewestFirst: readonly string[],
  kind: ShockKind,
): string | undefined {
  const said = newestSaid(userTextsNewestFirst, kind);
  return said && "pastSeries" in said ? said.pastSeries : undefined;
}

function newestSaid(
  userTextsNewestFirst: readonly string[],
  kind: ShockKind,
): ShocksSaid | { pastSeries: string } | undefined {
  for (const [at, text] of userTextsNewestFirst.entries()) {
    const said = countIn(text, kind);
    if (said === "unclear") return undefined;
    if (said && "pastSeries" in said) return said;
    if (said) return { ...said, earlier: at > 0 };
  }
  return undefined;
}
