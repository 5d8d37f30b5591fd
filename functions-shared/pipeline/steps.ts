/**
 * The pipeline's steps, outermost first, as composed by defineFunction:
 *
 *   observe → finishHeaders → catchErrors → requireConfig → countFailures → cors → identify
 *     → rateLimit → session → routeRequest → (validate + handle)
 *
 * observe sits outside everything so that every outcome, including 401/403/404/429 and 500, is
 * audited and measured exactly once; finishHeaders sits outside catchErrors so that error envelopes
 * get the request id, CORS and security headers too.
 */
import type { JWTVerifyGetKey } from "jose";
import { auditActionFor, outcomeFor, type RequestEvent } from "../core/audit_event.ts";
import {
  type AuthOptions,
  GUEST_IDENTITY,
  identify,
  type Identity,
  KEY_TRUST_MS,
  remoteJwks,
} from "./auth.ts";
import type { Config } from "../core/config.ts";
import { cronSecretIdentity } from "./cron_auth.ts";
import {
  applyCorsAndSecurityHeaders,
  type CorsPolicy,
  corsPolicy,
  isPreflight,
  judgeOrigin,
  type OriginVerdict,
  preflightHeaders,
} from "./cors.ts";
import {
  ErrorCode,
  errorResponse,
  HttpError,
  jsonResponse,
  REQUEST_ID_HEADER,
  toHttpError,
} from "../core/errors.ts";
import { describeError, type Logger } from "../core/log.ts";
import { checkDeclaredError } from "./declared_errors.ts";
import { enforceRateLimit } from "./rate_limit/mod.ts";
import { NO_QUERY, parseJsonBody, parseQuery, parseWithSchema } from "./validate.ts";
import type { AuditOutcome, Context, RequestContext } from "../core/context.ts";
import type { Step } from "./compose.ts";
import { type HandlerResult, matchRoute, type Route } from "./router.ts";
import type { PipelineSeams } from "./seams.ts";
import { serverTimingHeader, type StepTimings } from "./step_timing.ts";
import { verifiedTokens } from "./verified_tokens.ts";

/** Everything one request's steps share. Mutable by design: steps fill it in as they learn things. */
export interface RequestState extends RequestContext {
  identity: Identity;
  readonly startedPerf: number;
  readonly routes: readonly Route[];
  readonly responseHeaders: Headers;
  readonly auditMetadata: Record<string, unknown>;
  origin: OriginVerdict;
  preflight: boolean;
  route?: Route;
  params?: Record<string, string>;
  errorCode?: string;
  outcomeOverride?: AuditOutcome;
  /** The route's action refined from the validated input (route audit.actionFor). */
  routeAction?: string;
  /** Set once auditNow has written this request's event: the sink must not write another. */
  auditedEarly?: boolean;
  /** Path to match routes against; null when the URL is not under /<functionName>. */
  readonly routePath: string | null;
  /** Milliseconds per step, when SERVER_TIMING is on (step_timing.ts). */
  readonly timings?: StepTimings;
}

/** Env-derived settings, resolved on the first request (a bad env → logged 500, not an import crash). */
export interface PipelineDeps {
  readonly config: Config;
  readonly cors: CorsPolicy;
  readonly auth: AuthOptions;
}

export function authOptionsFrom(config: Config, jwks?: JWTVerifyGetKey): AuthOptions {
  return {
    hsSecret: config.jwtSecret,
    audiences: config.jwtAudiences,
    jwks: jwks ?? (config.jwtJwksUrl ? remoteJwks(config.jwtJwksUrl) : undefined),
    verified: verifiedTokens({ maxAgeMs: KEY_TRUST_MS }),
  };
}

export function corsPolicyFrom(config: Config): CorsPolicy {
  return corsPolicy({ allowedOrigins: config.allowedOrigins, isDevelopment: config.isDevelopment });
}

export function observe(seams: () => PipelineSeams, log: Logger): Step<RequestState> {
  return async (state, next) => {
    // catchErrors already turns throws into envelopes; this only guards the header step itself.
    const response = await next().catch((thrown) => {
      const fallback = errorAnswer(state, thrown, log);
      fallback.headers.set(REQUEST_ID_HEADER, state.requestId);
      return fallback;
    });
    const event = requestEventOf(state, response.status);
    // A sink that answers with a promise is awaited, so the edge runtime cannot drop the event when the
    // isolate goes idle (the production sinks record synchronously and hand their writes to waitUntil);
    // a failing sink is logged and never changes a response that has already been decided.
    const { auditSink, metricsSink } = seams();
    const failed = (sink: string) => (error: unknown) =>
      log("error", `${sink} sink failed`, { requestId: state.requestId, ...describeError(error) });
    const audited = recordIn(auditSink, event, failed("audit"));
    const measured = recordIn(metricsSink, event, failed("metrics"));
    if (audited || measured) await Promise.all([audited, measured]);
    return response;
  };
}

/** The sink's record(event); a promise only when the sink answered with one (failures go to `failed`). */
function recordIn(
  sink: { record(event: RequestEvent): Promise<void> | void },
  event: RequestEvent,
  failed: (error: unknown) => void,
): Promise<void> | undefined {
  try {
    const recorded = sink.record(event);
    return recorded instanceof Promise ? recorded.catch(failed) : undefined;
  } catch (error) {
    failed(error);
    return undefined;
  }
}

/**
 * The request's audit event as of now, for a response with `status`. A guest refused by a limit is
 * recorded by its address key alone: its address and user agent would each become a pseudonym row,
 * and a client past its limit must not be able to grow those tables at will.
 */
export function requestEventOf(state: RequestState, status: number): RequestEvent {
  const refusedGuest = state.identity.kind !== "user" &&
    (state.errorCode === ErrorCode.RATE_LIMITED || state.errorCode === ErrorCode.BANNED);
  return {
    functionName: state.functionName,
    action: auditActionFor({
      status,
      errorCode: state.errorCode,
      routeAction: state.routeAction ?? state.route?.audit.action,
      preflight: state.preflight,
    }),
    resource: state.route?.audit.resource ?? state.functionName,
    outcome: outcomeFor(status, state.outcomeOverride),
    status,
    errorCode: state.errorCode,
    durationMs: Math.round((performance.now() - state.startedPerf) * 100) / 100,
    identity: state.identity,
    requestId: state.requestId,
    method: state.req.method,
    path: state.path,
    route: state.route?.path,
    ip: refusedGuest ? null : state.ip,
    userAgent: refusedGuest ? null : state.userAgent,
    clientKey: state.clientKey,
    rateLimitClass: state.rateLimitClass,
    startedAt: state.startedAt,
    metadata: refusedGuest
      ? { ...state.auditMetadata, client_key: state.clientKey }
      : { ...state.auditMetadata },
    ...(state.auditedEarly ? { auditedEarly: true } : {}),
  };
}

export const finishHeaders: Step<RequestState> = async (state, next) => {
  const response = await next();
  return withMutableHeaders(response, (headers) => {
    state.responseHeaders.forEach((value, name) => headers.set(name, value));
    applyCorsAndSecurityHeaders(headers, state.origin);
    headers.set(REQUEST_ID_HEADER, state.requestId);
    if (state.timings) headers.set("Server-Timing", serverTimingHeader(state.timings, state.startedPerf));
  });
};

export function catchErrors(log: Logger): Step<RequestState> {
  return async (state, next) => {
    try {
      return await next();
    } catch (thrown) {
      return errorAnswer(state, thrown, log);
    }
  };
}

/**
 * The one place a thrown value becomes the request's error answer (catchErrors, and observe's fallback): its
 * code is recorded for the audit event and held to what the route declares (declared_errors.ts).
 */
function errorAnswer(state: RequestState, thrown: unknown, log: Logger): Response {
  const error = toHttpError(thrown, state.requestId, log);
  state.errorCode = error.code;
  checkDeclaredError({
    functionName: state.functionName,
    method: state.req.method,
    route: state.route,
    status: error.status,
    code: error.code,
    requestId: state.requestId,
  }, log);
  return errorResponse(error, state.requestId);
}

/**
 * Refusals a client earns before it is identified: a token we never signed, a foreign origin. Not an
 * expired token: that one was ours, and medics behind one address (a hospital's Wi-Fi, a carrier's NAT)
 * must keep hearing TOKEN_EXPIRED, the answer their app refreshes on.
 */
const COUNTED_FAILURES: ReadonlySet<string> = new Set([
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_ALG_NOT_ALLOWED,
  ErrorCode.CORS_ORIGIN_DENIED,
]);
/** Their own tight class (rate_limit_config: 5 per 15 minutes, fail closed). */
export const FAILURE_CLASS = "AUTH";

/**
 * Token and CORS failures count against the client's address in FAILURE_CLASS (and GLOBAL). Past the
 * limit they are answered 429 (or 403 BANNED) instead, and that answer is audited without the address
 * or user agent — so a flood of forged tokens adds no pseudonym rows and no security event per request,
 * only the violation count of one address key. When no limiter can answer, the failure answers as is.
 */
export function countFailures(seams: () => PipelineSeams, log: Logger): Step<RequestState> {
  return async (state, next) => {
    try {
      return await next();
    } catch (thrown) {
      if (!(thrown instanceof HttpError) || !COUNTED_FAILURES.has(thrown.code)) throw thrown;
      const asFailure = { ...contextOf(state), identity: GUEST_IDENTITY, rateLimitClass: FAILURE_CLASS };
      try {
        await enforceRateLimit(seams().rateLimiter, asFailure, state.responseHeaders, log);
      } catch (refusal) {
        const refused = refusal instanceof HttpError &&
          (refusal.code === ErrorCode.RATE_LIMITED || refusal.code === ErrorCode.BANNED);
        if (refused) {
          Object.assign(state.auditMetadata, {
            refused_failure: thrown.code,
            rate_limit_class: FAILURE_CLASS,
          });
          throw refusal;
        }
      }
      throw thrown;
    }
  };
}

export function cors(deps: () => PipelineDeps): Step<RequestState> {
  return (state, next) => {
    state.origin = judgeOrigin(state.req, deps().cors);
    if (state.origin.kind === "denied") {
      throw new HttpError(403, ErrorCode.CORS_ORIGIN_DENIED, "Origin is not allowed.");
    }
    if (!isPreflight(state.req)) return next();
    state.preflight = true;
    const methods = [...new Set(state.routes.map((r) => r.method)), "OPTIONS"];
    return Promise.resolve(new Response(null, { status: 204, headers: preflightHeaders(methods) }));
  };
}

export function identifyStep(deps: () => PipelineDeps, acceptsCronSecret = false): Step<RequestState> {
  return async (state, next) => {
    state.identity = (acceptsCronSecret && cronSecretIdentity(state.req, deps().config.cronSecret)) ||
      await identify(state.req, deps().auth);
    return next();
  };
}

export function rateLimit(seams: () => PipelineSeams, log: Logger): Step<RequestState> {
  return async (state, next) => {
    await enforceRateLimit(seams().rateLimiter, state, state.responseHeaders, log);
    return next();
  };
}

/** Signed-in users' session timeouts (401 SESSION_EXPIRED), after the limiter whose round trip carries the touch. */
export function sessionCheck(seams: () => PipelineSeams): Step<RequestState> {
  return async (state, next) => {
    await seams().sessionGuard?.check(state);
    return next();
  };
}

export const routeRequest: Step<RequestState> = (state, next) => {
  const match = state.routePath === null
    ? { kind: "not_found" as const }
    : matchRoute(state.routes, state.req.method, state.routePath);
  if (match.kind === "not_found") throw new HttpError(404, ErrorCode.NOT_FOUND, "No such endpoint.");
  if (match.kind === "method_not_allowed") {
    throw new HttpError(
      405,
      ErrorCode.METHOD_NOT_ALLOWED,
      `Method ${state.req.method} is not allowed here.`,
      {
        allow: match.allow,
      },
      { Allow: match.allow.join(", ") },
    );
  }
  state.route = match.route;
  state.params = match.params;
  return next();
};

/** The innermost step: validate inputs against the route's schemas, run the handler, shape its result. */
export function validateAndHandle(deps: () => PipelineDeps) {
  return async (state: RequestState): Promise<Response> => {
    const route = state.route!;
    const params = route.params ? parseWithSchema(route.params, state.params ?? {}) : state.params ?? {};
    const query = parseQuery(state.url.searchParams, route.query ?? NO_QUERY);
    const body = route.body
      ? await parseJsonBody(state.req, route.body, route.maxBodyBytes ?? deps().config.maxBodyBytes)
      : undefined;
    if (route.audit.actionFor) state.routeAction = route.audit.actionFor({ query, body });
    const ctx: Context<unknown, unknown, Record<string, string>> = {
      ...contextOf(state),
      params,
      query,
      body,
      addAuditMetadata: (fields) => Object.assign(state.auditMetadata, fields),
      setOutcome: (outcome) => state.outcomeOverride = outcome,
      auditEarly: async (write) => {
        if (state.auditedEarly) return;
        // Written before the handler returns, so as a success (or its override) of the route's action.
        await write({ ...requestEventOf(state, 200), auditedEarly: true });
        state.auditedEarly = true;
      },
    };
    return toResponse(await route.handler(ctx));
  };
}

function contextOf(state: RequestState): RequestContext {
  const {
    req,
    url,
    requestId,
    functionName,
    path,
    identity,
    rateLimitClass,
    startedAt,
    ip,
    userAgent,
    clientKey,
  } = state;
  return {
    req,
    url,
    requestId,
    functionName,
    path,
    identity,
    rateLimitClass,
    startedAt,
    ip,
    userAgent,
    clientKey,
  };
}

export function toResponse(result: HandlerResult): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return jsonResponse(result, { status: 200 });
}

/** Responses from fetch() or Response.redirect() have immutable headers: copy those. */
function withMutableHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
    edit(copy.headers);
    return copy;
  }
}
