/**
 * An audit-query handler's context as the pipeline makes it (pipeline/steps.ts), for tests that call a
 * handler directly: its audit hook (ctx.auditEarly) builds the request's event and hands it to the
 * handler's writer, as the pipeline does, then calls `onAudited` — only once the write resolved.
 */
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import type { Context } from "../../functions-shared/core/context.ts";
import type { Identity } from "../../functions-shared/core/identity.ts";

export interface AuditQueryContextOptions<Query> {
  readonly identity: Identity;
  readonly query: Query;
  /** The route's path below the function, e.g. "/" or "/summary". */
  readonly path: string;
  readonly action: string;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly onAudited?: () => void;
}

export function auditQueryContext<Query>(
  o: AuditQueryContextOptions<Query>,
): Context<Query, undefined, Record<string, string>> {
  const req = new Request(`http://localhost/audit-query${o.path}`);
  const requestId = crypto.randomUUID();
  const ip = o.ip ?? null;
  const userAgent = o.userAgent ?? null;
  return {
    req,
    url: new URL(req.url),
    requestId,
    functionName: "audit-query",
    path: o.path,
    identity: o.identity,
    startedAt: Date.now(),
    ip,
    userAgent,
    clientKey: null,
    params: {},
    query: o.query,
    body: undefined,
    addAuditMetadata: () => {},
    setOutcome: () => {},
    auditEarly: async (write) => {
      const event: RequestEvent = {
        functionName: "audit-query",
        action: o.action,
        resource: "audit_logs",
        outcome: "success",
        status: 200,
        durationMs: 1,
        identity: o.identity,
        requestId,
        method: "GET",
        path: o.path,
        route: o.path,
        ip,
        userAgent,
        clientKey: null,
        startedAt: Date.now(),
        metadata: {},
      };
      await write(event);
      o.onAudited?.();
    },
  };
}
