/**
 * Search quality on the full LA County corpus (../shared): the index is built with `deno task kb
 * build` into a temp dir, loaded as a function would load it, and scored on the relevance set.
 * Every expected protocol must rank in the top 3; top-1, top-3 and MRR are printed for the record.
 */
import assert from "node:assert/strict";
import {
  loadProtocolIndex,
  type ProtocolIndex,
  searchProtocols,
} from "../../functions-shared/domain/protocols/mod.ts";
import { opposite, OPPOSITE_PREFIXES } from "../../functions-shared/domain/protocols/opposites.ts";
import { scoreSections } from "../../functions-shared/domain/protocols/scoring.ts";
import { buildCorpusIndexFile, REPO_ROOT } from "../support/la_county_corpus.ts";
import { RELEVANCE_SET } from "../support/protocol_relevance.ts";

const dir = await Deno.makeTempDir({ prefix: "protocol-index-" });
let indexFile: string;
let index: ProtocolIndex;

Deno.test({
  name: "relevance: every expected protocol in the top 3 (top-1, top-3, MRR reported)",
  async fn() {
    indexFile = await buildCorpusIndexFile(dir);
    index = await loadProtocolIndex(await Deno.readFile(indexFile));
    assert.ok(RELEVANCE_SET.length >= 40);
    let top1 = 0, top3 = 0, reciprocal = 0;
    const misses: string[] = [];
    for (const { query, expect } of RELEVANCE_SET) {
      const hits = searchProtocols(index, query, { limit: 10 }).hits.map((h) => h.protocolNumber);
      const rank = hits.indexOf(expect) + 1;
      if (rank === 1) top1++;
      if (rank >= 1 && rank <= 3) top3++;
      else misses.push(`"${query}" → ${expect}: got ${hits.slice(0, 3).join(", ")}`);
      if (rank > 0) reciprocal += 1 / rank;
    }
    const n = RELEVANCE_SET.length;
    console.log(
      `relevance: ${n} queries, top-1 ${(top1 / n).toFixed(3)}, top-3 ${(top3 / n).toFixed(3)}, ` +
        `MRR ${(reciprocal / n).toFixed(3)}`,
    );
    assert.deepEqual(misses, []);
  },
});

Deno.test("the corpus index: every treatment protocol of the 1200 series has a document", () => {
  for (const n of ["1210", "1210-P", "1211", "1231", "1231-P", "1244", "1244-P", "1216-P", "1235-P"]) {
    assert.ok(index.byNumber.has(n), n);
  }
  assert.ok(index.hints.length > 100, "provider impressions were read");
  assert.equal(index.documents.find((d) => d.protocolNumber === "1317.17")?.documentType, "drug_reference");
});

Deno.test("the corpus index: no word is read as its clinical opposite (opposites.ts)", () => {
  const p = index.postings;
  const stored: string[] = [];
  p.terms.forEach((t, id) => {
    for (let k = p.fuzzy.start[id]; k < p.fuzzy.start[id + 1]; k++) {
      if (opposite(t, p.terms[p.fuzzy.term[k]])) stored.push(`${t} ~ ${p.terms[p.fuzzy.term[k]]}`);
    }
  });
  assert.deepEqual(stored, [], "hypertension ~ hypotension and 16 more were stored before format 6");
  // Words the corpus lacks, two edits from their opposite, which it holds: each was corrected into it.
  const lacked = ["hyponatremia", "hypocarbia", "hyperthyroidism", "hyperperfusion", "hypoventilate"];
  for (const typed of lacked) {
    for (const { read } of searchProtocols(index, typed).interpretation.corrections) {
      assert.ok(!opposite(typed, read), `${typed} corrected to ${read}`);
    }
  }
  // Every section a word of these prefixes reaches (its list, or the walk of a word the corpus lacks) is
  // reached by no opposite of it at all.
  const words = [
    ...p.terms.filter((t) => OPPOSITE_PREFIXES.some((pair) => pair.some((prefix) => t.startsWith(prefix)))),
    ...lacked,
    "hypotensoin",
  ];
  assert.ok(words.length > 50, `${words.length} words`);
  for (const word of words) {
    const scores = scoreSections(p, [{ terms: [word], boost: 1, fuzzy: true }], [1, 1, 1, 1, 1]);
    for (let i = 0; i < scores.count; i++) {
      const matched = [...scores.matchedTerms(scores.sections[i])];
      assert.ok(
        matched.length > 0 && matched.every((m) => !opposite(word, m)),
        `${word} reached a section by ${matched.join(", ")}`,
      );
    }
  }
});

Deno.test("kb search --json prints { protocolNumber, title, documentType, score, snippet }, best first", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "scripts/kb/main.ts",
      "search",
      "--index",
      indexFile,
      "--json",
      "--limit",
      "3",
      "MCG 1309 epinephrine",
    ],
    cwd: REPO_ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const rows = JSON.parse(new TextDecoder().decode(stdout));
  assert.equal(rows.length, 3);
  assert.deepEqual(Object.keys(rows[0]).sort(), [
    "documentType",
    "protocolNumber",
    "score",
    "snippet",
    "title",
  ]);
  assert.equal(rows[0].protocolNumber, "1309");
  await Deno.remove(dir, { recursive: true });
});
