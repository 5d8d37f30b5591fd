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
