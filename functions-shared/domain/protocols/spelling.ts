/**
 * Spelling correction against the index's own vocabulary: a word the corpus does not hold (nor begins)
 * is replaced by the nearest corpus term, the distance allowed growing with the word's length (long
 * clinical words are where typing goes wrong, and where an edit or three still leaves one reading).
 * Ties go to the term in the most sections, unless they are clinical opposites (opposites.ts). Words of
 * three letters or fewer are left alone: too many terms lie one edit away.
 */
import { corpusBase } from "./morphology.ts";
import { FIELD_COUNT, type Postings } from "./postings.ts";
import { opposite, OPPOSITE_PREFIXES } from "./opposites.ts";
import { fuzzyMatches, prefixRange } from "./term_dictionary.ts";
import { normalizeTerm } from "./text.ts";

/** Edits forgiven for a word of this length: about one per four letters, at most three. */
export function correctionDistance(length: number): number {
  return length >= 10 ? 3 : length >= 7 ? 2 : length >= 4 ? 1 : 0;
}

const CLINICAL_PREFIXES = OPPOSITE_PREFIXES.flat();

/**
 * The length of a clinical prefix (hyper-, hypo-, tachy-, brady-; opposites.ts) both words begin with, else 0.
 * Such a prefix typed whole holds no typo, and what the word names is in the rest: "hyponatremia" is three
 * edits from "hypocalcemia", all in "natremia" against "calcemia", two different salts. So the edits forgiven
 * are counted on the rest's length.
 */
function sharedClinicalPrefix(a: string, b: string): number {
  return CLINICAL_PREFIXES.find((prefix) => a.startsWith(prefix) && b.startsWith(prefix))?.length ?? 0;
}

/** Words whose reading is remembered per index; past this the memo starts again. */
const MEMO_WORDS = 4096;

/** A function that returns a typed token as the corpus spells it (the token itself when known). */
export type Corrector = (token: string) => string;

/**
 * `english`: whether a word the corpus lacks is a real English word (lexicon.ts); such a word is left as
 * typed, or read as its base form when the corpus holds that ("vomited" → "vomit").
 */
export function spellingCorrector(
  p: Postings,
  english: (word: string) => boolean = () => false,
): Corrector {
  // A term is its own prefix: a non-empty range means the corpus has the word or a longer one.
  const known = (term: string) => {
    const [start, end] = prefixRange(p.terms, term);
    return end > start;
  };
  const sectionsWith = (t: number) =>
    p.termFieldStart[(t + 1) * FIELD_COUNT] - p.termFieldStart[t * FIELD_COUNT];
  const memo = new Map<string, string>();
  return (token) => {
    let read = memo.get(token);
    if (read === undefined) {
      if (memo.size >= MEMO_WORDS) memo.clear();
      memo.set(token, read = correct(token));
    }
    return read;
  };

  function correct(token: string): string {
    const term = normalizeTerm(token);
    if (term === null || /[\d.\-]/.test(token) || known(term) || known(token)) return token;
    const maxDistance = correctionDistance(token.length);
    if (maxDistance === 0) return token;
    const base = corpusBase(p, token);
    if (base !== null) return base;
    if (english(token)) return token;
    let nearest: number[] = [], nearestDistance = Infinity;
    for (const { term: t, distance } of fuzzyMatches(p.trie, token, maxDistance)) {
      // A corpus term that is mostly digits or punctuation is no spelling of a word; a clinical opposite
      // is none either ("hyponatremia", which the corpus lacks, is not "hypernatremia"; opposites.ts).
      if (/[\d.\-]/.test(p.terms[t]) || opposite(token, p.terms[t])) continue;
      if (distance > correctionDistance(token.length - sharedClinicalPrefix(token, p.terms[t]))) continue;
      if (distance < nearestDistance) [nearest, nearestDistance] = [[t], distance];
      else if (distance === nearestDistance) nearest.push(t);
    }
    // A typo as near one end of a pair as the other ("hypetension": hypotension, hypertension) says
    // neither: it is left as typed, and the search matches both (scoring.ts) rather than pick one.
    if (nearest.some((a) => nearest.some((b) => opposite(p.terms[a], p.terms[b])))) return token;
    let best = -1;
    for (const t of nearest) if (best < 0 || sectionsWith(t) > sectionsWith(best)) best = t;
    return best < 0 ? token : p.terms[best];
  }
}
