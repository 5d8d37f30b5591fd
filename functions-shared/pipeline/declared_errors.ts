/**
 * Holds each error answer to what the OpenAPI document says its route may answer (openapi.ts): app teams
 * switch on `error.code`, so a code the document does not list for that route and status is a contract
 * bug. The answer is left as it is (the client is owed the real reason); the drift is logged once per
 * answer, for the operator and for the test runner, which fails a run whose functions logged any.
 */
import type { Logger } from "../core/log.ts";
import { type DeclaredErrors, pipelineErrors, unroutedErrors } from "./openapi.ts";
import type { Route } from "./router.ts";

/** The log message of an undeclared answer; scripts/test.ts looks for it in the functions' log. */
export const UNDECLARED_ERROR = "contract.undeclared_error";

export interface ErrorAnswer {
  readonly functionName: string;
  readonly method: string;
  /** The matched route; undefined when the request matched none (or failed before routing). */
  readonly route?: Route;
  readonly status: number;
  readonly code: string;
  readonly requestId: string;
}

// Each route's declared set is built on its first error answer and kept with the route.
const declaredByRoute = new WeakMap<Route, DeclaredErrors>();
let unrouted: DeclaredErrors | undefined;

/**
 * What the document declares for the answer's route; null for a route that publishes no contract
 * (only tests build those: every deployed route has one, or `deno task openapi` refuses to run).
 */
function declaredFor(route: Route | undefined): DeclaredErrors | null {
  if (!route) return unrouted ??= unroutedErrors();
  if (!route.operation) return null;
  let declared = declaredByRoute.get(route);
  if (!declared) declaredByRoute.set(route, declared = pipelineErrors(route));
  return declared;
}

/** Logs UNDECLARED_ERROR when the answer's (status, code) is not one its route declares; true if so. */
export function checkDeclaredError(answer: ErrorAnswer, log: Logger): boolean {
  const declared = declaredFor(answer.route);
  if (!declared || declared.get(answer.status)?.has(answer.code)) return false;
  log("warn", UNDECLARED_ERROR, {
    function: answer.functionName,
    method: answer.method,
    route: answer.route?.path ?? null,
    status: answer.status,
    code: answer.code,
    declared: [...(declared.get(answer.status) ?? [])].sort(),
    requestId: answer.requestId,
  });
  return true;
}
