/**
 * The published index (format 6) and its parts: the term dictionary's lookups against plain
 * definitions (every term compared one by one), the postings' limits, and bytes that are not an index
 * of this format refused with IndexFormatError rather than misread.
 */
import { gunzip, gzip } from "../../functions-shared/domain/protocols/protocol_index.ts";
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  INDEX_FORMAT,
  IndexFormatError,
  loadProtocolIndex,
  SAMPLE_DOCUMENTS,
  SAMPLE_HINTS,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import {
  buildPostings,
  FIELD_COUNT,
  SEARCH_FIELDS,
} from "../../functions-shared/domain/protocols/postings.ts";
import { opposite } from "../../functions-shared/domain/protocols/opposites.ts";
import { flatRange, makeSnippet } from "../../functions-shared/domain/protocols/snippet.ts";
import { normalizeTerm } from "../../functions-shared/domain/protocols/text.ts";
import {
  findTerm,
  fuzziness,
  fuzzyMatches,
  prefixRange,
} from "../../functions-shared/domain/protocols/term_dictionary.ts";

const index = buildProtocolIndex({ kbVersion: "7", documents: SAMPLE_DOCUMENTS, hints: SAMPLE_HINTS });
const terms = index.postings.terms;

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), row[j] + 1, next[j - 1] + 1);
    }
    row = next;
  }
  return row[b.length];
}

Deno.test("term dictionary: exact, prefix and fuzzy lookups find what a scan of every term finds", () => {
  assert.ok(terms.length > 200, `${terms.length} terms`);
  const queries = [
    "seizure",
    "siezure",
    "epinephrine",
    "epinefrine",
    "anaphalaxis",
    "oxygn",
    "cardiac",
    "1210-p",
    "zz",
  ];
  for (const q of queries) {
    assert.equal(findTerm(terms, q), terms.indexOf(q), q);
    const [start, end] = prefixRange(terms, q);
    assert.deepEqual(terms.slice(start, end), terms.filter((t) => t.startsWith(q)), q);
    for (const maxDistance of [1, 2]) {
      const found = fuzzyMatches(index.postings.trie, q, maxDistance)
        .map((m) => `${terms[m.term]}:${m.distance}`);
      const expected = terms.map((t) => `${t}:${levenshtein(t, q)}`)
        .filter((s) => Number(s.split(":").at(-1)) <= maxDistance);
      assert.deepEqual(found, expected, `${q} within ${maxDistance}`);
    }
  }
});

Deno.test("each term's fuzzy matches taken at build time are the trie walk's, itself and its opposites left out", () => {
  // The sample, and words a few edits apart (misspellings the corpus itself holds, digits, short words).
  const nearMisses = buildPostings([{
    title: "seizure seizures siezure seizing sizure seize",
    ref: "1231 1231-p 1231p",
    keywords: "epinephrine epinefrine epinephrin norepinephrine",
    heading: "hypoglycemia hyperglycemia hypoglycaemia glucose glucagon",
    content: "pain paint pains gain oxygen oxygenation 12-lead 0.4 cardiac cardia carotid",
  }]);
  let listed = 0;
  for (const postings of [index.postings, nearMisses]) {
    const { start, term, distance } = postings.fuzzy;
    postings.terms.forEach((t, id) => {
      const walked = fuzziness(t) === 0 ? [] : fuzzyMatches(postings.trie, t, fuzziness(t))
        .filter((m) => m.term !== id && !opposite(t, postings.terms[m.term]))
        .map((m) => `${postings.terms[m.term]}:${m.distance}`);
      const stored = [...term.subarray(start[id], start[id + 1])].map((n, k) =>
        `${postings.terms[n]}:${distance[start[id] + k]}`
      );
      assert.deepEqual(stored, walked, t);
      listed += stored.length;
    });
  }
  assert.ok(listed > 20, `${listed} neighbours: the lists must be exercised`);
});

Deno.test("the same knowledge base built twice at the same moment serialises to the same bytes", async () => {
  const builtAt = new Date("2026-12-05T00:00:00Z");
  const build = () =>
    serializeIndex(
      buildProtocolIndex({ kbVersion: "7", documents: SAMPLE_DOCUMENTS, hints: SAMPLE_HINTS, builtAt }),
    );
  assert.deepEqual(await build(), await build());
});

interface ArrayEntry {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}
interface Header {
  readonly layout: { readonly arrays: ArrayEntry[]; readonly text: { offset: number; bytes: number } };
}

/** A serialised (gunzipped) index's header: its JSON after the 12-byte preamble, whose last word is its length. */
const headerOf = (plain: Uint8Array): Header =>
  JSON.parse(
    new TextDecoder().decode(plain.subarray(12, 12 + new DataView(plain.buffer).getUint32(8, true))),
  );

/** Where the header's layout puts the array `name`. */
function arrayIn(header: Header, name: string): ArrayEntry {
  const entry = header.layout.arrays.find((a) => a.name === name);
  assert.ok(entry, `no array ${name} in the layout`);
  return entry;
}

Deno.test("a loaded index whose fuzzy lists point past its terms is refused before any search walks them", async () => {
  const plain = await gunzip(await serializeIndex(index));
  const header = headerOf(plain);
  const entry = arrayIn(header, "fuzzyTerm");
  assert.ok(entry.length > 0);
  const damaged = plain.slice();
  new DataView(damaged.buffer).setUint32(entry.offset, terms.length, true);
  await assert.rejects(loadProtocolIndex(damaged), /inconsistent/);
  const reordered = plain.slice();
  const starts = arrayIn(header, "fuzzyStart");
  new DataView(reordered.buffer).setUint32(starts.offset + 4, entry.length + 1, true);
  await assert.rejects(loadProtocolIndex(reordered), /inconsistent/);
  assert.equal((await loadProtocolIndex(plain.slice())).postings.fuzzy.term.length, entry.length);
});

Deno.test("snippets read from a loaded index's bytes are those of the text, whatever its characters", async () => {
  // Accents, symbols, a four-byte character and non-ASCII whitespace before, inside and between the words
  // marked, in the terms (ahead of the contents in the published text) and in the contents.
  const odd = ["é", "≥", "\u00a0", "𝄞", "’", "\u2003\u3000", "Ω"];
  const documents = SAMPLE_DOCUMENTS.map((d, n) => ({
    ...d,
    title: `${d.title} ${odd[n % odd.length]}café`,
    sections: d.sections.map((section, k) => ({
      ...section,
      content: section.content.split(" ").map((w, i) => i % 7 === k % 7 ? `${odd[i % odd.length]}${w}` : w)
        .join(i18nGap(n + k)),
    })),
  }));
  function i18nGap(n: number) {
    return [" ", " \u00a0", "\u2003", "  𝄞 "][n % 4];
  }
  const built = buildProtocolIndex({ kbVersion: "9", documents, hints: SAMPLE_HINTS });
  const loaded = await loadProtocolIndex(await serializeIndex(built));
  let marked = 0;
  for (const q of ["seizure", "oxygen glucose", "peds seizure", "cardiac arrest", "café", "pain", "STEMI"]) {
    const hits = searchProtocols(loaded, q).hits;
    assert.deepEqual(hits, searchProtocols(built, q).hits, q);
    for (const hit of hits) {
      const section = hit.sections[0];
      const terms = [...hit.snippet.matchAll(/\*\*([^*]+)\*\*/g)].map((m) =>
        normalizeTerm(m[1].toLowerCase())!
      );
      marked += terms.length;
      // The string's own encoding, scanned afresh, marks the same words in the same window.
      if (section) assert.equal(makeSnippet(section.content, new Set(terms)), hit.snippet, q);
    }
  }
  assert.ok(marked > 10, `${marked} words marked`);
});

Deno.test("a loaded index whose section byte ranges do not fit its text, or whose text is not UTF-8, is refused", async () => {
  const plain = await gunzip(await serializeIndex(index));
  const header = headerOf(plain);
  const starts = arrayIn(header, "textByteStart");
  const shifted = plain.slice();
  const view = new DataView(shifted.buffer);
  view.setUint32(starts.offset + 4, view.getUint32(starts.offset + 4, true) + 5_000, true);
  await assert.rejects(loadProtocolIndex(shifted), /inconsistent/);
  const broken = plain.slice();
  broken[header.layout.text.offset + header.layout.text.bytes - 1] = 0xff; // never a UTF-8 byte
  await assert.rejects(loadProtocolIndex(broken), /not UTF-8/);
});

Deno.test("a loaded index whose sections do not start where the text's contents start, or end where it ends, is refused", async () => {
  const plain = await gunzip(await serializeIndex(index));
  const header = headerOf(plain);
  const chars = arrayIn(header, "textStart"), bytes = arrayIn(header, "textByteStart");
  const last = chars.length - 1;
  /** `plain` with `edit` applied to its u32 arrays (entry, position, value → new value). */
  const edited = (edit: (set: (entry: ArrayEntry, at: number, f: (v: number) => number) => void) => void) => {
    const copy = plain.slice();
    const view = new DataView(copy.buffer);
    edit((entry, at, f) => {
      const offset = entry.offset + 4 * at;
      view.setUint32(offset, f(view.getUint32(offset, true)), true);
    });
    return copy;
  };
  const damaged = {
    // The first section's bytes take in the last byte of the terms before it.
    "first byte offset one back": edited((set) => set(bytes, 0, (v) => v - 1)),
    // Every range keeps its length: a base left out of every offset; each snippet would be cut from
    // bytes ahead of its section's.
    "every byte offset shifted back": edited((set) => {
      for (let at = 0; at <= last; at++) set(bytes, at, (v) => v - 4);
    }),
    "first section's text one character on": edited((set) => set(chars, 0, (v) => v + 1)),
    "last section ending a character short": edited((set) => {
      set(chars, last, (v) => v - 1);
      set(bytes, last, (v) => v - 1);
    }),
    // Each end alone: the byte range running past the text, the character count stopping short of it.
    "last byte offset one past the text": edited((set) => set(bytes, last, (v) => v + 1)),
    "last section a character short, in characters only": edited((set) => set(chars, last, (v) => v - 1)),
  };
  for (const [what, bytesOf] of Object.entries(damaged)) {
    await assert.rejects(loadProtocolIndex(bytesOf), /inconsistent/, what);
  }
  assert.equal((await loadProtocolIndex(plain.slice())).sections.length, last, "the index as written loads");
});

Deno.test("a loaded index whose section starts inside a character is refused", async () => {
  // Every section opens with a two-byte character, so an offset one byte on keeps each range within one to
  // three bytes a character and lands on the character's second byte.
  const documents = SAMPLE_DOCUMENTS.map((d) => ({
    ...d,
    sections: d.sections.map((section) => ({ ...section, content: `é${section.content}` })),
  }));
  const plain = await gunzip(await serializeIndex(buildProtocolIndex({ kbVersion: "9", documents })));
  const bytes = arrayIn(headerOf(plain), "textByteStart");
  const copy = plain.slice();
  const view = new DataView(copy.buffer);
  view.setUint32(bytes.offset + 4, view.getUint32(bytes.offset + 4, true) + 1, true);
  await assert.rejects(loadProtocolIndex(copy), /inconsistent/);
  assert.ok((await loadProtocolIndex(plain.slice())).sections.length > 1, "the index as written loads");
});

Deno.test("a word repeated past 65,535 times in one section saturates its count", () => {
  const postings = buildPostings([{
    title: "t",
    ref: "9000",
    keywords: "",
    heading: "h",
    content: "glucose ".repeat(70_000),
  }]);
  const t = findTerm(postings.terms, "glucose");
  const content = postings.termFieldStart[t * FIELD_COUNT + SEARCH_FIELDS.indexOf("content")];
  assert.equal(postings.postingCount[content], 65_535);
});

Deno.test("the snippet's flat text folds every run of JavaScript whitespace as /\\s+/ does, in any range", () => {
  for (
    const text of [
      "",
      "   ",
      "a",
      " a  b\t\tc\n\n d ",
      "x\u00a0\u2003y\u3000\ufeffz",
      "end. \r\n Next",
      "a b c ",
    ]
  ) {
    const flat = text.replace(/\s+/g, " ").trim();
    assert.equal(flatRange(text, 0, Infinity), flat, JSON.stringify(text));
    for (let from = 0; from <= flat.length + 1; from++) {
      for (let to = from; to <= flat.length + 2; to++) {
        assert.equal(
          flatRange(text, from, to),
          flat.slice(from, to),
          `${JSON.stringify(text)} [${from}, ${to})`,
        );
      }
    }
  }
});

Deno.test("loads from plain bytes at any offset, and one index's search leaves another's alone", async () => {
  const plain = await gunzip(await serializeIndex(index));
  const shifted = new Uint8Array(plain.length + 3);
  shifted.set(plain, 3);
  const loaded = await loadProtocolIndex(shifted.subarray(3));
  const other = buildProtocolIndex({ kbVersion: "8", documents: SAMPLE_DOCUMENTS.slice(0, 5) });
  const before = searchProtocols(loaded, "peds seizure").hits;
  searchProtocols(other, "seizure oxygen");
  assert.deepEqual(searchProtocols(loaded, "peds seizure").hits, before);
  assert.deepEqual(before, searchProtocols(index, "peds seizure").hits);
});

Deno.test("an empty knowledge base makes an index that loads and finds nothing", async () => {
  const empty = await loadProtocolIndex(
    await serializeIndex(buildProtocolIndex({ kbVersion: "0", documents: [] })),
  );
  assert.deepEqual([empty.documents.length, empty.postings.terms.length], [0, 0]);
  assert.deepEqual(searchProtocols(empty, "seizure").hits, []);
});

Deno.test("an older format, another format number, or damaged bytes are refused, not misread", async () => {
  const formatOne = await gzip(new TextEncoder().encode(JSON.stringify({ format: 1, documents: [] })));
  await assert.rejects(loadProtocolIndex(formatOne), IndexFormatError);
  const plain = await gunzip(await serializeIndex(index));
  const renumbered = plain.slice();
  // Format 2 (before the English lexicon was carried): refused, not read without it.
  new DataView(renumbered.buffer).setUint32(4, 2, true);
  await assert.rejects(loadProtocolIndex(renumbered), new RegExp(`format 2 is not ${INDEX_FORMAT}`));
  await assert.rejects(loadProtocolIndex(plain.subarray(0, plain.length - 100)), IndexFormatError);
  await assert.rejects(loadProtocolIndex(plain.subarray(0, 40)), IndexFormatError);
  const scrambledHeader = plain.slice();
  scrambledHeader.fill(0x7b, 12, 40);
  await assert.rejects(loadProtocolIndex(scrambledHeader), IndexFormatError);
  const headerLength = new DataView(plain.buffer).getUint32(8, true);
  const noLayout = plain.slice();
  noLayout.set(new TextEncoder().encode(JSON.stringify({}).padEnd(headerLength, " ")), 12);
  await assert.rejects(loadProtocolIndex(noLayout), /no layout/);
});
