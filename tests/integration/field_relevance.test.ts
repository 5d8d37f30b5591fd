/**
 * Search quality on the full LA County corpus for the field-language set (tests/fixtures/
 * field_relevance.json, 346 queries in seven kinds) and the held-out set (88 queries): floors per kind
 * for top-1, top-3 and MRR, set just under what the search reaches on each whole set; and no query that
 * holds a real word returns nothing.
 */
import assert from "node:assert/strict";
import { loadProtocolIndex, searchProtocols } from "../../functions-shared/domain/protocols/mod.ts";
import {
  FIELD_KINDS,
  FIELD_SET,
  type FieldKind,
  HELDOUT_SET,
  rankCases,
  scoreRanked,
} from "../support/field_relevance.ts";
import { buildCorpusIndexFile } from "../support/la_county_corpus.ts";

/**
 * Floors per kind (measured: see README, "Search relevance"; how each moved: scripts/kb/HISTORY.md); a change
 * must not push a kind below.
 */
type Floors = Readonly<Record<FieldKind | "all", { top1: number; top3: number; mrr: number }>>;
const FLOORS: Floors = {
  symptom: { top1: 0.71, top3: 0.9, mrr: 0.79 },
  drug: { top1: 0.83, top3: 0.97, mrr: 0.9 },
  shorthand: { top1: 0.91, top3: 0.95, mrr: 0.94 },
  misspelling: { top1: 0.9, top3: 0.98, mrr: 0.94 },
  policy: { top1: 0.81, top3: 0.91, mrr: 0.86 },
  pediatric: { top1: 0.89, top3: 0.95, mrr: 0.92 },
  other: { top1: 0.84, top3: 0.95, mrr: 0.9 },
  all: { top1: 0.84, top3: 0.95, mrr: 0.9 },
};
/**
 * The held-out set's floors (tests/fixtures/field_relevance_heldout.json, 88 queries written before
 * the search was changed for issue 19's relevance part; its misses were not looked at while tuning).
 * Small kinds (6–9 queries): one miss is 11–17 points, so their floors allow none. Pediatric's top-1 and
 * MRR were lowered once, by the one query (of 8) that went from first to second when the glossary's terms
 * reached the hints and a policy question's body weighed 3 (both chosen on the field set;
 * scripts/kb/HISTORY.md, "Kept: (A) + (B)"): the held-out set rose overall, and the floors hold the new
 * figures. Raised when the glossary began reading single words the corpus lacks (symptom, pediatric and
 * overall), and when a treatment protocol's hint stopped counting under a policy or destination question
 * (policy, overall); policy's MRR then 0.717, and 0.702 once the glossary read words the corpus holds in
 * few documents (top-1 and top-3 unchanged, symptom +3 top-1 and +1 top-3): its floor holds 0.70, above the
 * 0.69 before.
 */
const HELDOUT_FLOORS: Floors = {
  symptom: { top1: 0.73, top3: 0.96, mrr: 0.83 },
  drug: { top1: 0.98, top3: 0.98, mrr: 0.98 },
  shorthand: { top1: 0.98, top3: 0.98, mrr: 0.98 },
  misspelling: { top1: 0.98, top3: 0.98, mrr: 0.98 },
  policy: { top1: 0.59, top3: 0.86, mrr: 0.7 },
  pediatric: { top1: 0.74, top3: 0.98, mrr: 0.85 },
  other: { top1: 0.77, top3: 0.88, mrr: 0.83 },
  all: { top1: 0.76, top3: 0.94, mrr: 0.83 },
};

const dir = await Deno.makeTempDir({ prefix: "field-relevance-" });
const index = await loadProtocolIndex(await Deno.readFile(await buildCorpusIndexFile(dir)));
await Deno.remove(dir, { recursive: true });
// Each query is searched once (plain once more, below); every assertion reads these ranks.
const FIELD_RANKS = rankCases(index, FIELD_SET);
const HELDOUT_RANKS = rankCases(index, HELDOUT_SET);

Deno.test("field set: at least 300 queries, every kind represented, every answer a document of the corpus", () => {
  assert.ok(FIELD_SET.length >= 300, `${FIELD_SET.length} queries`);
  for (const kind of FIELD_KINDS) assert.ok(FIELD_SET.filter((c) => c.kind === kind).length >= 40, kind);
  for (const c of FIELD_SET) {
    assert.ok(FIELD_KINDS.includes(c.kind), `${c.query}: kind ${c.kind}`);
    assert.ok(c.section.length > 0, c.query);
    for (const n of c.accept) assert.ok(index.byNumber.has(n), `${c.query}: ${n} is not in the corpus`);
  }
  assert.equal(new Set(FIELD_SET.map((c) => c.query)).size, FIELD_SET.length, "no query twice");
});

for (
  const [name, ranks, floors] of [["field", FIELD_RANKS, FLOORS], [
    "held-out",
    HELDOUT_RANKS,
    HELDOUT_FLOORS,
  ]] as const
) {
  Deno.test(`${name} set: top-1, top-3 and MRR per kind stay at or above their floors`, () => {
    const scores = scoreRanked(ranks);
    const below: string[] = [];
    for (const s of scores) {
      console.log(
        `${name} relevance ${s.kind.padEnd(11)} n=${String(s.n).padStart(3)} top-1 ${s.top1.toFixed(3)} ` +
          `top-3 ${s.top3.toFixed(3)} MRR ${s.mrr.toFixed(3)}`,
      );
      const floor = floors[s.kind];
      for (const metric of ["top1", "top3", "mrr"] as const) {
        if (s[metric] < floor[metric]) {
          below.push(`${s.kind} ${metric} ${s[metric].toFixed(3)} < ${floor[metric]}`);
        }
      }
    }
    assert.deepEqual(below, [], scores.at(-1)!.misses.join("\n"));
  });
}

Deno.test("held-out set: every kind represented, answers in the corpus, no query of the field set", () => {
  for (const kind of FIELD_KINDS) assert.ok(HELDOUT_SET.some((c) => c.kind === kind), kind);
  const field = new Set(FIELD_SET.map((c) => c.query.toLowerCase()));
  for (const c of HELDOUT_SET) {
    for (const n of c.accept) assert.ok(index.byNumber.has(n), `${c.query}: ${n} is not in the corpus`);
    assert.ok(!field.has(c.query.toLowerCase()), c.query);
  }
  assert.equal(scoreRanked(HELDOUT_RANKS).at(-1)!.empty.length, 0);
});

Deno.test("field set: no query returns nothing", () => {
  assert.deepEqual(scoreRanked(FIELD_RANKS).at(-1)!.empty, []);
});

Deno.test("a query with one real word, however misspelt, finds something; the correction is reported", () => {
  for (const q of ["tourniqette peds", "hypoglycmia peds", "sepsys", "decompresion", "naloxen kid"]) {
    const { hits, interpretation } = searchProtocols(index, q, { limit: 3 });
    assert.ok(hits.length > 0, q);
    assert.ok(interpretation.corrections.length > 0, q);
  }
  assert.deepEqual(
    searchProtocols(index, "tourniqette").interpretation.corrections,
    [{ typed: "tourniqette", read: "tourniquet" }],
  );
  assert.equal(searchProtocols(index, "tourniqette").hits[0].protocolNumber, "1370");
  // Nothing to correct, nothing reported; a word of three letters is left alone.
  assert.deepEqual(searchProtocols(index, "tourniquet").interpretation.corrections, []);
  assert.deepEqual(searchProtocols(index, "xqz").interpretation.corrections, []);
});

Deno.test("query understanding is what lifts the set: the plain search scores lower overall", () => {
  const inTop3 = (ranks: readonly { rank: number }[]) =>
    ranks.filter((r) => r.rank >= 1 && r.rank <= 3).length;
  const understood = inTop3(FIELD_RANKS);
  const plain = inTop3(rankCases(index, FIELD_SET, { plain: true }));
  assert.ok(understood > plain, `${understood} vs plain ${plain}`);
});
