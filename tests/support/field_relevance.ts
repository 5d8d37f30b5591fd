/**
 * The field-language relevance set (tests/fixtures/field_relevance.json): queries written from the LA
 * County documents the way crews type them, by kind, each with every document a medic would accept as
 * the answer and the section that answers it. Scored per kind by the relevance test (floors) and the
 * search benchmark (figures).
 */
import {
  type ProtocolIndex,
  type SearchOptions,
  searchProtocols,
} from "../../functions-shared/domain/protocols/mod.ts";

export const FIELD_KINDS = [
  "symptom",
  "drug",
  "shorthand",
  "misspelling",
  "policy",
  "pediatric",
  "other",
] as const;
export type FieldKind = typeof FIELD_KINDS[number];

export interface FieldCase {
  readonly kind: FieldKind;
  readonly query: string;
  /** Canonical numbers of the documents that answer it; any of them counts. */
  readonly accept: readonly string[];
  /** The heading of the section that answers it. */
  readonly section: string;
}

export const FIELD_SET: readonly FieldCase[] = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/field_relevance.json", import.meta.url)),
);

/**
 * The held-out set (tests/fixtures/field_relevance_heldout.json): written from the documents before the
 * search was changed for it, and scored per kind only — its misses are not looked at while tuning.
 */
export const HELDOUT_SET: readonly FieldCase[] = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/field_relevance_heldout.json", import.meta.url)),
);

export interface KindScore {
  readonly kind: FieldKind | "all";
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
  readonly mrr: number;
  /** Queries with no accepted document in the top 3: query → the top 3 returned. */
  readonly misses: readonly string[];
  /** Queries that returned no hit at all. */
  readonly empty: readonly string[];
}

/** A case as the search ranked it: the rank (1-based) of its first accepted document in the top 10 (0 when
 * none) and the top 10 returned. */
export interface RankedCase {
  readonly case: FieldCase;
  readonly rank: number;
  readonly top: readonly string[];
}

/** Rank (1-based) of the first accepted document in the top 10, 0 when none. */
export function rankOf(
  index: ProtocolIndex,
  c: FieldCase,
  options: SearchOptions = {},
): { rank: number; top: string[] } {
  const top = searchProtocols(index, c.query, { ...options, limit: 10 }).hits.map((h) => h.protocolNumber);
  return { rank: top.findIndex((n) => c.accept.includes(n)) + 1, top };
}

/** Every case searched once; the scores per kind are then read from these ranks (scoreRanked). */
export function rankCases(
  index: ProtocolIndex,
  cases: readonly FieldCase[] = FIELD_SET,
  options: SearchOptions = {},
): RankedCase[] {
  return cases.map((c) => ({ case: c, ...rankOf(index, c, options) }));
}

/** Top-1, top-3 and MRR per kind and overall ("all", last) from ranks already taken. */
export function scoreRanked(ranked: readonly RankedCase[]): KindScore[] {
  const kinds = [...FIELD_KINDS, "all" as const];
  return kinds.map((kind) => {
    const mine = ranked.filter((r) => kind === "all" || r.case.kind === kind);
    let top1 = 0, top3 = 0, reciprocal = 0;
    const misses: string[] = [], empty: string[] = [];
    for (const { case: c, rank, top } of mine) {
      if (top.length === 0) empty.push(c.query);
      if (rank === 1) top1++;
      if (rank >= 1 && rank <= 3) top3++;
      else misses.push(`[${c.kind}] "${c.query}" → ${c.accept.join("|")}: got ${top.slice(0, 3).join(", ")}`);
      if (rank > 0) reciprocal += 1 / rank;
    }
    const n = mine.length;
    return { kind, n, top1: top1 / n, top3: top3 / n, mrr: reciprocal / n, misses, empty };
  });
}

export function scoreByKind(
  index: ProtocolIndex,
  cases: readonly FieldCase[] = FIELD_SET,
  options: SearchOptions = {},
): KindScore[] {
  return scoreRanked(rankCases(index, cases, options));
}
