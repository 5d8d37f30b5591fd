/**
 * audit store: batches of DbAuditEvent into Postgres through `audit.write_events(jsonb)`, the only way
 * into audit_logs, run as the server, medic_server (never as the connection's owner).
 */
import type { DbAuditEvent } from "./mapping.ts";
import { asService, connectionLost, type ServiceQuery, type Sql } from "../../platform/db.ts";

/** Writes one batch; resolves to the number of rows inserted (repeats insert nothing). */
export type WriteAuditEvents = (events: readonly DbAuditEvent[]) => Promise<number>;

/** audit.write_events refuses larger batches. */
export const MAX_EVENTS_PER_CALL = 5000;

/**
 * The database writer: as the server (asService) on `sql`, default the isolate's pool; or through `service`
 * (flush-metrics' drains pass asJobs: only the jobs' role may write a backdated spooled event).
 */
export function databaseAuditWriter(options: { sql?: Sql; service?: ServiceQuery } = {}): WriteAuditEvents {
  const service: ServiceQuery = options.service ?? ((work) => asService(work, { sql: options.sql }));
  return async (events) => {
    let inserted = 0;
    for (const chunk of chunks(events, MAX_EVENTS_PER_CALL)) {
      // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
      // Built before the transaction, so that the connection is not held while it is.
      const json = writeEventsJson(chunk);
      inserted += await service(async (tx) => {
        const [row] = await tx`select audit.write_events(${json}::text::jsonb) as inserted`;
        return Number(row.inserted);
      });
    }
    return inserted;
  };
}

/**
 * The batch as write_events reads it, each event without its null fields and without the two values
 * write_events supplies itself when absent (data_classification INTERNAL, event_version 1): to
 * jsonb_populate_recordset a missing key is a null, and write_events coalesces those two
 * (tests/sql/65_audit_writer_compact_batch.sql holds it to that). Parsing and typing the JSON is about a
 * fifth of the writer's backend CPU per row; a dosing event is ~10 % shorter this way, and that part
 * ~17 % cheaper (scripts/bench/audit_ingest.ts, README).
 */
export function writeEventsJson(events: readonly DbAuditEvent[]): string {
  return JSON.stringify(events.map(compact));
}

function compact(event: DbAuditEvent): Partial<DbAuditEvent> {
  const out: Record<string, unknown> = {};
  // for…in over the event (a plain object literal): no entry arrays, about half Object.entries' cost
  for (const key in event) {
    const value = event[key as keyof DbAuditEvent];
    if (value === null || value === undefined || SUPPLIED_BY_WRITE_EVENTS[key] === value) continue;
    out[key] = value;
  }
  return out;
}

/** What audit.write_events stores for these fields when the event leaves them out. */
const SUPPLIED_BY_WRITE_EVENTS: Readonly<Record<string, unknown>> = {
  data_classification: "INTERNAL",
  event_version: 1,
};

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A data exception or constraint violation (SQLSTATE class 22/23: an action missing from the enum, a
 * resource too long, …): retrying the same event can never succeed. Anything else (connection
 * refused, timeout, missing grant) may pass later.
 */
export function isRejectedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

export interface Rejected<E> {
  readonly event: E;
  /** SQLSTATE and message of the database's refusal, for whoever inspects the dead letters. */
  readonly reason: string;
}
export type RejectedAuditEvent = Rejected<DbAuditEvent>;

/**
 * Writes a batch; if the database rejects its content, writes the events one by one so that one bad
 * event cannot sink the others. Returns what was inserted and the events refused for good; throws when
 * the database is unreachable (the caller keeps the whole batch: re-writing the landed part is a no-op).
 */
export async function writeSeparatingRejects<E>(
  write: (events: readonly E[]) => Promise<number>,
  events: readonly E[],
): Promise<{ inserted: number; rejected: Rejected<E>[] }> {
  if (events.length === 0) return { inserted: 0, rejected: [] };
  try {
    return { inserted: await write(events), rejected: [] };
  } catch (error) {
    if (!isRejectedByDatabase(error)) throw error;
    if (events.length === 1) {
      return { inserted: 0, rejected: [{ event: events[0], reason: reasonOf(error) }] };
    }
  }
  let inserted = 0;
  const rejected: Rejected<E>[] = [];
  for (const event of events) {
    try {
      inserted += await write([event]);
    } catch (error) {
      if (!isRejectedByDatabase(error)) throw error;
      rejected.push({ event, reason: reasonOf(error) });
    }
  }
  return { inserted, rejected };
}

/**
 * writeSeparatingRejects, once more at once when the first try lost its connection: a pooled connection
 * that died while idle (Postgres restarted, the pooler recycled it) fails the first write on it, and
 * postgres.js opens a new one for the next. Safe for writes that insert each id once. `onRetry` hears it.
 */
export async function writeSeparatingRejectsOnceMore<E>(
  write: (events: readonly E[]) => Promise<number>,
  events: readonly E[],
  onRetry?: (error: unknown) => void,
): Promise<{ inserted: number; rejected: Rejected<E>[] }> {
  try {
    return await writeSeparatingRejects(write, events);
  } catch (error) {
    if (!connectionLost(error)) throw error;
    onRetry?.(error);
    return await writeSeparatingRejects(write, events);
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return `${code ?? "?"}: ${String(message ?? error).slice(0, 300)}`;
}
