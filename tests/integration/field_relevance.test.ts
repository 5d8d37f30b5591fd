/**
 * Search quality on the full LA County corpus for the field-language set (tests/fixtures/
 * field_relevance.json, 346 queries in seven kinds): floors per kind for top-1, top-3 and MRR, set just
 * under what the search reaches on the whole set; and no query that holds a real word returns nothing.
 */
import assert from "node:assert/strict";
import { loadProtocolIndex, searchProtocols } from "../../functions-shared/domain/protocols/mod.ts";
import { FIELD_KINDS, FIELD_SET, type FieldKind, scoreByKind } from "../support/field_relevance.ts";
import { buildCorpusIndexFile } from "../support/la_county_corpus.ts";

/** Floors per kind (measured: see README, "Search relevance"); a change must not push a kind below. */
const FLOORS: Readonly<Record<FieldKind | "all", { top1: number; top3: number; mrr: number }>> = {
  symptom: { top1: 0.44, top3: 0.67, mrr: 0.56 },
  drug: { top1: 0.83, top3: 0.97, mrr: 0.9 },
  shorthand: { top1: 0.89, top3: 0.93, mrr: 0.91 },
  misspelling: { top1: 0.9, top3: 0.98, mrr: 0.94 },
  policy: { top1: 0.52, top3: 0.81, mrr: 0.68 },
  pediatric: { top1: 0.8, top3: 0.88, mrr: 0.84 },
  other: { top1: 0.76, top3: 0.87, mrr: 0.81 },
  all: { top1: 0.74, top3: 0.88, mrr: 0.81 },
};

const dir = await Deno.makeTempDir({ prefix: "field-relevance-" });
const index = await loadProtocolIndex(await Deno.readFile(await buildCorpusIndexFile(dir)));
await Deno.remove(dir, { recursive: true });

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

Deno.test("field set: top-1, top-3 and MRR per kind stay at or above their floors", () => {
  const scores = scoreByKind(index);
  const below: string[] = [];
  for (const s of scores) {
    console.log(
      `field relevance ${s.kind.padEnd(11)} n=${String(s.n).padStart(3)} top-1 ${s.top1.toFixed(3)} ` +
        `top-3 ${s.top3.toFixed(3)} MRR ${s.mrr.toFixed(3)}`,
    );
    const floor = FLOORS[s.kind];
    for (const metric of ["top1", "top3", "mrr"] as const) {
      if (s[metric] < floor[metric]) {
        below.push(`${s.kind} ${metric} ${s[metric].toFixed(3)} < ${floor[metric]}`);
      }
    }
  }
  assert.deepEqual(below, [], scores.at(-1)!.misses.join("\n"));
});

Deno.test("field set: no query returns nothing", () => {
  assert.deepEqual(scoreByKind(index).at(-1)!.empty, []);
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
  let understood = 0, plain = 0;
  for (const c of FIELD_SET) {
    const top3 = (options: { plain?: boolean }) =>
      searchProtocols(index, c.query, { limit: 3, ...options }).hits.some((h) =>
        c.accept.includes(h.protocolNumber)
      );
    if (top3({})) understood++;
    if (top3({ plain: true })) plain++;
  }
  assert.ok(understood > plain, `${understood} vs plain ${plain}`);
});
