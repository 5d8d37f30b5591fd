/**
 * A total of doses given said without the count words findDosesGiven reads ("3 doses total now", "total of 3",
 * "nitro #3 given", "now x3", "3 nitros in now", "third nitro in", "3rd one in", "gave a third", "2nd spray given,
 * now third"), with no I/O. After "nitro x2 given" each of these was dosed as dose 3 by the count carried (medical
 * director's seventh read, H2): the patient had had 3, and TP 1211 allows three in all; "versed x1 given" then "2nd
 * versed in" dosed a child's third midazolam (TP 1231-P: two). An ordinal said given is the dose's place, so the
 * total so far. A request is never a total ("3rd nitro?", "need a third?", "giving another?"), nor the patient's
 * own doses; words of more doses with no total ("did another spray") are chat_more_doses.ts's, and the chat asks.
 */
import { clausesWithMarks, DRUG_NAME, findMedications } from "./chat_names.ts";
import { moreDosesSaid, saysMore } from "./chat_more_doses.ts";

const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
};
const valueOf = (said: string) => WORDS[said.toLowerCase()] ?? parseInt(said, 10);

/** A whole count, never an amount or a time ("3 mg", "3 min"). */
const N = "(?<![\\w.#])(?<n>\\d{1,2}|one|two|three|four|five)(?![\\w.])" +
  "(?!\\s*(?:min|mins|minutes?|hrs?|hours?|secs?|seconds?|mg|mcg|g|ml|mEq)\\b)";
const ORD =
  "(?<![\\w.])(?<n>\\d{1,2}(?=st|nd|rd|th)|first|second|third|fourth|fifth)(?:st|nd|rd|th)?(?![\\w.])";
const DRUG = `${DRUG_NAME}s?`;
/** What a dose may be called ("spray", "one", "tab"). */
const NOUN = `(?:${DRUG}|doses?|ones?|sprays?|tabs?|tablets?|puffs?|shots?)(?![\\w-])`;
const IN = "(?:in|given|pushed|administered|going\\s+in|done|down|on\\s+board|so\\s+far)";
const GIVING = "(?:gave|given|giving|pushed|administered|did)";

/** Each form binds its count to group `n`. */
const TOTALS: readonly RegExp[] = [
  // "total of 3", "total 3 now"
  new RegExp(`\\btotal\\s+(?:of\\s+)?${N}`, "i"),
  // "3 total", "3 doses total now", "3 nitro in all", "three altogether"
  new RegExp(
    `${N}\\s+(?:${NOUN}\\s+)?(?:total|in\\s+(?:all|total)|altogether)\\b(?!\\s+(?:pts?|patients?|victims?|kids?)\\b)`,
    "i",
  ),
  // "nitro #3 given", "dose #2 in"
  new RegExp(`(?:${DRUG}|doses?)\\s*#\\s*(?<n>\\d{1,2})(?![\\w.])(?=.*\\b(?:${IN}|now)\\b)`, "i"),
  // "now x3", "x3 now", "x3 total"
  new RegExp(`\\bnow\\s*(?:at\\s+)?[x×]\\s*(?<n>\\d{1,2})(?![\\w.])`, "i"),
  new RegExp(`(?<![\\w.])[x×]\\s*(?<n>\\d{1,2})\\s+(?:now|so\\s+far|in\\s+all|total)\\b`, "i"),
  // "3 nitros in now" (a plural: "3 nitro given" may be an amount)
  new RegExp(`${N}\\s+${DRUG_NAME}s\\s+${IN}\\b`, "i"),
  // "third nitro in", "3rd one in", "second spray given", "3rd going in now"
  new RegExp(`${ORD}\\s+(?:${NOUN}\\s+)?${IN}\\b`, "i"),
  // "gave a third", "gave her the 3rd nitro" (never "gave a third of a tab")
  new RegExp(
    `\\b${GIVING}\\s+(?:(?:him|her|them|pt|the|a|his|their)\\s+){0,2}${ORD}(?=\\s*(?:$|[,.;!]|${NOUN}))`,
    "i",
  ),
];
/** "now third", "now the 3rd one": its own clause says no giving, the message does. */
const NOW_ORD = new RegExp(
  `\\bnow\\s+(?:the\\s+|on\\s+(?:the\\s+)?)?${ORD}(?=\\s*(?:$|[,.;!]|${NOUN}))`,
  "i",
);
/** "now 3rd nitro", "now on the third one": the dose named says it is given. */
const ORD_NAMED = new RegExp(`\\bnow\\s+(?:the\\s+|on\\s+(?:the\\s+)?)?${ORD}\\s+${NOUN}`, "i");
/** A bare "nitro x3", "x3": a total only where it updates a count said before. */
const BARE_X = new RegExp(
  `(?:^|${DRUG_NAME})\\s*[x×]\\s*(?<n>\\d{1,2})(?![\\w.])|^[x×]\\s*(?<m>\\d{1,2})\\s+${DRUG_NAME}(?![\\w-])`,
  "i",
);

/** A count beside these is of more doses, not a total ("nitro x2 more given", "2 additional"). */
const BESIDE_MORE = /\b(?:more|another|additional|extra|again)\b/i;
const HISTORY = new RegExp(`\\b(?:${GIVING}|got|had|received|in|so\\s+far)\\b`, "i");
/** A clause that asks, plans or speaks of someone else's doses is no total of ours. */
const NOT_OURS = new RegExp(
  "\\b(?:need|needs|want|wants|give|can|could|should|may|due|ok|okay|allowed|safe|max(?:imum)?|limit|up\\s+to|" +
    "how\\s+many|at\\s+home|pta|prior\\s+to|own|self|took|used|by\\s+(?:the\\s+)?(?:pt|patient|family|mom|dad|" +
    "wife|husband|parents?|fire|engine|bls)|rounds?|cycles?)\\b",
  "i",
);

/**
 * Events, times and units a count may be of ("now x3 seizures today", "pain now x3 days", "vomited x3 now", "O2 total
 * of 3 lpm", "his 3rd in a week"): a clause with one and no dose named or given is no total (medical director's
 * eighth read, H1: a seizing child's first midazolam was refused as a third).
 */
const EVENT = new RegExp(
  "\\b(?:seizures?|seizing|seized|sz|episodes?|times?|days?|nights?|hrs?|hours?|weeks?|wks?|months?|today|" +
    "yesterday|vomit\\w*|emesis|lpm|l\\/min|liters?|litres?|attempts?|tries|spots?|hives|calls?|falls?)\\b",
  "i",
);
const DOSE_SAID = new RegExp(`(?:${NOUN}|\\b${GIVING}\\b)`, "i");

/**
 * The total of `medicationId`'s doses given that `text` says, or undefined. `updates`: a count of this drug was said
 * in an earlier message, so a bare "nitro x3" or "x3" is the new total. The highest total said wins ("2nd spray
 * given, now third" is 3); a clause naming only other drugs is theirs.
 */
export function totalSaid(text: string, medicationId: string, updates: boolean): number | undefined {
  const read = readTotal(text, medicationId, updates);
  return read?.more === undefined ? read?.total : undefined;
}

/**
 * The words of more doses beside a total with none of their own ("3 total, then 1 more"), as said: the total is
 * short of them, so no count is read and the chat asks how many in all.
 */
export function moreBesideTotal(text: string, medicationId: string): string | undefined {
  return readTotal(text, medicationId, false)?.more;
}

function readTotal(
  text: string,
  medicationId: string,
  updates: boolean,
): { total: number; more?: string } | undefined {
  const drugs = findMedications(text).map((m) => m.id);
  if (drugs.length > 0 && !drugs.includes(medicationId)) return undefined;
  const history = HISTORY.test(text);
  const forms = [
    ...TOTALS,
    ...(history || ORD_NAMED.test(text) ? [NOW_ORD] : []),
    ...(updates ? [BARE_X] : []),
  ];
  const totalIn = (clause: string) => {
    if (findMedications(clause).some((m) => m.id !== medicationId)) return undefined;
    const plain = clause.replace(/[,;!\n.]+$/, "").trim();
    if (plain === "" || plain.endsWith("?") || NOT_OURS.test(plain) || BESIDE_MORE.test(plain)) {
      return undefined;
    }
    if (EVENT.test(plain) && !DOSE_SAID.test(plain)) return undefined;
    const found = forms.map((f) => f.exec(plain)?.groups).map((g) => g?.n ?? g?.m).filter((n) =>
      n !== undefined
    )
      .map(valueOf);
    return found.length > 0 ? Math.max(...found) : undefined;
  };
  const clauses = clausesWithMarks(text);
  const totals = clauses.map(totalIn).filter((n) => n !== undefined);
  if (totals.length === 0) return undefined;
  const more = moreDosesSaid(text, medicationId) ??
    clauses.find((c) => !c.trim().endsWith("?") && !NOT_OURS.test(c) && saysMore(c));
  const total = Math.max(...totals);
  return more !== undefined && totalIn(more) === undefined
    ? { total, more: more.replace(/[,;!\n.]+$/, "").trim() }
    : { total };
}
