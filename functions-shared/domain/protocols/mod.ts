/**
 * The protocol knowledge base and its search (no I/O). What the protocol-search function, the chat
 * and the `kb` CLI import:
 *
 *   const index = await loadProtocolIndex(bytes);                 // cold start: the prebuilt index
 *   const { hits } = searchProtocols(index, "peds siezure", { limit: 5 });
 *   hits[0].protocolNumber  // "1231-P"
 *   hits[0].sections        // the best sections, full text, for a prompt or a detail view
 */
export { searchProtocols } from "./search.ts";
export type { ProtocolHit, SearchOptions, SearchResult, SectionHit } from "./search.ts";
export { MAX_LIMIT, SEARCH_CATEGORIES } from "./search.ts";
export {
  type BuildInput,
  buildProtocolIndex,
  INDEX_FORMAT,
  type IndexedDocument,
  IndexFormatError,
  loadProtocolIndex,
  type ProtocolIndex,
  serializeIndex,
} from "./protocol_index.ts";
export { type AnalyzedQuery, analyzeQuery } from "./query.ts";
export {
  canonicalNumber,
  compareNumbers,
  findReferences,
  isPediatricNumber,
  PROTOCOL_NUMBER,
  referencedNumber,
} from "./reference.ts";
export { parseLaCountyDocument, type ParseOutcome } from "./la_county_document.ts";
export { impressionData, type ProviderImpression } from "./impressions.ts";
export {
  LAY_SETTINGS,
  type LayEntry,
  type LaySettings,
  type LayValidation,
  parseLayGlossary,
  validateLayGlossary,
} from "./lay_glossary.ts";
export { CATEGORIES, categoryOf } from "./categories.ts";
export { SAMPLE_DOCUMENTS, SAMPLE_HINTS, SAMPLE_KB_VERSION } from "./sample_kb.ts";
export { DOCUMENT_TYPES, type DocumentType, type ImpressionHint, type KnowledgeDocument } from "./types.ts";
export type { KnowledgeSection } from "./types.ts";
