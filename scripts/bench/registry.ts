/** Every benchmark by name (`deno task bench <name>…`); a name is also its result file's. */
import type { Figure } from "./stats.ts";

export type BenchModule = { run(): Promise<Figure[]> };

export const BENCHES: Record<string, () => Promise<BenchModule>> = {
  rate_limit: () => import("./rate_limit.ts"),
  metrics: () => import("./metrics.ts"),
  protocol_search: () => import("./protocol_search.ts"),
  bedrock_client: () => import("./bedrock_client.ts"),
  dosing_engine: () => import("./dosing_engine.ts"),
  cold_start: () => import("./cold_start.ts"),
  pipeline: () => import("./pipeline.ts"),
  load: () => import("./load.ts"),
  audit_ingest: () => import("./audit_ingest.ts"),
  audit_queries: () => import("./audit_queries.ts"),
  compliance_reports: () => import("./compliance_reports.ts"),
  cold_archive: () => import("./cold_archive.ts"),
  rollups: () => import("./rollups.ts"),
};

/**
 * These generate a synthetic audit trail of their own, month by month into empty partitions, so each needs
 * a database no other benchmark has filled (audit_queries leaves 10M rows) and a process whose pools,
 * clients and caches point at it: each runs in a child process on a stack of its own (own_stack.ts).
 */
export const OWN_STACK = new Set(["compliance_reports", "cold_archive", "rollups"]);
