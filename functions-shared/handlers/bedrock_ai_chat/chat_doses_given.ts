/**
 * Doses of a medication already given, as a medic's message says them, with no I/O: the count read where the words
 * cannot be an amount or another drug's doses (findDosesGiven), and whether a message speaks of doses given at all
 * (mentionsDosesGiven), so an unread count is said and asked for.
 */
import { clausesWithMarks, DRUG_NAME, findMedications } from "./chat_names.ts";
import { mentionsDoseSeries, saysThenAnAmount } from "./chat_series.ts";
import { STATUS_POST_DOSE } from "./chat_status_post.ts";
import { withoutChartingCounts } from "./chat_charting_counts.ts";
import { countedThenAskedAgain } from "./chat_count_asked_again.ts";

/** A count said in words ("twice", "three"): its number; shared with chat_shock_counts.ts. */
export const COUNT_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  once: 1,
  two: 2,
  twice: 2,
  three: 3,
  thrice: 3,
  four: 4,
  five: 5,
};
const COUNT = "(?:\\d{1,2}|one|two|three|four|five)";
/** Never the start of a time ("3 minutes ago") or an amount ("2 mg"). */
const NO_UNIT = "(?!\\s*(?:min|mins|minutes?|hrs?|hours?|secs?|seconds?|mg|mcg|g|ml|mEq)\\b)";
/**
 * A count as a whole token: no letter, digit or '.' on either side, so "0.5 epi" or "1.5" never yields a 5
 * or a 1 (group `n`).
 */
const N = `(?<![\\w.])(?<n>\\d{1,2}|one|two|three|four|five)(?![\\w.])${NO_UNIT}`;
/** The count after "x": digits only, whole ("x3", "x 3"; not "x3.5"). */
const AFTER_X = `(?<n>\\d{1,2})(?![\\w.])${NO_UNIT}`;
/** "x" or "×" standing alone before its count ("epi x3", "x 2"). */
const X = "(?<![\\w.])[x×]\\s*";
const DRUG = `(?<![\\w-])(?<drug>${DRUG_NAME})(?![\\w-])`;
/** What may stand between a drug and its count: an amount, a route, an interval ("epi 1 mg IV x3"). */
const FILLER =
  "(?:\\s+(?:(?:\\d{1,4}(?:\\.\\d{1,2})?|\\.\\d{1,2})\\s*(?:mg|mcg|g|ml|units?)?|mg|mcg|ml|IM|IN|IV|IO|IVP|PO|SL|ET|" +
  "q\\s*\\d{1,2}(?:\\s*min)?))";
/** A past-tense verb of giving ("is given", "to be given" are rules, not a history). */
const GAVE = "(?:gave|(?<!\\b(?:is|are|be|being|was to be)\\s+)given|administered|pushed|got|received|had)";
/**
 * Nitroglycerin counted before its name after words that it was given and did not work ("not relieved after 3
 * nitro", "unresponsive to 3 nitro", "despite 2 ntg"): a count of sprays or tablets, never an amount (its one dose
 * is 0.4 mg, TP 1211 step 6). Unread, "cp not relieved after 3 nitro, nitro?" had offered a 4th with a note only
 * (thirteenth read, V2). Other drugs keep the rule below: "after 6 adenosine" may be 6 mg.
 */
const NITRO_RELIEF_CUE = "(?:after|despite|failed|(?:un|non)[-\\s]?responsive\\s+to|refractory\\s+to|" +
  "(?:no|not|poor|minimal|little)\\s+(?:\\w+\\s+)?(?:relie(?:f|ved)|response|responding|improve(?:d|ment)?|" +
  "change|better)\\s+(?:to|with|from|after|by))";
const NITRO_COUNTED = new RegExp(
  `\\b${NITRO_RELIEF_CUE}\\s+${N}\\s+(?:sl\\s+)?(?<drug>ntg|nitro|nitrostat|nitroglycerine?)s?(?![\\w-])`,
  "gid",
);

/**
 * A clause with none of these words is not a history ("epi x3, next?" may be a plan). "s/p", "status post" and "post"
 * say what was done (medical director's twelfth read, H2: "s/p nitro x3" had offered a 4th nitro, TP 1211 step 6);
 * "s/p" and "status post" only of the drug or doses right after them, never "s/p fall" (chat_status_post.ts).
 */
const HISTORY_WORD = new RegExp(
  `\\b(?:${GAVE}|already|so\\s+far|after|pta|prior\\s+to\\s+(?:our\\s+)?arrival|before\\s+(?:we|ems|our)\\b|` +
    "(?<!status\\s+)post(?![\\w-]))\\b|" + STATUS_POST_DOSE + "|" + NITRO_RELIEF_CUE,
  "i",
);

/**
 * The forms that bind a count to doses, times or "x" (group `n`) and, where the form names it, to the drug
 * (group `drug`). "<N> <drug> given" is not among them: "6 adenosine given" is an amount as often as a count.
 */
const COUNT_FORMS: readonly RegExp[] = [
  // "3 doses", "two doses of epi", "1 dose of the versed"
  new RegExp(`${N}\\s+doses?(?:\\s+of\\s+(?:the\\s+)?${DRUG})?(?![\\w-])`, "gid"),
  // "epi x3", "epi 1 mg x3", "epi 1 mg given x2", "fentanyl 50 mcg x2 given"
  new RegExp(`${DRUG}${FILLER}{0,3}(?:\\s+(?:${GAVE}|already))?\\s*${X}${AFTER_X}`, "gid"),
  // "x2 epi"
  new RegExp(`${X}${AFTER_X}\\s+${DRUG}`, "gid"),
  // "3x epi"
  new RegExp(`(?<![\\w.])(?<n>\\d{1,2})\\s*[x×]\\s+${DRUG}`, "gid"),
  NITRO_COUNTED,
  // "gave epi three times", "epi given twice", "gave versed 5 mg IV twice", "gave it once"
  new RegExp(
    `(?:${DRUG}${FILLER}{0,4}(?:\\s+(?:were|was|has\\s+been|have\\s+been))?(?:\\s+${GAVE})?(?:\\s+already)?|` +
      `\\b${GAVE}(?:\\s+it)?)\\s+(?<n>once|twice|thrice|${COUNT}(?![\\w.])\\s+times)(?![\\w-])`,
    "gid",
  ),
];

/**
 * A clause that asks about amounts or limits, or plans, is never a history ("limit is 3 doses?", "can I give
 * 1 mg epi x3", "what is one dose of epi IM?"); nor one about doses not this crew's ("2 doses at home").
 */
const NOT_HISTORY = new RegExp(
  "\\b(?:max(?:imum)?|limit|most|up\\s+to|allowed|how\\s+(?:much|many)|what\\s+is|what['’]?s|one\\s+dose\\s+of|" +
    // Doses given before arrival count ("versed x2 pta", "by fire"): TP 1231-P's two before base are all doses
    // (medical director's eighth read, H3); only the patient's or family's own are left out, below.
    "can\\s+i|should\\s+i|could\\s+i|may\\s+i|at\\s+home|" +
    "by\\s+(?:the\\s+|his\\s+|her\\s+)?(?:pt|patient|family|bystanders?|wife|husband|parents?|caregivers?|mom|mother|dad|father)|" +
    // doses the patient gave themself ("pt used own epipen", "self administered"): not this crew's
    "own|self|took|used)\\b|" +
    // "N of M": a place in a series, not a count given
    `\\b${COUNT}\\s+(?:of|out\\s+of)\\s+${COUNT}\\b|` +
    "\\b(?:rounds?|cycles?)\\b",
  "i",
);

/** A seizure's signs, as the patient's events ("twitching again", "no more twitching"). */
const SIGN_WORD = "seiz\\w*|sz|convuls\\w*|twitch\\w*|jerk\\w*|shak\\w*|postur\\w*";
/** Words before "again" that make it the patient's event: a sign, or a start ("started again"). */
const EVENT_WORD = `${SIGN_WORD}|started|starts|starting|restarted|began|begins`;

/**
 * Words that say more doses followed the counted ones ("epi x2, then 1 more", "we gave another", "x2 at 1400 and
 * x1 at 1405", "3rd going in now"): the count is then short of what was given, so nothing is read.
 */
const FURTHER_DOSES = new RegExp(
  // "seizing again", "started again", "no more twitching": a seizure's sign or a start beside "again" or "more" is
  // the patient's event, not a dose (eleventh read, M2)
  `\\b(?<!\\b(?:${EVENT_WORD})\\s+)again\\b|\\bmore\\b(?!\\s+(?:${SIGN_WORD}))|` +
    "\\b(?:another|additional|extra|going\\s+in|" +
    "\\d{1,2}(?:st|nd|rd|th)|second(?!s)|third|fourth|fifth|sixth)\\b|" +
    // a second "xN" bound to no drug ("... and x1 at 1405", "+ x1")
    "(?:[+&]|\\b(?:and|then|plus)\\b)\\s*[x×]\\s*\\d|" +
    // doses someone else gave besides the count ("and 1 by fire", "+ 1 by engine co", a clause "1 by pt"): the count
    // is not all of them. The count's own giver ("versed x2 given by fire") is no other dose: it counts.
    "(?:(?:\\b(?:and|plus|then|also)\\b|\\+)\\s*|^\\s*)(?:[x×]\\s*)?(?:\\d{1,2}|one|two|three)\\s+(?:\\w+\\s+){0,2}" +
    "(?:by|from)\\s+(?:the\\s+)?(?:fire|engine|truck|squad|bls|als|pd|police|first\\s+responders?|" +
    // "nitro x2 by fire and 1 by us": our own dose beside another's count is more too (twelfth read, H2)
    "another\\s+(?:crew|unit)|other\\s+(?:crew|unit)|pt|patient|family|school|nurse|ed|er|us|me|ems|medics?|" +
    "our\\s+(?:crew|unit))\\b|" +
    // a second amount given after the counted ones ("6 mg given x1 then 12 mg x1")
    "\\bthen\\s+\\d+(?:\\.\\d+)?\\s*(?:mg|mcg|ml|g)\\b",
  "i",
);

/** A clause that asks to give a dose ("can i give a 4th", "ok to give another"): a request, not a history. */
const ASKS_TO_GIVE = /\b(?:(?:can|could|should|may)\s+(?:i|we)|ok(?:ay)?\s+to|safe\s+to)\b/i;

/**
 * True when a clause says more doses were given than a count says. A clause that only asks for one ("another?",
 * "more?": a question with no giving word; "can i give a 4th") is a request, not a history.
 */
function saysFurtherDoses(text: string): boolean {
  return clausesWithMarks(text).some((clause) =>
    FURTHER_DOSES.test(clause) && !(clause.trim().endsWith("?") && !HISTORY_WORD.test(clause)) &&
    !(ASKS_TO_GIVE.test(clause) && !HISTORY_WORD.test(clause))
  );
}

/**
 * A question for one more dose ("another dose?", "more?", "repeat?", "3rd?"): it says doses were given, so a bare
 * "fentanyl x2" beside it is their count (medical director's twelfth read, M6: "fentanyl x2, another dose?" had asked
 * how many). "next?" is not among them: "epi x3, next?" may be a plan and its next step.
 */
const ASKS_ANOTHER = new RegExp(
  "^(?:[^,;!?\\n]*\\b)?(?:another|more|additional|repeat|(?:\\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth))\\b" +
    "[^,;!?\\n]*\\?$",
  "i",
);
const asksAnother = (text: string) => clausesWithMarks(text).some((c) => ASKS_ANOTHER.test(c.trim()));
/** The forms of a bare count with no giving word, "x" bound to a drug ("fentanyl x2", "x2 fent", "3x epi"). */
const BARE_FORMS = COUNT_FORMS.slice(1, 4);

/** A clause that is only a drug and its count ("nitro x2", "and nitro 0.4 x2"): an item of a list. */
const LISTED_COUNT = new RegExp(`^\\s*(?:and\\s+|&\\s*)?${DRUG}${FILLER}{0,3}\\s*${X}${AFTER_X}\\s*$`, "i");

/** The one medication a clause names, or undefined (none, or several). */
function onlyMedication(clause: string): string | undefined {
  const ids = new Set(findMedications(clause).map((m) => m.id));
  return ids.size === 1 ? [...ids][0] : undefined;
}

/**
 * Doses of a medication already given, read only where the words cannot be an amount or another drug's
 * doses. A count is a whole token ("0.5 epi" is no 5) bound to "dose(s)", "times" or "x" ("2 doses of epi
 * given", "epi x3 already", "3x epi given", "gave epi three times"), or "once"/"twice"; "<N> <drug> given"
 * is an amount, never a count. The clause must say the doses were given (gave, given, administered, pushed,
 * got, received, had, already, so far, after) and name the drug: the one the count names, else the only one
 * in the clause ("gave 2 doses, amiodarone?" charges amiodarone nothing). Never inside a question about
 * amounts or limits, "N of M", rounds or cycles of CPR. With `medicationId`, only that drug's counts are
 * read; any count whose drug is unclear, or two counts (even equal), settle nothing. A misread count
 * withholds a first-line drug (TP 1210: 3 mg of epinephrine before base); a count followed by more doses
 * ("another", "again", "1 more", "x1 at 1405", an ordinal, "going in") undercounts, so is not read either; nor
 * are doses the patient gave themself ("own", "self", "took", "used", "by mom"). An unread one is said
 * (mentionsDosesGiven) and asked for.
 */
export function findDosesGiven(said: string, medicationId?: string): number | undefined {
  // "a&o x4", "vomiting x 2 weeks": no count of doses (fourteenth read, M1: chat_charting_counts.ts).
  const text = withoutChartingCounts(said);
  const counts: { n: number; drug?: string }[] = [];
  // A bare count said beside a question for one more is a history too ("fentanyl x2, another dose?").
  const another = asksAnother(text);
  // A list of drugs and counts after a giving word ("gave asa x1, nitro x2"): each is a history (thirteenth read, M3).
  // A count alone in its clause is otherwise no history ("epi x3, next?" may be the plan).
  let inGivenList = false;
  let end = 0;
  for (const clause of text.split(/[,;?!\n]+|\.(?!\d)/)) {
    end = text.indexOf(clause, end) + clause.length;
    if (NOT_HISTORY.test(clause)) {
      inGivenList = false;
      continue;
    }
    const listed: boolean = inGivenList && LISTED_COUNT.test(clause);
    const history: boolean = HISTORY_WORD.test(clause) || listed;
    // The list goes on while its clauses name a drug given ("gave asa, nitro x2"); a vital or a question ends it.
    inGivenList = history && findMedications(clause).length > 0;
    // "nitro x1, bp 140/90, nitro": a bare count whose drug is asked again after it (chat_count_asked_again.ts).
    const askedAgain = (drug: string | undefined) => countedThenAskedAgain(clause, text.slice(end), drug);
    const seen = new Set<number>(); // a count found by two forms is one count
    for (const form of history ? COUNT_FORMS : BARE_FORMS) {
      for (const m of clause.matchAll(form)) {
        const at = m.indices!.groups!.n![0];
        if (seen.has(at)) continue;
        const said = m.groups!.n.toLowerCase().replace(/\s+times$/, "");
        const drug = m.groups!.drug ? findMedications(m.groups!.drug)[0]?.id : onlyMedication(clause);
        if (!history && !another && !askedAgain(drug)) continue;
        seen.add(at);
        counts.push({ n: COUNT_WORDS[said] ?? Number(said), drug });
      }
    }
  }
  // A series of amounts ("6 x1 then 12 x1", "x2 given, then 0.4") says more doses than any count beside it.
  if (
    counts.some((c) => c.drug === undefined) ||
    (counts.length > 0 && (saysFurtherDoses(text) || mentionsDoseSeries(text) || saysThenAnAmount(text)))
  ) {
    return undefined;
  }
  const mine = medicationId === undefined ? counts : counts.filter((c) => c.drug === medicationId);
  return mine.length === 1 ? mine[0].n : undefined;
}

const ACCESS = "(?:an?\\s+)?(?:iv|io|line|access|saline\\s+lock|hep\\s+lock)";
const ACCESS_ALREADY = new RegExp(
  `\\b${ACCESS}\\s+(?:is\\s+|was\\s+|has\\s+been\\s+)?already\\s+(?:established|placed|in\\s+place|in|started|running|there)\\b|` +
    `\\balready\\s+(?:has|have|had|got)\\s+${ACCESS}\\b`,
  "gi",
);
/**
 * Words of doses that speak of none: a time ("prior to arrival", "x5 min", "x2 days", "cp x3h"), an event that ended
 * by itself ("self resolved"), another vital's repeat ("repeat bp pending", "repeat 140/80"), another patient ("next
 * pt"), a history ("prior mi"), a place ("next to pt"), what the patient did ("self extricated"), a state found
 * ("already seizing"). Medical director's fifth read, and its kin. "Own" stays: "has own epipen, used it".
 */
const NO_DOSE_WORDS = new RegExp(
  "\\bprior\\s+to\\s+(?:our\\s+|ems\\s+)?arrival\\b|\\bself[\\s-]*(?:resolved|resolving|limited|limiting|terminated)\\b|" +
    "\\brepeat\\s+(?:bp|b\\/p|vitals?|v\\/s|ekg|ecg|12[\\s-]*lead|glucose|bgl|cbg)\\b|\\bnext\\s+(?:pt|patient|call)\\b|" +
    "(?<![\\w-])(?:x|×)\\s*\\d+\\s*(?:min|mins|minutes|sec|secs|seconds|hrs?|hours?|h|days?|d|wks?|weeks?|months?|mos?)\\b" +
    "(?![\\s\\S]{0,3}ago)|" +
    "\\brepeat\\s+(?:pending|\\d{2,3}\\s*\\/\\s*\\d{2,3})|\\bnext\\s+to\\b|\\bself[\\s-]*(?:extricat|ambulat|transport)\\w*|" +
    "\\bprior\\s+(?:hx|history|h\\/o|mi|stemi|ami|cva|stroke|tia|seizures?|sz|episodes?|surger(?:y|ies)|cabg|stents?|" +
    "admissions?|intubations?|visits?|events?)\\b|" +
    "\\balready\\s+(?:seizing|seized|sz|unresponsive|down|apneic|pulseless|in\\s+arrest|on\\s+scene|there|here)\\b",
  "gi",
);
/**
 * The patient's own events counted or repeated ("seizure x2", "seizing again", "another seizure", "vomited x3", "pain
 * 6/10 again"): no dose, in a clause that names no drug ("versed for seizure x2" may be two doses, so it still speaks of them).
 */
const EVENT_REPEATS = new RegExp(
  "\\b(?:seiz\\w*|sz|vomit\\w*|emesis|episodes?|syncop\\w*|fell|falls?)\\s+(?:\\w+\\s+)?(?:again|twice|thrice)\\b|" +
    "\\b(?:seiz\\w*|sz|vomit\\w*|emesis|episodes?|syncop\\w*|fell|falls?)\\s+(?:x|×)\\s*\\d+\\b|" +
    "\\b(?:another|2nd|second|3rd|third)\\s+(?:seizure|sz|episode)s?\\b|" +
    // a symptom back ("pain 6/10 again", "cp back again", "wheezing again"): seventh read, Low
    "\\b(?:pain|cp|sob|symptoms?|wheez\\w*|hives|itch\\w*|nause\\w*|dizz\\w*)(?:\\s+[\\w/]+){0,2}?\\s+again\\b",
  "gi",
);
const withoutEventRepeats = (text: string) =>
  clausesWithMarks(text).map((clause) =>
    findMedications(clause).length > 0 ? clause : clause.replace(EVENT_REPEATS, " ")
  ).join("");

/** "s/p 3 epi", "status post nitro": doses given; "s/p fall" is an event's history (chat_status_post.ts). */
const STATUS_POST_DOSE_SAID = new RegExp(STATUS_POST_DOSE, "i");

/**
 * True when the message speaks of doses already given or asks for a repeat ("gave 5 mg", "epi given",
 * "next epi?", "another dose", "4th epi", "3 epi on board", "s/p 3 epi", "after 2 doses") or the patient's own
 * ("took 2 of his own nitro", "used own epipen", "self administered", "epipen jr by mom"), whether or not a
 * count could be read from it. "Dose" alone does not ("push dose epi", "what dose"); nor do rounds of CPR.
 */
export function mentionsDosesGiven(said: string): boolean {
  // Access already in place speaks of no dose ("iv already established", "already has an IV").
  // "a&o x4" is orientation, no dose (fourteenth read, M1).
  const text = withoutEventRepeats(
    withoutChartingCounts(said).replace(ACCESS_ALREADY, " ").replace(NO_DOSE_WORDS, " "),
  );
  return /\b(?:already|so far|previously|prior|gave|given|pushed|administered|received|next|another|repeat|again|additional|once|twice|thrice|on board|own|by (?:mom|mother|dad|father|family|parents?))\b|\bself\b(?![\s-]*(?:harm|inflict|injur))|(?<![\w-])(?:x|×)\s*\d/i
    .test(text) ||
    STATUS_POST_DOSE_SAID.test(text) ||
    DOSES_GOT_OR_TAKEN.test(text);
}

/** "got 2 doses", "had narcan", "after epi", the patient's own ("took 2 of his own nitro"), "2nd dose": made once. */
const DOSES_GOT_OR_TAKEN = new RegExp(
  `\\b(?:got|had|after)\\s+(?:\\w+\\s+){0,2}?(?:doses?|${DRUG_NAME})(?![\\w-])|` +
    // the patient's own doses ("pt took 2 of his own nitro", "used own inhaler"), not "used meth"
    `\\b(?:took|used)\\s+(?:\\w+\\s+){0,3}?(?:own|his|her|their|\\d{1,2}|doses?|${DRUG_NAME})(?![\\w-])|` +
    `\\b(?:\\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth)\\s+(?:doses?|${DRUG_NAME})(?![\\w-])`,
  "i",
);
