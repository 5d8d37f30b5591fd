/**
 * The protocol-search function's published contract (core/contract.ts): search (query string or JSON
 * body), the document view and feedback on a search — request schemas from schemas.ts, the shape of each
 * answer from handlers.ts. Schemas and words only: apps bundle it.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import { DOCUMENT_TYPES } from "../../domain/protocols/mod.ts";
import { feedbackBodySchema, searchBodySchema, searchQuerySchema } from "./schemas.ts";

const ProtocolNumber = z.string().describe("The canonical reference number, e.g. 1210, 1210-P, 1317.17");
const DocumentType = z.enum(DOCUMENT_TYPES);
const Category = z.string().describe(
  "The group LA County files the document under: a body system for treatment protocols (e.g. " +
    "cardiovascular), medical control, pharmacology, or a policy series",
);
const RevisedDate = z.string().nullable().describe(
  "The revision date printed on the document (YYYY-MM-DD); null when it prints none",
);
const SourceUrl = z.string().nullable().describe("Where LA County publishes the document; null if unknown");

/** What a hit and a whole document both say of the document. */
const documentFields = {
  protocolNumber: ProtocolNumber,
  title: z.string(),
  documentType: DocumentType,
  category: Category,
  revisedDate: RevisedDate,
  sourceUrl: SourceUrl,
};

const SearchResponse = z.strictObject({
  accessId: z.uuid().describe(
    "The search's log entry, to send with POST /feedback; the entry is written just after the answer " +
      "(if that write fails, feedback on it answers 404)",
  ),
  kbVersion: z.string().describe("The knowledge-base version the index searched was built from"),
  stale: z.boolean().describe("True while a newer knowledge-base version exists than the one searched"),
  interpretation: z.strictObject({
    references: z.array(ProtocolNumber).describe(
      "Reference numbers named in the query, pinned first in the hits",
    ),
    pediatric: z.boolean().nullable().describe(
      "Whether the search was for a child (from the query's words or ages, or the pediatric parameter); " +
        "null when nothing said",
    ),
    expansions: z.array(z.string()).describe("Field vocabulary the query's words were widened with"),
    corrections: z.array(z.strictObject({
      typed: z.string().describe("A word of the query (lowercased) that no protocol holds"),
      read: z.string().describe("The protocols' word it was searched as"),
    })).describe(
      'Words read as another by spelling correction, to show the user ("showing results for …"): the ' +
        "hits answer the word read, not the word typed",
    ),
  }).describe("How the query was read"),
  hits: z.array(z.strictObject({
    rank: z.number().int().min(1),
    ...documentFields,
    score: z.number().describe("Relevance, for ordering only: not comparable between searches"),
    matchedBy: z.enum(["reference", "search"]).describe(
      "reference: the query named this number; search: ranked by relevance",
    ),
    section: z.string().describe("The heading of the best-matching section"),
    snippet: z.string().describe("An excerpt of that section, the matched words marked **like this**"),
  })).describe("Documents, best first"),
});

const DocumentResponse = z.strictObject({
  ...documentFields,
  version: z.number().int().min(1).describe("The document's version in the knowledge base"),
  sections: z.array(z.strictObject({ heading: z.string(), content: z.string() })).describe(
    "The whole document, section by section, in order",
  ),
});

const FeedbackResponse = z.strictObject({ accessId: z.uuid(), helpful: z.boolean() });

const SEARCH_DESCRIPTION =
  "Reference numbers named in the query (TP 1210, MCG 1309, 1317.17) come first; then relevance over " +
  "titles, keywords, headings and text, tolerant of typos and field shorthand. A child's protocol (-P) " +
  "ranks above its adult twin when the query or `pediatric` says the patient is a child. Every search " +
  "is logged with its query scrubbed of personal details.";
/**
 * The search runs on the isolate's published index (platform/protocol_index.ts, whose constants these are;
 * written out here, as apps bundle this file): none published yet, or none that passes its integrity check.
 */
const SEARCH_ERRORS = { 503: ["KB_UNAVAILABLE", "KB_INTEGRITY"] };

export const protocolSearchContract = {
  search: contract({
    method: "GET",
    path: "/",
    query: searchQuerySchema,
    operation: "search",
    summary: "Search the LA County protocols (query string)",
    description: SEARCH_DESCRIPTION,
    access: "public",
    response: { description: "The hits, best first, and how the query was read", json: SearchResponse },
    errors: SEARCH_ERRORS,
  }),
  searchPost: contract({
    method: "POST",
    path: "/",
    body: searchBodySchema,
    operation: "searchPost",
    summary: "Search the LA County protocols (JSON body)",
    description: SEARCH_DESCRIPTION,
    access: "public",
    response: { description: "The hits, best first, and how the query was read", json: SearchResponse },
    errors: SEARCH_ERRORS,
  }),
  view: contract({
    method: "GET",
    path: "/:number",
    operation: "view",
    summary: "One document, every section",
    description: "`number` may be written as a user would: 1210, 1210-P, 1210p, TP 1210, MCG1309.",
    access: "public",
    response: { description: "The active version of the document", json: DocumentResponse },
    errors: { 404: ["PROTOCOL_NOT_FOUND"] },
  }),
  feedback: contract({
    method: "POST",
    path: "/feedback",
    body: feedbackBodySchema,
    operation: "feedback",
    summary: "Was a search helpful? On one's own search of the last 7 days",
    access: "public",
    response: { description: "The feedback as recorded", json: FeedbackResponse },
    errors: { 404: ["ACCESS_NOT_FOUND"] },
  }),
} as const;
