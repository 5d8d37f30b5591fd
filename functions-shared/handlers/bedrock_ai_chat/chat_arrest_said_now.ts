/**
 * Whether words of an arrest are said as now, with no I/O (read by chat_amiodarone_pulse.ts for the words of an arrest
 * anywhere in the patient's messages, where any one keeps amiodarone the arrest's dose): an arrest word denied, feared,
 * conditional, prepared for, doubted or asked is not ("no loss of pulse", "in case of arrest", "if he arrests", "do i
 * need cpr?", "arrest likely soon": Stop 61's read S, where each had kept 300 mg for a patient with a pulse).
 */
import { FEARED_ARREST } from "./chat_heart_stopped_words.ts";
import { blankAll, findMedications } from "./chat_names.ts";

/** A word before the arrest's name in its clause that denies, fears, conditions, prepares for or doubts it. */
const NOT_NOW = new RegExp(
  "(?<![\\w'’-])(?:no|not|never|almost|nearly|near|without|w\\/o|denies|negative|neg|if|case|might|may|could|would|will|\\w+['’]ll|" +
    "should|about\\s+to|gonna|going\\s+to|before|prior|possible|possibly|risk|r\\/o|rule\\s+out|signs?\\s+of|" +
    "prep\\w*|ready|worried|afraid|concern\\w*|for|likely|unlikely|" +
    "need\\s+for|(?:is|was|has|have|had|did|does|do|are|were|ca|can|could|wo|would|should|ai)\\s*n['’]?o?t)(?![\\w'’-])",
  "i",
);
/** A word right after the arrest's name that denies or doubts it ("arrest no", "cpr not needed", "arrest likely soon"). */
const NOT_NOW_AFTER =
  /^\s*[:=-]?\s*(?:no|not|n['’]?t|nope|negative|neg|none|never|likely|unlikely|possible|soon|pending|yet)(?![\w'’-])/i;
/**
 * `written` with the question mark after each medication it names, or after its dose, dropped ("arrest, amio?" is
 * "arrest, amio"; "arrest, amio 300?" is "arrest, amio 300").
 */
export function withoutQuestionMarks(written: string): string {
  return findMedications(written).reduce(
    (text, m) =>
      text.replace(
        new RegExp(
          `(${
            m.mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          }(?:\\s*\\d+(?:\\.\\d+)?\\s*(?:mg|mcg)?)?)\\s*\\?+`,
          "i",
        ),
        "$1",
      ),
    written,
  );
}

/**
 * Whether `pattern` (global) matches `written` somewhere said as now: not denied, feared, conditional, prepared for or
 * doubted by the words before it in its clause or right after it, nor asked ("do i need cpr?", "agonal? no"); a
 * medication's question mark is no question of the arrest. Also read by chat_amiodarone_pulse.ts, for the words of
 * an arrest anywhere.
 */
export function saidNow(written: string, pattern: RegExp): boolean {
  const text = blankAll(withoutQuestionMarks(written), FEARED_ARREST);
  return [...text.matchAll(pattern)].some((m) => {
    const before = (text.slice(0, m.index).split(/[,;.!\n]/).at(-1) ?? "").trim().split(/\s+/).slice(-5).join(
      " ",
    );
    const after = text.slice(m.index + m[0].length);
    // "no pulse" names the arrest with its own "no"; the words around it in its clause decide
    return !NOT_NOW.test(before) && !NOT_NOW_AFTER.test(after) && !/^[^,;.!\n]*\?/.test(after);
  });
}
