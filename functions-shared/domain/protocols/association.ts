/**
 * The corpus's own presentation vocabulary: which treatment protocol a word belongs to, read from where
 * the documents use it. A word that the treatment protocols use almost only in one of them (and its -P
 * twin) — "heat" in Hyperthermia, "pool" in Submersion, "scald" in Burns — points to that protocol,
 * weighted by where it occurs (title, impression keywords, heading, body: the search's field boosts).
 * A word spread over many protocols ("confused", "pain") points nowhere. Nothing here is a list of
 * phrases: the association is whatever the published index says.
 */
import type { ProtocolIndex } from "./protocol_index.ts";
import { FIELD_COUNT } from "./postings.ts";
import { adultNumber } from "./reference.ts";
import { findTerm } from "./term_dictionary.ts";

/**
 * A word points to a protocol when at least this share of its weight in protocols is in that one, and
 * more than in any other: a word split evenly between two ("tpa", once in TP 1230 and once in TP 1232)
 * points to neither, rather than to whichever the index lists first.
 */
export const MIN_SHARE = 0.5;

interface Families {
  /** Section id → treatment-protocol family (index into `numbers`), or -1 for any other document. */
  readonly sectionFamily: Int32Array;
  /** Family → its adult number ("1222" for 1222 and 1222-P). */
  readonly numbers: readonly string[];
  readonly familyOf: ReadonlyMap<string, number>;
  /** Term → its shares per family (null: no treatment protocol uses it); memoised, bounded. */
  readonly shares: Map<string, Float64Array | null>;
}

/** Terms whose shares are remembered per index; past this the memo starts again (queries repeat words). */
const MEMO_TERMS = 4096;

const families = new WeakMap<ProtocolIndex["postings"], Families>();

function familiesOf(index: ProtocolIndex): Families {
  let f = families.get(index.postings);
  if (f) return f;
  const numbers: string[] = [];
  const familyOf = new Map<string, number>();
  const sectionFamily = new Int32Array(index.postings.sectionCount).fill(-1);
  index.documents.forEach((doc, d) => {
    if (doc.documentType !== "treatment_protocol" || doc.key !== doc.protocolNumber) return;
    const adult = adultNumber(doc.protocolNumber);
    let family = familyOf.get(adult);
    if (family === undefined) familyOf.set(adult, family = numbers.push(adult) - 1);
    for (let s = 0; s < doc.sections.length; s++) sectionFamily[index.firstSection[d] + s] = family;
  });
  f = { sectionFamily, numbers, familyOf, shares: new Map() };
  families.set(index.postings, f);
  return f;
}

/** The term's weight in treatment protocols spread over their families, as shares summing to 1. */
function sharesOf(index: ProtocolIndex, f: Families, term: string, boosts: readonly number[]) {
  if (f.shares.has(term)) return f.shares.get(term)!;
  const p = index.postings;
  const t = findTerm(p.terms, term);
  let shares: Float64Array | null = null;
  if (t >= 0) {
    const weight = new Float64Array(f.numbers.length);
    let total = 0;
    for (let field = 0; field < FIELD_COUNT; field++) {
      const end = p.termFieldStart[t * FIELD_COUNT + field + 1];
      for (let k = p.termFieldStart[t * FIELD_COUNT + field]; k < end; k++) {
        const family = f.sectionFamily[p.postingSection[k]];
        if (family < 0) continue;
        const w = boosts[field] * p.postingCount[k];
        weight[family] += w;
        total += w;
      }
    }
    if (total > 0) shares = weight.map((w) => w / total);
  }
  if (f.shares.size >= MEMO_TERMS) f.shares.clear();
  f.shares.set(term, shares);
  return shares;
}

/** Adds, for each term that points to one protocol, its share (MIN_SHARE..1) to that protocol's hint. */
export function addAssociations(
  index: ProtocolIndex,
  terms: readonly string[],
  boosts: readonly number[],
  hints: Map<string, number>,
  /** What each term's share counts (1: a typed word; less for words the query's reading added). */
  weight = 1,
): void {
  const f = familiesOf(index);
  for (const term of terms) {
    const shares = sharesOf(index, f, term, boosts);
    if (!shares) continue;
    let top = 0, tied = false;
    for (let i = 1; i < shares.length; i++) {
      if (shares[i] > shares[top]) {
        top = i;
        tied = false;
      } else if (shares[i] === shares[top]) tied = true;
    }
    if (shares[top] >= MIN_SHARE && !tied) {
      hints.set(f.numbers[top], (hints.get(f.numbers[top]) ?? 0) + weight * shares[top]);
    }
  }
}

/**
 * The share of a word's use in treatment protocols that falls in `protocol`'s (adult) family, or null
 * when no treatment protocol uses the word (then the corpus cannot say how specific it is).
 */
export function shareOf(
  index: ProtocolIndex,
  term: string,
  protocol: string,
  boosts: readonly number[],
): number | null {
  const f = familiesOf(index);
  const family = f.familyOf.get(adultNumber(protocol));
  const shares = sharesOf(index, f, term, boosts);
  return family === undefined || !shares ? null : shares[family];
}
