/**
 * Metric increments gathered in the isolate, per UTC hour, before they go to Redis: many requests'
 * increments to the same field are summed, so one Redis command carries them all.
 *
 * Hash fields of an hour (metrics:h:<YYYYMMDDHH>):
 *   c|<name>          counter
 *   h|<name>|<index>  histogram bucket count (histogram.ts)
 *   s|<name>          histogram sum        n|<name>  min        x|<name>  max
 */
import { bucketIndex } from "./histogram.ts";

export type Op = "i" | "f" | "n" | "x"; // integer add, float add, keep minimum, keep maximum

export interface HourIncrements {
  readonly hour: string;
  /** Flattened [op, field, value] triples, the increment script's ARGV. */
  readonly args: string[];
}

const HOUR_MS = 3_600_000;
// Every request labels its increments (two or three times): the hour changes once an hour.
let lastHour = NaN;
let lastLabel = "";

/** "2026112213" for any instant in 13:00–13:59 UTC on 2026-11-22. */
export function hourLabel(epochMs: number): string {
  const hour = Math.floor(epochMs / HOUR_MS);
  if (hour !== lastHour) {
    lastLabel = new Date(hour * HOUR_MS).toISOString().slice(0, 13).replace(/[-T]/g, "");
    lastHour = hour;
  }
  return lastLabel;
}

/** A metric's hash fields, spelled once per name: every request counts one and samples another. */
interface MetricFields {
  readonly counter: string;
  readonly sum: string;
  readonly min: string;
  readonly max: string;
  /** Bucket index → field, filled as buckets are met (a latency histogram touches a few hundred). */
  readonly buckets: Map<number, string>;
}
const fieldsByName = new Map<string, MetricFields>();
/** Names are the functions' and the timings' own, a handful; the bound only guards against a leak. */
const MAX_NAMES = 1000;

function fieldsOf(name: string): MetricFields {
  let fields = fieldsByName.get(name);
  if (!fields) {
    if (fieldsByName.size >= MAX_NAMES) fieldsByName.clear();
    fields = {
      counter: `c|${name}`,
      sum: `s|${name}`,
      min: `n|${name}`,
      max: `x|${name}`,
      buckets: new Map(),
    };
    fieldsByName.set(name, fields);
  }
  return fields;
}

function bucketField(name: string, fields: MetricFields, index: number): string {
  let field = fields.buckets.get(index);
  if (field === undefined) fields.buckets.set(index, field = `h|${name}|${index}`);
  return field;
}

export class PendingIncrements {
  readonly #hours = new Map<string, Map<string, { op: Op; value: number }>>();

  get empty(): boolean {
    return this.#hours.size === 0;
  }

  count(at: number, name: string, by = 1): void {
    this.#apply(hourLabel(at), fieldsOf(name).counter, "i", by);
  }

  sample(at: number, name: string, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const hour = hourLabel(at);
    const fields = fieldsOf(name);
    this.#apply(hour, bucketField(name, fields, bucketIndex(value)), "i", 1);
    this.#apply(hour, fields.sum, "f", value);
    this.#apply(hour, fields.min, "n", value);
    this.#apply(hour, fields.max, "x", value);
  }

  /** Everything gathered so far, and a fresh start. */
  drain(): HourIncrements[] {
    const out = [...this.#hours].map(([hour, fields]) => ({
      hour,
      args: [...fields].flatMap(([field, { op, value }]) => [op, field, String(value)]),
    }));
    this.#hours.clear();
    return out;
  }

  /** Puts back increments that could not be sent (merged with anything gathered since). */
  restore(batches: readonly HourIncrements[]): void {
    for (const { hour, args } of batches) {
      for (let i = 0; i < args.length; i += 3) {
        this.#apply(hour, args[i + 1], args[i] as Op, Number(args[i + 2]));
      }
    }
  }

  #apply(hour: string, field: string, op: Op, value: number): void {
    let fields = this.#hours.get(hour);
    if (!fields) this.#hours.set(hour, fields = new Map());
    const cur = fields.get(field);
    if (!cur) return void fields.set(field, { op, value });
    if (op === "i" || op === "f") cur.value += value;
    else if (op === "n") cur.value = Math.min(cur.value, value);
    else cur.value = Math.max(cur.value, value);
  }
}
