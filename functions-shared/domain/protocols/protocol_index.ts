/**
 * The search index: BM25 postings with prefix and fuzzy matching (postings.ts, scoring.ts) over the
 * sections of every document, plus the documents themselves (for results and snippets) and the
 * impression hints. Built once from the knowledge base (`buildProtocolIndex`), serialised
 * (`serializeIndex`, index_file.ts) and, on a function's cold start, loaded back (`loadProtocolIndex`):
 * loading maps the postings as typed-array views of the bytes — no tokenising, no index rebuild.
 */
import { IndexFormatError } from "./index_file.ts";
import { type LayEntry, type LayValidation, validateLayGlossary } from "./lay_glossary.ts";
import { unknownEnglish } from "./lexicon.ts";
import { decodeIndexFile, encodeIndexFile } from "./index_file.ts";
import { buildPostings, FIELD_COUNT, type Postings } from "./postings.ts";
import { adultNumber, citedProtocols } from "./reference.ts";
import { neighboursFit, NO_TERM } from "./term_dictionary.ts";
import type { DocumentType, ImpressionHint, KnowledgeDocument, KnowledgeSection } from "./types.ts";

export { IndexFormatError };

/**
 * Bumped when the serialised shape, the tokenizer, or the fuzzy matching (`fuzziness`, `fuzzyMatches`,
 * `buildFuzzyNeighbours` in term_dictionary.ts, whose answers format 5 stores per term) changes: older
 * files are refused, not misread. Format 6: the stored lists leave out clinical opposites (opposites.ts).
 */
export const INDEX_FORMAT = 6;

export interface IndexedDocument {
  readonly key: string;
  readonly protocolNumber: string;
  readonly title: string;
  readonly documentType: DocumentType;
  readonly category: string;
  readonly revisedDate: string | null;
  readonly sourceUrl: string | null;
  /** Distinct treatment protocols (adult numbers, its own excepted) its text cites (document_roles.ts). */
  readonly cites: number;
  readonly sections: readonly KnowledgeSection[];
}

/** What a search needs in memory. Section ids in the postings are positions in `sections`. */
export interface ProtocolIndex {
  readonly format: number;
  /** The knowledge-base version this index was built from. */
  readonly kbVersion: string;
  readonly builtAt: string;
  readonly documents: readonly IndexedDocument[];
  readonly hints: readonly ImpressionHint[];
  readonly postings: Postings;
  /** Section id → [document position, section position]. */
  readonly sections: readonly (readonly [number, number])[];
  /** Document position → its first section id (a document's sections have consecutive ids). */
  readonly firstSection: Uint32Array;
  /** Section id → document position. */
  readonly sectionDocument: Uint32Array;
  /**
   * Each section's content as UTF-8, bytes[start[id] .. start[id + 1]): on a loaded index the published
   * text's own bytes (no copy), which the snippet scans faster than the string (snippet.ts). Format 5.
   */
  readonly sectionUtf8: { readonly bytes: Uint8Array; readonly start: Uint32Array };
  /** Canonical number → positions of its documents (the document first, then e.g. its change log). */
  readonly byNumber: ReadonlyMap<string, readonly number[]>;
  /** Adult numbers that have a -P variant, and -P numbers that have an adult one. */
  readonly twins: ReadonlySet<string>;
  /** English words the corpus lacks, "\n"-delimited (lexicon.ts): not misspellings. Format 3. */
  readonly english: string;
  /** The lay glossary's entries whose targets the corpus uses (lay_glossary.ts). Format 4. */
  readonly lay: readonly LayEntry[];
  /** What the build dropped of the glossary (only on an index just built, not on one loaded). */
  readonly layValidation?: Omit<LayValidation, "kept">;
}

export interface BuildInput {
  readonly kbVersion: string;
  readonly documents: readonly KnowledgeDocument[];
  readonly hints?: readonly ImpressionHint[];
  readonly builtAt?: Date;
  /** A general lexicon's words (WordNet lemmas, `kb build`); only those the corpus lacks are kept. */
  readonly englishWords?: readonly string[];
  /** The lay glossary (parseLayGlossary); entries are checked against the corpus's terms. */
  readonly layGlossary?: readonly LayEntry[];
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
      cites: citedProtocols(d.protocolNumber, d.sections),
      sections: d.sections.map((s) => ({ heading: s.heading, content: s.content })),
    }));
  const keywords = new Map(input.documents.map((d) => [d.key, d.keywords.join(" ")]));
  const postings = buildPostings(documents.flatMap((doc) => {
    const ref = refTerms(doc.protocolNumber);
    return doc.sections.map((section) => ({
      title: doc.title,
      ref,
      keywords: keywords.get(doc.key) ?? "",
      heading: section.heading,
      content: section.content,
    }));
  }));
  const { kept, ...layValidation } = validateLayGlossary(input.layGlossary ?? [], postings);
  const index = assemble({
    kbVersion: input.kbVersion,
    builtAt: (input.builtAt ?? new Date()).toISOString(),
    documents,
    hints: input.hints ?? [],
    english: unknownEnglish(postings, input.englishWords ?? []),
    lay: kept,
  }, postings);
  return { ...index, layValidation };
}

/** "1210-P" → "1210 1210-p 1210p": what a user may type for it. */
function refTerms(protocolNumber: string): string {
  const lower = protocolNumber.toLowerCase();
  return [adultNumber(lower), lower, lower.replace("-", "")].join(" ");
}

/** The header: documents without their section text (that goes in the text blob). */
interface Header {
  readonly kbVersion: string;
  readonly builtAt: string;
  readonly documents:
    readonly (Omit<IndexedDocument, "sections"> & { readonly headings: readonly string[] })[];
  readonly hints: readonly ImpressionHint[];
  readonly lay: readonly LayEntry[];
  /** UTF-16 length of the terms at the start of the text blob (joined by newlines). */
  readonly termsLength: number;
  /** UTF-16 length of the English words that follow the terms in the text blob. */
  readonly englishLength: number;
}

/** The index as gzip-compressed bytes (what `kb build` writes and the database stores). */
export async function serializeIndex(index: ProtocolIndex): Promise<Uint8Array> {
  const p = index.postings;
  const terms = p.terms.join("\n");
  const contents = index.documents.flatMap((d) => d.sections.map((s) => s.content));
  const textStart = new Uint32Array(contents.length + 1);
  // The contents' bytes follow the terms' and the English words' in the text blob.
  const before = new TextEncoder().encode(terms + index.english).length;
  const { start } = index.sectionUtf8; // contiguous; from 0 on an index just built
  const textByteStart = start.map((b) => before + b - start[0]);
  let at = terms.length + index.english.length;
  contents.forEach((c, i) => {
    textStart[i] = at;
    at += c.length;
  });
  textStart[contents.length] = at;
  const header: Header = {
    kbVersion: index.kbVersion,
    builtAt: index.builtAt,
    documents: index.documents.map(({ sections, ...meta }) => ({
      ...meta,
      headings: sections.map((s) => s.heading),
    })),
    hints: index.hints,
    lay: index.lay,
    termsLength: terms.length,
    englishLength: index.english.length,
  };
  const file = encodeIndexFile(INDEX_FORMAT, { ...header }, {
    trieChar: p.trie.char,
    trieSubtreeEnd: p.trie.subtreeEnd,
    trieTerm: p.trie.term,
    fuzzyStart: p.fuzzy.start,
    fuzzyTerm: p.fuzzy.term,
    fuzzyDistance: p.fuzzy.distance,
    termFieldStart: p.termFieldStart,
    postingSection: p.postingSection,
    postingCount: p.postingCount,
    fieldLength: p.fieldLength,
    averageFieldLength: p.averageFieldLength,
    textStart,
    textByteStart,
  }, terms + index.english + contents.join(""));
  return await gzip(file);
}

/**
 * Bytes from `serializeIndex` (gzip or not) → a searchable index. Anything else: IndexFormatError, whatever
 * failed (a gzip stream that does not inflate, a header missing what the loader reads), so that a caller
 * can tell bytes that are not an index from its own failures.
 */
export async function loadProtocolIndex(bytes: Uint8Array): Promise<ProtocolIndex> {
  try {
    return await readIndex(bytes);
  } catch (error) {
    if (error instanceof IndexFormatError) throw error;
    throw new IndexFormatError(
      `protocol index is not readable: ${error instanceof Error ? error.message : error}`,
    );
  }
}

async function readIndex(bytes: Uint8Array): Promise<ProtocolIndex> {
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  // Views are taken on these bytes: they must be the index's own, not a buffer someone may reuse.
  const raw = isGzip ? await gunzip(bytes) : bytes.slice();
  const file = decodeIndexFile(raw, INDEX_FORMAT);
  const header = file.header as unknown as Header;
  const text = file.text;
  const textStart = file.array("textStart", "u32");
  const textByteStart = file.array("textByteStart", "u32");
  const terms = header.termsLength === 0 ? [] : text.slice(0, header.termsLength).split("\n");
  let s = 0;
  const documents: IndexedDocument[] = header.documents.map(({ headings, ...meta }) => ({
    ...meta,
    sections: headings.map((heading) => ({ heading, content: text.slice(textStart[s], textStart[++s]) })),
  }));
  const postings: Postings = {
    terms,
    trie: {
      char: file.array("trieChar", "u16"),
      subtreeEnd: file.array("trieSubtreeEnd", "u32"),
      term: file.array("trieTerm", "u32"),
    },
    fuzzy: {
      start: file.array("fuzzyStart", "u32"),
      term: file.array("fuzzyTerm", "u32"),
      distance: file.array("fuzzyDistance", "u16"),
    },
    sectionCount: s,
    termFieldStart: file.array("termFieldStart", "u32"),
    postingSection: file.array("postingSection", "u32"),
    postingCount: file.array("postingCount", "u16"),
    fieldLength: file.array("fieldLength", "u32"),
    averageFieldLength: file.array("averageFieldLength", "f64"),
  };
  if (
    textStart.length !== s + 1 || !trieFits(postings.trie, terms.length) ||
    !neighboursFit(postings.fuzzy, terms.length) ||
    postings.termFieldStart.length !== terms.length * FIELD_COUNT + 1 ||
    postings.fieldLength.length !== s * FIELD_COUNT || postings.averageFieldLength.length !== FIELD_COUNT ||
    postings.postingSection.length !== postings.termFieldStart[terms.length * FIELD_COUNT] ||
    postings.postingCount.length !== postings.postingSection.length ||
    !sectionsSpanContents(header, text, file.textBytes, textStart, textByteStart)
  ) {
    throw new IndexFormatError("protocol index is inconsistent: its arrays do not match its documents");
  }
  const english = text.slice(header.termsLength, header.termsLength + header.englishLength);
  return assemble({ ...header, documents, english, lay: header.lay ?? [] }, postings, {
    bytes: file.textBytes,
    start: textByteStart,
  });
}

/**
 * The sections' ranges cover the contents and only them, as serializeIndex lays them out: the first
 * starts where the terms and English words end (in UTF-16 units and in UTF-8 bytes), the last ends where
 * the text does, and in between they are contiguous (one start array) and go forward. Each byte range can
 * hold its section (a UTF-16 unit takes one to three bytes; so no count of units is negative either), so a
 * scan stays in bounds, and each starts on a character (an interior offset is otherwise checked only by
 * that ratio, which an offset moved by a byte or two can keep). Without the ends fixed, offsets all shifted by a publisher's slip (a base left out)
 * would pass and the snippets would be cut from other text than the sections they are shown under. The
 * bytes were checked to be UTF-8 when decoded; the one count (the UTF-8 length of the terms and words,
 * about 0.5 MB of the county's index) costs under a millisecond.
 */
function sectionsSpanContents(
  header: Header,
  text: string,
  textBytes: Uint8Array,
  textStart: Uint32Array,
  byteStart: Uint32Array,
): boolean {
  const contentsStart = header.termsLength + header.englishLength;
  const last = textStart.length - 1;
  if (
    byteStart.length !== textStart.length || textStart[0] !== contentsStart ||
    textStart[last] !== text.length ||
    byteStart[last] !== textBytes.length ||
    byteStart[0] !== new TextEncoder().encode(text.slice(0, contentsStart)).length
  ) {
    return false;
  }
  for (let s = 0; s + 1 < byteStart.length; s++) {
    const bytes = byteStart[s + 1] - byteStart[s], units = textStart[s + 1] - textStart[s];
    if (byteStart[s + 1] < byteStart[s] || bytes < units || bytes > 3 * units) return false;
    // A section begins on a character, not inside one (10xxxxxx is a continuation byte).
    if ((textBytes[byteStart[s + 1]] & 0xc0) === 0x80) return false;
  }
  return true;
}

/** Each section's content encoded once, one after another (an index just built). */
function encodeSections(documents: readonly IndexedDocument[]): ProtocolIndex["sectionUtf8"] {
  const encoder = new TextEncoder();
  const parts = documents.flatMap((d) => d.sections.map((s) => encoder.encode(s.content)));
  const start = new Uint32Array(parts.length + 1);
  parts.forEach((part, i) => (start[i + 1] = start[i] + part.length));
  const bytes = new Uint8Array(start[parts.length]);
  parts.forEach((part, i) => bytes.set(part, start[i]));
  return { bytes, start };
}

/** A trie whose arrays agree in length and whose root spans them all (a walk then stays in bounds). */
function trieFits(trie: Postings["trie"], termCount: number): boolean {
  const nodes = trie.char.length;
  return nodes > 0 && trie.subtreeEnd.length === nodes && trie.term.length === nodes &&
    trie.subtreeEnd[0] === nodes && trie.term.every((t, k) => t === NO_TERM || (t < termCount && k > 0));
}

function assemble(
  base: Pick<Header, "kbVersion" | "builtAt" | "hints" | "lay"> & {
    readonly documents: readonly IndexedDocument[];
    readonly english: string;
  },
  postings: Postings,
  sectionUtf8: ProtocolIndex["sectionUtf8"] = encodeSections(base.documents),
): ProtocolIndex {
  const sections: (readonly [number, number])[] = [];
  const firstSection = new Uint32Array(base.documents.length);
  const byNumber = new Map<string, number[]>();
  base.documents.forEach((doc, d) => {
    firstSection[d] = sections.length;
    doc.sections.forEach((_, s) => sections.push([d, s]));
    const list = byNumber.get(doc.protocolNumber) ?? [];
    // The document itself before its change log.
    if (doc.key === doc.protocolNumber) list.unshift(d);
    else list.push(d);
    byNumber.set(doc.protocolNumber, list);
  });
  const sectionDocument = new Uint32Array(sections.length);
  sections.forEach(([d], id) => (sectionDocument[id] = d));
  const twins = new Set<string>();
  for (const number of byNumber.keys()) {
    if (number.endsWith("-P") && byNumber.has(adultNumber(number))) {
      twins.add(number);
      twins.add(adultNumber(number));
    }
  }
  return {
    format: INDEX_FORMAT,
    kbVersion: base.kbVersion,
    builtAt: base.builtAt,
    documents: base.documents,
    hints: base.hints,
    postings,
    sections,
    firstSection,
    sectionDocument,
    sectionUtf8,
    byNumber,
    twins,
    english: base.english,
    lay: base.lay,
  };
}

/** The published index's compression; the benchmark and the format tests use it too. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return await pipe(bytes, new CompressionStream("gzip"));
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return await pipe(bytes, new DecompressionStream("gzip"));
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream) {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
