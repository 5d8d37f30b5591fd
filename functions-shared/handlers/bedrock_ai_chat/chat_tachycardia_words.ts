/**
 * A tachycardia as medics write it, with no I/O (medical director's twelfth read):
 * - its rate, written after the rhythm's name ("svt 190", "svt at 140", "narrow complex tach 140", "svt in the
 *   200s"): it decides adenosine (TP 1213: SVT from 150 bpm; TP 1213-P: a child's from 180, an infant's from 220),
 *   and only "hr 140" had been read, so "svt 140" was dosed with "check the heart rate first" (H3);
 * - poor perfusion said beside SVT: TP 1213 step 11 gives an alert patient 12 mg first, not step 10's 6 (M4).
 */
import { deniedAt } from "./chat_denials.ts";

/** A tachycardia's name: SVT, narrow/wide-complex, sinus, ventricular, or a bare "tachy"/"tach". */
const RHYTHM =
  String.raw`(?:p?svt|supraventricular\s+tach\w*|(?:narrow|wide)[\s-]*complex\s+tach\w*|nct|wct|` +
  String.raw`sinus\s+tach\w*|v[\s-]*tach\w*|ventricular\s+tach\w*|tach(?:y|ycardia|ycardic)?)`;
/** The rate right after it: "190", "at 190", "of 190", "@190", "rate 190", "in the 190s", "190 bpm". */
const RATE_AFTER_RHYTHM = new RegExp(
  String.raw`(?<![\w-])${RHYTHM}[\s,:]*(?:(?:at|of|@|rate(?:\s+of)?|with\s+a\s+rate\s+of|in\s+the)\s*)?` +
    String
      .raw`(\d{2,3})(?:s|\s*bpm)?(?![\d./])(?!\s*(?:mg|mcg|j\b|joules?|kg|lbs?|min|mins|minutes|sec|s\b|` +
    String.raw`hours?|hrs?|h\b|yo|y\/o|years?|yrs?|days?|%|ml|[\s-]*lead|x\b|times))`,
  "i",
);
/** Every rate after a rhythm, made once (read for every message). */
const RATES_AFTER_RHYTHMS = new RegExp(RATE_AFTER_RHYTHM.source, "gi");
/** The lowest and highest rate a medic would mean (the API takes 0–350). */
const PLAUSIBLE = [40, 350] as const;

/** The heart rate written after a tachycardia's name, or undefined. */
export function rateAfterRhythm(text: string): number | undefined {
  const m = RATE_AFTER_RHYTHM.exec(text);
  if (!m) return undefined;
  const rate = Number(m[1]);
  return rate >= PLAUSIBLE[0] && rate <= PLAUSIBLE[1] ? rate : undefined;
}

/**
 * The text with each rate written after a rhythm's name blanked (same length): "svt 180, 6mg adenosine x1 given" is
 * a rate and one dose, never a series of amounts 180 and 6 (chat_series.ts), whose count would then go unread (M4).
 */
export function withoutRhythmRates(text: string): string {
  return text.replace(RATES_AFTER_RHYTHMS, (whole, rate: string) => {
    const at = whole.lastIndexOf(rate);
    return whole.slice(0, at) + " ".repeat(rate.length) + whole.slice(at + rate.length);
  });
}

/** Poor perfusion, said of this patient: "poor perfusion", "poorly perfusing", "hypoperfusion", "hypotensive". */
const POOR_PERFUSION =
  /(?<![\w-])(?:poor(?:ly)?[\s-]+perfus\w*|hypo[\s-]?perfus\w*|hypotensive|hypotension)(?![\w-])/gi;

/**
 * Adenosine's SVT with poor perfusion said in the same message and not denied ("no hypotension", "good perfusion"
 * says none) is TP 1213 step 11's (svt-poor-perfusion); anything else is left as read.
 */
export function perfusionNarrowed(medicationId: string, text: string, found: string): string {
  if (medicationId !== "adenosine" || found !== "svt") return found;
  const said = [...text.matchAll(POOR_PERFUSION)].some((m) =>
    !deniedAt(text, m.index, m.index + m[0].length)
  );
  return said ? "svt-poor-perfusion" : found;
}
