/**
 * The relevance sets' per-kind aggregates, and nothing else: top-1 / top-3 / MRR (ranks within the top
 * 10, as tests/integration/field_relevance.test.ts reads them) and how many queries have their first
 * accepted document at rank 1, 2–3, 4–10, 11–50 or not in the top 50 (a near miss a rerank could lift,
 * or a word the search does not know). Issue 19 forbids tuning to phrases, so no query, answer, rank or
 * miss is ever printed; `--diagnose` adds counts per kind of what the queries outside the top 3 have in
 * common (the answer's document type, the intent and age read, whether the query was expanded).
 *
 * The held-out set only with `--heldout`: a change is chosen on the field set, then scored on both.
 *
 *   deno task kb build --source ../shared/data/la-county-ems --out /tmp/index.json.gz
 *   deno run -A scripts/bench/relevance_aggregates.ts --index /tmp/index.json.gz [--heldout] [--diagnose]
 *     [--plain] [--no-lay]
 */
import { parseArgs } from "node:util";
import {
  loadProtocolIndex,
  type SearchOptions,
  searchProtocols,
} from "../../functions-shared/domain/protocols/mod.ts";
import {
  FIELD_SET,
  type FieldCase,
  HELDOUT_SET,
  type KindScore,
  scoreRanked,
} from "../../tests/support/field_relevance.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    index: { type: "string" },
    heldout: { type: "boolean" },
    diagnose: { type: "boolean" },
    plain: { type: "boolean" },
    "no-lay": { type: "boolean" },
  },
});
if (!values.index) throw new Error("--index <file> is required (deno task kb build … --out <file>)");
const index = await loadProtocolIndex(await Deno.readFile(values.index));
const options: SearchOptions = { plain: values.plain === true, ...(values["no-lay"] ? { lay: false } : {}) };

const DEPTH = 50;
const BUCKETS = ["1", "2-3", "4-10", "11-50", "absent"] as const;
const bucketOf = (rank: number) => rank === 1 ? 0 : rank === 0 ? 4 : rank <= 3 ? 1 : rank <= 10 ? 2 : 3;

interface Searched {
  readonly case: FieldCase;
  /** 1-based rank of the first accepted document in the top DEPTH, 0 when absent. */
  readonly rank: number;
  readonly top: readonly string[];
  /** Properties counted by --diagnose. */
  readonly traits: Readonly<Record<string, string>>;
}

function search(c: FieldCase): Searched {
  const { hits, interpretation } = searchProtocols(index, c.query, { ...options, limit: DEPTH });
  const top = hits.map((h) => h.protocolNumber);
  const answer = index.documents[index.byNumber.get(c.accept[0])?.[0] ?? -1];
  return {
    case: c,
    rank: top.findIndex((n) => c.accept.includes(n)) + 1,
    top,
    traits: {
      "answer type": answer?.documentType ?? "not in the index",
      "answer is a -P protocol": String(c.accept[0].endsWith("-P")),
      "first hit type": hits[0]?.documentType ?? "nothing",
      intent: interpretation.intent ?? "none",
      "pediatric read": String(interpretation.pediatric),
      expanded: String(interpretation.expansions.length > 0),
      corrected: String(interpretation.corrections.length > 0),
    },
  };
}

/** "value count, …" of one trait over the queries given. */
function tally(searched: readonly Searched[], trait: string): string {
  const counts = new Map<string, number>();
  for (const s of searched) counts.set(s.traits[trait], (counts.get(s.traits[trait]) ?? 0) + 1);
  return [...counts].map(([value, n]) => `${value} ${n}`).join(", ");
}

const sets = values.heldout
  ? [["field", FIELD_SET], ["held-out", HELDOUT_SET]] as const
  : [["field", FIELD_SET]] as const;
for (const [name, set] of sets) {
  const searched = set.map(search);
  // The test's reading: a rank past 10 counts as not found.
  const scores: KindScore[] = scoreRanked(
    searched.map((s) => ({ case: s.case, rank: s.rank > 10 ? 0 : s.rank, top: s.top.slice(0, 10) })),
  );
  console.log(`${name}: kind          n  top-1  top-3  MRR    | rank ${BUCKETS.join(" / ")}`);
  for (const score of scores) {
    const mine = searched.filter((s) => score.kind === "all" || s.case.kind === score.kind);
    const histogram = BUCKETS.map(() => 0);
    for (const s of mine) histogram[bucketOf(s.rank)]++;
    console.log(
      `${name}: ${score.kind.padEnd(11)} ${String(score.n).padStart(3)}  ${score.top1.toFixed(3)}  ` +
        `${score.top3.toFixed(3)}  ${score.mrr.toFixed(3)}  | ${histogram.join(" / ")}`,
    );
    if (!values.diagnose) continue;
    const outside = mine.filter((s) => s.rank === 0 || s.rank > 3);
    for (const trait of Object.keys(mine[0]?.traits ?? {})) {
      console.log(`    ${trait}: all ${tally(mine, trait)} | outside the top 3 ${tally(outside, trait)}`);
    }
  }
}
