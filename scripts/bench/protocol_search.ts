/**
 * The protocol knowledge base and search on the full LA County corpus (../shared), each figure beside
 * a baseline from the same run:
 *   read + parse the corpus           vs reading the files only
 *   import into knowledge_base        vs the same import again (every document unchanged: hash skip)
 *   index build                       vs tokenizing the same text only
 *   index size (gzip)                 vs the markdown corpus on disk
 *   cold load (gunzip, map, decode)   vs gunzip + JSON.parse of the documents alone as gzip JSON (what
 *                                        any JSON-carried index pays before its postings)
 *   warm query p50/p99                vs a plain linear substring scan of every section
 *   warm query p50/p99, field set     vs the same queries with query understanding off (plain)
 *   relevance per kind (top-1, top-3,  vs the same queries with query understanding off (plain:
 *     MRR) on the field-language set     words, vocabulary and impressions only)
 *     and on the held-out set
 *   relevance overall with the lay      vs the same queries with the glossary not read (lay: false)
 *     glossary (top-3, MRR)
 */
import { gunzip, gzip } from "../../functions-shared/domain/protocols/protocol_index.ts";
import { createSql } from "../../functions-shared/platform/db.ts";
import {
  buildProtocolIndex,
  loadProtocolIndex,
  type SearchOptions,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { terms } from "../../functions-shared/domain/protocols/text.ts";
import { englishWords } from "../kb/english_words.ts";
import { layGlossary } from "../kb/lay_glossary.ts";
import { RELEVANCE_SET } from "../../tests/support/protocol_relevance.ts";
import { FIELD_SET, HELDOUT_SET, scoreByKind } from "../../tests/support/field_relevance.ts";
import { importDocuments } from "../kb/kb_store.ts";
import { readLaCountySource } from "../kb/la_county_source.ts";
import { type Figure, round, summarize } from "./stats.ts";

const CORPUS = new URL("../../../shared/data/la-county-ems/", import.meta.url).pathname;
const QUERIES = Number(Deno.env.get("BENCH_PROTOCOL_QUERIES") ?? 4000);
const COLD_LOADS = 10;
const BENCH = "protocol search";

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

const figure = (
  name: string,
  unit: Figure["unit"],
  value: number,
  baseline: string,
  base: number,
  note?: string,
) =>
  ({
    bench: BENCH,
    name,
    unit,
    value: round(value, 2),
    baseline: `${baseline}: ${round(base, 2)} ${unit}`,
    ratio: round(value / base, 2),
    note,
  }) satisfies Figure;

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const docsDir = `${CORPUS}documents`;

  // Read + parse vs read only.
  const [, readOnly] = await timeAsync(async () => {
    let bytes = 0;
    for await (const e of Deno.readDir(docsDir)) {
      bytes += (await Deno.readFile(`${docsDir}/${e.name}`)).length;
    }
    return bytes;
  });
  const [source, parse] = await timeAsync(() => readLaCountySource(CORPUS));
  const sections = source.documents.reduce((n, d) => n + d.sections.length, 0);
  figures.push(
    figure(
      "read + parse the corpus",
      "ms",
      parse,
      "read the files only",
      readOnly,
      `${source.documents.length} documents, ${sections} sections, ${source.skipped.length} files skipped`,
    ),
  );

  // Import into Postgres: first run vs the unchanged re-run.
  const sql = createSql({ url: Deno.env.get("SUPABASE_DB_URL"), max: 1 }); // kb import is the owner's
  try {
    const [first, importMs] = await timeAsync(() => importDocuments(sql, source.documents, source.hints));
    const [, reimportMs] = await timeAsync(() => importDocuments(sql, source.documents, source.hints));
    figures.push(
      figure(
        "import into knowledge_base",
        "ms",
        importMs,
        "re-import, all unchanged (hash skip)",
        reimportMs,
        `${first.added} added, ${first.updated} updated, ${first.unchanged} unchanged on the first run`,
      ),
    );
  } finally {
    await sql.end({ timeout: 5 });
  }

  // Index build vs tokenizing the same text.
  const [, tokenizeMs] = time(() => {
    let n = 0;
    for (const d of source.documents) {
      for (const s of d.sections) n += terms(`${d.title} ${s.heading} ${s.content}`).length;
    }
    return n;
  });
  const english = await englishWords();
  const lay = await layGlossary();
  const [index, buildMs] = time(() =>
    buildProtocolIndex({
      kbVersion: "bench",
      documents: source.documents,
      hints: source.hints,
      englishWords: english,
      layGlossary: lay,
    })
  );
  figures.push(
    figure("index build (postings)", "ms", buildMs, "tokenizing the same text only", tokenizeMs),
  );

  // Size: gzip index vs the markdown on disk.
  const bytes = await serializeIndex(index);
  let corpusBytes = 0;
  for await (const e of Deno.readDir(docsDir)) corpusBytes += (await Deno.stat(`${docsDir}/${e.name}`)).size;
  const raw = await gunzip(bytes);
  figures.push(
    figure(
      "index size (gzip)",
      "MB",
      bytes.length / 1e6,
      "markdown corpus on disk",
      corpusBytes / 1e6,
      `${round(raw.length / 1e6, 2)} MB before gzip`,
    ),
  );

  // Cold load vs what a JSON format pays for the documents alone.
  const documentsJson = await gzip(new TextEncoder().encode(JSON.stringify(index.documents)));
  const loads: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    loads.push((await timeAsync(() => loadProtocolIndex(bytes)))[1]);
    parses.push(
      (await timeAsync(async () => JSON.parse(new TextDecoder().decode(await gunzip(documentsJson)))))[1],
    );
  }
  const load = summarize(loads);
  const parseBase = summarize(parses);
  figures.push({
    ...figure(
      "cold load (gunzip + typed-array views + text decode)",
      "ms",
      load.p50,
      "gunzip + JSON.parse of the documents alone",
      parseBase.p50,
      `p50 of ${COLD_LOADS} loads; no index rebuild`,
    ),
    p50: round(load.p50),
    p99: round(load.p99),
  });

  // The lay glossary's cost on a cold start: the same index built without it, loads interleaved.
  const withoutLay = await serializeIndex(
    buildProtocolIndex({
      kbVersion: "bench",
      documents: source.documents,
      hints: source.hints,
      englishWords: english,
    }),
  );
  const layLoads: number[] = [];
  const bareLoads: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    layLoads.push((await timeAsync(() => loadProtocolIndex(bytes)))[1]);
    bareLoads.push((await timeAsync(() => loadProtocolIndex(withoutLay)))[1]);
  }
  const layLoad = summarize(layLoads);
  const bareLoad = summarize(bareLoads);
  figures.push({
    ...figure(
      "cold load, index with the lay glossary",
      "ms",
      layLoad.p50,
      "the same index built without it",
      bareLoad.p50,
      `p50 of ${COLD_LOADS} loads each, interleaved; ${bytes.length - withoutLay.length} bytes more (gzip)`,
    ),
    p50: round(layLoad.p50),
    p99: round(layLoad.p99),
  });

  // Warm queries vs a linear substring scan.
  const loaded = await loadProtocolIndex(bytes);
  const queries = RELEVANCE_SET.map((c) => c.query);
  const haystack = loaded.documents.flatMap((d) =>
    d.sections.map((s) => `${d.title} ${s.heading} ${s.content}`.toLowerCase())
  );
  const searchSamples: number[] = [];
  const scanSamples: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = queries[i % queries.length];
    searchSamples.push(time(() => searchProtocols(loaded, q, { limit: 10 }))[1]);
    const words = q.toLowerCase().split(/\s+/);
    scanSamples.push(time(() => haystack.filter((text) => words.some((w) => text.includes(w))).length)[1]);
  }
  const warm = summarize(searchSamples.slice(queries.length)); // the first pass warms the JIT
  const scan = summarize(scanSamples.slice(queries.length));
  figures.push({
    bench: BENCH,
    name: "warm query (searchProtocols, limit 10)",
    unit: "ms",
    p50: round(warm.p50),
    p99: round(warm.p99),
    baseline: `linear substring scan of ${haystack.length} sections: p50 ${round(scan.p50)} ms, p99 ${
      round(scan.p99)
    } ms`,
    ratio: round(warm.p50 / scan.p50, 2),
    note: `${warm.n} queries from the relevance set`,
  });

  // Warm queries of the field-language set, with and without query understanding, interleaved.
  const fieldQueries = FIELD_SET.map((c) => c.query);
  const understood: number[] = [];
  const plain: number[] = [];
  const noLay: number[] = [];
  const variants: [number[], SearchOptions][] = [
    [understood, { limit: 10 }],
    [plain, { limit: 10, plain: true }],
    [noLay, { limit: 10, lay: false }],
  ];
  for (let i = 0; i < QUERIES; i++) {
    const q = fieldQueries[i % fieldQueries.length];
    // Rotated: whichever runs second or third on a query finds its postings in cache.
    for (let k = 0; k < variants.length; k++) {
      const [samples, options] = variants[(i + k) % variants.length];
      samples.push(time(() => searchProtocols(loaded, q, options))[1]);
    }
  }
  const u = summarize(understood.slice(fieldQueries.length));
  const pl = summarize(plain.slice(fieldQueries.length));
  const nl = summarize(noLay.slice(fieldQueries.length));
  figures.push({
    bench: BENCH,
    name: "warm query, field-language set (query understanding on)",
    unit: "ms",
    p50: round(u.p50),
    p99: round(u.p99),
    baseline: `the same queries, plain: p50 ${round(pl.p50)} ms, p99 ${round(pl.p99)} ms`,
    ratio: round(u.p50 / pl.p50, 2),
    note: `${u.n} queries; spelling readings and word associations are memoised per index`,
  });
  figures.push({
    bench: BENCH,
    name: "warm query, field-language set, lay glossary read",
    unit: "ms",
    p50: round(u.p50),
    p99: round(u.p99),
    baseline: `the same queries, glossary not read: p50 ${round(nl.p50)} ms, p99 ${round(nl.p99)} ms`,
    ratio: round(u.p50 / nl.p50, 2),
    note: `p99 ratio ${round(u.p99 / nl.p99, 2)}`,
  });

  // Relevance per kind on the field-language set and the held-out set, beside the plain search on the
  // same index.
  for (const [set, cases] of [["", FIELD_SET], ["held-out ", HELDOUT_SET]] as const) {
    const base = new Map(scoreByKind(loaded, cases, { plain: true }).map((s) => [s.kind, s]));
    // Each variant scored once: the overall figures below are the per-kind results' "all" row.
    const scores = scoreByKind(loaded, cases);
    const noLay = new Map(scoreByKind(loaded, cases, { lay: false }).map((s) => [s.kind, s]));
    for (const s of scores) {
      const b = base.get(s.kind)!;
      for (const [metric, label] of [["top1", "top-1"], ["top3", "top-3"], ["mrr", "MRR"]] as const) {
        figures.push({
          bench: BENCH,
          name: `${set}relevance ${label}, ${s.kind} (${s.n} queries)`,
          unit: "share",
          value: round(s[metric], 3),
          baseline: `plain search: ${round(b[metric], 3)}`,
          ratio: round(s[metric] / b[metric], 2),
          note: `lay glossary not read: ${round(noLay.get(s.kind)![metric], 3)}`,
        });
      }
    }
    // The lay glossary's share of it: the same queries with everything else on and the glossary not read.
    const all = scores.at(-1)!;
    const off = noLay.get("all")!;
    for (const [metric, label] of [["top3", "top-3"], ["mrr", "MRR"]] as const) {
      figures.push({
        bench: BENCH,
        name: `${set}relevance ${label}, all, lay glossary (${index.lay.length} entries)`,
        unit: "share",
        value: round(all[metric], 3),
        baseline: `lay glossary not read: ${round(off[metric], 3)}`,
        ratio: round(all[metric] / off[metric], 2),
      });
    }
  }
  return figures;
}
