/**
 * Lookups in the sorted term list (code-unit order): exact and prefix by binary search; fuzzy by
 * walking the list as an implicit trie, one Levenshtein row per character of the current term, rows
 * shared with the previous term's prefix, and every term under a prefix that is already too far
 * skipped with one binary search.
 */
import { opposite } from "./opposites.ts";

/** First position whose term is ≥ key. */
export function lowerBound(terms: readonly string[], key: string, from = 0): number {
  let lo = from, hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The term's id, or -1. */
export function findTerm(terms: readonly string[], term: string): number {
  const i = lowerBound(terms, term);
  return i < terms.length && terms[i] === term ? i : -1;
}

/** Ids [start, end) of the terms that begin with `prefix` (the prefix itself included). */
export function prefixRange(terms: readonly string[], prefix: string): readonly [number, number] {
  const start = lowerBound(terms, prefix);
  return [start, lowerBound(terms, `${prefix}\uffff`, start)];
}

/**
 * The terms as a trie in preorder (children by character code, so terms come in their sorted order):
 * node k's edge character, the end of its subtree (a pruned walk jumps there), and the term that ends
 * at it (NO_TERM when none). Node 0 is the root.
 */
export interface TermTrie {
  readonly char: Uint16Array;
  readonly subtreeEnd: Uint32Array;
  readonly term: Uint32Array;
}

export const NO_TERM = 0xffffffff;

export function buildTrie(terms: readonly string[]): TermTrie {
  const chars: number[] = [0], ends: number[] = [0], ids: number[] = [NO_TERM];
  const path: number[] = [0]; // node ids from the root to the previous term's last character
  let previous = "";
  terms.forEach((term, t) => {
    let shared = 0;
    while (shared < previous.length && shared < term.length && previous[shared] === term[shared]) shared++;
    while (path.length > shared + 1) ends[path.pop()!] = chars.length;
    for (let d = shared; d < term.length; d++) {
      path.push(chars.length);
      chars.push(term.charCodeAt(d));
      ends.push(0);
      ids.push(NO_TERM);
    }
    ids[path[path.length - 1]] = t;
    previous = term;
  });
  while (path.length > 0) ends[path.pop()!] = chars.length;
  return { char: Uint16Array.from(chars), subtreeEnd: Uint32Array.from(ends), term: Uint32Array.from(ids) };
}

export interface FuzzyMatch {
  readonly term: number;
  readonly distance: number;
}

/**
 * Every term within `maxDistance` edits (insert, delete, substitute) of `query`, in term order. Row k
 * of the matrix holds the distances from a node's k-character prefix to each prefix of the query, only
 * within maxDistance of the diagonal (cells outside it keep maxDistance + 1, never written); a node
 * whose row is all past maxDistance is skipped with its whole subtree.
 */
export function fuzzyMatches(trie: TermTrie, query: string, maxDistance: number): FuzzyMatch[] {
  const n = query.length + 1;
  const height = n + maxDistance + 1; // a prefix longer than that is out of reach
  const rows = new Uint16Array(height * n).fill(maxDistance + 1);
  for (let j = 0; j < n; j++) rows[j] = j;
  for (let k = 1; k < height; k++) rows[k * n] = k;
  const codes = new Uint16Array(n);
  for (let j = 1; j < n; j++) codes[j] = query.charCodeAt(j - 1);
  const out: FuzzyMatch[] = [];
  const ancestorsEnd = new Uint32Array(height); // subtree ends of the nodes on the current path
  let depth = 0;
  const { char, subtreeEnd, term } = trie;
  for (let node = 1; node < subtreeEnd[0];) {
    while (depth > 0 && node >= ancestorsEnd[depth - 1]) depth--;
    const row = depth + 1;
    const c = char[node];
    const prev = depth * n, cur = row * n;
    const last = row + maxDistance < n - 1 ? row + maxDistance : n - 1;
    let min = rows[cur];
    for (let j = row - maxDistance > 1 ? row - maxDistance : 1; j <= last; j++) {
      const substitute = rows[prev + j - 1] + (codes[j] === c ? 0 : 1);
      const del = rows[prev + j] + 1;
      const ins = rows[cur + j - 1] + 1;
      const v = substitute < del ? (substitute < ins ? substitute : ins) : (del < ins ? del : ins);
      rows[cur + j] = v;
      if (v < min) min = v;
    }
    if (min > maxDistance) {
      node = subtreeEnd[node];
      continue;
    }
    if (term[node] !== NO_TERM && rows[cur + n - 1] <= maxDistance) {
      out.push({ term: term[node], distance: rows[cur + n - 1] });
    }
    ancestorsEnd[depth++] = subtreeEnd[node];
    node++;
  }
  return out;
}

/**
 * Edits a typed word is forgiven when the search matches it fuzzily: 1 from five letters, 2 from eight;
 * none for a shorter word or one with a digit (a dose, a reference number).
 */
export function fuzziness(term: string): number {
  return term.length >= 5 && !/\d/.test(term) ? (term.length >= 8 ? 2 : 1) : 0;
}

/**
 * Every term's fuzzy matches among the terms, taken once when the index is built: most words a query
 * scores fuzzily are corpus terms, and the trie walk is the costliest step of a warm query (a fifth of
 * its CPU on the relevance set). Term t's matches are term[start[t] .. start[t + 1]) with their distance:
 * exactly fuzzyMatches(trie, terms[t], fuzziness(terms[t])) without t itself (distance 0) and without its
 * clinical opposites (opposites.ts: "hypotension" is no misspelling of "hypertension"), in term order.
 */
export interface FuzzyNeighbours {
  readonly start: Uint32Array;
  readonly term: Uint32Array;
  readonly distance: Uint16Array;
}

export function buildFuzzyNeighbours(terms: readonly string[], trie: TermTrie): FuzzyNeighbours {
  const start = new Uint32Array(terms.length + 1);
  const found: number[] = [], distances: number[] = [];
  terms.forEach((term, t) => {
    start[t] = found.length;
    const maxDistance = fuzziness(term);
    if (maxDistance === 0) return;
    for (const m of fuzzyMatches(trie, term, maxDistance)) {
      if (m.distance === 0 || opposite(term, terms[m.term])) continue;
      found.push(m.term);
      distances.push(m.distance);
    }
  });
  start[terms.length] = found.length;
  return { start, term: Uint32Array.from(found), distance: Uint16Array.from(distances) };
}

/** Neighbour lists that stay inside the term list (a loaded index's are checked before any walk). */
export function neighboursFit(n: FuzzyNeighbours, termCount: number): boolean {
  if (n.start.length !== termCount + 1 || n.start[0] !== 0 || n.start[termCount] !== n.term.length) {
    return false;
  }
  for (let t = 0; t < termCount; t++) if (n.start[t] > n.start[t + 1]) return false;
  return n.distance.length === n.term.length && n.term.every((t) => t < termCount);
}
