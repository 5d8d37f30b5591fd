/**
 * The search index: MiniSearch (BM25 with prefix and fuzzy matching) over the sections of every
 * document, plus the documents themselves (for results and snippets) and the impression hints.
 * Built once from the knowledge base (`buildProtocolIndex`), serialised (`serializeIndex`) and, on a
 * function's cold start, loaded back (`loadProtocolIndex`) — loading never re-tokenises the corpus.
 */
import MiniSearch, { type Options } from "minisearch";
import { adultNumber } from "./reference.ts";
import { terms } from "./text.ts";
import type { DocumentType, ImpressionHint, KnowledgeDocument, KnowledgeSection } from "./types.ts";

/** Bumped when the serialised shape or the tokenizer changes: older files are refused, not misread. */
export const INDEX_FORMAT = 1;

export interface IndexedDocument {
  readonly key: string;
  readonly protocolNumber: string;
  readonly title: string;
  readonly documentType: DocumentType;
  readonly category: string;
  readonly revisedDate: string | null;
  readonly sourceUrl: string | null;
  readonly sections: readonly KnowledgeSection[];
}

/** What a search needs in memory. Section ids in MiniSearch are positions in `sections`. */
export interface ProtocolIndex {
  readonly format: number;
  /** The knowledge-base version this index was built from. */
  readonly kbVersion: string;
  readonly builtAt: string;
  readonly documents: readonly IndexedDocument[];
  readonly hints: readonly ImpressionHint[];
  readonly miniSearch: MiniSearch<SectionRecord>;
  /** Section id → [document position, section position]. */
  readonly sections: readonly (readonly [number, number])[];
  /** Canonical number → positions of its documents (the document first, then e.g. its change log). */
  readonly byNumber: ReadonlyMap<string, readonly number[]>;
  /** Adult numbers that have a -P variant, and -P numbers that have an adult one. */
  readonly twins: ReadonlySet<string>;
}

export interface SectionRecord {
  readonly id: number;
  readonly title: string;
  readonly ref: string;
  readonly keywords: string;
  readonly heading: string;
  readonly content: string;
}

export const SEARCH_FIELDS = ["title", "ref", "keywords", "heading", "content"] as const;

/** The same options at build and load time: MiniSearch needs the tokenizer to read its own index. */
const MINISEARCH_OPTIONS: Options<SectionRecord> = {
  idField: "id",
  fields: [...SEARCH_FIELDS],
  storeFields: [],
  tokenize: (text) => terms(text),
  processTerm: (term) => term,
  // Queries arrive already analysed (query.ts); the same term rules apply.
  searchOptions: { tokenize: (text) => text.split(" ").filter(Boolean), processTerm: (term) => term },
};

export interface BuildInput {
  readonly kbVersion: string;
  readonly documents: readonly KnowledgeDocument[];
  readonly hints?: readonly ImpressionHint[];
  readonly builtAt?: Date;
}

export function buildProtocolIndex(input: BuildInput): ProtocolIndex {
  const documents: IndexedDocument[] = [...input.documents]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((d) => ({
      key: d.key,
      protocolNumber: d.protocolNumber,
      title: d.title,
      documentType: d.documentType,
      category: d.category,
      revisedDate: d.revisedDate,
      sourceUrl: d.sourceUrl,
      sections: d.sections.map((s) => ({ heading: s.heading, content: s.content })),
    }));
  const keywords = new Map(input.documents.map((d) => [d.key, d.keywords.join(" ")]));
  const miniSearch = new MiniSearch<SectionRecord>(MINISEARCH_OPTIONS);
  let id = 0;
  const records: SectionRecord[] = [];
  for (const doc of documents) {
    const ref = refTerms(doc.protocolNumber);
    for (const section of doc.sections) {
      records.push({
        id: id++,
        title: doc.title,
        ref,
        keywords: keywords.get(doc.key) ?? "",
        heading: section.heading,
        content: section.content,
      });
    }
  }
  miniSearch.addAll(records);
  return assemble({
    format: INDEX_FORMAT,
    kbVersion: input.kbVersion,
    builtAt: (input.builtAt ?? new Date()).toISOString(),
    documents,
    hints: input.hints ?? [],
  }, miniSearch);
}

/** "1210-P" → "1210 1210-p 1210p": what a user may type for it. */
function refTerms(protocolNumber: string): string {
  const lower = protocolNumber.toLowerCase();
  return [adultNumber(lower), lower, lower.replace("-", "")].join(" ");
}

interface SerializedIndex {
  readonly format: number;
  readonly kbVersion: string;
  readonly builtAt: string;
  readonly documents: readonly IndexedDocument[];
  readonly hints: readonly ImpressionHint[];
  readonly miniSearch: unknown;
}

/** The index as gzip-compressed JSON bytes (what `kb build` writes and the database stores). */
export async function serializeIndex(index: ProtocolIndex): Promise<Uint8Array> {
  const payload: SerializedIndex = {
    format: index.format,
    kbVersion: index.kbVersion,
    builtAt: index.builtAt,
    documents: index.documents,
    hints: index.hints,
    miniSearch: index.miniSearch.toJSON(),
  };
  return await gzip(new TextEncoder().encode(JSON.stringify(payload)));
}

export class IndexFormatError extends Error {}

/** Bytes from `serializeIndex` (gzip) or plain JSON → a searchable index. No corpus rebuild. */
export async function loadProtocolIndex(bytes: Uint8Array): Promise<ProtocolIndex> {
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const json = new TextDecoder().decode(isGzip ? await gunzip(bytes) : bytes);
  const parsed = JSON.parse(json) as SerializedIndex;
  if (parsed?.format !== INDEX_FORMAT) {
    throw new IndexFormatError(
      `protocol index format ${parsed?.format} is not ${INDEX_FORMAT}; rebuild it with \`deno task kb build\``,
    );
  }
  // deno-lint-ignore no-explicit-any -- MiniSearch's serialised shape is its own business
  const miniSearch = MiniSearch.loadJS<SectionRecord>(parsed.miniSearch as any, MINISEARCH_OPTIONS);
  return assemble(parsed, miniSearch);
}

function assemble(
  base: Omit<SerializedIndex, "miniSearch">,
  miniSearch: MiniSearch<SectionRecord>,
): ProtocolIndex {
  const sections: (readonly [number, number])[] = [];
  const byNumber = new Map<string, number[]>();
  base.documents.forEach((doc, d) => {
    doc.sections.forEach((_, s) => sections.push([d, s]));
    const list = byNumber.get(doc.protocolNumber) ?? [];
    // The document itself before its change log.
    if (doc.key === doc.protocolNumber) list.unshift(d);
    else list.push(d);
    byNumber.set(doc.protocolNumber, list);
  });
  const twins = new Set<string>();
  for (const number of byNumber.keys()) {
    if (number.endsWith("-P") && byNumber.has(adultNumber(number))) {
      twins.add(number);
      twins.add(adultNumber(number));
    }
  }
  return { ...base, miniSearch, sections, byNumber, twins };
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return await pipe(bytes, new CompressionStream("gzip"));
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return await pipe(bytes, new DecompressionStream("gzip"));
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream) {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
