/**
 * The inverted index as flat typed arrays: a sorted term list (a term's id is its position) and, per
 * term and field, the sections that hold it with the term's count. Typed arrays load as views of the
 * published bytes (index_file.ts), so a cold start parses no postings and rebuilds nothing.
 *
 * Postings are term-major, then field, then section ascending:
 *   termFieldStart[t * FIELD_COUNT + f] .. termFieldStart[t * FIELD_COUNT + f + 1]
 * index postingSection / postingCount. Field lengths count a field's distinct terms, as BM25 is fed.
 */
import { buildFuzzyNeighbours, buildTrie, type FuzzyNeighbours, type TermTrie } from "./term_dictionary.ts";
import { terms as textTerms } from "./text.ts";

export const SEARCH_FIELDS = ["title", "ref", "keywords", "heading", "content"] as const;
export type SearchField = typeof SEARCH_FIELDS[number];
export const FIELD_COUNT = SEARCH_FIELDS.length;
/** A count past this saturates: BM25's term-frequency curve is flat long before. */
const MAX_COUNT = 0xffff;

export interface Postings {
  readonly terms: readonly string[];
  /** The same terms as a trie, for the fuzzy walk. */
  readonly trie: TermTrie;
  /** Each term's fuzzy matches, taken at build time (format 5). */
  readonly fuzzy: FuzzyNeighbours;
  readonly sectionCount: number;
  readonly termFieldStart: Uint32Array;
  readonly postingSection: Uint32Array;
  readonly postingCount: Uint16Array;
  /** Distinct terms of each section's field: [section * FIELD_COUNT + field]. */
  readonly fieldLength: Uint32Array;
  readonly averageFieldLength: Float64Array;
}

/** One section's searchable text, field by field (in SEARCH_FIELDS order). */
export type SectionFields = Readonly<Record<SearchField, string>>;

export function buildPostings(sections: readonly SectionFields[]): Postings {
  const byTerm = new Map<string, number[][]>(); // term → per field: [section, count, section, count, …]
  const fieldLength = new Uint32Array(sections.length * FIELD_COUNT);
  const averageFieldLength = new Float64Array(FIELD_COUNT);
  sections.forEach((section, s) => {
    SEARCH_FIELDS.forEach((field, f) => {
      const counts = new Map<string, number>();
      for (const term of textTerms(section[field])) counts.set(term, (counts.get(term) ?? 0) + 1);
      fieldLength[s * FIELD_COUNT + f] = counts.size;
      // A running mean, section by section: the same figure MiniSearch computed for format 1.
      averageFieldLength[f] = (averageFieldLength[f] * s + counts.size) / (s + 1);
      for (const [term, count] of counts) {
        let fields = byTerm.get(term);
        if (!fields) byTerm.set(term, fields = SEARCH_FIELDS.map(() => []));
        fields[f].push(s, Math.min(count, MAX_COUNT));
      }
    });
  });
  const terms = [...byTerm.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const total = terms.reduce((n, t) => n + byTerm.get(t)!.reduce((m, list) => m + list.length / 2, 0), 0);
  const termFieldStart = new Uint32Array(terms.length * FIELD_COUNT + 1);
  const postingSection = new Uint32Array(total);
  const postingCount = new Uint16Array(total);
  let k = 0;
  terms.forEach((term, t) => {
    byTerm.get(term)!.forEach((list, f) => {
      termFieldStart[t * FIELD_COUNT + f] = k;
      for (let i = 0; i < list.length; i += 2, k++) {
        postingSection[k] = list[i];
        postingCount[k] = list[i + 1];
      }
    });
  });
  termFieldStart[terms.length * FIELD_COUNT] = k;
  const trie = buildTrie(terms);
  return {
    terms,
    trie,
    fuzzy: buildFuzzyNeighbours(terms, trie),
    sectionCount: sections.length,
    termFieldStart,
    postingSection,
    postingCount,
    fieldLength,
    averageFieldLength,
  };
}

/** Whether `section` holds term `t` in any field (binary search in each field's sorted postings). */
export function sectionHasTerm(p: Postings, t: number, section: number): boolean {
  for (let f = 0; f < FIELD_COUNT; f++) {
    let lo = p.termFieldStart[t * FIELD_COUNT + f];
    let hi = p.termFieldStart[t * FIELD_COUNT + f + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = p.postingSection[mid];
      if (s === section) return true;
      if (s < section) lo = mid + 1;
      else hi = mid;
    }
  }
  return false;
}
