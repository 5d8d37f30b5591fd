/**
 * One tokenizer and one term normaliser for indexing and for queries, so both sides agree on what a
 * word is: lower case, accents folded, a light plural stemmer, English stop words dropped. Decimal
 * numbers ("0.4", "1317.17") and hyphenated clinical words ("12-lead") survive as single terms.
 */

const STOP_WORDS = new Set(
  ("a an and are as at be but by for from has have if in into is it its of on or per shall should " +
    "that the their then there these this to was were will with within without which who whom may " +
    "can do does what when where how i me my we our you your he she his her they them patient patients " +
    "pt what's whats give given use used").split(" "),
);

/** Split into raw tokens; keeps "0.4", "1317.17", "12-lead", "v-fib". */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9.\-]+/)
    .map((t) => t.replace(/^[.\-]+|[.\-]+$/g, ""))
    .filter((t) => t.length > 0);
}

/**
 * Query side only: apostrophes removed, so "can't", "won't", "child's" read as "cant", "wont", "childs"
 * — how crews type them and how the vocabulary and the lay glossary write them. The index keeps
 * `tokenize` as it is.
 */
export function foldApostrophes(text: string): string {
  return text.replace(/['’‘ʼ]/g, "");
}

/** "injuries" → "injury", "doses" → "dose", "seizures" → "seizure"; short and Latin endings kept. */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (term.endsWith("ies") && term.length > 4) return term.slice(0, -3) + "y";
  if (/(sses|xes|ches|shes)$/.test(term)) return term.slice(0, -2);
  if (term.endsWith("s") && !/(ss|us|is|os|as)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** A token as the index stores it, or null for a stop word. */
export function normalizeTerm(token: string): string | null {
  if (STOP_WORDS.has(token) || /^[a-z]$/.test(token)) return null;
  // "12-lead" is a term of its own; "v-fib" is also searchable as "vfib".
  return stem(token);
}

/** Tokens → index terms (hyphenated words also give their joined form). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = normalizeTerm(token);
    if (term === null) continue;
    out.push(term);
    if (term.includes("-")) {
      const joined = term.replaceAll("-", "");
      if (joined.length > 1) out.push(joined);
      for (const part of term.split("-")) {
        const p = normalizeTerm(part);
        if (p && p.length > 1) out.push(p);
      }
    }
  }
  return out;
}
