/**
 * defineFunction: a function's own declarations (name, rate-limit class, routes) wrapped in the
 * shared pipeline, as the `{ fetch }` object the Supabase edge runtime and our local server call.
 */
import type { FunctionRateLimitClass } from "../core/rate_limit_class.ts";
import type { JWTVerifyGetKey } from "jose";
import type { AuditSink } from "../core/audit_event.ts";
import { GUEST_IDENTITY } from "../core/identity.ts";
import { type Config, config as envConfig, loadConfig } from "../core/config.ts";
import { newRequestId } from "../core/errors.ts";
import { consoleLogger, type Logger } from "../core/log.ts";
import type { MetricsSink } from "../core/metrics_event.ts";
import type { RateLimiter } from "./rate_limit/mod.ts";
import type { SessionGuard } from "./sessions/mod.ts";
import { compose, type Step } from "./compose.ts";
import { clientAddressKey } from "../core/client_key.ts";
import { clientIp } from "../core/context.ts";
import { type Route, route, routePath } from "./router.ts";
import { currentSeams, DATABASE_AUDIT_SINK, type PipelineSeams } from "./seams.ts";
import { type ConfigVerdict, configVerdict, requireConfig } from "./config_check.ts";
import { type FunctionContract, openApiDocument } from "./openapi.ts";
import { contract } from "../core/contract.ts";
import { StepTimings, timedLast, timedStep } from "./step_timing.ts";
import { z } from "zod";
import {
  authOptionsFrom,
  catchErrors,
  cors,
  corsPolicyFrom,
  countFailures,
  finishHeaders,
  identifyStep,
  observe,
  type PipelineDeps,
  rateLimit,
  type RequestState,
  routeRequest,
  sessionCheck,
  validateAndHandle,
} from "./steps.ts";

export interface FunctionDefinition {
  /** The function's directory name: its URL is /functions/v1/<name>. */
  readonly name: string;
  /** Rate-limit class for this function (e.g. "DOSING"); the limiter also applies GLOBAL. */
  readonly rateLimitClass?: FunctionRateLimitClass;
  /** Accept `Bearer <CRON_SECRET>` as the service (functions pg_cron calls); default false. */
  readonly acceptsCronSecret?: boolean;
  readonly routes: readonly Route[];
}

/** Replacements for tests and scripts; function modules pass none. */
export interface PipelineOptions {
  readonly config?: Config;
  /** Key resolver for ES256/RS256 instead of fetching JWT_JWKS_URL (e.g. createLocalJWKSet). */
  readonly jwks?: JWTVerifyGetKey;
  readonly rateLimiter?: RateLimiter;
  readonly auditSink?: AuditSink;
  readonly metricsSink?: MetricsSink;
  /** null: no session enforcement. */
  readonly sessionGuard?: SessionGuard | null;
  readonly logger?: Logger;
  /** The environment the configuration check reads (default: Deno.env, once per isolate). */
  readonly env?: Record<string, string | undefined>;
}

export interface EdgeFunction {
  fetch(req: Request): Promise<Response>;
  /** What it publishes: its name and routes with their contracts (pipeline/openapi.ts reads it). */
  readonly contract: FunctionContract;
}

export function defineFunction(declared: FunctionDefinition, options: PipelineOptions = {}): EdgeFunction {
  const log = options.logger ?? consoleLogger;
  // Every function also publishes its own part of the OpenAPI document.
  const definition: FunctionDefinition = {
    ...declared,
    routes: [...declared.routes, contractRoute(declared)],
  };

  let deps: PipelineDeps | undefined;
  const resolveDeps = (): PipelineDeps => {
    if (!deps) {
      const config = options.config ?? (options.env ? loadConfig(options.env) : envConfig());
      deps = { config, cors: corsPolicyFrom(config), auth: authOptionsFrom(config, options.jwks) };
    }
    return deps;
  };

  // A broken environment must still reach catchErrors as a 500, so these reads fall back (one hop, no key).
  const trustedHops = (): number => {
    try {
      return resolveDeps().config.trustedProxyHops;
    } catch {
      return 1;
    }
  };
  // With the production sinks, the function must have everything core/required_config.ts lists.
  let environment: Record<string, string | undefined> | undefined;
  const env = () => environment ??= options.env ?? Deno.env.toObject();
  let verdict: ConfigVerdict | undefined;
  const configCheck = (): ConfigVerdict | null =>
    seams().auditSink === DATABASE_AUDIT_SINK ? verdict ??= configVerdict(definition.name, env()) : null;
  const clientKeySecret = (): string | undefined => {
    try {
      return resolveDeps().config.clientKeySecret;
    } catch {
      return undefined;
    }
  };

  // Read per request, so a sink registered after this module loaded is still used; rebuilt only when the
  // registered seams change (registerSeams replaces them), not for every step of every request.
  let seamsFor: PipelineSeams | undefined;
  let chosen: PipelineSeams | undefined;
  const seams = (): PipelineSeams => {
    const registered = currentSeams();
    if (chosen && seamsFor === registered) return chosen;
    seamsFor = registered;
    return chosen = {
      rateLimiter: options.rateLimiter ?? registered.rateLimiter,
      auditSink: options.auditSink ?? registered.auditSink,
      metricsSink: options.metricsSink ?? registered.metricsSink,
      sessionGuard: options.sessionGuard === undefined
        ? registered.sessionGuard
        : options.sessionGuard ?? undefined,
    };
  };

  const serverTiming = (): boolean => {
    try {
      return resolveDeps().config.serverTiming;
    } catch {
      return false;
    }
  };

  // The steps inside finishHeaders, by name: with SERVER_TIMING on, each is timed (step_timing.ts). Two
  // pipelines are composed once, so a request that is not timed pays nothing for the option.
  const inner: [string, Step<RequestState>][] = [
    ["config", requireConfig(definition.name, configCheck, () => env().SUPABASE_SERVICE_ROLE_KEY, log)],
    ["failures", countFailures(seams, log)],
    ["cors", cors(resolveDeps)],
    ["identify", identifyStep(resolveDeps, definition.acceptsCronSecret)],
    ["rateLimit", rateLimit(seams, log)],
    ["session", sessionCheck(seams)],
    ["route", routeRequest],
  ];
  const handle = validateAndHandle(resolveDeps);
  const outer: Step<RequestState>[] = [observe(seams, log), finishHeaders, catchErrors(log)];
  const pipeline = compose<RequestState>([...outer, ...inner.map(([, step]) => step)], handle);
  const timedPipeline = compose<RequestState>(
    [...outer, ...inner.map(([name, step]) => timedStep(name, step))],
    timedLast("handler", handle),
  );

  return {
    contract: { ...declared, routes: definition.routes },
    fetch(req: Request): Promise<Response> {
      const url = new URL(req.url);
      const path = routePath(url.pathname, definition.name);
      const ip = clientIp(req, trustedHops());
      const timed = serverTiming();
      return (timed ? timedPipeline : pipeline)({
        req,
        url,
        requestId: newRequestId(),
        functionName: definition.name,
        path: path ?? url.pathname,
        routePath: path,
        identity: GUEST_IDENTITY,
        rateLimitClass: definition.rateLimitClass,
        startedAt: Date.now(),
        startedPerf: performance.now(),
        ip,
        userAgent: req.headers.get("User-Agent"),
        clientKey: clientAddressKey(ip, clientKeySecret()),
        routes: definition.routes,
        responseHeaders: new Headers(),
        auditMetadata: {},
        origin: { kind: "none" },
        preflight: false,
        timings: timed ? new StepTimings() : undefined,
      });
    },
  };
}

/** GET /<name>/openapi.json: the function's part of the OpenAPI document, built once per isolate. */
function contractRoute(declared: FunctionDefinition): Route {
  let document: object | undefined;
  const self = (): FunctionContract => ({ ...declared, routes: [...declared.routes, served] });
  const served: Route = route({
    ...contract({
      method: "GET",
      path: "/openapi.json",
      operation: "openapi",
      summary: "This function's part of the OpenAPI 3.1 document",
      access: "public",
      response: { description: "An OpenAPI 3.1 document", json: z.looseObject({ openapi: z.string() }) },
    }),
    audit: { action: "api.contract", resource: "openapi" },
    handler: () => document ??= openApiDocument([self()]),
  });
  return served;
}
