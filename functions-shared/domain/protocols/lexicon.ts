/**
 * English words the corpus does not use, from a general lexicon (WordNet's lemmas, read by `kb build`):
 * a query word that is one of them ("ladder", "pouring", "goes") is a real word, not a misspelling, so
 * the spelling corrector leaves it alone instead of reading it as the nearest corpus term ("bladder",
 * "during", "oes"). Only what the corpus does not already hold (nor begin) is kept in the index: a word
 * the corpus knows never reaches the corrector.
 *
 * Kept as one string, "\n"-delimited: loading it is a slice of the index's text, and a lookup (rare:
 * only for words the corpus lacks, memoised by the corrector) is one `indexOf`.
 */
import { baseForms, corpusBase } from "./morphology.ts";
import type { Postings } from "./postings.ts";
import { prefixRange } from "./term_dictionary.ts";
import { normalizeTerm } from "./text.ts";

/**
 * Nor longer than this: ten letters and more is where clinical words are misspelt (three edits
 * forgiven) and where an everyday word that close to a corpus term is rarest; leaving them out keeps
 * the index about 300 kB lighter.
 */
const MAX_LENGTH = 9;

/** The lexicon's words the corpus neither holds nor begins (nor a base form of them): "\nword\n…\n". */
export function unknownEnglish(postings: Postings, words: readonly string[]): string {
  const kept = new Set<string>();
  for (const word of words) {
    if (word.length > MAX_LENGTH || !/^[a-z]+$/.test(word)) continue;
    // What the corpus holds, or reads as a base form it holds, never reaches the lookup.
    const term = normalizeTerm(word);
    if (term === null || begun(postings, term) || begun(postings, word) || corpusBase(postings, word)) {
      continue;
    }
    kept.add(word);
  }
  return kept.size === 0 ? "" : `\n${[...kept].sort().join("\n")}\n`;
}

function begun(p: Postings, term: string): boolean {
  const [start, end] = prefixRange(p.terms, term);
  return end > start;
}

/** A lookup over `unknownEnglish`'s string: is the word, or a base form of it, an English word? */
export function englishLookup(lexicon: string): (word: string) => boolean {
  if (lexicon.length === 0) return () => false;
  // unknownEnglish sorts the words, so a lookup is a binary search: a scan of the whole string cost about
  // 1 ms for each word a warm isolate had not seen yet. A string that is not sorted lines is scanned.
  const sorted = sortedLines(lexicon);
  const has = (form: string) =>
    sorted && !form.includes("\n") ? hasLine(lexicon, form) : lexicon.includes(`\n${form}\n`);
  return (word) => baseForms(word).some(has);
}

/** "\n" + non-empty lines in strictly ascending code-unit order, each followed by "\n". */
function sortedLines(text: string): boolean {
  if (!text.startsWith("\n") || !text.endsWith("\n")) return false;
  let previous = "";
  for (let start = 1; start < text.length;) {
    const end = text.indexOf("\n", start);
    const line = text.slice(start, end);
    if (line.length === 0 || (start > 1 && line <= previous)) return false;
    previous = line;
    start = end + 1;
  }
  return true;
}

/** Is `word` a line of `text` (sortedLines)? Bisects character positions, reading the line at each. */
function hasLine(text: string, word: string): boolean {
  // [lo, hi): whole lines; lo starts one, hi is the "\n" that ends the last (or lo - 1 when none are left).
  let lo = 1, hi = text.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = text.lastIndexOf("\n", mid - 1) + 1;
    const end = text.indexOf("\n", start);
    const line = text.slice(start, end);
    if (line === word) return true;
    if (line < word) lo = end + 1;
    else hi = start - 1;
  }
  return false;
}

/** Words whose answer is remembered; past this the memo starts again (queries repeat words). */
const MEMO_WORDS = 4096;

/** The lookup with its answers remembered: a miss scans the whole string. */
export function memoised(lookup: (word: string) => boolean): (word: string) => boolean {
  const memo = new Map<string, boolean>();
  return (word) => {
    let found = memo.get(word);
    if (found === undefined) {
      if (memo.size >= MEMO_WORDS) memo.clear();
      memo.set(word, found = lookup(word));
    }
    return found;
  };
}
