/**
 * validate: query string and JSON body → the route's zod schemas, with one clear 4xx per problem.
 *
 * Body order of checks: content type (415) → declared size (413) → streamed size (413, so an absent
 * or lying Content-Length cannot get past) → UTF-8 and JSON syntax (400 INVALID_JSON) → schema
 * (400 VALIDATION_ERROR, one `details` entry per failing field).
 */
import { z } from "zod";
import { ErrorCode, HttpError } from "../core/errors.ts";
import type { RawQuery } from "../core/context.ts";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface ValidationIssue {
  /** Dotted path into the input, e.g. "messages.0.content"; "" for the input as a whole. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** URLSearchParams → object: a key given once → string, repeated → string[] (use z.coerce for numbers). */
export function queryToObject(params: URLSearchParams): RawQuery {
  const result: RawQuery = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    result[key] = values.length === 1 ? values[0] : values;
  }
  return result;
}

/**
 * The query of a route that declares none: nothing. Strict, as every declared query schema is, so
 * `POST /dosing?weightKg=20` is a 400 naming `weightKg` instead of a dose computed as if it were absent;
 * the answer is the one a route's own strict schema gives for a parameter it does not know.
 */
export const NO_QUERY = z.strictObject({});
export type NoQuery = z.output<typeof NO_QUERY>;

export function parseQuery<S extends z.ZodType>(params: URLSearchParams, schema: S): z.output<S> {
  return parseWithSchema(schema, queryToObject(params));
}

export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpError(
    400,
    ErrorCode.VALIDATION_ERROR,
    "Request validation failed.",
    toValidationIssues(result.error),
  );
}

export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((segment) => String(segment)).join("."),
    code: issue.code,
    message: issue.message,
  }));
}

/** `application/json` or `application/<x>+json`, parameters (charset) ignored. */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mediaType);
}

/** Strict UTF-8, shared: a decode without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<z.output<S>> {
  if (!isJsonContentType(req.headers.get("Content-Type"))) {
    throw new HttpError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json.");
  }
  const bytes = await readBodyBytes(req, maxBytes);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, ErrorCode.INVALID_JSON, "Request body is not valid UTF-8.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message may echo body content: keep it out of the response.
    throw new HttpError(400, ErrorCode.INVALID_JSON, "Request body is not valid JSON.");
  }
  return parseWithSchema(schema, json);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${maxBytes} bytes.`, {
    maxBytes,
  });
}

/** Reads at most `maxBytes`, counting what actually arrives; stops reading as soon as it is exceeded. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]; // a small body arrives whole: nothing to join
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
