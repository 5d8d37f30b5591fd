/**
 * A crush injury with ECG signs of hyperkalaemia, said anywhere in a message, with no I/O: "pinned under a
 * beam, peaked T waves, calcium?" is crush-hyperkalemia (TP 1242-P / TP 1242 step 10). Hyperkalaemia said
 * without a crush is not: a child is then given no calcium chloride or bicarbonate (no paediatric protocol gives
 * them for it outside a crush injury), so a crush is read narrowly ("crushing chest pain", "crushed pills" and
 * "pupils pinned" are none), and a crush or hyperkalaemia word in a clause that denies anything is not read:
 * "no crush injury, peaked T waves" must not dose a child as a crush.
 */

/** Hyperkalaemia beyond the indication's own names: the lab value, and the ECG sign TP 1242-P step 10 names. */
export const HYPERKALEMIA_SIGNS: readonly string[] = [
  "hyperkalemic",
  "hyperkalaemic",
  "high potassium",
  "elevated potassium",
  "peaked t waves",
  "peaked t wave",
];

/** Crush said: not "crushing", nor crushed tablets; pinned or trapped only under or between something. */
const CRUSH = new RegExp(
  "(?<![\\w-])crush(?:ed)?(?![\\w-])(?!\\s+(?:(?:the|his|her|their|a|an)\\s+)?" +
    "(?:pills?|tabs?|tablets?|meds?|medications?|aspirin|asa|ice)\\b)|" +
    "\\b(?:pinned|entrapped|trapped)\\s+(?:under|beneath|between|below|against)\\b",
  "i",
);

/** A word that denies, anywhere in the clause ("no crush", "not entrapped", "non-crush", "without peaked T"). */
const DENIAL = /\b(?:no|not|non|without|denies|denied|negative|neg|never|nor|ruled\s+out|r\/o)\b|n['’]t\b/i;

const clauses = (text: string) => text.split(/[,;:!?\n]|\.(?!\d)/);

/** Whether any clause says it, and whether a clause that says it also denies something. */
function reading(text: string, says: (clause: string) => boolean): { said: boolean; denied: boolean } {
  const saying = clauses(text).filter(says);
  return { said: saying.length > 0, denied: saying.some((c) => DENIAL.test(c)) };
}

/**
 * What `text` says of hyperkalaemia (`hyperkalemia`: its patterns) and a crush, said there or in an earlier
 * message of `context`: crush-hyperkalemia when both are said and no clause saying either denies anything;
 * hyperkalemia when hyperkalaemia is said and a crush denied ("no crush injury, hyperkalemia"); else undefined.
 */
export function crushHyperkalemiaSaid(
  text: string,
  context: readonly string[],
  hyperkalemia: readonly RegExp[],
): "crush-hyperkalemia" | "hyperkalemia" | undefined {
  const signs = reading(text, (clause) => hyperkalemia.some((p) => p.test(clause)));
  if (!signs.said || signs.denied) return undefined;
  const crush = [text, ...context].map((t) => reading(t, (clause) => CRUSH.test(clause)));
  if (crush.some((c) => c.denied)) return "hyperkalemia";
  return crush.some((c) => c.said) ? "crush-hyperkalemia" : undefined;
}
