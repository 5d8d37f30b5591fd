/**
 * Audit ingest and sealing, each beside a baseline from the same run:
 *   single   one event per audit.write_events call, in sequence (auditNow's path)
 *   batched  the pipeline's audit writer (createAuditWriter: batches of up to MAX_BATCH after a 5 ms wait) under
 *            a burst of events on a pool of DB_POOL_MAX connections (the sink's path)
 *   baseline raw COPY of the very rows the writer stored (same columns and values: pseudonyms, metadata,
 *            seq, created_at, row_hash) into an identical table: LIKE … INCLUDING ALL, logged, partitioned
 *            by month as the trail is (the same partitions), the same nine indexes and checks; none of
 *            the trail's triggers (no stamp, no write ledger), no pseudonymisation, no JSON. Sent as the
 *            writer sent them: the writer's own burst lanes (BURST_LANES, callerOf), batch sizes (checked),
 *            a connection per lane, one COPY and one commit per batch
 *   sealing  audit.seal() over the unsealed rows vs reading their hashes in seq order and hashing them once
 *   seal lag how long after its insert a row is sealed, with the writer ingesting steadily and audit.seal()
 *            run every SEAL_INTERVAL_MS (pg_cron runs it every minute: add up to 60 s in production)
 *   anchors  signing the new seals and writing each once to Storage (flush-metrics' anchoring), as a share
 *            of the time the batched writer took for the rows those seals cover
 * pg_cron's jobs are paused for the duration, so that nothing else seals or writes meanwhile.
 *   BENCH_AUDIT_INGEST_EVENTS (default 20,000), BENCH_AUDIT_INGEST_SINGLE (default 2,000),
 *   BENCH_SEAL_LAG_SECONDS (default 10)
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { toDbAuditEvent } from "../../functions-shared/pipeline/audit/mapping.ts";
import { databaseAuditWriter } from "../../functions-shared/pipeline/audit/store.ts";
import {
  BURST_LANES,
  callerOf,
  createAuditWriter,
  MAX_BATCH,
} from "../../functions-shared/pipeline/audit/writer.ts";
import { burstLanes } from "../../functions-shared/pipeline/audit/lanes.ts";
import { withinBudget } from "../../functions-shared/core/timing.ts";
import type { Identity } from "../../functions-shared/pipeline/auth.ts";
import { asJobs, copyOut, createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { runAnchorJob } from "../../functions-shared/handlers/flush_metrics/job.ts";
import { type Figure, round, summarize, timedSeconds } from "./stats.ts";
import { type CpuByProcess, cpuSnapshot, parentOf } from "./process_cpu.ts";
import { poolWatchdog } from "./pool_watchdog.ts";

const EVENTS = Number(Deno.env.get("BENCH_AUDIT_INGEST_EVENTS") ?? 20_000);
const SINGLE = Number(Deno.env.get("BENCH_AUDIT_INGEST_SINGLE") ?? 2_000);
const LAG_SECONDS = Number(Deno.env.get("BENCH_SEAL_LAG_SECONDS") ?? 10);
const SEAL_INTERVAL_MS = 1000;
const POOL = Number(Deno.env.get("DB_POOL_MAX") ?? 3);
const COPY_BUDGET_MS = 120_000;
/**
 * A step still running after this long fails the run with a dump of the pool (pool_watchdog.ts) instead of
 * hanging it: runs hung with a statement never answered (a connection's socket left paused by a COPY).
 */
const STALL_SECONDS = Number(Deno.env.get("BENCH_STALL_SECONDS") ?? 120);
const BENCH = "audit ingest";
const ORG = crypto.randomUUID();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const users: Identity[] = Array.from({ length: 200 }, () => {
  const userId = crypto.randomUUID();
  return {
    kind: "user",
    dbRole: "authenticated",
    userRole: "paramedic",
    userId,
    sessionId: crypto.randomUUID(),
    organizationId: ORG,
    claims: { sub: userId, role: "authenticated" },
  };
});

/** A dosing request's event, as the pipeline produces it, from one of 200 users on one of 500 addresses. */
function requestEvent(i: number): RequestEvent {
  return {
    functionName: "dosing",
    action: "dosing.calculate",
    resource: "dosing",
    outcome: "success",
    status: 200,
    durationMs: 3 + (i % 40),
    identity: users[i % users.length],
    requestId: crypto.randomUUID(),
    method: "POST",
    path: "/",
    route: "/",
    ip: `10.1.${(i >> 8) % 2}.${i % 250}`,
    userAgent: `MedicBot/2.${i % 10} (iPad)`,
    clientKey: null,
    rateLimitClass: "DOSING",
    startedAt: Date.now(),
    metadata: { medication: "epinephrine", route: "IV", weightBand: "24kg" },
  };
}

const COLUMNS = [
  "seq",
  "event_id",
  "timestamp",
  "organization_id",
  "actor_pseudonym",
  "user_role",
  "session_pseudonym",
  "action",
  "resource",
  "outcome",
  "metadata",
  "ip_pseudonym",
  "user_agent_pseudonym",
  "error_message",
  "duration_ms",
  "correlation_id",
  "data_classification",
  "event_version",
  "created_at",
  "row_hash",
];

/**
 * The rows the writer stored for these events, found by their request ids (`order` maps a correlation id
 * to the event's index and caller), as COPY text lines in the writer's event order. By id rather than by
 * seq: a row anything else writes meanwhile is not taken for one of the writer's.
 */
async function storedRows(sql: Sql, order: Map<string, { i: number; caller: string }>) {
  const ids = [...order.keys()];
  const invalid = ids.find((id) => !UUID.test(id));
  if (invalid) throw new Error(`not a request id: ${invalid}`);
  // COPY binds no parameter: the ids (checked uuids) are an array literal, one statement as before
  // copyOut: a plain .readable() once left the connection's socket paused, and the pool's next statement
  // on it (a drop table, three statements later) was never answered: the run hung
  const out = await copyOut(sql.unsafe(`copy (select ${COLUMNS.map((c) => `"${c}"`).join(", ")}
    from public.audit_logs where correlation_id = any('{${ids.join(",")}}'::text[])) to stdout`));
  let text = "";
  const decoder = new TextDecoder(); // one decoder, streaming: a character may span two chunks
  const readAll = async () => {
    for await (const chunk of out) text += decoder.decode(chunk as Uint8Array, { stream: true });
    text += decoder.decode();
  };
  await readAll(); // a stall here is the pool watchdog's to report (with its dump), as for every step
  const correlation = COLUMNS.indexOf("correlation_id");
  return text.split("\n").filter((line) => line !== "").map((line) => {
    const event = order.get(line.split("\t")[correlation]);
    if (!event) throw new Error("a stored row the batched writer did not write");
    return { line: line + "\n", ...event };
  }).sort((x, y) => x.i - y.i);
}

/** An empty copy of the trail: LIKE … INCLUDING ALL (indexes, checks, defaults), logged, same partitions. */
async function identicalTable(sql: Sql): Promise<void> {
  await sql.unsafe(`create schema if not exists bench;
    drop table if exists bench.audit_logs_copy;
    create table bench.audit_logs_copy (like public.audit_logs including all) partition by range ("timestamp");
    do $$ declare p record; begin
      for p in select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound
               from pg_inherits i join pg_class c on c.oid = i.inhrelid
               where i.inhparent = 'public.audit_logs'::regclass loop
        execute format('create table bench.%I partition of bench.audit_logs_copy %s', p.relname, p.bound);
      end loop;
    end $$`);
}

async function seal(sql: Sql): Promise<number> {
  const [row] = await sql`select audit.seal()::float8 as n`;
  return row.n;
}

export async function run(): Promise<Figure[]> {
  // The owner, as an operator: pauses pg_cron and creates the COPY baseline table. The writer itself writes
  // as the server (medic_server) through audit.write_events, as in the functions.
  const databaseUrl = Deno.env.get("SUPABASE_DB_URL");
  const sql = createSql({ url: databaseUrl, max: POOL });
  const { step } = poolWatchdog({ url: databaseUrl, pools: { bench: sql }, stallSeconds: STALL_SECONDS });
  const paused = await sql<
    { jobid: number }[]
  >`update cron.job set active = false where active returning jobid`;
  try {
    const write = databaseAuditWriter({ sql });

    // single: one event per call, in sequence
    const [, singleSeconds] = await step(
      "single writes",
      timedSeconds(async () => {
        for (let i = 0; i < SINGLE; i++) await write([await toDbAuditEvent(requestEvent(i))]);
      }),
    );

    // batched: the pipeline's writer under a burst
    const failingSpool = {
      push: () => Promise.reject(new Error("spool used: a write failed")),
      deadLetter: () => Promise.reject(new Error("dead letter used")),
    };
    const writerBatches: number[] = [];
    const countedWrite: typeof write = (events) => {
      writerBatches.push(events.length);
      return write(events);
    };
    const writer = createAuditWriter({
      write: countedWrite,
      spool: failingSpool as never,
      waitUntil: () => {},
    });
    const events = Array.from({ length: EVENTS }, (_, i) => requestEvent(i));
    const order = new Map(events.map((e, i) => [e.requestId, { i, caller: callerOf(e) }]));
    // CPU per row, steadier than the clock on a shared machine: the stack's whole Postgres cluster (every
    // backend, WAL writer, checkpointer) and this process (the writer's mapping and JSON; COPY's stream)
    const [{ backend }] = await sql`select pg_backend_pid() as backend`;
    const stack = { bridgePort: -1, redisPort: -1, postmaster: parentOf(backend) };
    const cpu = () => cpuSnapshot({ client: Deno.pid }, stack);
    const perRow = (before: CpuByProcess, after: CpuByProcess, name: string) =>
      round(((after[name] ?? 0) - (before[name] ?? 0)) * 1e6 / EVENTS, 1);
    const cpuBeforeWriter = cpu();
    const [, batchedSeconds] = await timedSeconds(async () => {
      for (const event of events) writer.record(event);
      await step("the writer's flush", writer.flush());
    });

    const cpuAfterWriter = cpu();

    // baseline: the same rows, COPYed into an identical table the way the writer sent them
    const rows = await step("reading the stored rows", storedRows(sql, order));
    if (rows.length !== EVENTS) throw new Error(`the writer landed ${rows.length} of ${EVENTS} events`);
    await step("creating the copy table", identicalTable(sql));
    const copyConnections = Array.from(
      { length: BURST_LANES },
      () => createSql({ url: databaseUrl, max: 1 }),
    );
    for (const conn of copyConnections) await conn`select 1`; // connected before the clock, as the pool was
    const copyBatches: number[] = [];
    const copying: Promise<void>[] = [];
    const copyLanes = burstLanes<(typeof rows)[number]>({
      count: BURST_LANES, // the writer's own (it is given no `lanes`)
      maxBatch: MAX_BATCH,
      keyOf: (row) => row.caller, // callerOf(event), as the writer keys its lanes
      write: async (batch) => {
        copyBatches.push(batch.length);
        // a connection of its own per lane (at most BURST_LANES at once): a COPY through the shared pool
        // once sat in COPY with its data never sent, and the run hung; a stall now fails the benchmark instead
        const conn = copyConnections.pop()!;
        try {
          const stream = await conn.unsafe(
            `copy bench.audit_logs_copy (${COLUMNS.map((c) => `"${c}"`).join(", ")}) from stdin`,
          ).writable();
          await withinBudget(
            pipeline(Readable.from([batch.map((row) => row.line).join("")]), stream),
            COPY_BUDGET_MS,
            () => new Error(`a COPY of ${batch.length} rows took over ${COPY_BUDGET_MS} ms`),
          );
        } finally {
          copyConnections.push(conn);
        }
      },
      track: (work) => copying.push(work),
    });
    let copySeconds: number, cpuBeforeCopy: CpuByProcess, cpuAfterCopy: CpuByProcess;
    try {
      cpuBeforeCopy = cpu();
      [, copySeconds] = await timedSeconds(async () => {
        // pushed as the writer's full batches reach its lanes: MAX_BATCH events at a time, in event order
        for (let start = 0; start < rows.length; start += MAX_BATCH) {
          copyLanes.push(rows.slice(start, start + MAX_BATCH));
        }
        while (copying.length > 0) await copying.shift();
      });
      cpuAfterCopy = cpu();
    } finally {
      await Promise.all(copyConnections.map((conn) => conn.end()));
    }
    const cpuNote = `CPU per row, Postgres: ${perRow(cpuBeforeWriter, cpuAfterWriter, "postgres")} µs ` +
      `(COPY ${perRow(cpuBeforeCopy, cpuAfterCopy, "postgres")}), this process: ` +
      `${perRow(cpuBeforeWriter, cpuAfterWriter, "client")} µs (COPY ${
        perRow(cpuBeforeCopy, cpuAfterCopy, "client")
      })`;
    const sizes = (batches: number[]) => [...batches].sort((x, y) => x - y).join(",");
    if (sizes(copyBatches) !== sizes(writerBatches)) {
      throw new Error(`COPY batches ${sizes(copyBatches)} differ from the writer's ${sizes(writerBatches)}`);
    }
    const [{ copied }] = await step(
      "counting the copy",
      sql`select count(*)::float8 as copied from bench.audit_logs_copy`.execute(),
    );
    if (copied !== EVENTS) throw new Error(`COPY landed ${copied} of ${EVENTS} rows`);
    await step("dropping the copy", sql`drop table bench.audit_logs_copy`.execute());

    // sealing: audit.seal() vs hashing the same rows once
    const [{ last }] = await step(
      "reading the last seal",
      sql`select coalesce(max(to_seq), 0)::float8 as last from audit.seals`.execute(),
    );
    const [, hashSeconds] = await timedSeconds(() =>
      sql`select count(*), extensions.digest(string_agg(row_hash, ''::bytea order by seq), 'sha256')
        from public.audit_logs where seq > ${last}`
    );
    const [sealed, sealSeconds] = await step("sealing", timedSeconds(() => seal(sql)));

    const lag = await step("seal lag", sealLag(sql, write));

    // anchoring: every seal made above, signed and written once to Storage (the stack's stand-in)
    const [{ covered }] = await sql`select coalesce(sum(row_count), 0)::float8 as covered from audit.seals s
      where not exists (select 1 from audit.anchors a where a.seal_id = s.id)`;
    const [anchorRun, anchorSeconds] = await timedSeconds(() =>
      runAnchorJob({ config: loadConfig(Deno.env.toObject()), service: asJobs })
    );
    if (!("anchored" in anchorRun)) throw new Error(`anchoring skipped: ${anchorRun.skipped}`);
    const writerSecondsForCovered = covered / (EVENTS / batchedSeconds);

    const copyRate = EVENTS / copySeconds;
    const ingest = (name: string, events: number, seconds: number, note: string): Figure => ({
      bench: BENCH,
      name,
      unit: "rows/s",
      value: round(events / seconds, 0),
      baseline: `raw COPY of the rows it stored into an identical logged table: ${round(copyRate, 0)} rows/s`,
      ratio: round(events / seconds / copyRate, 3),
      note,
    });
    return [
      ingest(
        "single: one event per audit.write_events call",
        SINGLE,
        singleSeconds,
        `${SINGLE} events in sequence`,
      ),
      ingest(
        `batched: the pipeline's audit writer (≤${MAX_BATCH} per call)`,
        EVENTS,
        batchedSeconds,
        `${EVENTS} events recorded at once, ${BURST_LANES} burst lanes on a pool of ${POOL}, ` +
          `${writerBatches.length} calls; all landed. ` +
          `Baseline: those ${EVENTS} rows (pseudonyms, metadata, seq, row_hash as stored) COPYed into ` +
          `LIKE public.audit_logs INCLUDING ALL, logged, the same partitions and nine indexes, no triggers, ` +
          `in the writer's batches (${copyBatches.length} COPYs of the same sizes, same lanes, ` +
          `${BURST_LANES} connections, ` +
          `one commit each). ${cpuNote}`,
      ),
      {
        bench: BENCH,
        name: "sealing: audit.seal() over the unsealed rows",
        unit: "rows/s",
        value: round(sealed / sealSeconds, 0),
        baseline: `hashing the same rows once in seq order: ${round(sealed / hashSeconds, 0)} rows/s`,
        ratio: round(hashSeconds / sealSeconds, 3),
        note: `${sealed} rows in ${round(sealSeconds, 2)} s`,
      },
      {
        bench: BENCH,
        name: "seal lag: insert → sealed, steady ingest",
        unit: "ms",
        p50: round(lag.stats.p50, 0),
        p95: round(lag.stats.p95, 0),
        p99: round(lag.stats.p99, 0),
        baseline: `seal interval ${SEAL_INTERVAL_MS} ms`,
        ratio: round(lag.stats.p50 / SEAL_INTERVAL_MS, 2),
        note:
          `${lag.rows} rows at ~${lag.rate}/s for ${LAG_SECONDS} s; pg_cron seals every 60 s: add up to 60 s`,
      },
      {
        bench: BENCH,
        name: "anchoring: per seal, signed (Ed25519) and written once to Storage",
        unit: "ms",
        value: round((anchorSeconds * 1000) / Math.max(1, anchorRun.anchored), 1),
        baseline: `the batched writer's time for the ${covered} rows those seals cover: ${
          round(writerSecondsForCovered * 1000, 0)
        } ms`,
        ratio: round(anchorSeconds / writerSecondsForCovered, 3),
        note: `${anchorRun.anchored} seals in ${
          round(anchorSeconds * 1000, 0)
        } ms; in production one seal a minute`,
      },
    ];
  } finally {
    try {
      if (paused.length) {
        await step(
          "resuming pg_cron",
          sql`update cron.job set active = true where jobid = any(${paused.map((j) => j.jobid)})`.execute(),
        );
      }
    } finally {
      // Bounded: a connection that stalled a step never ends by itself (its socket is not read), and an
      // unbounded end kept the failed run, and its stack, alive.
      await sql.end({ timeout: 5 });
    }
  }
}

/** Steady ingest through the writer while a sealer runs every SEAL_INTERVAL_MS; lag of every row. */
async function sealLag(sql: Sql, write: ReturnType<typeof databaseAuditWriter>) {
  await seal(sql); // start from a sealed trail
  const writer = createAuditWriter({ write, waitUntil: () => {} });
  const ids: string[] = [];
  const perTick = 25;
  const tickMs = 50;
  const deadline = Date.now() + LAG_SECONDS * 1000;
  let sealing = true;
  const sealer = (async () => {
    while (sealing) {
      await new Promise((r) => setTimeout(r, SEAL_INTERVAL_MS));
      await seal(sql);
    }
  })();
  for (let i = 0; Date.now() < deadline; i++) {
    for (let k = 0; k < perTick; k++) {
      const event = requestEvent(i * perTick + k);
      ids.push(event.requestId);
      writer.record(event);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await writer.flush();
  await new Promise((r) => setTimeout(r, SEAL_INTERVAL_MS * 2));
  sealing = false;
  await sealer;
  await seal(sql);
  const lags = await sql<{ ms: number }[]>`
    select extract(epoch from (s.sealed_at - l.created_at)) * 1000 as ms
    from public.audit_logs l join audit.seals s on l.seq between s.from_seq and s.to_seq
    where l.correlation_id = any(${ids})`;
  return {
    stats: summarize(lags.map((r) => Number(r.ms))),
    rows: lags.length,
    rate: Math.round((perTick * 1000) / tickMs),
  };
}
