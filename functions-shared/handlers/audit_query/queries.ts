/**
 * The audit-query function's SQL, as postgres.js tagged templates (every value a bind parameter,
 * never concatenated). Each builder takes the transaction it runs in: the function runs them inside
 * asAuditReader(ctx, …), so the caller's claims are set under the audit_reader role and RLS on audit_logs decides which
 * organization's rows exist at all; nothing here filters by organization for authorization.
 *
 * Rows are read from public.audit_logs and their pseudonyms resolved with audit.reveal_many — the
 * same RLS and the same role check as audit.reveal (what audit.audit_log_entries uses), but one Vault
 * key read and one call per page or batch: reveal reads the key on every call (~0.1 ms), four times a
 * row through the view. A list page reads its rows and their originals in one statement.
 *
 * Exports read through a SQL cursor (DECLARE … / FETCH 1000) in the caller's transaction rather than
 * postgres.js' `.cursor()`: while a postgres.js cursor is open its connection runs nothing else, so
 * the per-batch reveal would wait for the cursor and the cursor for it (a deadlock, tried).
 */
import type postgres from "postgres";
import type { Tx } from "../../platform/db.ts";
import type { CursorPosition } from "./cursor.ts";
import type { AuditEntry } from "../../core/audit_vocabulary.ts";
import type { AuditFilters } from "./filters.ts";
import type { RecordedAnchor } from "./anchor_check.ts";
import { MISSING_SEQS_LISTED } from "./contract.ts";

export type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * The filters as SQL sees them: `user` already resolved to its pseudonym, or (`actorLookedUp`) looked
 * up by subjectLookup earlier in the same transaction.
 */
export interface EntryCriteria extends Omit<AuditFilters, "user"> {
  readonly from: string;
  readonly to: string;
  readonly actorPseudonym?: string;
  readonly actorLookedUp?: true;
}

/** Rows fetched per round trip by the export cursor. */
export const EXPORT_BATCH_ROWS = 1000;

/**
 * The pseudonym audit rows carry for a user id (null: the user never appears, or was erased), also
 * kept in a transaction-local setting for the statements sent behind it in the same round trip
 * (criteria with `actorLookedUp`). They read it back as a stable expression, whose value the planner
 * still sees: as a parameter or a subquery it is hidden, and the planner, guessing a rare user, reads
 * the user's whole window and sorts it (6–29 ms instead of 1). The export uses it for the pseudonym alone.
 */
export async function subjectLookup(tx: Tx, userId: string): Promise<string | null> {
  const [row] = await tx`
    select nullif(set_config('audit_query.subject', coalesce(audit.pseudonym_of('user', ${userId})::text, ''),
      true), '') as pseudonym`;
  return (row?.pseudonym as string | null) ?? null;
}

const ISO_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;

/** audit_logs columns as the API names them; identifiers still as pseudonyms (see resolveEntries). */
function rowColumns(tx: Tx): Fragment {
  return tx`
    l.seq, l.event_id as "eventId",
    to_char(l."timestamp" at time zone 'UTC', ${ISO_MICROS}) as "timestamp",
    l.organization_id as "organizationId", l.actor_pseudonym as "actorPseudonym", l.user_role as "userRole",
    l.session_pseudonym as "sessionPseudonym", l.action, l.resource, l.outcome, l.metadata,
    l.ip_pseudonym as "ipPseudonym", l.user_agent_pseudonym as "userAgentPseudonym",
    l.error_message as "errorMessage", l.duration_ms as "durationMs", l.correlation_id as "correlationId",
    l.data_classification as "dataClassification", l.event_version as "eventVersion",
    to_char(l.created_at at time zone 'UTC', ${ISO_MICROS}) as "createdAt"`;
}

/**
 * pseudonym → original (null: erased, or the caller may not see it), for the life of one request.
 * Bounded: an export over millions of distinct sessions starts over rather than growing without end.
 */
export class PseudonymCache {
  readonly #known = new Map<string, string | null>();
  constructor(readonly maxEntries = 20_000) {}

  missing(pseudonyms: Iterable<string | null>): string[] {
    const out = new Set<string>();
    for (const p of pseudonyms) if (p !== null && !this.#known.has(p)) out.add(p);
    return [...out];
  }

  add(pseudonym: string, original: string | null): void {
    if (this.#known.size >= this.maxEntries) this.#known.clear();
    this.#known.set(pseudonym, original);
  }

  get(pseudonym: string | null): string | null {
    return pseudonym === null ? null : this.#known.get(pseudonym) ?? null;
  }
}

/** Rows of rowColumns → AuditEntry: one audit.reveal per pseudonym not yet known, as the caller. */
export async function resolveEntries(
  tx: Tx,
  rows: readonly postgres.Row[],
  cache: PseudonymCache = new PseudonymCache(),
): Promise<AuditEntry[]> {
  const missing = cache.missing(
    rows.flatMap((r) => [r.actorPseudonym, r.sessionPseudonym, r.ipPseudonym, r.userAgentPseudonym]),
  );
  if (missing.length > 0) {
    const revealed = await tx<{ p: string; v: string | null }[]>`
      select r.pseudonym::text as p, r.value as v from audit.reveal_many(${missing}::uuid[]) r`;
    for (const p of missing) cache.add(p, null); // erased, or not for this caller: reveal_many omits it
    for (const { p, v } of revealed) cache.add(p, v);
  }
  return rows.map((r) =>
    toEntry(r, {
      user: cache.get(r.actorPseudonym),
      session: cache.get(r.sessionPseudonym),
      ip: cache.get(r.ipPseudonym),
      userAgent: cache.get(r.userAgentPseudonym),
    })
  );
}

interface Originals {
  readonly user: string | null;
  readonly session: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** One row of rowColumns as an AuditEntry, with the originals behind its pseudonyms. */
function toEntry(r: postgres.Row, original: Originals): AuditEntry {
  return {
    seq: Number(r.seq), // int8 arrives as a string; seqs stay far below 2^53
    eventId: r.eventId,
    timestamp: r.timestamp,
    organizationId: r.organizationId,
    userId: original.user,
    actorPseudonym: r.actorPseudonym,
    userRole: r.userRole,
    sessionId: original.session,
    action: r.action,
    resource: r.resource,
    outcome: r.outcome,
    metadata: r.metadata,
    ipAddress: original.ip,
    ipPseudonym: r.ipPseudonym,
    userAgent: original.userAgent,
    errorMessage: r.errorMessage,
    durationMs: r.durationMs,
    correlationId: r.correlationId,
    dataClassification: r.dataClassification,
    eventVersion: r.eventVersion,
    createdAt: r.createdAt,
  };
}

/**
 * The window and each filter given: the value it binds (as text) and its condition over audit_logs as
 * `alias`, `$` standing for that value. The one list of filters: whereClause binds the values (list,
 * count, the cursor export) and the CSV export's COPY, which takes no parameters, reads them from
 * settings (export_csv.ts), so the two cannot filter differently.
 */
export function filterConditions(c: EntryCriteria, alias: string): FilterCondition[] {
  const conditions: FilterCondition[] = [
    { name: "from", value: c.from, condition: `${alias}."timestamp" >= $::timestamptz` },
    { name: "to", value: c.to, condition: `${alias}."timestamp" < $::timestamptz` },
  ];
  const add = (name: string, value: string, condition: string) => conditions.push({ name, value, condition });
  if (c.actorPseudonym !== undefined) add("actor", c.actorPseudonym, `${alias}.actor_pseudonym = $::uuid`);
  if (c.actorLookedUp) {
    conditions.push({
      name: "actor",
      value: null,
      condition: `${alias}.actor_pseudonym = nullif(current_setting('audit_query.subject'), '')::uuid`,
    });
  }
  // Enum values (the contract admits only the vocabulary's names), so a plain array literal.
  if (c.actions) {
    add("actions", `{${c.actions.join(",")}}`, `${alias}.action = any($::public.audit_action[])`);
  }
  if (c.outcomes) {
    add("outcomes", `{${c.outcomes.join(",")}}`, `${alias}.outcome = any($::public.audit_outcome[])`);
  }
  if (c.resource !== undefined) add("resource", c.resource, `${alias}.resource = $`);
  if (c.organization !== undefined) add("organization", c.organization, `${alias}.organization_id = $::uuid`);
  if (c.correlationId !== undefined) add("correlation", c.correlationId, `${alias}.correlation_id = $`);
  // As text first: a string bound as jsonb would be encoded again, as a JSON string.
  if (c.metadata !== undefined) {
    add("metadata", JSON.stringify(c.metadata), `${alias}.metadata @> $::text::jsonb`);
  }
  return conditions;
}

export interface FilterCondition {
  readonly name: string;
  /** null: the condition takes no value (and has no `$`). */
  readonly value: string | null;
  /** SQL over the alias filterConditions was given, with one `$` where the value goes. */
  readonly condition: string;
}

/** WHERE for the window and every filter given, over alias `l`: filterConditions, each value bound. */
export function whereClause(tx: Tx, c: EntryCriteria): Fragment {
  return filterConditions(c, "l")
    .map(({ value, condition }) => {
      if (value === null) return tx`${tx.unsafe(condition)}`;
      const [before, after] = condition.split("$");
      return tx`${tx.unsafe(before)}${value}${tx.unsafe(after)}`;
    })
    .reduce((all, next) => tx`${all} and ${next}`);
}

/**
 * One page and the originals behind its pseudonyms, in one statement: the page (RLS as the caller),
 * then one audit.reveal_many over its distinct pseudonyms, as a pseudonym → original object. The rows
 * come back in no particular order (listEntries orders them).
 */
function listQuery(tx: Tx, c: EntryCriteria, after: CursorPosition | undefined, limit: number): Fragment {
  const keyset = after
    ? tx`and (l."timestamp", l.seq) < (${after.timestamp}::timestamptz, ${after.seq}::bigint)`
    : tx``;
  return tx`
    with page as (
      select l.* from public.audit_logs l
      where ${whereClause(tx, c)} ${keyset}
      order by l."timestamp" desc, l.seq desc
      limit ${limit}
    ), names as (
      select coalesce(jsonb_object_agg(r.pseudonym, r.value), '{}') as originals
      from audit.reveal_many(array(
        select p from page,
          unnest(array[page.actor_pseudonym, page.session_pseudonym, page.ip_pseudonym,
            page.user_agent_pseudonym]) p
        where p is not null group by p)) r
    )
    select ${rowColumns(tx)},
      n.originals ->> l.actor_pseudonym::text as "userId",
      n.originals ->> l.session_pseudonym::text as "sessionId",
      n.originals ->> l.ip_pseudonym::text as "ipAddress",
      n.originals ->> l.user_agent_pseudonym::text as "userAgent"
    from page l, names n
    -- the page's row count for listResultMetadata: a one-time filter, so an empty page leaves 0 too
    where (select set_config('audit_query.page_rows', count(*)::text, true) from page) is not null`;
}

/** One page, newest first, after `after`; fetches `limit + 1` rows to know whether there is more. */
export async function listEntries(
  tx: Tx,
  c: EntryCriteria,
  page: { readonly after?: CursorPosition; readonly limit: number },
): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
  const rows = c.metadata === undefined
    ? await listQuery(tx, c, page.after, page.limit + 1)
    : await walkingTheIndex(tx, listQuery(tx, c, page.after, page.limit + 1));
  return pageOf(rows, page.limit);
}

/**
 * listQuery's rows (limit + 1 at most) as the page: newest first, `limit` entries, whether there is more.
 * `rows` (postgres.js's answer) is emptied once read: the answer stays reachable after its request until
 * V8's next full GC (its query object, a promise resolved with it, survived every scavenge in a sampling
 * heap profile), so every page's rows were copied by the next scavenge and promoted. The entries keep
 * the values they need. Issue 18: ~7.5 MB survived each scavenge, ~1.2 MB with the answer emptied
 * (scripts/bench/HISTORY.md, "What the scavenges keep").
 */
export function pageOf(rows: postgres.Row[], limit: number): { entries: AuditEntry[]; hasMore: boolean } {
  // Ordered here, not by a second ORDER BY over the page: walkingTheIndex discourages every sort in
  // the statement, and the price it puts on one would also switch JIT compilation on (~250 ms).
  rows.sort((a, b) =>
    a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : Number(b.seq) - Number(a.seq)
  );
  const entries = rows.slice(0, limit).map((r) =>
    toEntry(r, { user: r.userId, session: r.sessionId, ip: r.ipAddress, userAgent: r.userAgent })
  );
  const hasMore = rows.length > limit;
  rows.length = 0;
  return { entries, hasMore };
}

/**
 * A page filtered by metadata, planned to walk the organization's time index in order and stop at the
 * limit. Under RLS Postgres may not run a non-leakproof operator (jsonb @>) over the column statistics
 * (selfuncs' statistic_proc_security_check), so it takes the default 1% for the containment, too few
 * matches for a walk to look cheap, and sorts the whole window instead (10–15× slower than the owner's
 * plan of the same query). A sort is only discouraged for this one statement, never forbidden.
 */
async function walkingTheIndex(tx: Tx, query: Fragment): Promise<postgres.Row[]> {
  const [, rows] = await Promise.all([
    tx`select set_config('enable_sort', 'off', true)`,
    query,
    tx`select set_config('enable_sort', 'on', true)`,
  ]);
  return rows;
}

/** The plan of the list query (EXPLAIN, FORMAT JSON), for tests and benchmarks. */
export async function explainList(
  tx: Tx,
  c: EntryCriteria,
  page: { readonly after?: CursorPosition; readonly limit: number },
): Promise<unknown> {
  const [row] = await tx`explain (format json) ${listQuery(tx, c, page.after, page.limit + 1)}`;
  return (row["QUERY PLAN"] as unknown[])[0];
}

/** The exact count, also left in a setting for listResultMetadata. */
export async function countEntries(tx: Tx, c: EntryCriteria): Promise<number> {
  const [row] = await tx`
    select set_config('audit_query.total', count(*)::text, true)::float8 as n
    from public.audit_logs l where ${whereClause(tx, c)}`;
  return row.n as number;
}

/**
 * What a list read's audit event says of its result, as a jsonb expression over the settings its
 * statements left (listQuery: the page's rows, limit + 1 at most; countEntries: the total; subjectLookup:
 * the subject), for readAuditedInOneTrip, which writes it and returns it. An empty page counts 0.
 */
export function listResultMetadata(
  tx: Tx,
  read: { readonly limit: number; readonly total: boolean; readonly subject: boolean },
): Fragment {
  const rows = tx`coalesce(nullif(current_setting('audit_query.page_rows', true), '')::integer, 0)`;
  return tx`(jsonb_build_object('rows', least(${rows}, ${read.limit}::integer),
      'has_more', ${rows} > ${read.limit}::integer)
    ${
    read.total
      ? tx`|| jsonb_build_object('total', nullif(current_setting('audit_query.total', true), '')::float8)`
      : tx``
  }
    ${
    read.subject
      ? tx`|| jsonb_build_object('subject_pseudonym', nullif(current_setting('audit_query.subject', true), ''))`
      : tx``
  })`;
}

/** The planner's row estimate for the filters (RLS included): instant, approximate. */
export async function estimateEntries(tx: Tx, c: EntryCriteria): Promise<number> {
  const [row] = await tx`explain (format json) select 1 from public.audit_logs l where ${whereClause(tx, c)}`;
  const plan = (row["QUERY PLAN"] as { Plan: { "Plan Rows": number } }[])[0].Plan;
  return Math.round(plan["Plan Rows"]);
}

/**
 * Every matching row, newest first, EXPORT_BATCH_ROWS per round trip, through a cursor that lives as
 * long as the caller's transaction: stopping early (a client gone) and rolling back closes it.
 */
export async function* exportEntries(tx: Tx, c: EntryCriteria): AsyncGenerator<AuditEntry[]> {
  await tx`
    declare audit_export no scroll cursor for
    select ${rowColumns(tx)}
    from public.audit_logs l
    where ${whereClause(tx, c)}
    order by l."timestamp" desc, l.seq desc`;
  const cache = new PseudonymCache();
  for (;;) {
    const rows = await tx`fetch forward 1000 from audit_export`; // = EXPORT_BATCH_ROWS
    if (rows.length === 0) return;
    yield await resolveEntries(tx, rows, cache);
  }
}

/**
 * A duration column of the summaries in ms, to the hundredth: an interpolated percentile is a float8
 * (130.99999999999997), an average a numeric of many places; neither is measured that finely.
 */
function ms(tx: Tx, column: string): Fragment {
  return tx.unsafe(`round(s.${column}::numeric, 2)::float8`);
}

export async function auditSummary(tx: Tx, window: { from: string; to: string }) {
  return await tx`
    select s.action, s.outcome, s.events::float8 as events, s.distinct_users::float8 as "distinctUsers",
      ${ms(tx, "avg_duration_ms")} as "avgDurationMs", ${ms(tx, "p95_duration_ms")} as "p95DurationMs"
    from audit.get_audit_summary(${window.from}::timestamptz, ${window.to}::timestamptz) s`;
}

export async function failedAuthAttempts(tx: Tx, hours: number) {
  return await tx`
    select f.ip_pseudonym as "ipPseudonym", host(f.ip_address) as "ipAddress",
      f.attempts::float8 as attempts, f.distinct_users::float8 as "distinctUsers",
      to_char(f.first_attempt at time zone 'UTC', ${ISO_MICROS}) as "firstAttempt",
      to_char(f.last_attempt at time zone 'UTC', ${ISO_MICROS}) as "lastAttempt"
    from audit.get_failed_auth_attempts(${hours}::integer) f`;
}

export async function dailyStats(tx: Tx, days: { from: string; to: string }) {
  return await tx`
    select s.day::text as day, s.action, s.outcome, s.events::float8 as events,
      ${ms(tx, "avg_duration_ms")} as "avgDurationMs", ${ms(tx, "p50_duration_ms")} as "p50DurationMs",
      ${ms(tx, "p95_duration_ms")} as "p95DurationMs", ${ms(tx, "p99_duration_ms")} as "p99DurationMs"
    from audit.get_audit_daily_stats(${days.from}::date, ${days.to}::date) s`;
}

/** The organization's MFA compliance, one row per user (RLS under audit_reader: the caller's organization). */
export async function mfaCompliance(tx: Tx) {
  return await tx<{ compliance: string }[]>`
    select c.user_id::text as "userId", c.role::text as role, c.mfa_required as "mfaRequired",
      c.active_methods as "activeMethods", c.backup_codes_left::float8 as "backupCodesLeft",
      to_char(c.enroll_by at time zone 'UTC', ${ISO_MICROS}) as "enrollBy",
      to_char(c.last_successful_challenge at time zone 'UTC', ${ISO_MICROS}) as "lastSuccessfulChallenge",
      c.compliance
    from public.mfa_compliance_status c
    order by c.compliance, c.role, c.user_id`;
}

/** audit.get_ai_cost_analytics for the caller's organization: totals, per day, per model (RLS scoped). */
export async function aiCosts(tx: Tx, window: { from: string; to: string }) {
  const [row] = await tx`
    select audit.get_ai_cost_analytics(null, ${window.from}::timestamptz, ${window.to}::timestamptz) as costs`;
  return row.costs as Record<string, unknown>;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly firstBadSeq: number | null;
  readonly problem: string | null;
  readonly sealsChecked: number;
  readonly rowsChecked: number;
}

export interface LatestSeal {
  readonly sealId: number;
  readonly toSeq: number;
  readonly sealHash: string;
  readonly sealedAt: string;
}

/** The seqs the range's seals record as missing (no committed row): how many, and the first of them. */
export interface MissingSeqs {
  readonly count: number;
  /** How many seals record them. */
  readonly seals: number;
  /** The lowest MISSING_SEQS_LISTED, ascending, each with the (lowest) seal recording it. */
  readonly first: readonly { readonly seq: number; readonly sealId: number }[];
}

/**
 * audit.verify_audit_trail over [fromSeq, toSeq] (null: open end): the check, the newest seal, and the
 * seqs the range's seals record as missing (audit.verify_missing_seqs) — one statement, so one snapshot.
 */
export async function verifyTrail(
  tx: Tx,
  range: { readonly fromSeq: number | null; readonly toSeq: number | null },
): Promise<{ result: VerifyResult; seal: LatestSeal | null; missing: MissingSeqs }> {
  const [row] = await tx`
    select v.ok, v.first_bad_seq::float8 as "firstBadSeq", v.problem, v.seals_checked as "sealsChecked",
      v.rows_checked::float8 as "rowsChecked", v.latest_seal_id::float8 as "sealId",
      v.latest_seal_to_seq::float8 as "toSeq", v.latest_seal_hash as "sealHash",
      to_char(v.latest_sealed_at at time zone 'UTC', ${ISO_MICROS}) as "sealedAt",
      m.missing_count::float8 as "missingCount", m.seal_count::float8 as "missingSeals",
      m.first_seqs::float8[] as "missingFirst", m.first_seal_ids::float8[] as "missingSealIds"
    from audit.verify_audit_trail(${range.fromSeq}::bigint, ${range.toSeq}::bigint) v
    cross join audit.verify_missing_seqs(${range.fromSeq}::bigint, ${range.toSeq}::bigint,
      ${MISSING_SEQS_LISTED}::integer) m`;
  const {
    sealId,
    toSeq,
    sealHash,
    sealedAt,
    missingCount,
    missingSeals,
    missingFirst,
    missingSealIds,
    ...result
  } = row;
  return {
    result: result as VerifyResult,
    seal: sealId === null ? null : { sealId, toSeq, sealHash, sealedAt } as LatestSeal,
    missing: missingSeqsOf(missingCount, missingSeals, missingFirst, missingSealIds),
  };
}

/** audit.verify_missing_seqs' row as /verify says it: the parallel arrays paired up. */
export function missingSeqsOf(
  count: number,
  seals: number,
  seqs: readonly number[],
  sealIds: readonly number[],
): MissingSeqs {
  if (seqs.length !== sealIds.length) {
    throw new Error("verify_missing_seqs: seqs and seal ids differ in length");
  }
  return { count, seals, first: seqs.map((seq, i) => ({ seq, sealId: sealIds[i] })) };
}

/** Seals recorded as anchored (audit.anchors) after `afterSealId`, ascending, with their hash now. */
export async function anchoredSeals(tx: Tx, afterSealId: number, limit: number): Promise<RecordedAnchor[]> {
  const rows = await tx<{
    seal_id: string;
    from_seq: string;
    to_seq: string;
    seal_hash: string;
    signature: string;
    key_id: string;
    seal_now: string | null;
  }[]>`
    select seal_id::text, from_seq::text, to_seq::text, seal_hash, signature, key_id, seal_now
    from audit.anchored_seals(${afterSealId}::bigint, ${limit}::integer)`;
  return rows.map((row) => ({
    sealId: Number(row.seal_id),
    fromSeq: Number(row.from_seq),
    toSeq: Number(row.to_seq),
    sealHash: row.seal_hash,
    signature: row.signature,
    keyId: row.key_id,
    sealNow: row.seal_now,
  }));
}

/** The hash (hex) of the seal covering exactly [fromSeq, toSeq] now, or null. */
export async function sealCovering(tx: Tx, fromSeq: number, toSeq: number): Promise<string | null> {
  const [row] = await tx<{ seal_hash: string }[]>`
    select seal_hash from audit.seal_covering(${fromSeq}::bigint, ${toSeq}::bigint)`;
  return row?.seal_hash ?? null;
}
