/**
 * Redis hour buckets → public.metrics. Every hour that holds data is read whole and upserted as its
 * full aggregate (public.upsert_metrics leaves identical rows alone), so a flush is idempotent and the
 * current hour is simply a partial that the next flush completes. An hour that ended more than
 * `graceMs` ago is retired from the set afterwards, unless something was added since it was read.
 */
import type { InsertColumns } from "../../core/db_rows.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import type { Redis } from "../../platform/redis.ts";
import { type HistogramSummary, summarize } from "./histogram.ts";
import { hoursWithData, readHour, retireHour } from "./redis_buckets.ts";

/** A row of public.metrics as the flush upserts it: date is YYYY-MM-DD (UTC), hour 0–23. */
export type MetricRow = Readonly<
  & InsertColumns<
    "metrics",
    "metric_name" | "date" | "hour" | "count" | "p50" | "p95" | "p99" | "min" | "max" | "avg"
  >
  & { metric_type: "counter" | "histogram" }
>;

export interface MetricsFlushResult {
  readonly hours: string[];
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly retired: string[];
}

export interface FlushOptions {
  readonly redis: Redis;
  readonly service: ServiceQuery;
  readonly now?: number;
  /** How long after an hour ends its data may still arrive (isolates send within seconds). */
  readonly graceMs?: number;
}

export async function flushMetricBuckets(options: FlushOptions): Promise<MetricsFlushResult> {
  const now = options.now ?? Date.now();
  const graceMs = options.graceMs ?? 5 * 60_000;
  const hours = await hoursWithData(options.redis);
  const rows: MetricRow[] = [];
  const versions = new Map<string, string>();
  for (const hour of hours) {
    const fields = await readHour(options.redis, hour);
    versions.set(hour, fields.get("v") ?? "0");
    rows.push(...rowsOfHour(hour, fields));
  }
  let counts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length > 0) {
    counts = await options.service(async (tx) => {
      const [r] = await tx<{ inserted: number; updated: number; unchanged: number }[]>`
        select inserted, updated, unchanged from public.upsert_metrics(${JSON.stringify(rows)}::text::jsonb)`;
      return { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged };
    });
  }
  const retired: string[] = [];
  for (const hour of hours) {
    if (hourStart(hour) + 3600_000 + graceMs > now) continue;
    if (await retireHour(options.redis, hour, versions.get(hour)!)) retired.push(hour);
  }
  return { hours, rows: rows.length, ...counts, retired };
}

const hourStart = (hour: string) =>
  Date.UTC(
    Number(hour.slice(0, 4)),
    Number(hour.slice(4, 6)) - 1,
    Number(hour.slice(6, 8)),
    Number(hour.slice(8, 10)),
  );

/** One hour's hash fields → metric rows (counters, and a summary per histogram). */
export function rowsOfHour(hour: string, fields: ReadonlyMap<string, string>): MetricRow[] {
  const when = {
    date: `${hour.slice(0, 4)}-${hour.slice(4, 6)}-${hour.slice(6, 8)}`,
    hour: Number(hour.slice(8, 10)),
  };
  const counters = new Map<string, number>();
  const histograms = new Map<
    string,
    { buckets: Map<number, number>; sum: number; min: number; max: number }
  >();
  const histogram = (name: string) => {
    let h = histograms.get(name);
    if (!h) histograms.set(name, h = { buckets: new Map(), sum: 0, min: Infinity, max: -Infinity });
    return h;
  };
  for (const [field, raw] of fields) {
    const [kind, name, index] = field.split("|");
    const value = Number(raw);
    if (!name || !Number.isFinite(value)) continue;
    if (kind === "c") counters.set(name, value);
    else if (kind === "h") histogram(name).buckets.set(Number(index), value);
    else if (kind === "s") histogram(name).sum = value;
    else if (kind === "n") histogram(name).min = value;
    else if (kind === "x") histogram(name).max = value;
  }
  const rows: MetricRow[] = [...counters].map(([name, count]) => ({
    metric_name: name,
    metric_type: "counter",
    ...when,
    count,
    p50: null,
    p95: null,
    p99: null,
    min: null,
    max: null,
    avg: null,
  }));
  for (const [name, h] of histograms) {
    const s: HistogramSummary | null = summarize(h.buckets, h);
    if (s) rows.push({ metric_name: name, metric_type: "histogram", ...when, ...s });
  }
  return rows.sort((a, b) => a.metric_name.localeCompare(b.metric_name));
}
