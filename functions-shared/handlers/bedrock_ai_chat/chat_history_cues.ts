/**
 * A condition named as the patient's history, not the reason now, with no I/O (read by chat_denials.ts for every
 * name it reads). A past cardiac arrest read as the arrest now gave epinephrine 1 mg IV/IO, TP 1210's pulseless
 * dose, to a patient talking with a pulse ("hx of anaphylactic arrest 2021", "had a cardiac arrest 2 yrs ago"); a
 * seizure two years ago gave midazolam (TP 1231 is for a seizure now).
 *
 * History is read only where its words leave no doubt, in the name's own clause:
 *   - a cue before it: "hx", "history", "h/o", "known", "pmh", "past (medical) history", with "of", "a" or a
 *     count word between, and for the arrest and a seizure a kind of it too ("hx of anaphylactic arrest", "h/o
 *     febrile seizures"; "known severe allergic reaction" is said of a patient stung now);
 *   - for the arrest and a seizure, "prior", "previous", "remote" right before it, unless after a time ("prior
 *     cardiac arrest, has aicd"; "cp 10 min prior arrest" is before this one; "cp prior arrest" may be either and is
 *     asked);
 *   - "hx" or "history" right after it ("seizure hx");
 *   - for the arrest and a seizure, a time that is not this call right after it, with only "was", "about" or a
 *     bracket between: days to years ago, "last year", "yesterday", "in 2019", "as a child" ("cardiac arrest 2 yrs
 *     ago", "seizure was last week"). A word between may be another event's ("cardiac arrest asthma attack 2 days
 *     ago" is an arrest now: Stop 60's read of a first version that allowed three). Minutes and hours are this call
 *     ("arrested 10 min ago"), and a bare four-digit number is a time of day as often as a year ("arrest 2015",
 *     "in 1930 hrs"), so it is no cue.
 * None of these where "again" or "another" follows ("prior arrest and again now", "seizure yesterday and again
 * now" are now); "and today …", ", today weak" are another complaint now. A history read only asks the medic
 * (another name said now decides: "seizure 2 yrs ago, seizing now").
 */

/**
 * The indications whose names "prior" or a past time make history: an event over by its nature, whose drug given
 * without it harms (epinephrine 1 mg IV/IO with a pulse, midazolam with no seizure), and whose present form is
 * said in present words ("pulseless", "seizing"). Not a contraindication: one in the past may still hold ("dvt
 * last month" holds TXA, "gi bleed 2 days ago" aspirin); nor a condition often said now only by its signs
 * ("anaphylaxis 2 yrs ago to bees, stung again, wheezing" is anaphylaxis now), nor an injury ("previous stab wound
 * reopened").
 */
export const PAST_EVENT_INDICATIONS: ReadonlySet<string> = new Set(["cardiac-arrest", "seizure"]);

const GAP = "[^\\S\\n]+"; // spaces, never a line break (a new line is a new clause)
const OPTIONAL_GAP = `(?:${GAP})?`;
/** A kind of the condition between a cue and its name: "hx of vf arrest", "h/o febrile seizures". */
const KIND =
  "anaphylactic|cardiac|respiratory|vf|v-?fib|vt|pea|asystolic|witnessed|sudden|febrile|absence|focal|partial|" +
  "breakthrough|tonic[- ]?clonic|grand[^\\S\\n]+mal|petit[^\\S\\n]+mal|severe|mild|major|minor";
const CUE = `(?<![\\w/])(?:hx|history|h\\/o|known|pmhx?|past${GAP}(?:medical${GAP})?history)[:\\-]?`;
const FILLER = "of|for|with|a|multiple|frequent|prior|previous|recurrent";

/** Ends right before a name: the cue and the words between. Sticky at the name's start. */
const HISTORY_BEFORE = new RegExp(`(?<=${CUE}(?:${GAP}(?:${FILLER})){0,3}${GAP})`, "iy");
/**
 * The same with a kind or a count between ("hx of vf arrest", "h/o two seizures"); never after a label's colon ("hx:
 * witnessed seizure x 6 min" is the history of this call: Stop 60's regression read).
 */
const HISTORY_KIND_BEFORE = new RegExp(
  `(?<=(?<![\\w/])(?:hx|history|h\\/o|known|pmhx?|past${GAP}(?:medical${GAP})?history)-?` +
    `(?:${GAP}(?:${FILLER}|an|several|two|three|many|${KIND})){0,3}${GAP})`,
  "iy",
);
/**
 * "prior", "previous", "remote" right before the name, unless after a time or "just" ("cp 10 min prior arrest",
 * "right prior arrest" are before this one). "cp prior arrest" may be either, and is asked: read as the arrest now it
 * had been given 1 mg (Stop 60's third read), read as history it is a question.
 */
const PRIOR_EVENT = new RegExp(
  `(?<=(?<!(?:\\d${OPTIONAL_GAP}(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)|just|right|immediately|shortly|` +
    `moments?)${GAP})(?<![\\w/])(?:prior|previous|remote)(?:${GAP}(?:${KIND}))?${GAP})`,
  "iy",
);
const HISTORY_AFTER = new RegExp(`${GAP}(?:hx|history)(?![\\w/])`, "iy");

const UNIT = "days?|d|weeks?|wks?|months?|mos?|years?|yrs?|y";
const COUNT = `\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a${GAP}few|few|several|many|` +
  `couple(?:${GAP}of)?`;
/**
 * Another said now in the same breath, right after a name or its time ("and again now", "again", "today again",
 * "and another"): not history ("prior arrest and again now"). Never a bare "now", "today" or "and today": another
 * complaint may follow ("cardiac arrest last week, today weak", "hx arrest and today anaphylaxis" were given the
 * arrest's 1 mg: Stop 60's fourth and final reads).
 */
const AGAIN = `[^\\S\\n]*,?[^\\S\\n]*(?:(?:and|&|\\+)${OPTIONAL_GAP})?(?:(?:now|today|tonight)${GAP})?` +
  `(?:again|another)(?![\\w/])`;
const AGAIN_NOW = `(?!${AGAIN})`;
const AGAIN_AFTER = new RegExp(AGAIN, "iy");
/** A time that is not this call: "2 yrs ago", "2yrs ago", "last year", "yesterday", "in 2019", "as a child". */
const PAST_TIME = `(?:(?:${COUNT})${OPTIONAL_GAP}(?:${UNIT})${GAP}ago|(?:${UNIT})${GAP}ago|` +
  `last${GAP}(?:year|month|week|yr|night)|yesterday|` +
  `(?:back${GAP})?in${GAP}(?:19|20)\\d\\d(?!${OPTIONAL_GAP}(?:hrs?|hours?|h)(?![\\w/]))|` +
  `as${GAP}an?${GAP}(?:child|kid|infant|baby|teen(?:ager)?))(?![\\w/])` +
  // not where another is said now in the same breath ("seizure yesterday and again now")
  AGAIN_NOW;
/** Starts right after a name: the time, with only "was", "about", a count, "arrest" or a bracket between. */
const PAST_AFTER = new RegExp(
  `${OPTIONAL_GAP}(?:[(~]${OPTIONAL_GAP})?` +
    // the event's own words only: "v fib arrest 3 yrs ago", "cardiac arrest x1 2 yrs ago", "seizure was last week"
    `(?:(?:arrest|x${OPTIONAL_GAP}\\d|once|twice|was|were|about|approx\\w*|around|roughly|over|nearly|almost)${GAP}){0,2}` +
    PAST_TIME,
  "iy",
);

/**
 * Where the history words around the name at text[at, end) end (the quote's end), or undefined when the name is
 * not said as history. `pastTimes`: also a kind between, "prior" and a time not this call (PAST_EVENT_INDICATIONS).
 */
export function historyEnd(text: string, at: number, end: number, pastTimes: boolean): number | undefined {
  for (const before of pastTimes ? [HISTORY_BEFORE, HISTORY_KIND_BEFORE, PRIOR_EVENT] : [HISTORY_BEFORE]) {
    before.lastIndex = at;
    if (!before.test(text)) continue;
    AGAIN_AFTER.lastIndex = end;
    return pastTimes && AGAIN_AFTER.test(text) ? undefined : end; // "prior arrest and again now"
  }
  for (const after of pastTimes ? [HISTORY_AFTER, PAST_AFTER] : [HISTORY_AFTER]) {
    after.lastIndex = end;
    if (after.test(text)) return after.lastIndex;
  }
  return undefined;
}
