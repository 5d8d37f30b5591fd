/**
 * What each audit-query route does, in the order that keeps the trail honest:
 *
 *   requireRole → organization check → in one transaction: read as the caller through the audited door
 *     (RLS decides the rows), write the route's audit event, commit (readAudited: the event is in
 *     audit_logs before any row leaves; else 503) → respond
 *
 * /verify reads for minutes and consults Storage, so it keeps read → auditNow in two steps.
 *
 * Exports are the one exception to "read, then audit": their event is written before the cursor
 * opens, because a stream holds its pooled connection for its whole life and auditNow needs another
 * one; writing the event first can never wait on a connection the same request holds. An export
 * that then fails before its first byte answers 500 with its event already recorded as a success
 * (a release that did not happen, never the other way round); the server log has the failure.
 */
import { auditNow } from "../../pipeline/audit/writer.ts";
import { requireMfa, type UserRole } from "../../core/identity.ts";
import { HttpError } from "../../core/errors.ts";
import { asAuditReader, connectionLost, type Tx } from "../../platform/db.ts";
import { config } from "../../core/config.ts";
import { storageAnchorStore } from "../../platform/anchor_store.ts";
import { storageClient } from "../../platform/storage.ts";
import { type AnchorCheck, checkAnchors } from "./anchor_check.ts";
import { requirePermission } from "../../pipeline/mod.ts";
import { consoleLogger, describeError } from "../../core/log.ts";
import type { Context } from "../../core/context.ts";
import { decodeCursor, encodeCursor, filtersFingerprint } from "./cursor.ts";
import { exportFormat, exportHeaders } from "./export.ts";
import { EXPORT_TRANSACTION_MODE, exportCsvBytes } from "./export_csv.ts";
import {
  assertOwnOrganization,
  type AuditFilters,
  type DayRange,
  EXPORT_INTERRUPTED,
  type ExportQuery,
  filtersAuditMetadata,
  type ListQuery,
  pageWindow,
  type TimeWindow,
} from "./filters.ts";
import * as sql from "./queries.ts";
import { readAudited, readAuditedInOneTrip, setLocal, timeoutAsHttp } from "./audited_read.ts";
import { OVERSIGHT_ROLES, requireOrganization, requireOversight } from "./access.ts";

export { OVERSIGHT_ROLES };
import { producerStream } from "../../core/export/stream.ts";

/** Who may see the chat's model costs and trail (ai_audit_trails RLS: both oversight roles, issue 20). */
export const AI_TRAIL_ROLES: readonly UserRole[] = OVERSIGHT_ROLES;

const QUERY_TIMEOUT_MS = 15_000;
const VERIFY_TIMEOUT_MS = 120_000;
/** Per FETCH of an export (a plan that must sort does so in the first one). */
const EXPORT_FETCH_TIMEOUT_MS = 120_000;
/** An export whose client stops reading for this long gives its connection back. */
const EXPORT_IDLE_TIMEOUT_MS = 60_000;

type Ctx<Query = unknown, Body = undefined, Params = Record<string, string>> = Context<Query, Body, Params>;

/** GET / and GET /users/:userId/trail: one keyset page, newest first. */
export async function listPage(ctx: Ctx<ListQuery>, fixedUser?: string) {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const { limit, total } = ctx.query;
  const filters: AuditFilters = fixedUser ? { ...ctx.query.filters, user: fixedUser } : ctx.query.filters;
  assertOwnOrganization(filters, ctx.identity);
  const fingerprint = filtersFingerprint(filters);
  const cursor = ctx.query.cursor === undefined ? undefined : decodeCursor(ctx.query.cursor, fingerprint);
  const window = pageWindow(ctx.query.window, cursor);

  const read = async (tx: Tx) => {
    // Pipelined: the user's pseudonym (sent first), the page and its total in one round trip.
    const lookup = filters.user === undefined ? undefined : sql.subjectLookup(tx, filters.user);
    const criteria = toCriteria(filters, window, undefined, lookup !== undefined);
    const [subject, page, count] = await Promise.all([
      lookup,
      sql.listEntries(tx, criteria, { after: cursor, limit }),
      total === "exact"
        ? sql.countEntries(tx, criteria)
        : total === "estimated"
        ? sql.estimateEntries(tx, criteria)
        : undefined,
    ]);
    // A user the trail does not know: no row matched; an estimate would still guess some.
    return { ...page, total: subject === null && count !== undefined ? 0 : count, subject };
  };
  const known = {
    ...filtersAuditMetadata(filters, window),
    limit,
    page: cursor ? "next" : "first",
    ...(total === "none" ? {} : { total_mode: total }),
  };
  // The event says what the read found; SQL can say it (listResultMetadata), so all in one round trip,
  // except for an estimated total (EXPLAIN's answer is not SQL's to record), said here instead.
  const result = total === "estimated"
    ? await readAudited(ctx, QUERY_TIMEOUT_MS, read, (result) => ({
      ...known,
      ...subjectMetadata(result.subject),
      rows: result.entries.length,
      has_more: result.hasMore,
      ...(result.total === undefined ? {} : { total: result.total }),
    }))
    : await readAuditedInOneTrip(ctx, QUERY_TIMEOUT_MS, read, {
      metadata: known,
      resultMetadata: (tx) =>
        sql.listResultMetadata(tx, { limit, total: total === "exact", subject: filters.user !== undefined }),
    });

  const last = result.entries.at(-1);
  const nextCursor = result.hasMore && last
    ? encodeCursor({
      timestamp: last.timestamp,
      seq: String(last.seq),
      ...window,
      filters: fingerprint,
    })
    : null;
  return {
    entries: result.entries,
    nextCursor,
    window,
    ...(result.total === undefined ? {} : { total: { value: result.total, kind: total } }),
  };
}

/** GET /users/:userId/trail: the list, fixed to one user (default window 30 days, as get_user_audit_trail). */
export async function userTrail(ctx: Ctx<ListQuery, undefined, { userId: string }>) {
  const { userId } = ctx.params; // a uuid: the route's params (pipeline)
  return await listPage(ctx, userId);
}

/** GET /summary: audit.get_audit_summary over the window. */
export async function summary(ctx: Ctx<TimeWindow>) {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const { from, to } = ctx.query;
  const rows = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    (tx) => sql.auditSummary(tx, { from, to }),
    (rows) => ({ from, to, rows: rows.length }),
  );
  return { window: { from, to }, rows };
}

/** GET /ai-costs: the chat's model cost for the caller's organization (ai_audit_trails; oversight). */
export async function aiCosts(ctx: Ctx<TimeWindow>) {
  requireOversight(ctx, AI_TRAIL_ROLES);
  requireOrganization(ctx, "AI costs are reported");
  const { from, to } = ctx.query;
  const costs = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    (tx) => sql.aiCosts(tx, { from, to }),
    () => ({ from, to }),
  );
  return { window: { from, to }, costs };
}

/** GET /failed-auth: audit.get_failed_auth_attempts(hours). */
export async function failedAuth(ctx: Ctx<{ hours: number }>) {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const { hours } = ctx.query;
  const rows = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    (tx) => sql.failedAuthAttempts(tx, hours),
    (rows) => ({ hours, rows: rows.length }),
  );
  return { hours, rows };
}

/**
 * GET /mfa-compliance: who in the caller's organization meets their role's MFA policy, from the factors
 * Supabase Auth keeps (public.mfa_compliance_status over auth.mfa_factors; the list is the user
 * directory, so it is read through the audited door like the trail).
 */
export async function mfaCompliance(ctx: Ctx) {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const counts: Record<string, number> = {};
  const rows = await readAudited(ctx, QUERY_TIMEOUT_MS, (tx) => sql.mfaCompliance(tx), (rows) => {
    for (const row of rows) counts[row.compliance] = (counts[row.compliance] ?? 0) + 1;
    return { rows: rows.length, compliance: counts };
  });
  return { counts, rows };
}

/** GET /stats/daily: audit.get_audit_daily_stats (refreshed nightly, so today is not in it yet). */
export async function dailyStats(ctx: Ctx<DayRange>) {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const { from, to } = ctx.query;
  const rows = await readAudited(
    ctx,
    QUERY_TIMEOUT_MS,
    (tx) => sql.dailyStats(tx, { from, to }),
    (rows) => ({ from, to, rows: rows.length }),
  );
  return { from, to, rows };
}

/**
 * POST /verify: audit.verify over a seq range, and the newest seal to keep outside the database.
 * Runs as the caller through audit.verify_audit_trail, which lets in holders of the audit.verify
 * permission (organization_role; admins by default); it checks the whole chain, across
 * organizations, and returns only seqs, counts and hashes — among them the seqs its seals record as missing.
 */
export async function verify(ctx: Ctx<unknown, { fromSeq?: number; toSeq?: number }>) {
  await requirePermission(ctx, "audit.verify");
  requireMfa(ctx);
  const range = { fromSeq: ctx.body.fromSeq ?? null, toSeq: ctx.body.toSeq ?? null };
  const { result: chain, seal, missing } = await withTimeoutMapping(() =>
    asAuditReader(ctx, async (tx) => {
      await setLocal(tx, "statement_timeout", VERIFY_TIMEOUT_MS);
      return await sql.verifyTrail(tx, range);
    })
  );
  const anchors = await verifyAgainstAnchors(ctx);
  const divergence = anchors?.firstDivergence;
  // The chain's own first fault, else the first seal that disagrees with what was anchored outside.
  const result = chain.ok && divergence
    ? { ...chain, ok: false, firstBadSeq: divergence.fromSeq, problem: divergence.problem }
    : chain;
  await auditNow(ctx, {
    metadata: {
      from_seq: range.fromSeq,
      to_seq: range.toSeq,
      ok: result.ok,
      first_bad_seq: result.firstBadSeq,
      problem: result.problem,
      seals_checked: result.sealsChecked,
      rows_checked: result.rowsChecked,
      latest_seal_id: seal?.sealId ?? null,
      anchors_checked: anchors?.anchors ?? null,
      anchors_recorded: anchors?.recorded ?? null,
      anchor_divergence_seal_id: divergence?.sealId ?? null,
      anchors_unavailable: anchors?.unavailable ?? null,
      missing_seqs: missing.count,
      missing_seqs_seals: missing.seals,
    },
  });
  // The gaps the seals excuse (rolled-back writes, or rows deleted with their ledger entries before the
  // seal): information for the auditor beside the verdict, never a failure of it.
  return { ...result, range, missingSeqs: missing, latestSeal: seal, anchors };
}

/**
 * The chain against the seals recorded as anchored (audit.anchors) and their signed objects in Storage;
 * null when anchoring is not configured here.
 */
async function verifyAgainstAnchors(ctx: Ctx<unknown, unknown>) {
  const cfg = config();
  if (!cfg.storage || !cfg.sealPublicKey) return null;
  // Storage or the anchors' record unreachable: the chain's own check still answers, and says so.
  return await checkAnchors({
    store: storageAnchorStore(storageClient(cfg.storage)),
    publicKey: cfg.sealPublicKey,
    recorded: (afterSealId, limit) => asAuditReader(ctx, (tx) => sql.anchoredSeals(tx, afterSealId, limit)),
    sealCovering: (fromSeq, toSeq) => asAuditReader(ctx, (tx) => sql.sealCovering(tx, fromSeq, toSeq)),
  }).catch((error): AnchorCheck => ({
    ok: false,
    anchors: 0,
    recorded: 0,
    newestAnchoredSealId: null,
    firstDivergence: null,
    unavailable: error instanceof Error ? error.message.slice(0, 200) : String(error),
  }));
}

/** GET /export: every matching row, streamed in the caller's transaction (CSV by one COPY, else a cursor). */
export async function exportEntries(ctx: Ctx<ExportQuery>): Promise<Response> {
  requireOversight(ctx, OVERSIGHT_ROLES);
  const { filters, window, format } = ctx.query;
  assertOwnOrganization(filters, ctx.identity);
  const subject = filters.user === undefined
    ? undefined
    : await readAsCaller(ctx, QUERY_TIMEOUT_MS, (tx) => sql.subjectLookup(tx, filters.user!));
  await auditNow(ctx, {
    metadata: { ...filtersAuditMetadata(filters, window), ...subjectMetadata(subject), format },
  });

  const at = new Date();
  const encoder = exportFormat(format).encoder({ id: ctx.requestId, timestamp: at.toISOString() });
  const criteria = subject === null ? null : toCriteria(filters, window, subject);
  const { stream, started, done } = producerStream(async (sink) => {
    if (!criteria) return await sink.write(encoder.head + encoder.tail()); // an unknown user: no rows
    await asAuditReader(ctx, async (tx) => {
      await setLocal(tx, "idle_in_transaction_session_timeout", EXPORT_IDLE_TIMEOUT_MS);
      let text = encoder.head;
      if (format === "csv") { // one COPY with its own statement timeout (export_csv.ts), as bytes
        for await (const bytes of exportCsvBytes(tx, criteria)) {
          if (text) await sink.write(text); // the header once COPY has answered: a failure before is still a 5xx
          text = "";
          await sink.write(bytes);
        }
      } else {
        await setLocal(tx, "statement_timeout", EXPORT_FETCH_TIMEOUT_MS);
        for await (const entries of sql.exportEntries(tx, criteria)) {
          for (const entry of entries) text += encoder.row(entry);
          await sink.write(text);
          text = "";
        }
      }
      await sink.write(text + encoder.tail());
    }, format === "csv" ? { mode: EXPORT_TRANSACTION_MODE } : {}); // the CSV's two statements, one snapshot
  });
  done.then(({ completed, error }) => {
    if (error) {
      consoleLogger("error", "audit export failed", { requestId: ctx.requestId, ...describeError(error) });
    } else if (!completed) {
      consoleLogger("info", "audit export cancelled by the client", { requestId: ctx.requestId });
    }
  });
  await started.catch((error) => { // a failure before the first byte is still a proper error response
    throw connectionLost(error) ? exportInterrupted() : error;
  });
  return new Response(stream, { status: 200, headers: exportHeaders(format, at) });
}

/** The filters as SQL criteria: the user as their pseudonym, or as looked up before (subjectLookup). */
function toCriteria(
  filters: AuditFilters,
  window: { from: string; to: string },
  actorPseudonym: string | undefined,
  actorLookedUp = false,
): sql.EntryCriteria {
  const { user: _user, ...rest } = filters;
  return {
    ...rest,
    from: window.from,
    to: window.to,
    ...(actorPseudonym ? { actorPseudonym } : {}),
    ...(actorLookedUp ? { actorLookedUp: true as const } : {}),
  };
}

/** Who was looked up, as the pseudonym the trail knows them by (null: nobody), never the raw id. */
function subjectMetadata(subject: string | null | undefined) {
  return subject === undefined ? {} : { subject_pseudonym: subject };
}

/** The connection went before any byte was sent (a restart, a failover): the caller may simply ask again. */
function exportInterrupted(): HttpError {
  return new HttpError(
    503,
    EXPORT_INTERRUPTED,
    "The export lost its database connection before sending anything. Ask again.",
    undefined,
    { "Retry-After": "1" },
  );
}

async function readAsCaller<T>(ctx: Ctx<unknown, unknown>, timeoutMs: number, work: (tx: Tx) => Promise<T>) {
  return await withTimeoutMapping(() =>
    asAuditReader(ctx, async (tx) => {
      await setLocal(tx, "statement_timeout", timeoutMs);
      return await work(tx);
    })
  );
}

/** Postgres' statement timeout (57014) → 503 with advice, instead of a bare 500. */
async function withTimeoutMapping<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw timeoutAsHttp(error);
  }
}
