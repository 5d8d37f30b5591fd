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

/** sharedPrefix[i]: how many leading characters terms[i] shares with terms[i - 1] (0 for the first). */
export function sharedPrefixes(terms: readonly string[]): Uint16Array {
  const out = new Uint16Array(terms.length);
  for (let i = 1; i < terms.length; i++) {
    const a = terms[i - 1], b = terms[i];
    const max = Math.min(a.length, b.length, 0xffff);
    let k = 0;
    while (k < max && a.charCodeAt(k) === b.charCodeAt(k)) k++;
    out[i] = k;
  }
  return out;
}

export interface FuzzyMatch {
  readonly term: number;
  readonly distance: number;
}

/**
 * Every term within `maxDistance` edits (insert, delete, substitute) of `query`. Row k of the matrix
 * holds the distances from the current term's first k characters to each prefix of the query, only
 * within maxDistance of the diagonal (cells outside it keep maxDistance + 1, never written).
 */
export function fuzzyMatches(
  terms: readonly string[],
  sharedPrefix: Uint16Array,
  query: string,
  maxDistance: number,
): FuzzyMatch[] {
  const n = query.length + 1;
  const height = n + maxDistance + 1; // a term longer than that is out of reach before its end
  const rows = new Uint16Array(height * n).fill(maxDistance + 1);
  for (let j = 0; j < n; j++) rows[j] = j;
  for (let k = 1; k < height; k++) rows[k * n] = k;
  const out: FuzzyMatch[] = [];
  let valid = 0; // rows 0..valid belong to the previous term's prefixes
  let common = 0; // characters the current term shares with the previous one
  for (let i = 0; i < terms.length;) {
    const term = terms[i];
    let d = Math.min(valid, common);
    let dead = -1;
    for (; d < term.length; d++) {
      const row = d + 1;
      const c = term.charCodeAt(d);
      const prev = d * n, cur = row * n;
      const last = Math.min(n - 1, row + maxDistance);
      let min = rows[cur];
      for (let j = Math.max(1, row - maxDistance); j <= last; j++) {
        const substitute = rows[prev + j - 1] + (query.charCodeAt(j - 1) === c ? 0 : 1);
        const del = rows[prev + j] + 1;
        const ins = rows[cur + j - 1] + 1;
        const v = substitute < del ? (substitute < ins ? substitute : ins) : (del < ins ? del : ins);
        rows[cur + j] = v;
        if (v < min) min = v;
      }
      if (min > maxDistance) {
        dead = d;
        break;
      }
    }
    if (dead >= 0) {
      // No term under this prefix can come back within reach: skip them all.
      valid = dead;
      let next = i + 1;
      while (next < terms.length && sharedPrefix[next] > dead) next++;
      common = next < terms.length ? sharedPrefix[next] : 0;
      i = next;
    } else {
      valid = term.length;
      if (rows[term.length * n + n - 1] <= maxDistance) {
        out.push({ term: i, distance: rows[term.length * n + n - 1] });
      }
      i++;
      common = i < terms.length ? sharedPrefix[i] : 0;
    }
  }
  return out;
}
