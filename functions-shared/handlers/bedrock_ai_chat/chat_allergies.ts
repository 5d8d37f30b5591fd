/**
 * An allergy to the medication asked about, said in this patient's messages, with no I/O. The drug cards list a
 * known allergy to the drug as a contraindication (MCG 1317.27 morphine, "or other narcotic medications"; 1317.7
 * aspirin; 1317.22 ketorolac, to NSAIDs; 1317.33 ondansetron; 1317.3 albuterol; 1317.19 fentanyl), and the dosing
 * engine has no such fact: "allergic to morphine, had a reaction to it, morphine?" was given 4 mg (medical
 * director's ninth read, L4). The chat gives no dose of a drug the patient is said to be allergic to (ALLERGY_NAMED);
 * the medic decides with base. A drug class counts for its members ("allergic to narcotics": morphine, fentanyl).
 */
import { findMedications } from "./chat_names.ts";

/** A class a medic names as the allergy, and the formulary's drugs in it. */
const CLASSES: readonly [RegExp, readonly string[]][] = [
  [/\b(?:narcotics?|opiates?|opioids?|opiods?)\b/i, ["morphine", "fentanyl"]],
  // MCG 1317.27: an allergy to morphine "or other narcotic medications" (eleventh read, H6: codeine, dilaudid)
  [
    /\b(?:codeine|hydromorphone|dilaudid|oxycodone|oxycontin|hydrocodone|norco|vicodin|percocet|tramadol|meperidine|demerol|methadone|ms[o0]4|fentanyl)\b/i,
    ["morphine"],
  ],
  [/\b(?:nsaids?|anti[\s-]?inflammator(?:y|ies)|ibuprofen|motrin|advil|naproxen|aleve)\b/i, [
    "ketorolac",
    "aspirin",
  ]],
];

/** The words that say an allergy to what follows ("allergic to", "allergies:", "reaction to", "hx of anaphylaxis to"). */
const ALLERGY = new RegExp(
  "\\b(?:allergic\\s+to|allerg(?:y|ies)(?:\\s+to|\\s*[:=-]|\\s+include\\w*)|allergies(?=\\s+[a-z])|" +
    "(?:nkda|nka|no\\s+(?:known\\s+)?(?:drug\\s+)?allergies)\\s+(?:except|but)|reactions?\\s+to|" +
    // a reaction to a drug just given ("hives after the morphine": eleventh read, Medium 1)
    "(?:hives|itch\\w*|rash|swelling|flushing|wheez\\w*|stridor)(?:\\s+and\\s+\\w+)?\\s+(?:right\\s+|just\\s+)?after\\s+" +
    "(?:the\\s+|his\\s+|her\\s+|giving\\s+)?|" +
    "anaphylaxis\\s+to|hypersensitiv\\w*\\s+to)\\s*",
  "gi",
);
/** "<drug> allergy", "pcn and morphine allergies": up to three words before the allergy word (group 1). */
const ALLERGY_AFTER = /((?:[\w-]+[\s\/&]+){0,3}?[\w-]+)\s+(?:allergy|allergies|allergic)\b/gi;
/** No allergy said ("no allergies", "nkda", "not allergic to morphine", "denies allergies"). */
const NONE = /\b(?:no|not|nkda|nka|denies|denied|negative|without)\b/i;

/**
 * What an allergy word names: its first item whole, then more single words only in a list ("allergies: pcn, morphine,
 * sulfa"; "allergic to pcn and morphine"; "pcn, sulfa and codeine"), never the rest of the message ("allergic to pcn,
 * versed" asks for versed; "allergic reaction to bee sting, gave epi" names a bee sting). In a question the last
 * word is what is asked ("allergies: peanuts, shellfish, epi?").
 */
function allergensAfter(
  rest: string,
  listForm: boolean,
  asks: boolean,
  request: (item: string) => boolean,
): string {
  const [first, ...pieces] = rest.split(/(\s*(?:,\s*(?:and|or)\b|,|\/|&|\band\b|\bor\b)\s*)/);
  const items: { sep: string; item: string }[] = [];
  for (let i = 0; i + 1 < pieces.length; i += 2) {
    const item = pieces[i + 1].trim().replace(/^to\s+/i, ""); // "allergic to penicillin and to morphine"
    if (!/^[\w-]+$/.test(item)) break;
    items.push({ sep: pieces[i].trim(), item });
  }
  const taken = asks ? items.slice(0, -1) : items;
  // A comma list's last word is the request when it is the only drug the message names ("allergic to pcn, versed");
  // beside another drug it is an allergen ("allergic to pcn, morphine. fentanyl?": eleventh read, H5).
  const last = taken.at(-1);
  const list = !listForm && last?.sep === "," && request(last.item) ? taken.slice(0, -1) : taken;
  // "allergic to pcn morphine?" typed with no comma: in a question, a drug ending the only item is the request, not a
  // second allergen (it had been dropped with no word to the medic: fifteenth read, V1).
  const words = first.trim().split(/\s+/);
  const lastDrug = asks && items.length === 0 && words.length > 1 &&
    findMedications(words.at(-1)!).length === 1;
  const head = lastDrug ? words.slice(0, -1).join(" ") : first;
  return [head, ...list.map((t) => t.item)].join(", ");
}

/** True when `item` names the one drug `text` names (it is then the one asked about). */
function onlyDrugNamed(text: string, item: string): boolean {
  const named = findMedications(item).map((m) => m.id);
  const all = new Set(findMedications(text).map((m) => m.id));
  return named.length === 1 && all.size === 1 && all.has(named[0]);
}

/** The medication ids a phrase names, members of a class named included. */
function drugsIn(phrase: string): Set<string> {
  const ids = new Set(findMedications(phrase).map((m) => m.id));
  for (const [pattern, members] of CLASSES) if (pattern.test(phrase)) members.forEach((id) => ids.add(id));
  return ids;
}

/** Each allergy said in `text`: the words as written, where, and the drugs it names. */
function allergiesIn(text: string): { said: string; at: number; drugs: Set<string> }[] {
  const found: { said: string; at: number; drugs: Set<string> }[] = [];
  let start = 0;
  for (const piece of text.split(/(?<=[.;!?\n])/)) {
    const clause = piece.replace(/[.;!?\n]+$/, "");
    for (const m of clause.matchAll(ALLERGY)) {
      const listForm = /^allergies|[:=-]\s*$|include\w*\s*$|except\s*$|but\s*$/i.test(m[0]);
      const named = allergensAfter(
        clause.slice(m.index + m[0].length),
        listForm,
        piece.trimEnd().endsWith("?"),
        (item) => onlyDrugNamed(text, item),
      );
      if (NONE.test(clause.slice(Math.max(0, m.index - 14), m.index))) continue;
      found.push({ said: `${m[0]}${named}`.trim(), at: start + m.index, drugs: drugsIn(named) });
    }
    for (const m of clause.matchAll(ALLERGY_AFTER)) {
      if (!NONE.test(m[1])) found.push({ said: m[0].trim(), at: start + m.index, drugs: drugsIn(m[1]) });
    }
    start += piece.length;
  }
  return found;
}

/** The words of `text` that say an allergy to `medicationId`, as written, or undefined. */
const allergyIn = (text: string, medicationId: string) =>
  allergiesIn(text).find((a) => a.drugs.has(medicationId))?.said;

/**
 * The drugs `text` names only inside an allergy ("allergic to morphine, fentanyl?": morphine): not asked about. But
 * "allergic to morphine?", a question mark right after the allergy and no other drug named, asks about the drugs in
 * it: they are asked, so ALLERGY_NAMED says why no dose follows (dropped with no word to the medic: fifteenth read).
 */
export function namedOnlyInAllergies(text: string): ReadonlySet<string> {
  let rest = text;
  const allergies = allergiesIn(text);
  for (const { said, at } of allergies) {
    rest = rest.slice(0, at) + " ".repeat(said.length) + rest.slice(at + said.length);
  }
  const outside = new Set(findMedications(rest).map((m) => m.id));
  const inside = new Set(findMedications(text).map((m) => m.id).filter((id) => !outside.has(id)));
  const asksOfIt = outside.size === 0 && inside.size > 0 &&
    allergies.some(({ said, at }) => /^\s*\?/.test(text.slice(at + said.length)));
  return asksOfIt ? new Set() : inside;
}

/** The allergy to `medicationId` said in any of this patient's messages (newest first), as written, or undefined. */
export function allergyNamed(userTexts: readonly string[], medicationId: string): string | undefined {
  for (const text of userTexts) {
    const said = allergyIn(text, medicationId);
    if (said) return said;
  }
  return undefined;
}

/** The ALLERGY_NAMED refusal's words: short, on a phone. */
export const allergyHeldMessage = (said: string, medication: string) =>
  `You wrote '${said}': a known allergy to the drug or its class is a contraindication on its drug card (MCG 1317). No ` +
  `${medication} dose is given; contact base for another.`;
