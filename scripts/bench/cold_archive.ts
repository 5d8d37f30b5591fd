/**
 * The cold archive's round trip on one generated month (scripts/bench/synthetic_month.ts: sealed, then
 * archived into audit.archives as retention does), each way beside a baseline from the same run:
 *   out   audit:archive's path — chunks through the audited door, gzip, multipart upload of the object and
 *         PUT of the manifest to the stack's S3 server, streamed GET of both, digests again, the database's
 *         purge — vs a plain COPY of the same NDJSON lines out of the archive's chunks to the client (no
 *         compression, no storage, no checks); and the archiver's peak memory against its own at the start
 *   back  audit:restore's path — GET, object digest, gunzip, content digest, batched load into
 *         audit.restored_rows, audit.verify_restore against the seals — vs a plain COPY of the same lines
 *         into an unlogged table with one jsonb column (no checks)
 * Also the sizes (NDJSON and gzip). pg_cron's jobs are paused meanwhile.
 *   BENCH_ARCHIVE_ROWS (default 1,000,000)
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { copyOut, createSql } from "../../functions-shared/platform/db.ts";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { archiverRun, archiveToColdStorage, gunzipChunks } from "../audit/cold_archive.ts";
import { restoreMonth } from "../audit/cold_restore.ts";
import { type Figure, round, timedSeconds } from "./stats.ts";
import { generateArchivedMonth } from "./synthetic_month.ts";

const ROWS = Number(Deno.env.get("BENCH_ARCHIVE_ROWS") ?? 1_000_000);
const BENCH = "cold archive";

export async function run(): Promise<Figure[]> {
  const owner = createSql({ url: Deno.env.get("SUPABASE_DB_URL"), max: 2 });
  const store = s3Store(s3ConfigFromEnv(Deno.env.toObject()));
  const paused = await owner<
    { jobid: number }[]
  >`update cron.job set active = false where active returning jobid`;
  try {
    await store.ensureBucket();
    const [month, generateSeconds] = await timedSeconds(() =>
      generateArchivedMonth(owner, { year: 2003, month: 1, rows: ROWS })
    );
    const archiveId = month.archiveIds[0];

    // out, baseline: the same lines copied out of the archive and drained
    const [copiedOut, copyOutSeconds] = await timedSeconds(async () => {
      const readable = await copyOut(owner.unsafe(
        `copy (select string_to_table(c.content, E'\\n') from audit.archive_chunks c
          where c.archive_id = ${archiveId} order by c.chunk_no) to stdout`,
      ));
      let bytes = 0;
      for await (const chunk of readable) bytes += (chunk as Uint8Array).byteLength;
      return bytes;
    });

    // out: the archiver
    const service = archiverRun(owner);
    const rssBefore = Deno.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss), 50);
    const [out, outSeconds] = await timedSeconds(() =>
      archiveToColdStorage(service, store, { onlyIds: [archiveId] })
    ).finally(() => clearInterval(sampler));
    if (out.failed.length || out.archived.length !== 1) {
      throw new Error(`archiving failed: ${JSON.stringify(out)}`);
    }
    const archived = out.archived[0];

    // back, baseline: the same NDJSON (from the object, decompressed before the clock starts) copied in
    const [{ data_key }] =
      await owner`select data_key from audit.cold_objects where archive_id = ${archiveId}`;
    const ndjson = new Uint8Array(
      await new Response(gunzipChunks((await store.get(data_key))!)).arrayBuffer(),
    );
    await owner.unsafe(`create schema if not exists bench; drop table if exists bench.cold_archive_copy;
      create unlogged table bench.cold_archive_copy (row jsonb not null)`);
    const [, copyInSeconds] = await timedSeconds(async () => {
      // CSV with quote and delimiter bytes that JSON text never holds: each line is taken as it is.
      const writable = await owner.unsafe(
        `copy bench.cold_archive_copy (row) from stdin with (format csv, quote e'\\x01', delimiter e'\\x02')`,
      ).writable();
      const chunks = [];
      for (let i = 0; i < ndjson.length; i += 1 << 20) chunks.push(ndjson.subarray(i, i + (1 << 20)));
      chunks.push(new TextEncoder().encode("\n"));
      await pipeline(Readable.from(chunks), writable);
    });
    const [{ copied }] = await owner`select count(*)::float8 as copied from bench.cold_archive_copy`;
    if (copied !== ROWS) throw new Error(`the COPY baseline loaded ${copied} of ${ROWS} rows`);

    // back: audit:restore
    const [restored, backSeconds] = await timedSeconds(() => restoreMonth(service, store, month.month));
    if (!restored.ok || restored.rows !== ROWS) {
      throw new Error(`restore failed: ${JSON.stringify(restored)}`);
    }

    const copyOutRate = ROWS / copyOutSeconds;
    const copyInRate = ROWS / copyInSeconds;
    const note = `${ROWS} rows of one month, sealed (generated and archived into audit.archives in ${
      round(generateSeconds, 1)
    } s)`;
    return [
      {
        bench: BENCH,
        name: "out: archive to S3 (read via audited door, gzip, PUT, read back, verify, purge)",
        unit: "rows/s",
        value: round(ROWS / outSeconds, 0),
        baseline: `COPY of the same NDJSON lines out of the archive: ${round(copyOutRate, 0)} rows/s`,
        ratio: round(ROWS / outSeconds / copyOutRate, 3),
        note: `${note}; ${round(outSeconds, 1)} s vs ${round(copyOutSeconds, 1)} s`,
      },
      {
        bench: BENCH,
        name: "back: audit:restore (GET, digests, gunzip, load, verify against seals)",
        unit: "rows/s",
        value: round(ROWS / backSeconds, 0),
        baseline: `COPY of the same NDJSON into an unlogged jsonb table: ${round(copyInRate, 0)} rows/s`,
        ratio: round(ROWS / backSeconds / copyInRate, 3),
        note: `${note}; ${round(backSeconds, 1)} s vs ${round(copyInSeconds, 1)} s`,
      },
      {
        bench: BENCH,
        name: "out: the archiver's peak resident memory (sampled every 50 ms)",
        unit: "MB",
        value: round(rssPeak / 1e6, 0),
        baseline: `the process before the archive: ${round(rssBefore / 1e6, 0)} MB`,
        ratio: round(rssPeak / rssBefore, 3),
        note: `the object went up in ${archived.parts} part(s); the NDJSON is ${
          round(archived.contentBytes / 1e6, 0)
        } MB`,
      },
      {
        bench: BENCH,
        name: "object size (gzip NDJSON)",
        unit: "MB",
        value: round(archived.objectBytes / 1e6, 1),
        baseline: `the NDJSON itself: ${round(archived.contentBytes / 1e6, 1)} MB (COPY out drained ${
          round(copiedOut / 1e6, 1)
        } MB)`,
        ratio: round(archived.objectBytes / archived.contentBytes, 3),
      },
    ];
  } finally {
    if (paused.length) {
      await owner`update cron.job set active = true where jobid in ${owner(paused.map((p) => p.jobid))}`;
    }
    await owner.end({ timeout: 5 });
  }
}
