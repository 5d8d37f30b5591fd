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

/**
 * Where the protocol turns when nitroglycerin is held, for the indication asked: TP 1211 step 8 (pain
 * management, MCG 1345) for chest pain; TP 1214's other steps for pulmonary edema (CPAP at step 4, base contact
 * for distress CPAP does not relieve, step 10 for failure or shock). Both when no indication was read.
 */
const HELD_NEXT: Readonly<Record<string, string>> = {
  "chest-pain": "for chest pain with nitroglycerin held, TP 1211 step 8 turns to pain management (MCG 1345)",
  "pulmonary-edema": "for pulmonary edema, TP 1214 step 8 holds nitroglycerin and its other steps stand: " +
    "CPAP (step 4, MCG 1315) where its conditions are met, base contact for severe distress CPAP does not " +
    "relieve, and step 10 for respiratory failure or shock",
};

/** The ENHANCER_NAMED refusal's words: the hold, the drug named, and where the protocol for `indication` turns. */
export function enhancerHeldMessage(named: string, indication: string | undefined): string {
  const next = indication && HELD_NEXT[indication]
    ? [HELD_NEXT[indication]]
    : [HELD_NEXT["chest-pain"], HELD_NEXT["pulmonary-edema"]];
  const said = next.join("; ");
  return "Nitroglycerin is held after a sexually enhancing drug taken within 48 hours (TP 1211, TP 1214, " +
    `MCG 1317.31), and the messages name one ("${named}"): no nitroglycerin dose is given. When it was taken ` +
    `is not read here. ${said.charAt(0).toUpperCase()}${said.slice(1)}.`;
}
