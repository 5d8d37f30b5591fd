/**
 * What a search and feedback accept (the request half of contract.ts). Schemas only: the contract, and so
 * the apps, import it.
 */
import { z } from "zod";

export const MAX_HTTP_LIMIT = 20;

const booleanParam = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

const Q_TEXT = "What to look for, as a medic would type it: a complaint, a drug, a reference number";
const LIMIT_TEXT = `Documents to return, 1–${MAX_HTTP_LIMIT} (default 10)`;
const PEDIATRIC_TEXT = "true: the patient is a child; false: an adult; absent: as the query says";
const CATEGORY_TEXT =
  "Only documents of this category (e.g. cardiovascular, pharmacology) or document type (e.g. policy)";

const searchFields = {
  q: z.string().trim().min(1, "q must not be empty").max(300).describe(Q_TEXT),
  limit: z.coerce.number().int().min(1).max(MAX_HTTP_LIMIT).optional().default(10).describe(LIMIT_TEXT),
  pediatric: booleanParam.optional().describe(PEDIATRIC_TEXT),
  category: z.string().trim().min(1).max(60).optional().describe(CATEGORY_TEXT),
};

/**
 * GET /protocol-search?q=…&limit=…&pediatric=…&category=…: strict, as the body, so a misspelt parameter
 * (`pediatrics=true`) is a 400 naming it rather than a search that quietly ranks adults first.
 */
export const searchQuerySchema = z.object(searchFields).strict();

/** POST /protocol-search { q, limit?, pediatric?, category? } */
export const searchBodySchema = z.object({
  ...searchFields,
  limit: z.number().int().min(1).max(MAX_HTTP_LIMIT).optional().default(10).describe(LIMIT_TEXT),
  pediatric: z.boolean().optional().describe(PEDIATRIC_TEXT),
}).strict();

export type SearchRequest = z.output<typeof searchQuerySchema>;

/** POST /protocol-search/feedback { accessId, helpful } */
export const feedbackBodySchema = z.object({
  accessId: z.uuid().describe("The accessId a search answered with"),
  helpful: z.boolean(),
}).strict();
