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

/** A word points to a protocol when at least this share of its weight in protocols is in that one. */
export const MIN_SHARE = 0.5;

interface Families {
  /** Section id → treatment-protocol family (index into `numbers`), or -1 for any other document. */
  readonly sectionFamily: Int32Array;
  /** Family → its adult number ("1222" for 1222 and 1222-P). */
  readonly numbers: readonly string[];
  /** Scratch: weight per family for the word being read. */
  readonly weight: Float64Array;
}

const families = new WeakMap<ProtocolIndex["postings"], Families>();

function familiesOf(index: ProtocolIndex): Families {
  let f = families.get(index.postings);
  if (f) return f;
  const numbers: string[] = [];
  const byNumber = new Map<string, number>();
  const sectionFamily = new Int32Array(index.postings.sectionCount).fill(-1);
  index.documents.forEach((doc, d) => {
    if (doc.documentType !== "treatment_protocol" || doc.key !== doc.protocolNumber) return;
    const adult = adultNumber(doc.protocolNumber);
    let family = byNumber.get(adult);
    if (family === undefined) byNumber.set(adult, family = numbers.push(adult) - 1);
    for (let s = 0; s < doc.sections.length; s++) sectionFamily[index.firstSection[d] + s] = family;
  });
  f = { sectionFamily, numbers, weight: new Float64Array(numbers.length) };
  families.set(index.postings, f);
  return f;
}

/**
 * Spreads the term's weight in treatment protocols over their families (into `weight`); the total, 0
 * when no treatment protocol uses the term.
 */
function spread(index: ProtocolIndex, f: Families, term: string, boosts: readonly number[]): number {
  const p = index.postings;
  f.weight.fill(0);
  const t = findTerm(p.terms, term);
  if (t < 0) return 0;
  let total = 0;
  for (let field = 0; field < FIELD_COUNT; field++) {
    const end = p.termFieldStart[t * FIELD_COUNT + field + 1];
    for (let k = p.termFieldStart[t * FIELD_COUNT + field]; k < end; k++) {
      const family = f.sectionFamily[p.postingSection[k]];
      if (family < 0) continue;
      const w = boosts[field] * p.postingCount[k];
      f.weight[family] += w;
      total += w;
    }
  }
  return total;
}

/** Adds, for each term that points to one protocol, its share (MIN_SHARE..1) to that protocol's hint. */
export function addAssociations(
  index: ProtocolIndex,
  terms: readonly string[],
  boosts: readonly number[],
  hints: Map<string, number>,
): void {
  const f = familiesOf(index);
  for (const term of terms) {
    const total = spread(index, f, term, boosts);
    if (total === 0) continue;
    let top = 0;
    for (let i = 1; i < f.numbers.length; i++) if (f.weight[i] > f.weight[top]) top = i;
    const share = f.weight[top] / total;
    if (share >= MIN_SHARE) hints.set(f.numbers[top], (hints.get(f.numbers[top]) ?? 0) + share);
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
  const total = spread(index, f, term, boosts);
  if (total === 0) return null;
  const family = f.numbers.indexOf(adultNumber(protocol));
  return family < 0 ? null : f.weight[family] / total;
}
