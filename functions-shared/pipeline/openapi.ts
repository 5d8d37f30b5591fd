/**
 * The OpenAPI 3.1 document of the functions, built from the routes' own contracts and zod schemas
 * (core/contract.ts), so it cannot say what the code does not do. `deno task openapi` writes openapi.json
 * for all six; each function serves its own part at GET /<name>/openapi.json. Beside each route's own
 * answers it lists what the pipeline answers for every route (core/errors.ts): the envelope, the codes by
 * status, the rate-limit and request-id headers, and who may call (security schemes).
 */
import { z } from "zod";
import { type Access, ErrorEnvelope, type ResponseContract } from "../core/contract.ts";
import { ErrorCode } from "../core/errors.ts";
import type { Route } from "./router.ts";

export interface FunctionContract {
  readonly name: string;
  readonly routes: readonly Route[];
  readonly rateLimitClass?: string;
  readonly acceptsCronSecret?: boolean;
}

type Json = Record<string, unknown>;

export const OPENAPI_VERSION = "3.1.0";
/**
 * The contract's version (info.version). 2.0.0 (2026-12-06): the error envelope ties details' shape to the
 * code, and INVALID_CURSOR's details became named facts ({ field: "cursor" }) instead of a one-entry field
 * list, which breaks a client that read the list. 2.1.0 (2026-12-06): the indication crush-hyperkalemia; a child's
 * hyperkalemia (calcium chloride, bicarbonate, albuterol) refused 422 outside a crush injury; a user's token that
 * names no session refused 401 TOKEN_INVALID (patient-safety and security fixes, the contract's shapes unchanged).
 * 2.2.0 (2026-12-06): protocol-search's interpretation.corrections, the words read as another (a new field);
 * each error answer's error.code an enum per route and status, the codes the route may answer with it; clients
 * may rely on it (every answer is checked against it, and the tests fail on a code outside it:
 * declared_errors.ts). 2.3.0 (2026-12-06): dosing refuses 400 FACT_REQUIRED (field color) for a child under 12
 * with a weight above the tape, which had been dosed as an adult (MCG 1309: the tape's length decides a child's
 * dose), and a child's dosesGiven / totalGiven are held to the protocol's limits (422 LIMIT_REACHED) instead of
 * ignored; patient-safety fixes, the contract's shapes unchanged. 2.3.1 (2026-12-06): a child of 14 or younger
 * longer than the tape (or above it from 12) gets midazolam for a seizure by age, IN/IM only (TP 1231-P: 5 mg at
 * 6–11 years, not the adult 10 mg; IV/IO 400 ROUTE_NOT_AVAILABLE from 12 to 14), and an adult's naloxone IM with a
 * count and no total asks the total (400 FACT_REQUIRED, totalGiven), as IN and IV did: TP 1241's 8 mg counts every
 * route; so does an adult's IV/IO midazolam for a seizure below its two doses (TP 1231's 10 mg counts every route:
 * the first may have been 10 mg IN/IM). Patient-safety fixes, the contract's shapes unchanged. 2.3.2 (2026-12-06):
 * a child of 14 or younger longer than the tape gets midazolam for agitation within TP 1209-P's limits (5 mg IN/IM,
 * 10 mg before base, 15 mg with base; agitation-high-risk 422 NOT_FOR_THIS_PATIENT, as on the tape), a child's
 * seizure midazolam holds a totalGiven to TP 1231-P's doses before base (422 LIMIT_REACHED), a child under 6 said
 * to be longer than the tape is asked for the colour (400 FACT_REQUIRED, color), and EpiPen names epinephrine.
 * Patient-safety fixes, the contract's shapes unchanged. 2.3.3 (2026-12-06): epinephrine for anaphylaxis by vein or
 * named as the push-dose is TP 1219 step 7's anaphylactic shock (10 mcg IV/IO; a child's, TP 1219-P step 8), where it
 * had been 400 UNKNOWN_INDICATION; adenosine's indication svt-poor-perfusion (TP 1213 step 11: 12 mg first); a child's
 * adenosine held to TP 1213-P's SVT rate (422 NOT_FOR_THIS_PATIENT, heartRate, below 180, an infant's below 220; 400
 * FACT_REQUIRED, ageYears, where the purple band leaves infancy open). Patient-safety fixes, the shapes unchanged.
 * 2.3.4 (2026-12-06): an adult's naloxone with a totalGiven and no single route is 422 LIMIT_REACHED (totalGiven)
 * where no route has a dose left (TP 1241: 8 mg by all routes), where it had been 400 AMBIGUOUS_ROUTE; short of it
 * the route is still asked; a child's defibrillation and cardioversion with dosesGiven answer the next shock of
 * TP 1210-P / TP 1213-P's series (a fourth cardioversion 422 LIMIT_REACHED), and nitroglycerin for chest pain warns
 * at a heartRate under 50 or over 120 (TP 1211 note 4). Behaviour only, the shapes unchanged.
 * 2.3.5 (2026-12-06): a child's normal saline carries one 20 mL/kg bolus before base (repeat.maxDoses 1; TP 1207-P,
 * 1204-P, 1220-P, 1244-P, 1216-P), so dosesGiven 1 is 422 LIMIT_REACHED, but traumatic arrest x2 (TP 1243-P), cardiac
 * arrest x3 and after ROSC x2 (TP 1210-P), crush x2 (TP 1242-P); DuoDote's next after a moderate exposure's 2 is 1
 * (TP 1240 step 17), and a range's next counts its low end; diphenhydramine for a dystonic reaction says base contact
 * first (TP 1239 / 1239-P step 4) without the anaphylaxis warning; calcium chloride for a calcium-channel or
 * beta-blocker overdose is IV only (route IO 422 ROUTE_NOT_AVAILABLE; TP 1241 step 15, TP 1241-P step 13); albuterol
 * has a crush-injury indication that asks, adult or child, which of TP 1242's two rows applies (400
 * AMBIGUOUS_INDICATION), and 2 DuoDote of a severe exposure's 3 given gets the 1 left (a DuoDote dosesGiven counts
 * autoinjectors, TP 1240); epinephrine has a child's newborn-resuscitation indication (0.01 mg/kg IV/IO, repeat every
 * 5 minutes with no count, base contact; TP 1216-P step 14); normal saline has an anaphylaxis indication, an adult's
 * 1 L then base (TP 1219 steps 6-7), a child's 20 mL/kg continued once for anaphylactic shock (x2, TP 1219-P steps
 * 7-8); sodium bicarbonate for a tricyclic overdose has no dose count (repeat.maxDoses absent; each dose on a base
 * order, MCG 1317.39), so dosesGiven 1 answers the dose where it had been 422 LIMIT_REACHED; a child's normal saline
 * for hyperglycemia is 10 mL/kg, one infusion before base (TP 1203-P step 7), where it had been 422
 * NOT_FOR_THIS_PATIENT; an adult's normal saline for anaphylaxis is IV only and warns that it is for poor perfusion
 * (TP 1219 step 6, MCG 1355), whatever the systolicBp. Behaviour only, the shapes unchanged.
 * 2.3.6 (2026-12-07): midazolam-iv-io named for agitation or a behavioural crisis with no route answers IV, where it
 * had answered IV/IO (TP 1209 / TP 1209-P steps 10-11, MCG 1317.25: IM, IN or IV, never IO), and route IO for them is
 * 400 ROUTE_NOT_AVAILABLE with that reason; nitroglycerin's caution at a systolicBp of 100-109 is worded as TP 1211
 * note 4's relative hypotension (a history of hypertension or antihypertensive medicines); an adult's normal saline
 * for sepsis warns TP 1204 step 6's condition (a tactile fever, tachycardia or poor perfusion). Behaviour only, the
 * shapes unchanged.
 */
export const API_VERSION = "2.3.6";

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as Json;
  return rest;
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** "/:number/history" → "/{number}/history", under the function's own path. */
function openApiPath(functionName: string, path: string): string {
  const tail = path === "/" ? "" : path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
  return `/${functionName}${tail}`;
}

function securityFor(access: Access, acceptsCronSecret: boolean): Json[] {
  switch (access) {
    case "public":
      return [{ anonKey: [] }, { userJwt: [] }];
    case "user":
    case "privileged":
      return [{ userJwt: [] }];
    case "service":
      return acceptsCronSecret ? [{ serviceRole: [] }, { cronSecret: [] }] : [{ serviceRole: [] }];
  }
}

/** Error codes by status, as the document declares them. */
export type DeclaredErrors = ReadonlyMap<number, ReadonlySet<string>>;

function addCodes(errors: Map<number, Set<string>>, status: number, ...codes: string[]): void {
  const set = errors.get(status) ?? new Set<string>();
  for (const code of codes) set.add(code);
  errors.set(status, set);
}

/**
 * What the pipeline may answer before it has matched a route (steps.ts: config, cors, identify, rate limit,
 * session), so any request may get it: every operation lists these.
 */
function beforeRouting(): Map<number, Set<string>> {
  const errors = new Map<number, Set<string>>();
  addCodes(
    errors,
    401,
    "AUTH_HEADER_MALFORMED",
    "TOKEN_INVALID",
    "TOKEN_EXPIRED",
    "TOKEN_ALG_NOT_ALLOWED",
    "SESSION_EXPIRED",
  );
  addCodes(errors, 403, "CORS_ORIGIN_DENIED", "BANNED");
  addCodes(errors, 429, "RATE_LIMITED");
  addCodes(errors, 500, "INTERNAL_ERROR");
  addCodes(errors, 503, "CONFIG_ERROR", "RATE_LIMIT_UNAVAILABLE", "AUTH_UNAVAILABLE");
  return errors;
}

/** The codes `route` may answer, by status: the pipeline's, those that depend on what it takes, its own. */
export function pipelineErrors(route: Route): Map<number, Set<string>> {
  const errors = beforeRouting();
  const add = (status: number, ...codes: string[]) => addCodes(errors, status, ...codes);
  // Every route validates its query: one that declares none refuses any parameter (validate.ts NO_QUERY).
  add(400, "VALIDATION_ERROR");
  if (route.body) {
    add(400, "INVALID_JSON");
    add(413, "PAYLOAD_TOO_LARGE");
    add(415, "UNSUPPORTED_MEDIA_TYPE");
  }
  if (route.access !== "public") add(401, "UNAUTHENTICATED");
  if (route.access !== "public") add(403, "FORBIDDEN");
  if (route.access === "privileged") add(403, "MFA_REQUIRED");
  add(503, "AUDIT_UNAVAILABLE");
  for (const [status, codes] of Object.entries(route.errors ?? {})) add(Number(status), ...codes);
  return errors;
}

/**
 * What a request that matches no route may answer: the pipeline's answers before routing, and the two the
 * document declares once, in info.description, rather than under each operation (404 NOT_FOUND, 405
 * METHOD_NOT_ALLOWED).
 */
export function unroutedErrors(): Map<number, Set<string>> {
  const errors = beforeRouting();
  addCodes(errors, 404, ErrorCode.NOT_FOUND);
  addCodes(errors, 405, ErrorCode.METHOD_NOT_ALLOWED);
  return errors;
}

/**
 * The envelope, its code narrowed to what this route answers with this status: the same set every answer is
 * held to at run time (declared_errors.ts), so a client may switch on it exhaustively.
 */
function errorResponse(status: number, codes: ReadonlySet<string>): Json {
  const headers: Json = { "X-Request-Id": ref("headers", "X-Request-Id") };
  if (status === 429 || status === 503 || status === 403) {
    headers["Retry-After"] = ref("headers", "Retry-After");
  }
  const sorted = [...codes].sort();
  const schema = {
    allOf: [
      ref("schemas", "ErrorEnvelope"),
      {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code"],
            properties: { code: { type: "string", enum: sorted } },
          },
        },
      },
    ],
  };
  return {
    description: `error.code one of: ${sorted.join(", ")}`,
    headers,
    content: { "application/json": { schema } },
  };
}

function successResponse(response: ResponseContract): Json {
  const content: Json = {};
  if (response.json) content["application/json"] = { schema: jsonSchema(response.json, "output") };
  for (const [media, body] of Object.entries(response.media ?? {})) {
    const entry: Json = { schema: body.schema ? jsonSchema(body.schema, "output") : { type: "string" } };
    if (body.events) {
      // OpenAPI 3.1 has no words for an event stream: each event's data is described beside it.
      entry["x-sse-events"] = Object.fromEntries(
        Object.entries(body.events).map(([event, schema]) => [event, jsonSchema(schema, "output")]),
      );
    }
    content[media] = entry;
  }
  const described = Object.entries(response.media ?? {}).map(([media, body]) =>
    `${media}: ${body.description}`
  );
  return {
    description: [response.description, ...described].join(" · "),
    headers: {
      "X-Request-Id": ref("headers", "X-Request-Id"),
      "X-RateLimit-Limit": ref("headers", "X-RateLimit-Limit"),
      "X-RateLimit-Remaining": ref("headers", "X-RateLimit-Remaining"),
      "X-RateLimit-Reset": ref("headers", "X-RateLimit-Reset"),
    },
    ...(Object.keys(content).length ? { content } : {}),
  };
}

function parametersOf(route: Route): Json[] {
  const formats = route.params
    ? (jsonSchema(route.params, "input").properties ?? {}) as Record<string, Json>
    : {};
  const parameters: Json[] = route.segments.filter((s) => s.startsWith(":")).map((segment) => ({
    name: segment.slice(1),
    in: "path",
    required: true,
    schema: formats[segment.slice(1)] ?? { type: "string" },
  }));
  if (!route.query) return parameters;
  const query = jsonSchema(route.query, "input");
  const required = new Set((query.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
    const { description, ...rest } = schema;
    parameters.push({
      name,
      in: "query",
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
      // Arrays are sent as repeated parameters (?action=a&action=b).
      ...(JSON.stringify(rest).includes('"array"') ? { style: "form", explode: true } : {}),
    });
  }
  return parameters;
}

function operationOf(fn: FunctionContract, route: Route): Json {
  if (!route.operation || !route.summary || !route.access || !route.response) {
    throw new Error(`${fn.name} ${route.method} ${route.path} has no contract (core/contract.ts)`);
  }
  const responses: Json = { [String(route.response.status ?? 200)]: successResponse(route.response) };
  for (const [status, codes] of [...pipelineErrors(route)].sort(([a], [b]) => a - b)) {
    responses[String(status)] = errorResponse(status, codes);
  }
  const parameters = parametersOf(route);
  return {
    operationId: `${fn.name}.${route.operation}`,
    tags: [fn.name],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: securityFor(route.access, fn.acceptsCronSecret ?? false),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchema(route.body, "input") } },
        },
      }
      : {}),
    responses,
    ...(fn.rateLimitClass ? { "x-rate-limit-class": fn.rateLimitClass } : {}),
  };
}

/** The paths of one function, keyed as in the document. */
export function functionPaths(fn: FunctionContract): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const route of fn.routes) {
    const key = openApiPath(fn.name, route.path);
    paths[key] = { ...(paths[key] ?? {}), [route.method.toLowerCase()]: operationOf(fn, route) };
  }
  return paths;
}

const COMPONENTS = {
  schemas: { ErrorEnvelope: jsonSchema(ErrorEnvelope, "output") },
  headers: {
    "X-Request-Id": {
      description: "The request's id, also in error bodies and the server log",
      schema: { type: "string" },
    },
    "X-RateLimit-Limit": {
      description: "Requests allowed in the caller's window",
      schema: { type: "integer" },
    },
    "X-RateLimit-Remaining": { description: "Requests left in the window", schema: { type: "integer" } },
    "X-RateLimit-Reset": {
      description: "When the current fixed window ends (Unix seconds); the limit's window slides, so " +
        "capacity returns gradually after a refusal, not all at this moment",
      schema: { type: "integer" },
    },
    "Retry-After": {
      description: "Seconds to wait before trying again (a 429: until the next request is certain to pass)",
      schema: { type: "integer" },
    },
  },
  securitySchemes: {
    anonKey: {
      type: "http",
      scheme: "bearer",
      description: "The project's anon (publishable) key: the caller is a guest, counted per client address.",
    },
    userJwt: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description:
        "A Supabase Auth access token; the role comes from app_metadata, aal2 after an MFA challenge. " +
        'Its aud must name an accepted audience (JWT_AUDIENCE, default "authenticated"), or it is 401 ' +
        "TOKEN_INVALID.",
    },
    serviceRole: {
      type: "http",
      scheme: "bearer",
      description: "The project's service-role key: the platform operator.",
    },
    cronSecret: {
      type: "http",
      scheme: "bearer",
      description: "CRON_SECRET, as pg_cron sends it from Vault (flush-metrics only).",
    },
  },
};

/** The whole document for `functions` (all six, or one function's part). */
export function openApiDocument(functions: readonly FunctionContract[]): Json {
  const paths: Record<string, Json> = {};
  for (const fn of [...functions].sort((a, b) => a.name.localeCompare(b.name))) {
    Object.assign(paths, functionPaths(fn));
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "Medic-Bot Edge",
      version: API_VERSION,
      description:
        "Clinical decision support for LA County EMS: dosing, protocol search, chat, audit and GDPR " +
        "functions. Every error answers with the same envelope; every answer carries X-Request-Id. A path " +
        "a function does not serve answers 404 NOT_FOUND, and a method a path does not take 405 " +
        "METHOD_NOT_ALLOWED with an Allow header; neither is repeated under each operation. An operation " +
        "takes only the query parameters it lists (none when it lists none): any other is 400 " +
        "VALIDATION_ERROR naming it. A body may be " +
        "64 KiB (the chat's 128 KiB): larger is 413 PAYLOAD_TOO_LARGE with details.maxBytes.",
    },
    servers: [{
      url: "{projectUrl}/functions/v1",
      variables: {
        projectUrl: { default: "http://127.0.0.1:54321", description: "https://<ref>.supabase.co" },
      },
    }],
    tags: functions.map((fn) => ({ name: fn.name })).sort((a, b) => a.name.localeCompare(b.name)),
    paths,
    components: COMPONENTS,
  };
}
