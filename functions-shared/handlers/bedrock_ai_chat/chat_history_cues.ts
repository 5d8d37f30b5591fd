/**
 * A condition named as the patient's history, not the reason now, with no I/O (read by chat_denials.ts for every
 * name it reads). A past cardiac arrest read as the arrest now gave epinephrine 1 mg IV/IO, TP 1210's pulseless
 * dose, to a patient talking with a pulse ("hx of anaphylactic arrest 2021", "had a cardiac arrest 2 yrs ago"); a
 * seizure two years ago gave midazolam (TP 1231 is for a seizure now).
 *
 * History is read only where its words leave no doubt, in the name's own clause:
 *   - a cue before it: "hx", "history", "h/o", "known", "pmh", "past (medical) history", with "of", "a", a count
 *     word or a kind of the condition between ("hx of anaphylactic arrest", "h/o febrile seizures"); or "prior",
 *     "previous", "remote" right before it ("prior cardiac arrest, has aicd"; never "prior to");
 *   - "hx" or "history" right after it ("seizure hx");
 *   - a time that is not this call after it, with at most three words between: days, weeks, months or years ago,
 *     "last year", "yesterday", "in 2019", "as a child" ("cardiac arrest 2 yrs ago", "arrest in 2019 from an od").
 *     Minutes and hours are this call ("arrested 10 min ago" is the arrest now), and a bare four-digit number is a
 *     time of day as often as a year ("arrest 2015"), so it is no cue.
 * "Prior" and a past time only for the arrest and a seizure (PAST_EVENT_INDICATIONS).
 * A history read only asks the medic (another name said now decides: "seizure 2 yrs ago, seizing now").
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
/** A kind of the condition between a cue and its name: "hx of vf arrest", "h/o febrile seizures". */
const KIND =
  "anaphylactic|cardiac|respiratory|vf|v-?fib|vt|pea|asystolic|witnessed|sudden|febrile|absence|focal|partial|" +
  "breakthrough|tonic[- ]?clonic|grand[^\\S\\n]+mal|petit[^\\S\\n]+mal|severe|mild|major|minor";
const BETWEEN = "of|for|with|a|an|multiple|frequent|prior|previous|recurrent|several|two|three|many|" + KIND;

/** Ends right before a name: the cue and the words between. Sticky at the name's start. */
const HISTORY_BEFORE = new RegExp(
  `(?<=(?:(?<![\\w/])(?:hx|history|h\\/o|known|pmhx?|past${GAP}(?:medical${GAP})?history)[:\\-]?` +
    `(?:${GAP}(?:${BETWEEN})){0,3})${GAP})`,
  "iy",
);
/** "prior", "previous", "remote" right before the name ("prior cardiac arrest"; never "prior to"). */
const PRIOR_EVENT = new RegExp(`(?<=(?<![\\w/])(?:prior|previous|remote)(?:${GAP}(?:${KIND}))?${GAP})`, "iy");
const HISTORY_AFTER = new RegExp(`${GAP}(?:hx|history)(?![\\w/])`, "iy");

const UNIT = "days?|d|weeks?|wks?|months?|mos?|years?|yrs?|y";
const COUNT =
  "\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\\s+few|few|several|many|couple(?:\\s+of)?";
/** A time that is not this call: "2 yrs ago", "a few years ago", "last year", "yesterday", "in 2019", "as a child". */
const PAST_TIME =
  `(?:(?:${COUNT})${GAP}?(?:${UNIT})${GAP}ago|(?:${UNIT})${GAP}ago|last${GAP}(?:year|month|week|yr|night)|yesterday|` +
  `(?:back${GAP})?in${GAP}(?:19|20)\\d\\d|as${GAP}an?${GAP}(?:child|kid|infant|baby|teen(?:ager)?))(?![\\w/])`;
/** Stop words between a name and a time: a word that begins a new statement ("arrest, now ... 2 yrs ago"). */
const NOT_BETWEEN =
  "now|today|tonight|again|currently|and|but|then|still|with|w\\/|last|seen|since|found|down|lkw";
/** Starts right after a name: at most three words that do not begin a new statement, then the time. */
const PAST_AFTER = new RegExp(
  `(?:${GAP}(?!(?:${NOT_BETWEEN})(?![\\w/]))[\\w/'’-]+){0,3}${GAP}${PAST_TIME}`,
  "iy",
);

/**
 * Where the history words around the name at text[at, end) end (the quote's end), or undefined when the name is
 * not said as history. `pastTimes`: also "prior" and a time not this call (for PAST_EVENT_INDICATIONS only).
 */
export function historyEnd(text: string, at: number, end: number, pastTimes: boolean): number | undefined {
  HISTORY_BEFORE.lastIndex = at;
  if (HISTORY_BEFORE.test(text)) return end;
  PRIOR_EVENT.lastIndex = at;
  if (pastTimes && PRIOR_EVENT.test(text)) return end;
  for (const after of pastTimes ? [HISTORY_AFTER, PAST_AFTER] : [HISTORY_AFTER]) {
    after.lastIndex = end;
    if (after.test(text)) return after.lastIndex;
  }
  return undefined;
}
