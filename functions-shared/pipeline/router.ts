/**
 * Routes: a method, a path template ("/", "/:id", "/:id/history"), optional zod schemas for query
 * and body (a route without a query schema takes no query parameter: validate.ts NO_QUERY), the audit
 * action/resource, and the handler. Matching is exact per segment; a literal
 * segment beats a `:param` in the same place.
 */
import type { AuditAction } from "../core/audit_vocabulary.ts";
import type { z } from "zod";
import type { Context } from "../core/context.ts";
import type { RouteContract } from "../core/contract.ts";
import type { NoQuery } from "./validate.ts";

/** What a route publishes (core/contract.ts); every route of a deployed function has it. */
type Published = Partial<
  Pick<RouteContract, "operation" | "summary" | "description" | "access" | "response" | "errors" | "params">
>;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = typeof HTTP_METHODS[number];

/** "/:id/history" → { id: string } */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}` ? { [K in Name]: string }
  : Record<never, string>;

type Output<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/** A Response → sent as is (streams, CSV, SSE); another object or array → 200 JSON; undefined → 204. */
export type HandlerResult = Response | object | undefined;

export interface RouteDefinition<
  Path extends string,
  QuerySchema extends z.ZodType | undefined,
  BodySchema extends z.ZodType | undefined,
> extends Published {
  readonly method: HttpMethod;
  readonly path: Path;
  /** Absent: the route takes no query parameter, and any one is a 400 VALIDATION_ERROR naming it. */
  readonly query?: QuerySchema;
  readonly body?: BodySchema;
  /** Overrides the default body limit (MAX_BODY_BYTES, 64 KiB). */
  readonly maxBodyBytes?: number;
  readonly audit: {
    /** One of public.audit_action (core/audit_vocabulary.ts): a typo is a compile error. */
    readonly action: AuditAction;
    readonly resource: string;
    /** Refines the action from the validated input (e.g. chat.stream vs chat.query by `stream`). */
    readonly actionFor?: (
      input: { query: Output<QuerySchema, NoQuery>; body: Output<BodySchema, undefined> },
    ) => AuditAction;
  };
  readonly handler: (
    ctx: Context<Output<QuerySchema, NoQuery>, Output<BodySchema, undefined>, PathParams<Path>>,
  ) => HandlerResult | Promise<HandlerResult>;
}

/** The type-erased route the pipeline stores. */
export interface Route extends Published {
  readonly method: HttpMethod;
  readonly path: string;
  readonly segments: readonly string[];
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly maxBodyBytes?: number;
  readonly audit: {
    readonly action: AuditAction;
    readonly resource: string;
    // deno-lint-ignore no-explicit-any -- erased here; `route()` checked it against the schemas
    readonly actionFor?: (input: { query: any; body: any }) => AuditAction;
  };
  // deno-lint-ignore no-explicit-any -- erased here; `route()` checked the handler against its schemas
  readonly handler: (ctx: Context<any, any, any>) => HandlerResult | Promise<HandlerResult>;
}

/** Declares a route; the handler's ctx.query/body/params are typed from the schemas and path. */
export function route<
  const Path extends string,
  QuerySchema extends z.ZodType | undefined = undefined,
  BodySchema extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<Path, QuerySchema, BodySchema>): Route {
  if (!definition.path.startsWith("/")) throw new Error(`Route path must start with '/': ${definition.path}`);
  return { ...definition, segments: splitPath(definition.path) };
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: HttpMethod[] }
  | { kind: "not_found" };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  const allow: HttpMethod[] = [];
  let best: { route: Route; params: Record<string, string> } | undefined;
  for (const candidate of routes) {
    const params = matchSegments(candidate.segments, segments);
    if (!params) continue;
    if (!allow.includes(candidate.method)) allow.push(candidate.method);
    if (candidate.method !== method) continue;
    if (!best || isMoreSpecific(candidate.segments, best.route.segments)) best = { route: candidate, params };
  }
  if (best) return { kind: "found", ...best };
  return allow.length > 0 ? { kind: "method_not_allowed", allow } : { kind: "not_found" };
}

/** "/search" beats "/:id" whatever the declaration order: the first literal-vs-param difference decides. */
function isMoreSpecific(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const aParam = a[i].startsWith(":");
    const bParam = b[i].startsWith(":");
    if (aParam !== bParam) return bParam;
  }
  return false;
}

function matchSegments(
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i];
    let segment: string;
    try {
      segment = decodeURIComponent(actual[i]);
    } catch {
      return null; // malformed %-encoding cannot name anything we serve
    }
    if (expected.startsWith(":")) params[expected.slice(1)] = segment;
    else if (expected !== segment) return null;
  }
  return params;
}

/**
 * The URL path the function sees is `/<name>/...` (the gateway strips `/functions/v1`; it is also
 * accepted here so a direct call still routes). Returns the route path, or null if not ours.
 */
export function routePath(pathname: string, functionName: string): string | null {
  const prefixes = [`/${functionName}`, `/functions/v1/${functionName}`];
  for (const prefix of prefixes) {
    if (pathname === prefix) return "/";
    if (pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  }
  return null;
}
