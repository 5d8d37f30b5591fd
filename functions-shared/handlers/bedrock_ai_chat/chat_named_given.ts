/**
 * A medication named as given with no count, with no I/O. "D10 given, repeat?" dosed the child's dextrose as a first
 * dose, though TP 1203-P allows a repeat only on base order, and "versed given, still seizing" offered a first dose
 * where TP 1231-P counts two before base (medical director's eighth read, H4). Named as given, a drug has had at
 * least one dose: the chat reads one (namedAsGiven) and says that it did, never more (the chat does not count for
 * the medic). A drug named only as given beside one asked about ("asa given, nitro x3 given, nitro?", "zofran x1
 * given, nitro?") is not asked about (namedOnlyAsGiven): offering it again dropped the count of the one asked (H2);
 * nor is the patient's own medicine ("on aspirin daily", tenth read) or what they overdosed on (twelfth read). Later
 * reads: an amount said with it is kept for the caller to check against one dose; words of several doses, or a
 * number no count reader read, are "several" (the chat asks how many in all); another day's, another patient's and
 * a supposition are none of this course's; a reply to the chat's own dose that names no drug is that drug's
 * (withGivenAnswers).
 */
import { clausesWithMarks, DRUG_NAME, findMedications, VITAL_NAME, withoutMarks } from "./chat_names.ts";
import { doseSeriesSaid, mentionsDoseSeries, seriesSum } from "./chat_series.ts";
import { systolicPressuresSaid } from "./chat_patient_mentions.ts";
import { withoutRhythmRates } from "./chat_tachycardia_words.ts";
import { type OwnDrug, ownDrugsIn } from "./chat_own_drugs.ts";
import { answeredNo, namedNotAsked } from "./chat_named_not_asked.ts";
import { STATUS_POST_DOSE } from "./chat_status_post.ts";
import { THINGS_COUNTED_NOT_DOSES, withoutChartingCounts } from "./chat_charting_counts.ts";
import { numberBeforeName, withoutNumberBeforeName } from "./chat_count_before_name.ts";
import { packageCount, packagesSaid, withoutPackages } from "./chat_count_packages.ts";
import { givenInOwnWords, salineVolumesPlain } from "./chat_given_own_words.ts";
import type { ChatTurn } from "./dosing_types.ts";

/**
 * A giving word: the clause is a history ("given", "gave", "pushed", "pta"); never "is given", "to be given". "s/p" only
 * of a drug or doses right after it ("s/p nitro"), never of an event ("s/p fall": fourteenth read, H2).
 */
const GIVING = new RegExp(
  "\\b(?:gave|(?<!\\b(?:is|are|be|being|to\\s+be|when|if|once)\\s+)given|administered|pushed|received|" +
    "already|pta|prior\\s+to\\s+(?:our\\s+)?arrival|on\\s+board)(?![\\w/])|" + STATUS_POST_DOSE,
  "i",
);
/** A verb of giving, each time said ("given then given"; not "already", "pta"). */
const GIVEN_VERB = /\b(?:gave|given|administered|pushed|received)\b/gi;
/** The patient's own doses ("took his own nitro", "used own epipen", "epipen by mom"): given too, not asked. */
const OWN_DOSES =
  /\b(?:took|used|self[\s-]*administered|by\s+(?:mom|mother|dad|father|family|parents?|pt|patient))\b/i;
/**
 * A clause that asks, plans or supposes is no history ("should I have given versed", "can it be given", "max given?",
 * "if versed given and still seizing what next": ninth read, L3).
 */
const ASKS = new RegExp(
  "\\b(?:can|could|should|may|shall|would|will|max(?:imum)?|limit|how\\s+(?:much|many)|ok\\s+to|okay\\s+to|" +
    "safe\\s+to|need\\s+to|want\\s+to|going\\s+to|gonna|plan\\w*|about\\s+to|ready|if|suppose|assuming|" +
    "in\\s+case)\\b",
  "i",
);
/** None given ("no versed given", "versed not given", "haven't given", "nothing given yet", "before giving"). */
const NONE_GIVEN = new RegExp(
  "\\bno\\s+(?:\\w+\\s+){0,2}?(?:given|gave|pushed|administered)\\b|\\bnot\\s+(?:yet\\s+)?(?:been\\s+)?" +
    "(?:given|pushed|administered)\\b|\\b(?:never|nothing|none|unable|refused|declined|withheld|without)\\b|" +
    "\\bw\\/o\\b|\\bbefore\\s+giving\\b|\\b(?:did|does|has|have|had|was|were)(?:n['’]?t|\\s+not)\\b|" +
    "\\b(?:didnt|hasnt|havent|wasnt)\\b",
  "i",
);
/**
 * Another day's dose or another person's: not this course, nor this patient ("epi given at urgent care in 2022",
 * "versed given last week", "narcan given yesterday", "versed given to sibling": ninth read, H3 and M5). TP 1219's
 * first epinephrine had been refused for a dose given years before.
 */
export const NOT_THIS_COURSE = new RegExp(
  "\\b(?:yesterday|last\\s+(?:night|week|month|year|time|episode)|(?:\\d{1,2}|a|an|one|two|few|several)\\s+" +
    "(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\\s+ago|in\\s+(?:19|20)\\d\\d|hx|history|h\\/o|" +
    "previous\\s+(?:episodes?|seizures?|visits?|admissions?|times?|days?)|sibling|brother|sister|twin|" +
    "other\\s+(?:kid|pt|patient|child|one|baby)|(?:pt|patient)\\s*#?\\s*[2-9])\\b",
  "i",
);

/**
 * Words of a count or of a repeat in a history ("epi x2 given by us and 1 by fire", "gave 1 of 3", "versed given
 * twice", "3rd epi given", "given again"): never one dose. Beside the drug they are asked about (tenth read, H1);
 * elsewhere in the message they may be its count, so nothing is read. A bare whole number with no unit is a count
 * here, up to four digits ("gave 150 fentanyl" had been one dose: thirteenth read); a time ("5 min ago"), an age or
 * a rate after its rhythm ("svt 190") is not.
 */
const COUNT_WORDS = new RegExp(
  "(?<![\\w.])[x×#]\\s*\\d|\\b(?:once|twice|thrice|another|more|again|additional|extra|repeat\\w*|redosed|" +
    "all|two|three|four|five|second|third|fourth|fifth)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b|" +
    "(?<![\\w.])\\d{1,4}(?![\\w.])(?!\\s*(?:mg|mcg|g|ml|l|liters?|litres?|units?|min\\w*|sec\\w*|hrs?|hours?|kg|lbs?|yo|y\\/o|" +
    "years?|mo|months?|%)(?![\\w]))",
  "i",
);
/**
 * Words of more than one dose with no count ("versed given IN and IM", "by fire and by us", "a couple times", "q5
 * min", "each time she seized", "both"): one would undercount (ninth read, H2), so the chat asks how many in all.
 */
const SEVERAL = new RegExp(
  "\\b(?:couple|bunch|several|multiple|few|many|both|repeatedly|each\\s+time|every\\s+(?:\\d{1,2}\\s*)?" +
    "(?:min\\w*|m)|q\\s*\\d{1,2}\\s*(?:min\\w*|m)?)\\b|" +
    "\\b(?:in|im|iv|io)\\s*(?:,|&|\\+|\\band\\b|\\bthen\\b)\\s*(?:in|im|iv|io)\\b|" +
    "\\bby\\s+(?:the\\s+)?\\w+\\s+(?:and|&|\\+)\\s+(?:by\\s+)?(?:the\\s+)?\\w+",
  "i",
);
/** A count after "x" ("versed x1", "epi x 3"), never a time ("x5 min") nor lines or attempts ("x2 IV lines"). */
const BARE_COUNT = new RegExp(
  "(?<![\\w.])[x×]\\s*\\d{1,2}(?![\\w.])" +
    `(?!\\s*(?:min|mins|minutes?|hrs?|hours?|secs?|seconds?|days?|d|h|${THINGS_COUNTED_NOT_DOSES})\\b)`,
  "i",
);
/** The patient's event again ("seizing again after versed given", "twitching again"): no dose again. */
const EVENT_AGAIN =
  /\b(?:seiz\w*|sz|convuls\w*|twitch\w*|jerk\w*|shak\w*|postur\w*|started|starts|starting|restarted|began|begins)\s+again\b/gi;
/**
 * Up to four 81 mg "baby" aspirin are TP 1211's one 325 mg dose ("emt gave 4 baby asa": twelfth read, M1; "4
 * chewable baby asa": thirteenth read, M3), never a count of doses.
 */
const BABY_ASPIRIN_TABLETS =
  /(?<![\w.])[1-4]\s+(?:(?:chewable|chewables|chew|low[\s-]*dose|81\s*mg)\s+)?bab(?:y|ies)\s+(?:asa|aspirins?|asprin)\b/gi;
/** A blood glucose's names beside VITAL_NAME's ("bs 45", "blood sugar still 40", "d-stick 38"). */
const GLUCOSE_NAME = "(?:bs|bg|fsbs|blood\\s+sugar|sugar|d-?stick|dextrostick)";
/** A time of day ("at 14:10", "2:15", "@ 1410"): never a count. */
const CLOCK = /\b\d{1,2}:\d{2}\b|@\s*\d{3,4}\b|\bat\s+\d{3,4}\b/g;
/**
 * A vital sign or a score read ("bp 130/80", "hr 88", "pain 6", "now 5/10", "sats 94%", "bs still 45"): never a
 * count. A blood glucose by its short names ("bs", "bg", "sugar") and "still" before a number were counts: "glucagon
 * given 1mg 20 min ago bs still 45" asked how many (sixteenth read, M5).
 */
const VITAL_READING = new RegExp(
  `\\b(?:${VITAL_NAME}|${GLUCOSE_NAME})\\s*` +
    "(?:(?:now|is|of|at|still|only|down\\s+to|up\\s+to)\\s*)*[:=]?\\s*\\d{1,3}(?:\\s*\\/\\s*\\d{1,3})?(?:\\s*%)?|" +
    "(?<![\\w.\\/])\\d{1,3}\\s*\\/\\s*\\d{2,3}(?![\\w.\\/])",
  "gi",
);
/** An amount given, with its unit ("0.5mg", "10 mg") or a decimal alone ("0.5 of epi"); group 1 the value. */
const AMOUNT = /(?<![\w.])(\d{0,4}\.?\d{1,3})\s*(mg|mcg|g|ml|units?|meq)?(?![\w])/gi;
const AMOUNT_WORDS = "\\d{0,4}\\.?\\d{1,3}\\s*(?:mg|mcg|g|ml|units?|meq)?";
/**
 * A clause that is an amount said given and nothing else ("12 given", "then gave 12"): never "500 ml bolus given",
 * "800 mg motrin", "3 shocks given" (Stop 61's read U: other things' amounts had been asked as doses).
 */
export const BARE_AMOUNT = new RegExp(
  "^\\s*(?:and\\s+|then\\s+|&\\s*)?(?:(?:gave|given|pushed)\\s+" + AMOUNT_WORDS + "|" + AMOUNT_WORDS +
    "\\s+(?:given|gave|pushed|administered))[\\s,.;:!]*$",
  "i",
);
/** A volume in litres ("1L", "1 liter"): an amount in mL, the fluid dose's unit ("1 L ns given": seventeenth read, M3). */
const LITRES = /(?<![\w.])(\d{0,2}\.?\d{1,2})\s*(?:l|liters?|litres?)(?![\w])/gi;

/**
 * A whole number with no unit right after a drug's name ("fentanyl 50 given", "gave adenosine 6"): an amount in the
 * drug's usual unit, one dose only if it equals one (chat_given_so_far.ts: thirteenth read, M3); never a count, a
 * time, a pressure ("nitro 90/60") or a number with its unit (read as an amount below). Group `n` the number.
 */
const NUMBER_AFTER_NAME = new RegExp(
  `(?<![\\w-])(?<drug>${DRUG_NAME})\\s+(?<n>\\d{1,4})(?![\\w.])` +
    "(?!\\s*(?:[x×\\/:]|(?:mg|mcg|g|ml|units?|meq|min\\w*|sec\\w*|hrs?|hours?|times|doses?|kg|lbs?|%)(?![\\w])))",
  "gid",
);

/**
 * A whole number with no unit right after a giving word, in a clause that names one drug ("io lidocaine gave 40
 * already", "benadryl given 50"): an amount in its usual unit as one right after its name is. Read as a count, "io
 * lidocaine 70kg gave 40 already" asked how many (sixteenth read, M5: TP 1220, MCG 1317.23: 40 mg first). Only where
 * the clause ends or a route, "already", "still" or the like follows it: never "gave 3 nitro"
 * (chat_count_before_name.ts), "gave 1 kit" (chat_count_packages.ts), "gave 2 more", "given 40 min ago". Group `n`
 * the number.
 */
const NUMBER_AFTER_GIVING = new RegExp(
  "(?<![\\w-])(?:gave|given|administered|pushed)\\s+(?<n>\\d{1,4})(?![\\w.])" +
    "(?=\\s*(?:$|[,;!?]|(?:already|pta|so\\s+far|im|in|iv|io|ivp|sl|po|still|and|but|at|by|earlier|prior)\\b))",
  "gid",
);

/**
 * The number right after `medicationId`'s name in a clause (NUMBER_AFTER_NAME), else right after a giving word in a
 * clause naming only it (NUMBER_AFTER_GIVING), or undefined.
 */
function numberAfterName(clause: string, medicationId: string): RegExpMatchArray | undefined {
  const afterName = [...clause.matchAll(NUMBER_AFTER_NAME)].find((m) =>
    findMedications(m.groups!.drug)[0]?.id === medicationId
  );
  if (afterName) return afterName;
  const named = findMedications(clause);
  if (named.length === 0 || named.some((m) => m.id !== medicationId)) return undefined;
  const found = [...clause.matchAll(NUMBER_AFTER_GIVING)];
  return found.length === 1 ? found[0] : undefined;
}

/** The clause without that number ("fentanyl 50 given" → "fentanyl given"): what is left may still count. */
function withoutNumberAfterName(clause: string, medicationId: string): string {
  const m = numberAfterName(clause, medicationId);
  const at = m?.indices?.groups?.n;
  return at ? `${clause.slice(0, at[0])}${clause.slice(at[1])}` : clause;
}

/** The clauses of a message, each with the mark that ended it ("versed given?" keeps its "?"). */
const clausesOf = (text: string) => clausesWithMarks(text).map((c) => c.trim()).filter(Boolean);

/**
 * Whether `text` names `medicationId` in another day's, visit's or person's course ("adenosine given yesterday at urgent
 * care", "had adenosine at his last er visit per dad", "usually converts with adenosine": Stop 61's reads V and W).
 */
export const namedInAnotherCourse = (text: string, medicationId: string): boolean =>
  clausesOf(text).some((c) =>
    (NOT_THIS_COURSE.test(c) || ANOTHER_VISIT.test(c)) &&
    findMedications(c).some((m) => m.id === medicationId)
  );
/** Words of another visit or of the patient's past, beyond NOT_THIS_COURSE's, for a place asked (chat_given_so_far.ts). */
const ANOTHER_VISIT = new RegExp(
  "\\b(?:last\\s+(?:\\w+\\s+){0,2}(?:visit|admission|time|episode|call)|at\\s+(?:the\\s+|his\\s+|her\\s+)?(?:er|ed|" +
    "urgent\\s+care|hospital|clinic|home|doctor)|per\\s+(?:dad|mom|wife|husband|family|pt|patient|son|daughter|records?)|" +
    "in\\s+the\\s+past|previously|usually|normally|always|before\\s+(?:today|this)|prior\\s+(?:visit|episode|admit\\w*|trip)|" +
    "last\\s+admit\\w*|(?:in|over|during|this\\s+past|last)\\s+(?:the\\s+)?(?:spring|summer|fall|autumn|winter|christmas|" +
    "jan\\w*|feb\\w*|march|april|may|june|july|aug\\w*|sept?\\w*|oct\\w*|nov\\w*|dec\\w*)|\\d+\\s*(?:wks?|weeks?|days?|" +
    "months?|mos?|yrs?|years?)\\s+(?:back|ago|prior)|(?:cath|ep)\\s+lab|cardiologist|kaiser|cedars|chla|ucla|cruise)\\b",
  "i",
);

/** True when a clause says doses were given (a history), not a question, a plan, or none given. */
function saysGiven(clause: string): boolean {
  if (clause.endsWith("?") || ASKS.test(clause) || NONE_GIVEN.test(clause)) return false;
  return GIVING.test(clause) || OWN_DOSES.test(clause);
}

/**
 * A statement of a count with no giving word ("versed x1", "nitro x3"): a count the readers leave, never a question.
 * Never orientation or a duration ("a&o x4", "x 2 weeks": fourteenth read, M1).
 */
const saysBareCount = (clause: string) =>
  BARE_COUNT.test(withoutChartingCounts(clause)) && !clause.endsWith("?") && !ASKS.test(clause) &&
  !NONE_GIVEN.test(clause) &&
  !OWN_DOSES.test(clause);

/** An amount said given: its unit as written (lower case), none for a bare decimal or a number after the name. */
export interface AmountGiven {
  readonly value: number;
  readonly unit?: string;
  /** A whole number right after the drug's name ("fentanyl 50 given"): one dose only if it equals one. */
  readonly afterName?: true;
  /** A whole number right before the name ("gave 3 nitro"): a count or an amount (chat_total_given.ts decides). */
  readonly beforeName?: true;
  /** A count of the drug's packages ("1 kit", "1 amp"): doses where one is the package (chat_count_packages.ts). */
  readonly packages?: true;
}

/**
 * What a message says of `medicationId` named as given with no count: one dose (`amount` when one was said with it),
 * or several with no count ("versed given IN and IM"), with the clause as written; undefined when it names none, or
 * says a count, a repeat or a series (read elsewhere).
 */
export type NamedGiven =
  | { readonly kind: "one"; readonly clause: string; readonly amount?: AmountGiven }
  | {
    readonly kind: "several";
    readonly clause: string;
    /** A series said given, its amounts added ("amio 300 and 150 given": 450): sent only at the maximum. */
    readonly sum?: AmountGiven;
  };

export function namedAsGiven(said: string, medicationId: string): NamedGiven | undefined {
  // "1000cc ns infused", "gave a liter", "s/p 1L NS": saline's volumes in medics' words (eighteenth read, M3).
  const text = medicationId === "normal-saline" ? salineVolumesPlain(said) : said;
  const history = clausesOf(text).filter((c) => saysGiven(c) && !NOT_THIS_COURSE.test(c));
  // A series said given ("amio 300 and 150 given", "gave adenosine 6mg and 12mg"): a history with no count, asked
  // (twelfth read, H2: a first amiodarone 300 mg had been offered; TP 1210 step 11 allows 450 mg in all). A series
  // with no giving word may be the plan: said only (chat_dose_counts.ts).
  if (mentionsDoseSeries(text)) {
    const series = doseSeriesSaid(text)!;
    const sum = seriesSum(series);
    // "gave nitro 90/60 now" is the pressure (chat_patient_mentions.ts), its hold the answer.
    return saysGiven(series) && !NOT_THIS_COURSE.test(series) && !OWN_DOSES.test(series) &&
        systolicPressuresSaid(series).length === 0 &&
        findMedications(series).some((m) => m.id === medicationId)
      ? { kind: "several", clause: series, ...(sum ? { sum } : {}) }
      : undefined;
  }
  const counts = (clause: string) =>
    COUNT_WORDS.test(
      withoutRhythmRates(withoutChartingCounts(clause)).replace(CLOCK, " ").replace(VITAL_READING, " ")
        .replace(EVENT_AGAIN, " ")
        .replace(BABY_ASPIRIN_TABLETS, " baby asa"),
    );
  // A clause naming no drug but the asked one's own kit, bolus or short name ("1 kit given", "gave 1L ns") is its own.
  const mine = history.filter((c) =>
    !OWN_DOSES.test(c) &&
    (findMedications(c).some((m) => m.id === medicationId) || givenInOwnWords(c, text, medicationId))
  );
  // "versed x1, still seizing" with no giving word: a count the readers leave (it may be a plan), asked, never
  // none given (eleventh read, H4).
  const bare = clausesOf(text).find((c) =>
    saysBareCount(c) && !NOT_THIS_COURSE.test(c) && findMedications(c).some((m) => m.id === medicationId)
  );
  if (mine.length === 0) {
    return bare ? { kind: "several", clause: withoutMarks(bare) } : undefined;
  }
  const clause = withoutMarks(mine[0]);
  // A number or count word beside it that no count reader read ("versed 10 given IM", "gave 2 versed", "epi x2 given
  // by us and 1 by fire"): asked how many, never read as none (tenth read, H1). Another clause's that names no drug
  // may be its count: said unread. One naming only other drugs is theirs ("asa given by fire, nitro x1 given, asa
  // and nitro?" had offered a second aspirin with no word of the first).
  // A number right before the name ("gave 3 nitro") is read below, a count or an amount (fourteenth read, M2).
  // "1 kit", "1 amp", "1 neb" of the drug's own package is read below (chat_count_packages.ts: sixteenth read, M5).
  const countsBesideName = (c: string) =>
    counts(
      withoutPackages(
        withoutNumberBeforeName(withoutNumberAfterName(c, medicationId), medicationId),
        medicationId,
      ),
    );
  if (mine.some(countsBesideName)) {
    return { kind: "several", clause: withoutMarks(mine.find(countsBesideName)!) };
  }
  // "adenosine 6 given, 12 given", "adenosine 6mg given, 12mg given": a drugless clause said given with a number or an
  // amount is another dose (Stop 60's reads: read as none or one, and a third adenosine dosed); asked how many in all
  const drugless = history.find((c) =>
    findMedications(c).length === 0 && !mine.includes(c) && BARE_AMOUNT.test(c)
  );
  if (drugless !== undefined) return { kind: "several", clause: `${clause}, ${withoutMarks(drugless)}` };
  const amounts: AmountGiven[] = mine.flatMap((c) => [
    ...[...c.matchAll(AMOUNT)].filter((m) => m[2] !== undefined || m[1].includes(".")).map((m) => ({
      value: Number(m[1]),
      ...(m[2] ? { unit: m[2].toLowerCase() } : {}),
    })),
    ...[...c.matchAll(LITRES)].map((m) => ({ value: Number(m[1]) * 1000, unit: "ml" })),
    ...[numberAfterName(c, medicationId)].filter((m) => m !== undefined).map((m) => ({
      value: Number(m.groups!.n),
      afterName: true as const,
    })),
    ...[numberBeforeName(c, medicationId)].filter((m) => m !== undefined).map((m) => ({
      value: Number(m.groups!.n),
      beforeName: true as const,
    })),
    ...[packagesSaid(c, medicationId)].filter((m) => m !== undefined).map((m) => ({
      value: packageCount(m),
      packages: true as const,
    })),
  ]);
  // Named as given twice ("fire gave versed, we gave versed"), or given twice in one clause ("given then given").
  const twice = mine.length > 1 ||
    mine.some((c) => (c.match(GIVEN_VERB) ?? []).length > 1);
  if (twice || amounts.length > 1 || mine.some((c) => SEVERAL.test(c))) return { kind: "several", clause };
  const [amount] = amounts;
  return amount ? { kind: "one", clause, amount } : { kind: "one", clause };
}

/**
 * The medications `text` names only in clauses that say they were given (or count them: "nitro x3"), or as the
 * patient's own (a home medicine, or what they overdosed on: chat_own_drugs.ts), when another it names is asked about
 * ("asa given, nitro?": aspirin; "on aspirin daily, nitro?"; "30yo fentanyl od rr 6 narcan"). Only the drug a
 * home-medicine or overdose word governs is the patient's own, never the rest of its clause ("takes insulin bgl 40
 * d10" asks for D10: twelfth read, H5). When every drug named is named as given ("versed given, still seizing") none
 * is dropped: the medic may be asking about the next dose.
 */
export function namedOnlyAsGiven(text: string): ReadonlySet<string> {
  return readOwnAndGiven(text).notAsked;
}

/** The patient's own drugs (home medicines, what they overdosed on) that `text` names and does not ask about. */
export function ownDrugsDropped(text: string): OwnDrug[] {
  const { notAsked, own } = readOwnAndGiven(text);
  return own.filter((d) => notAsked.has(d.id));
}

function readOwnAndGiven(text: string): { notAsked: ReadonlySet<string>; own: OwnDrug[] } {
  const given = new Set<string>();
  const own: OwnDrug[] = [];
  const asked = new Set<string>();
  // "d10? no, ns": the drug asked and answered no is not asked (chat_named_not_asked.ts).
  const answered = answeredNo(text);
  answered.forEach((id) => given.add(id));
  for (const clause of clausesOf(text)) {
    // What the patient overdosed on is theirs whatever else the clause says ("took too much fentanyl").
    const overdose = ownDrugsIn(clause, ["overdose"]);
    // "nitro x3" beside "morphine?" is nitro's history, not a second question (twelfth read, H2); a clause of doses
    // given keeps its drugs as given ("took asa and nitro at home").
    const history = saysGiven(clause) || saysBareCount(clause);
    const home = history ? { drugs: [], rest: overdose.rest } : ownDrugsIn(overdose.rest, ["home"]);
    own.push(...overdose.drugs, ...home.drugs);
    // A drug denied, not given, refused, drawn up or given before ("no zofran given olanzapine?", "after 3 nitro,
    // morphine?") is no request beside one asked (thirteenth read, V1, V2: chat_named_not_asked.ts).
    const notNow = namedNotAsked(home.rest);
    notNow.ids.forEach((id) => given.add(id));
    const into = history ? given : asked;
    for (const { id } of findMedications(notNow.rest)) if (!answered.has(id)) into.add(id);
  }
  // The patient's own medicines are never asked ("fentanyl patch on arm" in an overdose); a drug given may be.
  const homeOnly = own.map((d) => d.id).filter((id) => !asked.has(id) && !given.has(id));
  const givenOnly = asked.size > 0 ? [...given].filter((id) => !asked.has(id)) : [];
  return { notAsked: new Set([...homeOnly, ...givenOnly]), own };
}

/** "done", "it's in": given, said alone right after the chat's dose (never "done with iv attempts", "in arrest"). */
const DONE = /^\s*(?:done|it['’]?s\s+in|in)(?=\s*(?:[,.;!]|$))/i;

/**
 * The turns with a reply right after the chat's dose of one drug that names no drug ("given. still seizing", "done,
 * still seizing", "10 IM given") made to name it: the medic gave what the chat said (eleventh read, H3: a second
 * 10 mg midazolam was offered as a first). Read as any other naming, so a number there is asked.
 */
export function withGivenAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant") return turn;
    const drugs = findMedications(before.content);
    if (new Set(drugs.map((d) => d.id)).size !== 1) return turn;
    const mention = drugs[0].mention;
    const pieces = clausesWithMarks(turn.content);
    const named = pieces.map((piece) => {
      if (findMedications(piece).length > 0 || piece.trim().endsWith("?")) return piece;
      if (DONE.test(piece)) return piece.replace(DONE, `${mention} given`);
      return saysGiven(piece.trim()) ? `${mention} ${piece.trimStart()}` : piece;
    });
    const content = named.join("");
    return content === turn.content ? turn : { ...turn, content };
  });
}
