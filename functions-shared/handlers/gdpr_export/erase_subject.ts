/**
 * POST /gdpr-export/erase { subjectId, reason, reference? }: the right to erasure, for holders of
 * gdpr.erase (organization_role) over subjects of their organization.
 *
 * The erasure (gdpr.erase_subject) and its audit event are one transaction: the request's event is
 * handed to Postgres, which adds the facts (reason, what was deleted and anonymised, never the
 * subject's pseudonym) and writes it with the erasure — there is no erasure without its record. The
 * pipeline then writes no second event (auditEarly). Afterwards the subject's sessions are ended in
 * Redis, so a token issued before the erasure stops working at once (else at the session's next write of
 * last activity, at most a persist interval later), and their limiter keys there are deleted.
 */
import { toDbAuditEvent } from "../../pipeline/audit/mapping.ts";
import { asUser } from "../../platform/db.ts";
import type { Context } from "../../core/context.ts";
import { requireMfa, requirePermission } from "../../pipeline/mod.ts";
import type { GdprDeps } from "./deps.ts";
import { eraseSubject as eraseInDatabase, type ErasureSummary, httpErrorOf } from "./queries.ts";
import type { EraseBody } from "./schemas.ts";

export async function eraseSubject(ctx: Context<unknown, EraseBody>, deps: GdprDeps) {
  await requirePermission(ctx, "gdpr.erase");
  requireMfa(ctx);
  const { subjectId, reason, reference } = ctx.body;
  const subjectHash = await deps.subjectHash(subjectId);
  let summary: ErasureSummary | undefined;
  try {
    await ctx.auditEarly(async (event) => {
      const row = await toDbAuditEvent(event, { dataClassification: "CONFIDENTIAL" });
      summary = await asUser(ctx, (tx) =>
        eraseInDatabase(tx, {
          subjectId,
          subjectHash,
          reason,
          reference: reference ?? null,
          token: deps.erasureToken(),
          event: row,
        }));
    });
  } catch (error) {
    throw httpErrorOf(error);
  }
  const { sessionIds, ...facts } = summary!;
  const { sessionsRevoked } = await deps.eraseInRedis(subjectId, sessionIds);
  return { subjectId, erased: true, reason, ...facts, sessionsRevoked };
}
