/**
 * What a function's index.ts imports:
 *
 *   import { defineFunction, route } from "@shared/pipeline/mod.ts";
 *   export default defineFunction({ name: "dosing", rateLimitClass: "DOSING", routes: [route({ … })] });
 */
export {
  defineFunction,
  type EdgeFunction,
  type FunctionDefinition,
  type PipelineOptions,
} from "./define_function.ts";
export {
  type HandlerResult,
  HTTP_METHODS,
  type HttpMethod,
  type PathParams,
  type Route,
  route,
} from "./router.ts";
export type { AuditOutcome, Context, RawQuery, RequestContext } from "../core/context.ts";
export { flushIsolateMetrics, type PipelineSeams, registerSeams } from "./seams.ts";
export { ErrorCode, HttpError, jsonResponse } from "../core/errors.ts";
export type { AuditAction } from "../core/audit_vocabulary.ts";
export type { FunctionRateLimitClass, RateLimitClass } from "../core/rate_limit_class.ts";
export { type Identity, requireMfa, requireRole, USER_ROLES, type UserRole } from "../core/identity.ts";
export { auditNow, type AuditNowExtra } from "./audit/writer.ts";
export { hasPermission, type Permission, PERMISSIONS, requirePermission } from "./permissions.ts";
export { parseQuery, parseWithSchema, type ValidationIssue } from "./validate.ts";
