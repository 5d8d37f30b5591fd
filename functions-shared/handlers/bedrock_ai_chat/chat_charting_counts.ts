/**
 * Charting shorthand with an "x N" that counts no dose, with no I/O: orientation ("a&o x4", "A/O x4", "ao x3", "alert
 * oriented x4": oriented to person, place, time and event) and a duration ("vomiting x 2 weeks", "x 1 week", "pain x 2
 * wks"). Read as a count of doses, "cp 60yo a&o x4 asa" had asked how many aspirin were given and withheld TP 1211's
 * aspirin; "30yo f vomiting x 2 weeks zofran" withheld ondansetron (MCG 1317.33) the same way (medical director's
 * fourteenth read, M1). The readers of doses given read the text with these said without their "x".
 */

/** Orientation and its count: "a&o x4", "a & o x 4", "A/O x3", "ao x3", "a+o x4", "alert (and) oriented x4". */
const ORIENTATION_COUNT =
  /\b((?:a\s*[&+\/]?\s*o|a\s+and\s+o|(?:dis)?orient(?:ed|ated)))\s*[x×]\s*(\d)(?![\w.])/gi;
/**
 * A duration after "x": "x 2 weeks", "x1 week", "x 2 wks", "x3 months", "x 2 days", "x 4 hrs". Never "epi x2 min ago"
 * (two doses, said with when: chat_doses_given.ts).
 */
const DURATION =
  /(?<![\w.])[x×]\s*(\d{1,3})\s*(secs?|seconds?|mins?|minutes?|hrs?|hours?|h|days?|d|wks?|weeks?|months?|mos?|yrs?|years?)\b(?!\s*ago\b)/gi;

/**
 * What an "x N" counts when it is no dose: lines, access, attempts, sticks, tries, tubes or leads ("epi x2 IV lines",
 * "x3 attempts": eleventh read, H4). A regular-expression source, no groups; the word right after the count.
 */
export const THINGS_COUNTED_NOT_DOSES =
  "(?:(?:iv|io)\\s*)?(?:lines?|access|attempts?|sticks?|tries|tubes?|leads?)";

/** `text` with orientation said as "a&o 4" and a duration as "for 2 weeks": no "x N" a reader may take for doses. */
export function withoutChartingCounts(text: string): string {
  return text.replace(ORIENTATION_COUNT, "$1 $2").replace(DURATION, "for $1 $2");
}
