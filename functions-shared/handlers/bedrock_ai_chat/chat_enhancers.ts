/**
 * A sexually enhancing (erectile dysfunction) drug named as taken, with no I/O. TP 1211 and TP 1214 hold
 * nitroglycerin when one was taken within 48 hours, and MCG 1317.31 names sildenafil, tadalafil and vardenafil;
 * the dosing engine has no such fact, so the chat gives no nitroglycerin where a message names one (medical
 * director: "chest pain, pt took viagra, nitro adult" was given 0.4 mg). When it was taken is not read: a time
 * said is still the medic's to weigh with base.
 */

/** The drugs by generic and brand name, and the ways a medic says the class. */
const ENHANCER = new RegExp(
  "\\b(?:sildenafil|viagra|revatio|tadalafil|cialis|adcirca|vardenafil|levitra|staxyn|avanafil|stendra|" +
    "pde-?5(?:\\s+inhibitors?)?|ed\\s+(?:meds?|medications?|pills?|drugs?)|erectile\\s+dysfunction\\s+" +
    "(?:meds?|medications?|pills?|drugs?)|(?:sexual(?:ly)?|male)\\s+enhance(?:ment|ing)(?:\\s+(?:meds?|" +
    "medications?|pills?|drugs?))?)(?![\\w-])",
  "gi",
);
/** A denial before the name in its clause ("denies viagra", "no ed meds", "not on cialis", "didn't take"). */
const DENIED = /\b(?:no|denies|denied|denying|not|never|neg|negative|without|nor)\b|n['’]?t\b/i;
/**
 * A verb of taking after the denial, with a word between, keeps the name affirmed ("denies cp took viagra");
 * right after it the verb is what is denied ("never took", "hasn't taken").
 */
const TAKEN = /^\s*\S+\s+(?:\S+\s+)*?(?:took|taken|used|had|popped)\b/i;
const CLAUSE = /[,;.!?\n]|\b(?:but|though|however|then|also|and)\b/gi;

/** The first drug name `text` says as taken, or undefined (none, or each one denied in its clause). */
function enhancerNamed(text: string): string | undefined {
  for (const m of text.matchAll(ENHANCER)) {
    const before = text.slice(0, m.index).split(CLAUSE).at(-1) ?? "";
    const denial = DENIED.exec(before);
    if (!denial || TAKEN.test(before.slice(denial.index + denial[0].length))) return m[0];
  }
  return undefined;
}

/** The enhancer named in any of this patient's messages, or undefined. */
export function enhancerNamedIn(userTexts: readonly string[]): string | undefined {
  for (const text of userTexts) {
    const named = enhancerNamed(text);
    if (named) return named;
  }
  return undefined;
}
