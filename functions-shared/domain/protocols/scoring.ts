/**
 * BM25 over the postings, the way format 1's MiniSearch scored (same formula, boosts and prefix/fuzzy
 * weights, so rankings stay as they were): every query term adds its exact, prefix and fuzzy matches
 * to a per-section accumulator; a section's score is the sum times the number of distinct query terms
 * it matched. Accumulators are typed arrays kept with the postings and reset through the list of
 * sections touched, so a query allocates little and never walks the whole corpus.
 */
import { FIELD_COUNT, type Postings, sectionHasTerm } from "./postings.ts";
import { opposite } from "./opposites.ts";
import { findTerm, fuzziness, fuzzyMatches, prefixRange } from "./term_dictionary.ts";

const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.4;

export interface TermGroup {
  readonly terms: readonly string[];
  /** Weight of every term of the group (vocabulary expansions count less than typed words). */
  readonly boost: number;
  /** Misspellings tolerated: what a user typed, not the vocabulary's own words. */
  readonly fuzzy: boolean;
  /**
   * The group's terms count as one query term in a section's quality (the number of distinct query
   * terms it matched): a vocabulary reading of one typed word is one word, however many it adds.
   */
  readonly asOne?: boolean;
}

/** Field boosts in SEARCH_FIELDS order. */
export type FieldBoosts = readonly number[];

export interface SectionScores {
  /** Sections that matched, in the order first reached. */
  readonly sections: Uint32Array;
  readonly count: number;
  /** Final score of a section (0 when it did not match). Valid until the next scoreSections call. */
  score(section: number): number;
  /** The index terms that reached `section` (for the snippet's marks). */
  matchedTerms(section: number): Set<string>;
}

interface Scratch {
  readonly sum: Float64Array;
  readonly quality: Uint32Array;
  readonly lastSource: Uint32Array;
  readonly touched: Uint32Array;
  count: number;
}

const scratches = new WeakMap<Postings, Scratch>();

function scratchFor(p: Postings): Scratch {
  let s = scratches.get(p);
  if (!s) {
    const n = p.sectionCount;
    s = {
      sum: new Float64Array(n),
      quality: new Uint32Array(n),
      lastSource: new Uint32Array(n),
      touched: new Uint32Array(n),
      count: 0,
    };
    scratches.set(p, s);
  }
  for (let i = 0; i < s.count; i++) {
    const section = s.touched[i];
    s.sum[section] = 0;
    s.quality[section] = 0;
    s.lastSource[section] = 0;
  }
  s.count = 0;
  return s;
}

const prefixable = (term: string) => term.length >= 4 && !/\d/.test(term);

export function scoreSections(p: Postings, groups: readonly TermGroup[], boosts: FieldBoosts): SectionScores {
  const scratch = scratchFor(p);
  const reached: number[] = []; // term ids that scored, for matchedTerms
  let source = 0;
  for (const group of groups) {
    if (group.asOne) source++;
    for (const term of group.terms) {
      if (!group.asOne) source++;
      const exact = findTerm(p.terms, term);
      if (exact >= 0) accumulate(p, scratch, exact, group.boost, boosts, source, reached);
      const prefix = prefixable(term);
      if (prefix) {
        const [start, end] = prefixRange(p.terms, term);
        for (let t = start; t < end; t++) {
          if (t === exact) continue;
          const length = p.terms[t].length;
          const weight = PREFIX_WEIGHT * length / (length + 0.3 * (length - term.length));
          accumulate(p, scratch, t, group.boost * weight, boosts, source, reached);
        }
      }
      const maxDistance = group.fuzzy ? fuzziness(term) : 0;
      if (maxDistance === 0) continue;
      const fuzzyHit = (t: number, distance: number) => {
        // Exact and prefix matches were scored as such.
        if (distance === 0 || (prefix && p.terms[t].startsWith(term))) return;
        const length = p.terms[t].length;
        accumulate(
          p,
          scratch,
          t,
          group.boost * FUZZY_WEIGHT * length / (length + distance),
          boosts,
          source,
          reached,
        );
      };
      if (exact >= 0) {
        // A corpus term's matches were found when the index was built (the same walk's result).
        const { start, term: neighbour, distance } = p.fuzzy;
        for (let k = start[exact]; k < start[exact + 1]; k++) fuzzyHit(neighbour[k], distance[k]);
      } else {
        for (const { term: t, distance } of fuzzyMatches(p.trie, term, maxDistance)) {
          // A clinical opposite is no spelling of the typed word (opposites.ts), as in the lists.
          if (!opposite(term, p.terms[t])) fuzzyHit(t, distance);
        }
      }
    }
  }
  return {
    sections: scratch.touched,
    count: scratch.count,
    score: (section) => scratch.sum[section] * scratch.quality[section],
    matchedTerms: (section) => {
      const out = new Set<string>();
      for (const t of reached) if (sectionHasTerm(p, t, section)) out.add(p.terms[t]);
      return out;
    },
  };
}

function accumulate(
  p: Postings,
  s: Scratch,
  t: number,
  weight: number,
  boosts: FieldBoosts,
  source: number,
  reached: number[],
): void {
  reached.push(t);
  const documents = p.sectionCount;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const start = p.termFieldStart[t * FIELD_COUNT + f];
    const end = p.termFieldStart[t * FIELD_COUNT + f + 1];
    if (start === end) continue;
    const matching = end - start;
    const idf = Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
    const w = weight * boosts[f] * idf;
    const lengthNorm = K * B / p.averageFieldLength[f];
    for (let k = start; k < end; k++) {
      const section = p.postingSection[k];
      const count = p.postingCount[k];
      const length = p.fieldLength[section * FIELD_COUNT + f];
      const score = w * (D + count * (K + 1) / (count + K * (1 - B) + lengthNorm * length));
      if (s.quality[section] === 0) s.touched[s.count++] = section;
      if (s.lastSource[section] !== source) {
        s.lastSource[section] = source;
        s.quality[section]++;
      }
      s.sum[section] += score;
    }
  }
}
