/**
 * A made-up knowledge-base document for the search's unit tests (no protocol's text): one "Overview" section
 * from a string, or "Part 1", "Part 2", … from a list.
 */
import type { DocumentType, KnowledgeDocument } from "../../functions-shared/domain/protocols/types.ts";

export function madeUpDocument(
  protocolNumber: string,
  title: string,
  content: string | readonly string[],
  documentType: DocumentType = "treatment_protocol",
): KnowledgeDocument {
  return {
    key: protocolNumber,
    protocolNumber,
    title,
    documentType,
    category: "general",
    revisedDate: null,
    sourceFile: null,
    sourceUrl: null,
    keywords: [],
    sections: typeof content === "string"
      ? [{ heading: "Overview", content }]
      : content.map((text, i) => ({ heading: `Part ${i + 1}`, content: text })),
  };
}
