/**
 * GET /gdpr-export: everything held about a data subject, streamed, audited before it leaves.
 *
 * One REPEATABLE READ transaction as audit_reader, on the exports' own pool of the audited door's login
 * (deps.exportSql; gdpr.export_plan and gdpr.subject_records are the door's alone: 20261206030000), from
 * first to last step:
 *   1. plan      gdpr.export_plan: who the subject is to the caller (403/404/410 from Postgres) and
 *                how many records of each category there are
 *   2. audit     gdpr.export with requester (the event's actor), subject (as pseudonym), format,
 *                pseudonymisation and the record count, written on the shared pool before any byte
 *                leaves (else 503 and nothing leaves)
 *   3. stream    gdpr.subject_records through a cursor, in the same snapshot as the count: the audited
 *                count is exactly the number of records sent. Other people's identifiers are
 *                pseudonymised on the way; memory stays one batch whatever the size.
 */
import { requireMfa } from "../../core/identity.ts";
import { BudgetExceeded, withinBudget } from "../../core/timing.ts";
import { auditNow } from "../../pipeline/audit/writer.ts";
import { asAuditReader, type Tx } from "../../platform/db.ts";
import { ErrorCode, HttpError } from "../../core/errors.ts";
import { consoleLogger, describeError } from "../../core/log.ts";
import type { Context } from "../../core/context.ts";
import { producerStream } from "../../core/export/stream.ts";
import { type GdprDeps, organizationContext } from "./deps.ts";
import { type ExportHeader, gdprExportFormat, gdprExportHeaders } from "./formats.ts";
import { type ExportPlan, exportPlan, httpErrorOf, subjectRecords } from "./queries.ts";
import { withThirdPartiesPseudonymised } from "./records.ts";
import type { ExportQuery } from "./schemas.ts";

/** Per statement (the count materialises every record once). */
const EXPORT_STATEMENT_TIMEOUT_MS = 120_000;
/** How long an export waits for one of the exports' pooled connections (others are streaming) before 503. */
export const EXPORT_CONNECTION_WAIT_MS = 10_000;
/** Retry-After of that 503. */
const EXPORT_BUSY_RETRY_S = 30;
/** A client that stops reading for this long gives the connection back. */
const EXPORT_IDLE_TIMEOUT_MS = 60_000;

export async function exportSubject(ctx: Context<ExportQuery>, deps: GdprDeps): Promise<Response> {
  const { identity } = ctx;
  if (identity.kind === "guest" || identity.kind === "anon") {
    throw new HttpError(401, ErrorCode.UNAUTHENTICATED, "Sign in to export data.");
  }
  if (identity.kind !== "user" || !identity.userId) {
    throw new HttpError(403, ErrorCode.FORBIDDEN, "Exports are made for signed-in people.");
  }
  const { format, pseudonymise } = ctx.query;
  const subjectId = ctx.query.subject ?? identity.userId.toLowerCase();
  // One's own data needs no second factor; someone else's is a bulk release of personal data.
  if (subjectId !== identity.userId.toLowerCase()) requireMfa(ctx);
  const [subjectHash, thirdParties] = await Promise.all([
    deps.subjectHash(subjectId),
    deps.thirdParties(pseudonymise, organizationContext(identity.organizationId)),
  ]);

  const sql = deps.exportSql();
  let planned!: (plan: ExportPlan) => void;
  const plan = new Promise<ExportPlan>((resolve) => planned = resolve);
  let audited!: (error?: unknown) => void;
  const auditDone = new Promise<void>((resolve, reject) => audited = (e) => e ? reject(e) : resolve());
  auditDone.catch(() => {}); // observed by the producer; a rejection here must not go unhandled

  const at = new Date();
  let begun!: () => void;
  const inTransaction = new Promise<void>((resolve) => begun = resolve);
  const { stream, started, done } = producerStream(async (sink) => {
    await asAuditReader(ctx, async (tx) => {
      begun();
      await limitTransaction(tx);
      const counted = await exportPlan(tx, subjectId, subjectHash);
      planned(counted);
      await auditDone;
      const encoder = gdprExportFormat(format).encoder(
        headerOf(ctx.requestId, at, subjectId, counted, pseudonymise),
      );
      let text = encoder.head;
      for await (const batch of subjectRecords(tx, subjectId)) {
        for (const raw of batch) {
          text += await encoder.row(await withThirdPartiesPseudonymised(raw, thirdParties));
        }
        await sink.write(text);
        text = "";
      }
      await sink.write(text + encoder.tail());
    }, { sql, mode: "isolation level repeatable read read only" });
  });
  done.then(({ completed, error }) => {
    // Refusals (403/404/410) reach the client as such; only failures are the server log's business.
    if (error && !(error instanceof HttpError) && httpErrorOf(error) === error) {
      consoleLogger("error", "gdpr export failed", { requestId: ctx.requestId, ...describeError(error) });
    } else if (!completed && !error) {
      consoleLogger("info", "gdpr export cancelled by the client", { requestId: ctx.requestId });
    }
  });

  // Every connection of the exports' pool streaming someone else's export: say so, rather than queue.
  await withinBudget(
    Promise.race([inTransaction, started]),
    deps.exportConnectionWaitMs ?? EXPORT_CONNECTION_WAIT_MS,
  )
    .catch((error) => {
      if (!(error instanceof BudgetExceeded)) return; // a failure to start: reported by the plan below
      audited(error); // the transaction, when it begins later, rolls back at once
      throw new HttpError(
        503,
        "EXPORT_BUSY",
        "Every export connection is busy with other exports. Try again shortly.",
        undefined,
        { "Retry-After": String(EXPORT_BUSY_RETRY_S) },
      );
    });
  // The plan, or the error that stopped it (403/404/410 from Postgres) before anything was written.
  const counted = await Promise.race([plan, started.then(() => plan)]).catch((error) => {
    throw httpErrorOf(error);
  });
  try {
    await auditNow(ctx, {
      metadata: {
        subject_pseudonym: counted.subjectPseudonym,
        scope: counted.scope,
        format,
        pseudonymisation: pseudonymise,
        records: counted.total,
        categories: counted.counts,
      },
      dataClassification: (counted.counts.phi_access ?? 0) > 0 ? "PHI" : "CONFIDENTIAL",
    });
  } catch (error) {
    audited(error); // the transaction rolls back; nothing was written to the client
    throw error;
  }
  audited();
  await started;
  return new Response(stream, { status: 200, headers: gdprExportHeaders(format, at, counted.total) });
}

async function limitTransaction(tx: Tx): Promise<void> {
  const statement = String(EXPORT_STATEMENT_TIMEOUT_MS);
  const idle = String(EXPORT_IDLE_TIMEOUT_MS);
  await tx`select set_config('statement_timeout', ${statement}, true),
    set_config('idle_in_transaction_session_timeout', ${idle}, true)`;
}

function headerOf(
  requestId: string,
  at: Date,
  subjectId: string,
  plan: ExportPlan,
  pseudonymisation: string,
): ExportHeader {
  return {
    requestId,
    generatedAt: at.toISOString(),
    subject: { id: subjectId, pseudonym: plan.subjectPseudonym },
    scope: plan.scope,
    organizationId: plan.organizationId,
    pseudonymisation,
    counts: plan.counts,
    total: plan.total,
  };
}
