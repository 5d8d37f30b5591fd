/**
 * Lookups in the sorted term list (code-unit order): exact and prefix by binary search; fuzzy by
 * walking the list as an implicit trie, one Levenshtein row per character of the current term, rows
 * shared with the previous term's prefix, and every term under a prefix that is already too far
 * skipped with one binary search.
 */

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
