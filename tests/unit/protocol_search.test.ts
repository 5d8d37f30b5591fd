/** searchProtocols on the development sample (written for this project): the ranking rules. */
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  IndexFormatError,
  loadProtocolIndex,
  SAMPLE_DOCUMENTS,
  SAMPLE_HINTS,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { makeSnippet } from "../../functions-shared/domain/protocols/snippet.ts";
import { normalizeTerm } from "../../functions-shared/domain/protocols/text.ts";

const index = buildProtocolIndex({ kbVersion: "7", documents: SAMPLE_DOCUMENTS, hints: SAMPLE_HINTS });
const numbers = (q: string, options = {}) =>
  searchProtocols(index, q, options).hits.map((h) => h.protocolNumber);

Deno.test("a named reference number comes first, however it is written", () => {
  for (const q of ["1211", "TP 1211", "tp1211", "ref. no. 1211", "protocol 1211 details"]) {
    assert.equal(numbers(q)[0], "1211", q);
  }
  const hit = searchProtocols(index, "MCG 1309").hits[0];
  assert.deepEqual([hit.protocolNumber, hit.matchedBy], ["1309", "reference"]);
  assert.equal(numbers("1231-P")[0], "1231-P");
  assert.deepEqual(numbers("9999"), [], "a number that does not exist pins nothing");
});

Deno.test("adult protocols first without pediatric intent; -P first with it", () => {
  assert.deepEqual(numbers("seizure").slice(0, 2), ["1231", "1231-P"]);
  for (
    const q of ["peds seizure", "seizure in a 4 yo", "infant seizing", "6 month old seizure", "siezure child"]
  ) {
    assert.deepEqual(numbers(q).slice(0, 2), ["1231-P", "1231"], q);
  }
  assert.deepEqual(numbers("seizure 40 year old").slice(0, 2), ["1231", "1231-P"]);
  assert.deepEqual(numbers("seizure", { pediatric: true }).slice(0, 2), ["1231-P", "1231"]);
  assert.deepEqual(numbers("tp 1210 peds").slice(0, 2), ["1210-P", "1210"]);
});

Deno.test("abbreviations, brand names, typos and complaint phrases", () => {
  assert.equal(numbers("STEMI")[0], "1211");
  assert.equal(numbers("anaphalaxis")[0], "1219");
  assert.equal(numbers("CVA")[0], "1232");
  assert.equal(numbers("narcan")[0], "1241");
  assert.equal(numbers("bee sting")[0], "1219");
  assert.equal(numbers("broselow")[0], "1309");
});

Deno.test("hits: grouped per document, best section, snippet with the matched words marked", () => {
  const { hits, interpretation, kbVersion } = searchProtocols(
    index,
    "oxygenation after spontaneous circulation returns",
    {
      limit: 3,
    },
  );
  assert.equal(kbVersion, "7");
  assert.equal(new Set(hits.map((h) => h.protocolNumber)).size, hits.length);
  const top = hits[0];
  assert.equal(top.protocolNumber, "1210");
  assert.equal(top.section, "After return of spontaneous circulation");
  assert.match(top.snippet, /pulse \*\*returns\*\* \(ROSC\), support \*\*oxygenation\*\*/);
  assert.ok(top.sections.length >= 1 && top.sections[0].content.includes("ROSC"));
  assert.equal(interpretation.pediatric, null);
});

Deno.test("limit and category", () => {
  assert.equal(searchProtocols(index, "overview", { limit: 2 }).hits.length, 2);
  assert.deepEqual(numbers("color code", { category: "medical control" }), ["1309"]);
  assert.ok(numbers("overview", { category: "treatment_protocol" }).every((n) => n !== "1309"));
});

Deno.test("the index survives serialization byte for byte in behaviour; a wrong format is refused", async () => {
  const bytes = await serializeIndex(index);
  assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b], "gzip");
  const loaded = await loadProtocolIndex(bytes);
  for (const q of ["peds seizure", "STEMI", "TP 1210", "anaphalaxis"]) {
    assert.deepEqual(searchProtocols(loaded, q).hits, searchProtocols(index, q).hits, q);
  }
  await assert.rejects(
    loadProtocolIndex(new TextEncoder().encode(JSON.stringify({ format: 0 }))),
    IndexFormatError,
  );
});

Deno.test("a smaller limit shows the first hits of the full ranking, a twin pulled up from anywhere in it", () => {
  // The ranking keeps only the first `limit` and the twins they pull up; the twin rules apply at any limit.
  const words = [...new Set(SAMPLE_DOCUMENTS.flatMap((d) => d.title.toLowerCase().split(/\W+/)))]
    .filter((w) => w.length > 3);
  let pulled = 0;
  for (const query of [...words, "seizure", "peds seizure", "child breathing", "pain", "cardiac arrest"]) {
    for (const pediatric of [true, false, undefined]) {
      const all = searchProtocols(index, query, { limit: 50, pediatric }).hits;
      for (let limit = 1; limit <= Math.min(all.length, 6); limit++) {
        const hits = searchProtocols(index, query, { limit, pediatric }).hits;
        assert.deepEqual(hits, all.slice(0, limit), `${query} / ${pediatric} / ${limit}`);
        // Shown right above its twin with a lower score: pulled up, from position `limit` or further.
        const last = hits[limit - 1], next = all[limit];
        if (
          next && last.matchedBy === "search" && last.score < next.score &&
          next.protocolNumber.replace(/-P$/, "") === last.protocolNumber.replace(/-P$/, "")
        ) pulled++;
      }
    }
  }
  assert.ok(pulled > 0, "the sample must make a twin pull its pediatric variant up");
});

Deno.test("makeSnippet: a window around the densest matches", () => {
  const text = `${"filler words here. ".repeat(30)}give oxygen and check glucose. ${
    "more filler. ".repeat(30)
  }`;
  const snippet = makeSnippet(text, ["glucose", "oxygen"]);
  assert.match(snippet, /^… .*\*\*oxygen\*\* and check \*\*glucose\*\*.* …$/);
  assert.ok(snippet.length < 300);
});

/**
 * What makeSnippet computes, written the plain way on the whole flat text: the scan walks the raw text and
 * cuts its window from a hit's raw position, which must come to exactly this.
 */
function snippetOfFlatText(text: string, matched: ReadonlySet<string>, maxChars = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const hits = [...flat.matchAll(/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?/g)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0], lower: m[0].toLowerCase() }))
    .filter(({ lower }) => {
      const term = normalizeTerm(lower);
      return term !== null &&
        (matched.has(term) || matched.has(lower) || matched.has(lower.replaceAll("-", "")));
    });
  let best = { start: 0, hits: -1 };
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i].start - 40);
    const words = new Set(hits.filter((h, j) => j >= i && h.end <= start + maxChars).map((h) => h.lower));
    if (words.size > best.hits) best = { start, hits: words.size };
  }
  let start = best.start;
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space >= 0 && space - start < 20) start = space + 1;
  }
  let end = Math.min(flat.length, start + maxChars);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > start + maxChars / 2) end = space;
  }
  let out = "", cursor = start;
  for (const h of hits) {
    if (h.start < start || h.end > end) continue;
    out += flat.slice(cursor, h.start) + `**${h.word}**`;
    cursor = h.end;
  }
  out += flat.slice(cursor, end);
  return `${start > 0 ? "… " : ""}${out}${end < flat.length ? " …" : ""}`;
}

Deno.test("makeSnippet: the same window and marks as on the whole flat text, whatever the whitespace runs", () => {
  let seed = 18;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const words = [
    "oxygen",
    "Glucose",
    "seizures",
    "12-lead",
    "v-fib",
    "0.4",
    "mg",
    "the",
    "check",
    "dose",
    "é",
  ];
  const gaps = [
    " ",
    " ",
    " ",
    "  ",
    "\n\n",
    "\t",
    " \r\n ",
    "\u00a0",
    ", ",
    ". ",
    " (",
    "-",
    ".",
    " \u2003",
    "’",
    "𝄞",
    "\u3000 ",
  ];
  const matched = new Set(["oxygen", "glucose", "seizure", "12-lead", "vfib", "0.4"]);
  for (let n = 0; n < 300; n++) {
    let text = random(3) === 0 ? "\n  " : "";
    for (let w = random(400); w > 0; w--) text += words[random(words.length)] + gaps[random(gaps.length)];
    assert.equal(makeSnippet(text, matched), snippetOfFlatText(text, matched), JSON.stringify(text));
  }
});
