/** The protocol-search HTTP contract: what a search, a document view and feedback accept. */
import { z } from "zod";

export const MAX_HTTP_LIMIT = 20;

const booleanParam = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

const searchFields = {
  q: z.string().trim().min(1, "q must not be empty").max(300),
  limit: z.coerce.number().int().min(1).max(MAX_HTTP_LIMIT).optional().default(10),
  pediatric: booleanParam.optional(),
  category: z.string().trim().min(1).max(60).optional(),
};

/** GET /protocol-search?q=…&limit=…&pediatric=…&category=… */
export const searchQuerySchema = z.object(searchFields);

/** POST /protocol-search { q, limit?, pediatric?, category? } */
export const searchBodySchema = z.object({
  ...searchFields,
  limit: z.number().int().min(1).max(MAX_HTTP_LIMIT).optional().default(10),
  pediatric: z.boolean().optional(),
}).strict();

export type SearchRequest = z.output<typeof searchQuerySchema>;

/** POST /protocol-search/feedback { accessId, helpful } */
export const feedbackBodySchema = z.object({
  accessId: z.uuid(),
  helpful: z.boolean(),
}).strict();
