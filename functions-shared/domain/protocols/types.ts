/**
 * The shapes of the protocol knowledge base: documents as the importer produces them (and the
 * knowledge_base table stores them, one row per section), and what a search returns.
 */

export const DOCUMENT_TYPES = [
  "treatment_protocol",
  "medical_control_guideline",
  "drug_reference",
  "policy",
  "change_log",
  "other",
] as const;
export type DocumentType = typeof DOCUMENT_TYPES[number];

export interface KnowledgeSection {
  /** The heading the section falls under ("Special considerations", "V-fib / pulseless V-tach"). */
  readonly heading: string;
  readonly content: string;
}

/** One document of the knowledge base (one version of it), split into sections. */
export interface KnowledgeDocument {
  /**
   * Identity across versions: the protocol number for the document itself, `<number>#change-log` for
   * its change log, `asset:<id>` for Medic-Bot JSON assets without a number.
   */
  readonly key: string;
  /** Canonical reference number: "1210", "1210-P", "1317.17", "519.6a". */
  readonly protocolNumber: string;
  readonly title: string;
  readonly documentType: DocumentType;
  readonly category: string;
  /** ISO date (YYYY-MM-DD) of the revision printed on the document, when it has one. */
  readonly revisedDate: string | null;
  readonly sourceFile: string | null;
  readonly sourceUrl: string | null;
  /** Words the search should find this document by (provider impressions, vocabulary), not shown. */
  readonly keywords: readonly string[];
  readonly sections: readonly KnowledgeSection[];
}

/** A phrase that field crews use for a complaint, and the protocols it points to. */
export interface ImpressionHint {
  readonly phrase: string;
  readonly protocols: readonly string[];
}
