/**
 * The patient's blood glucose said now, with no I/O. Dextrose, oral glucose and glucagon are for a blood glucose below
 * 60 mg/dL (TP 1203 step 7, TP 1203-P step 6), so the newest glucose said, at 60 or above, is no hypoglycemia ("bgl
 * 40" then "bgl now 110, d10?"), nor is one in mmol/L, which the chat never converts: it is asked. The newest in a
 * message is its last ("bgl 110 before d10, now 45"), and another person's is not read ("mom's bgl is 110"; seventh
 * read, High 3 and Medium 3). A bare rise ("went from 45 to 85") is a glucose only after one was spoken of (eighth
 * read), never with another measure's words after it ("now 92 on room air"), and a chain's newest wins (ninth read).
 */
import { aboutAnother } from "./chat_state_now.ts";

const GAP = "[^\\S\\n]+";

/** Hypoglycemia is a blood glucose below this, in mg/dL (TP 1203 step 7, TP 1203-P step 6). */
export const HYPOGLYCEMIA_BELOW_MG_DL = 60;

const GLUCOSE_WORD =
  `(?:bgl|cbg|fsbs|fsbg|bg|bs|gluc|glucose|blood${GAP}(?:sugar|glucose)|sugar|d-?stick|dextrostick|dextro|` +
  `accu-?che(?:ck|k)|accucheck|glucometer|finger${GAP}?stick)`;
/** Words between the glucose and its number: "bgl now 110", "bgl up to 85", "bgl came up to 85", "bgl improved to 85". */
const BETWEEN =
  `(?:${GAP}(?:is|was|of|now|at|reading|reads|read|level|rechecked|recheck|repeat|came|back|up|down|` +
  `rose|risen|improved|increased|went|climbed|dropped|fell|on|to))*`;
const NO_UNIT =
  `(?![\\d.])(?![^\\S\\n]*(?:mmol|%|kg|lb|yo|y\\/o|min|mins|minutes|sec|mmhg|bpm|-?leads?|mg|mcg|ml|hours?|hrs?))`;
/** Another vital's number, never a glucose ("bp recheck 65", "hr on recheck 85"). */
const NOT_VITAL = "(?<!(?:bp|hr|pulse|sats?|spo2|o2|rr|resp|etco2|gcs|pain|temp|sbp|map)" +
  "(?:[^\\S\\n]+(?:on|at|is|was|now))?[^\\S\\n]*[:=]?[^\\S\\n]*)";
/**
 * "bgl 40", "glucose now 110", "cbg: 52", "blood sugar of 45", "d-stick 38", "bgl up to 85", "recheck 65", "85 on
 * recheck", "glucose HI" (above the meter's range), and a bare "now 45" after a glucose in the same message ("bgl 110
 * before d10, now 45": seventh read, High 3 and Medium 3).
 */
const GLUCOSE = new RegExp(
  [
    // "bgl >100", "bgl now 110s", "bgl wnl" (eighth read, M1)
    `(?<![\\w/-])${GLUCOSE_WORD}${BETWEEN}[^\\S\\n]*[:=]?[^\\S\\n]*(?:>|over${GAP}|above${GAP})?` +
    `(\\d{2,3}(?=s?\\b)|hi|high|lo|low|wnl|normal)s?${NO_UNIT}(?![\\w/-])`,
    // "85 mg/dl now": the unit says it is a glucose
    `(?<![\\w/.-])(\\d{2,3})[^\\S\\n]*mg[^\\S\\n]*\\/[^\\S\\n]*dl(?![\\w])`,
    `${NOT_VITAL}(?<![\\w/-])(?:recheck(?:ed)?|repeat)(?:${GAP}(?:is|was|of|now|shows|reads))?[^\\S\\n]*[:=]?[^\\S\\n]*` +
    `(\\d{2,3})${NO_UNIT}(?![\\w/-])`,
    `${NOT_VITAL}(?<![\\w/.-])(\\d{2,3})${GAP}on${GAP}(?:re-?check|repeat)(?![\\w/-])`,
  ].join("|"),
  "gi",
);
/**
 * After a bare number: another measure's words ("now 92 on room air", "now 70 over 40", "now 92 sats"), never a
 * glucose (ninth read, Low 3: each was read as the glucose and D10 refused).
 */
const NOT_GLUCOSE_AFTER =
  `(?![^\\S\\n]*(?:\\/|over${GAP}\\d))(?![^\\S\\n]*(?:(?:on${GAP})?(?:room${GAP}air|ra|o2|oxygen|nrb|nc|bvm|cpap|` +
  `\\d+${GAP}?(?:l|lpm|liters?)\\b)|sats?|spo2|sat(?:uration|ting)|systolic|palp\\w*|by${GAP}palp\\w*|beats|breaths|` +
  `degrees|°|hr|rr|pulse|bp|map)(?![\\w/-]))`;
/** ", now 45", ", then 52", "-> 45": a newer glucose, only after one said earlier in the message. */
const THEN_GLUCOSE = new RegExp(
  `(?:(?:[,;]|\\band)[^\\S\\n]*(?:now|then|currently)${GAP}|(?:->|→)[^\\S\\n]*)(?:(?:is|at)${GAP})?` +
    `(\\d{2,3})${NO_UNIT}(?![\\w/-])${NOT_GLUCOSE_AFTER}`,
  "gi",
);
/**
 * A rise said with no glucose word ("went from 45 to 85", "now 85", "up to 85"): the glucose now, where the measure
 * spoken of last before it is a glucose, in this message or an older one of this patient's ("bgl 40, d10 given" then
 * "went from 45 to 85, more d10?" dosed a second D10; eighth read). With no glucose spoken of it is not read: it may
 * be a heart rate. Another vital named before it in the message ("hr went from 45 to 85") is that vital's, and so is
 * one named after the number ("now 92 on room air", "now 70 over 40"). A fall after it is newer ("went from 38 to 85
 * but dropped back to 50", "38 -> 85 -> 50": TP 1203 step 7 reads the glucose now; ninth read, Low 3).
 */
const RISE = new RegExp(
  `(?<![\\w/-])(?:(?:(?:went|gone|came|come|rose|risen|climbed|improved|increased|jumped|bumped|up)${GAP})*` +
    `(?:from${GAP}\\d{2,3}${GAP}(?:up${GAP})?to${GAP}|` +
    // "38 -> 85 -> 50": the chain's last is the newest (ninth read, Low 3)
    `(?:from${GAP})?\\d{2,3}(?:[^\\S\\n]*(?:->|→)[^\\S\\n]*\\d{2,3})*[^\\S\\n]*(?:->|→)[^\\S\\n]*)|` +
    `(?:(?:went|came|is|it['’]?s|back)${GAP})?up${GAP}to${GAP}|` +
    // "but dropped back to 50", "then down to 50": a fall after the rise is newer still
    `(?:dropped|drops|dropping|fell|fallen|falling|down|decreased|declined|back)(?:${GAP}(?:back|down))?${GAP}to${GAP}|` +
    `now${GAP}(?:(?:at|is|up${GAP}to|back${GAP}(?:up${GAP}|down${GAP})?to)${GAP})?)` +
    `(\\d{2,3})${NO_UNIT}(?![\\w/-])${NOT_GLUCOSE_AFTER}` +
    `(?!${GAP}(?:doses?|times|x|years?|yrs?|months?|mos?|weeks?|wks?|days?)\\b)`,
  "gi",
);
/** A measure spoken of: group 1 a glucose (or hypoglycemia), else another vital or lab. */
const MEASURE = new RegExp(
  `(?<![\\w/-])(?:(${GLUCOSE_WORD}|hypoglyc\\w*)|bp|b\\/p|blood${GAP}pressure|sbp|dbp|systolic|map|hr|heart${GAP}rate|` +
    `pulse|rate|sats?|spo2|sao2|o2|rr|resp\\w*|etco2|co2|gcs|pain|temps?|temperature|k|potassium|weight|wt|score)` +
    `(?![\\w/-])`,
  "gi",
);

/** True when the measure spoken of last before `at` in `text` is a glucose, or none is and `olderSpoke`. */
function glucoseSpokenBefore(text: string, at: number, olderSpoke: boolean): boolean {
  const last = [...text.slice(0, at).matchAll(MEASURE)].filter((m) => !aboutAnother(text, m.index)).at(-1);
  return last ? last[1] !== undefined : olderSpoke;
}

/** True when `text` speaks of the patient's glucose at all ("bgl 40", "checking sugar", "hypoglycemic"). */
const speaksOfGlucose = (text: string) => glucoseSpokenBefore(text, text.length, false);

/** A glucose in mmol/L ("bgl 4.5 mmol"): the chat never converts, so it is asked. */
const MMOL = new RegExp(
  // "bgl 4.5 mmol", and a decimal with no unit ("bgl 4.5"): no mg/dL glucose is written so
  `(?<![\\w/-])${GLUCOSE_WORD}${BETWEEN}[^\\S\\n]*[:=]?[^\\S\\n]*(?:\\d{1,2}(?:\\.\\d)?[^\\S\\n]*mmol(?:[^\\S\\n]*\\/[^\\S\\n]*l)?|` +
    `\\d{1,2}\\.\\d)(?![\\w.])`,
  "gi",
);
/** "hypoglycemia", "hypoglycemic", "low blood sugar": said with no number, hypoglycemia as the medic sees it. */
const LOW_SAID =
  /(?<![\w/-])(?:hypoglyc(?:a)?emi[ac]|low\s+(?:blood\s+)?(?:sugar|glucose|bgl|bg)|(?:sugar|glucose|bgl)\s+(?:is\s+)?low)(?![\w/-])/gi;

/** Above the meter's range, read as a number well above 60 mg/dL. */
const METER_HIGH = 600;
/** "wnl", "normal": a normal glucose, read as one well above 60 mg/dL. */
const NORMAL = 100;
const valueOf = (said: string) =>
  /^(?:hi|high)$/i.test(said)
    ? METER_HIGH
    : /^(?:lo|low)$/i.test(said)
    ? 0
    : /^(?:wnl|normal)$/i.test(said)
    ? NORMAL
    : Number(said);

type Said = { at: number; value: number; quote: string; mmol?: boolean };

/**
 * Every glucose said in `text` that is the patient's (not "mom's bgl is 110"), newest first; `olderSpoke`: an older
 * message of this patient's spoke of a glucose, so a bare rise may be one.
 */
function glucosesIn(text: string, olderSpoke: boolean): Said[] {
  const said: Said[] = [];
  for (const m of text.matchAll(GLUCOSE)) {
    if (aboutAnother(text, m.index)) continue;
    said.push({ at: m.index, value: valueOf(m[1] ?? m[2] ?? m[3] ?? m[4]), quote: m[0].trim() });
  }
  for (const m of text.matchAll(MMOL)) {
    if (aboutAnother(text, m.index)) continue;
    said.push({ at: m.index, value: Number.NaN, quote: m[0].trim(), mmol: true });
  }
  if (said.length > 0) {
    const first = Math.min(...said.map((s) => s.at));
    for (const m of text.matchAll(THEN_GLUCOSE)) {
      const at = m.index + m[0].indexOf(m[1]);
      if (m.index <= first || said.some((s) => at >= s.at && at < s.at + s.quote.length + 2)) continue;
      if (aboutAnother(text, m.index + 1)) continue;
      said.push({ at, value: Number(m[1]), quote: m[0].replace(/^[,;\s]+|^(?:and|->|→)\s*/i, "").trim() });
    }
  }
  for (const m of text.matchAll(RISE)) {
    const at = m.index + m[0].lastIndexOf(m[1]);
    if (said.some((s) => at >= s.at && at < s.at + s.quote.length + 2)) continue; // "bgl up to 85": read
    if (aboutAnother(text, m.index) || !glucoseSpokenBefore(text, m.index, olderSpoke)) continue;
    said.push({ at: m.index, value: Number(m[1]), quote: m[0].trim() });
  }
  for (const m of text.matchAll(LOW_SAID)) {
    if (!aboutAnother(text, m.index)) said.push({ at: m.index, value: 0, quote: m[0] });
  }
  return said.sort((a, b) => b.at - a.at); // the last said in a message is its newest
}

export interface GlucoseReading {
  /** The newest glucose said, mg/dL, at or above HYPOGLYCEMIA_BELOW_MG_DL (NaN: said in mmol/L). */
  readonly value: number;
  /** What the medic wrote of it ("bgl now 110"). */
  readonly quote: string;
  /** The older hypoglycemia it follows ("bgl 40"), when one was said. */
  readonly was?: string;
}

/**
 * The newest glucose said in this patient's messages (newest first), when it is 60 mg/dL or above, or in mmol/L,
 * and nothing newer says the glucose is low: no indication for dextrose. A reading below 60, or "hypoglycemic"
 * said after it, is hypoglycemia (undefined).
 */
export function glucoseNotLow(textsNewestFirst: readonly string[]): GlucoseReading | undefined {
  let newest: Said | undefined;
  for (const [n, text] of textsNewestFirst.entries()) {
    for (const reading of glucosesIn(text, textsNewestFirst.slice(n + 1).some(speaksOfGlucose))) {
      const low = !reading.mmol && reading.value < HYPOGLYCEMIA_BELOW_MG_DL;
      if (!newest) {
        if (low) return undefined;
        newest = reading;
      } else if (low) {
        return { value: newest.value, quote: newest.quote, was: reading.quote };
      }
    }
  }
  return newest && { value: newest.value, quote: newest.quote };
}
