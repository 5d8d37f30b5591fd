/**
 * Writes parsed events through audit.write_events as service_role (grants apply; never the connection's
 * superuser), after making sure the monthly partitions of their timestamps exist — otherwise old rows
 * would land in the default partition.
 */
import type postgres from "postgres";
import { asOperator, type Sql } from "../../functions-shared/platform/db.ts";
import type { WriteEvent } from "./medic_bot_event.ts";

export interface PendingEvent {
  readonly event: WriteEvent;
  /** `file:line`, for reports. */
  readonly where: string;
}

export interface BatchResult {
  readonly inserted: number;
  /** Events the database accepted (inserted + already present). */
  readonly accepted: number;
  /** `file:line: reason` for each event the database refused. */
  readonly rejected: readonly string[];
}

export class BatchWriter {
  readonly #sql: Sql;
  readonly #ensured = new Set<string>();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** UTC months (YYYY-MM) whose partitions this writer has ensured. */
  get months(): readonly string[] {
    return [...this.#ensured].sort();
  }

  async write(batch: readonly PendingEvent[]): Promise<BatchResult> {
    if (batch.length === 0) return { inserted: 0, accepted: 0, rejected: [] };
    await this.#ensurePartitions(batch);
    return await this.#insert(batch);
  }

  async #ensurePartitions(batch: readonly PendingEvent[]): Promise<void> {
    const months = [...new Set(batch.map((p) => p.event.timestamp).map(utcMonth))]
      .filter((m) => !this.#ensured.has(m));
    if (months.length === 0) return;
    // One call per month present, not one span from min to max: a stray old timestamp must not create
    // every partition in between. UTC, because that is how the scheduled job bounds partitions.
    await asOperator(async (tx) => {
      await tx`set local time zone 'UTC'`;
      await tx`
        select audit.ensure_partitions_between(m::timestamptz, m::timestamptz)
        from jsonb_array_elements_text(${tx.json(months.map((m) => `${m}-01T00:00:00Z`))}) m
      `;
    }, { sql: this.#sql });
    for (const m of months) this.#ensured.add(m);
  }

  // write_events inserts a batch in one statement: if the database refuses one event, halve the batch
  // until that event stands alone, so the others still go in and it is reported by file:line.
  async #insert(batch: readonly PendingEvent[]): Promise<BatchResult> {
    try {
      const inserted = await asOperator(async (tx) => {
        // tx.json: a string would be sent as a JSON string (postgres.js serialises jsonb parameters).
        const events = tx.json(batch.map((p) => p.event) as unknown as postgres.JSONValue);
        const [row] = await tx`select audit.write_events(${events}) as n`;
        return Number(row.n);
      }, { sql: this.#sql });
      return { inserted, accepted: batch.length, rejected: [] };
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (batch.length === 1) {
        return {
          inserted: 0,
          accepted: 0,
          rejected: [`${batch[0].where}: rejected by the database: ${message(err)}`],
        };
      }
      const mid = Math.ceil(batch.length / 2);
      const a = await this.#insert(batch.slice(0, mid));
      const b = await this.#insert(batch.slice(mid));
      return {
        inserted: a.inserted + b.inserted,
        accepted: a.accepted + b.accepted,
        rejected: [...a.rejected, ...b.rejected],
      };
    }
  }
}

export function utcMonth(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 7);
}

/** SQLSTATE class 22 (data exception) or 23 (constraint violation): the data, not the connection. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
