/**
 * A route's published contract: what the app teams build against. It lives beside the route's schemas
 * (handlers/<function>/contract.ts), holds zod schemas and words only — no I/O — so the typed client
 * (functions-shared/client/) imports the same objects the server validates with, and pipeline/openapi.ts
 * turns them into the OpenAPI document. `route({ ...contract, audit, handler })` serves one.
 */
import { z } from "zod";
import { ErrorCode } from "./errors.ts";

/**
 * Who may call: `public` — the anon key (a guest) or a user's token; `user` — a signed-in user's token;
 * `privileged` — a user whose role (and second factor) the route asks for; `service` — the service-role
 * key, or the cron secret where the function takes it.
 */
export type Access = "public" | "user" | "privileged" | "service";

/** A body other than JSON: an export's CSV or NDJSON, the chat's event stream. */
export interface MediaContract {
  readonly description: string;
  /** For JSON lines: one line's shape. */
  readonly schema?: z.ZodType;
  /** For Server-Sent Events: each event name and its data's shape. */
  readonly events?: Readonly<Record<string, z.ZodType>>;
}

export interface ResponseContract {
  /** Default 200. */
  readonly status?: 200 | 201 | 202;
  readonly description: string;
  /** The JSON body (application/json). */
  readonly json?: z.ZodType;
  /** Other media types the route answers with, by the request's choice (format, stream). */
  readonly media?: Readonly<Record<string, MediaContract>>;
}

export interface RouteContract<
  Path extends string = string,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Response extends ResponseContract = ResponseContract,
> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: Path;
  readonly query?: Query;
  readonly body?: Body;
  /**
   * The path parameters' formats, an object schema keyed by the path's `:names` (e.g. a uuid): the pipeline
   * checks them before the handler (a malformed one is a 400 naming it) and OpenAPI publishes them.
   */
  readonly params?: z.ZodType<Record<string, string>, Record<string, string>>;
  /** The call's name in the typed client, e.g. `calculate`. */
  readonly operation: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  readonly response: Response;
  /** Codes the route itself answers besides the pipeline's own, by status (e.g. 404: UNKNOWN_MEDICATION). */
  readonly errors?: Readonly<Record<number, readonly string[]>>;
}

/** Declares a contract, keeping its path and schemas' literal types for the route and the client. */
export function contract<
  const Path extends string,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  const Response extends ResponseContract = ResponseContract,
>(definition: RouteContract<Path, Query, Body, Response>): RouteContract<Path, Query, Body, Response> {
  return definition;
}

/** One failing field of a 400 VALIDATION_ERROR (pipeline/validate.ts builds them). */
export const ValidationIssue = z.object({
  path: z.string().describe('dotted path into the input, e.g. "messages.0.content"; "" for the whole input'),
  code: z.string().describe("the check that failed, e.g. too_small, invalid_type, unrecognized_keys"),
  message: z.string().describe("for people; may change"),
});

const errorFields = {
  message: z.string().describe("for people; may change"),
  requestId: z.string().describe("also in the X-Request-Id header; ties the answer to the server log"),
};

/**
 * The one error envelope every function answers with (core/errors.ts), in two shapes tied to the code, so
 * an app's generated types know which `details` it holds: a 400 VALIDATION_ERROR always lists the failing
 * fields; every other code may name the facts it needs.
 */
export const ErrorEnvelope = z.object({
  error: z.union([
    z.object({
      code: z.literal(ErrorCode.VALIDATION_ERROR).describe("the input failed its schema"),
      ...errorFields,
      details: z.array(ValidationIssue).min(1).describe("one entry per failing field"),
    }),
    z.object({
      code: z.string().regex(/^(?!VALIDATION_ERROR$)[A-Z][A-Z0-9_]*$/).describe(
        "UPPER_SNAKE_CASE; stable, for programs",
      ),
      ...errorFields,
      details: z.record(z.string(), z.unknown()).optional().describe(
        "what the code needs, by name (e.g. field and choices, maxBytes, retryAfterSeconds)",
      ),
    }),
  ]),
});
