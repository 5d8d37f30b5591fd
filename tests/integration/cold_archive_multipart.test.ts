/**
 * The cold archive's upload in parts (S3 multipart) against the stack's S3 server: a month larger than
 * one part goes up in several and restores verified; a failed part aborts the upload, is audited, and
 * leaves the month in Postgres; an upload that never completed is no object, so it never counts as
 * written, and the next run finishes the month. Parts are made small here (the real floor is 5 MiB).
 */
import assert from "node:assert/strict";
import type { Sql } from "../../functions-shared/platform/db.ts";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { archiverRun, archiveToColdStorage } from "../../scripts/audit/cold_archive.ts";
import { restoreMonth } from "../../scripts/audit/cold_restore.ts";
import { type ArchivedMonth, generateArchivedMonth } from "../../scripts/bench/synthetic_month.ts";
import { withArchiveStack } from "../support/archive_stack.ts";
import { archiveYear } from "../support/archive_year.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const ROWS = 3000;
const PART = 16 << 10;
// A year of its own per run, so a rerun on a dev database finds none of its months archived already.
const YEAR = archiveYear("cold_archive_multipart");

interface Call {
  method: string;
  query: string;
}

/** The store with small parts, and a fetch that records each S3 call and may answer one itself. */
function recordingStore(answer?: (call: Call, n: number) => Response | "drop" | null) {
  const calls: Call[] = [];
  const send: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const call = { method: init?.method ?? "GET", query: url.search };
    calls.push(call);
    const own = answer?.(call, calls.filter((c) => kind(c) === kind(call)).length);
    if (own === "drop") throw new TypeError("connection reset");
    if (own) return own;
    return await fetch(url, init);
  };
  const store = s3Store({ ...s3ConfigFromEnv(Deno.env.toObject()), partSize: PART }, send);
  return { store, calls };
}

/** create, part, complete, abort, put or get. */
function kind(c: Call): string {
  if (c.query === "?uploads") return "create";
  if (c.query.includes("partNumber=")) return "part";
  if (c.query.includes("uploadId=")) return c.method === "POST" ? "complete" : "abort";
  return c.method.toLowerCase();
}

async function kept(owner: Sql, m: ArchivedMonth) {
  const [a] = await owner`select a.purged_at is null as kept,
      exists (select 1 from audit.archive_chunks c where c.archive_id = a.id) as has_chunks,
      exists (select 1 from audit.cold_objects o where o.archive_id = a.id) as has_object
    from audit.archives a where a.id = ${m.archiveIds[0]}`;
  return a.kept && a.has_chunks && !a.has_object;
}

async function failures(owner: Sql, archiveId: number) {
  return await owner`select metadata from public.audit_logs where action = 'audit.archive'
    and outcome = 'failure' and (metadata ->> 'archive_id')::bigint = ${archiveId} order by seq`;
}

const dataKey = (m: ArchivedMonth) =>
  `audit-archive/v1/${m.month}/${m.partition}.INTERNAL.${m.archiveIds[0]}.ndjson.gz`;

Deno.test(
  "a month larger than a part goes up in parts, and restores verified",
  options,
  () =>
    withArchiveStack(async ({ owner, store: plain }) => {
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 1, rows: ROWS });
      const { store, calls } = recordingStore();
      const run = await archiveToColdStorage(archiverRun(owner), store, { onlyIds: m.archiveIds });
      assert.deepEqual(run.failed, []);
      const [a] = run.archived;
      assert.ok(a.parts >= 3, `${a.objectBytes} bytes in ${a.parts} part(s)`);
      assert.equal(calls.filter((c) => kind(c) === "part").length, a.parts);
      assert.equal(calls.filter((c) => kind(c) === "complete").length, 1);
      assert.ok(a.objectBytes > (a.parts - 1) * PART, "every part but the last is full");
      assert.equal((await plain.get(dataKey(m)))?.byteLength, a.objectBytes, "one object of all the parts");
      const restored = await restoreMonth(archiverRun(owner), plain, m.month);
      assert.equal(restored.ok, true, restored.problem ?? "");
      assert.equal(restored.rows, ROWS);
    }),
);

Deno.test(
  "a failed part aborts the upload: no object, the month stays, the failure is audited",
  options,
  () =>
    withArchiveStack(async ({ owner, store: plain }) => {
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 2, rows: ROWS });
      const { store, calls } = recordingStore((call, n) =>
        kind(call) === "part" && n === 2
          ? new Response("<Error><Code>InternalError</Code></Error>", { status: 500 })
          : null
      );
      const run = await archiveToColdStorage(archiverRun(owner), store, { onlyIds: m.archiveIds });
      assert.equal(run.archived.length, 0);
      assert.equal(run.failed[0].step, "write");
      assert.match(run.failed[0].error, /upload part 2: 500 InternalError/);
      assert.equal(calls.filter((c) => kind(c) === "abort").length, 1, "the upload is aborted");
      assert.equal(calls.filter((c) => kind(c) === "complete").length, 0);
      assert.equal(await plain.get(dataKey(m)), null, "no object appears");
      assert.ok(await kept(owner, m), "the month's content stays in Postgres");
      const audited = await failures(owner, m.archiveIds[0]);
      assert.equal(audited.length, 1);
      assert.equal(audited[0].metadata.step, "write");
    }),
);

Deno.test(
  "an upload that never completes is never written, and the next run finishes the month",
  options,
  () =>
    withArchiveStack(async ({ owner, store: plain }) => {
      // The completion is lost, and so is the abort: the parts stay behind on the server, as after a crash.
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 3, rows: ROWS });
      const lost = recordingStore((call) => ["complete", "abort"].includes(kind(call)) ? "drop" : null);
      const r1 = await archiveToColdStorage(archiverRun(owner), lost.store, { onlyIds: m.archiveIds });
      assert.equal(r1.failed[0]?.step, "write");
      assert.ok(lost.calls.filter((c) => kind(c) === "part").length >= 3, "parts were uploaded");
      assert.equal(await plain.get(dataKey(m)), null, "uploaded parts are no object");
      assert.ok(await kept(owner, m));

      // S3 answers the completion 200 with an error in its body (as S3 may): still not written.
      const silent = recordingStore((call) =>
        kind(call) === "complete" ? new Response("<Error><Code>InternalError</Code></Error>") : null
      );
      const r2 = await archiveToColdStorage(archiverRun(owner), silent.store, { onlyIds: m.archiveIds });
      assert.match(r2.failed[0]?.error ?? "", /complete multipart upload: 200 InternalError/);
      assert.ok(await kept(owner, m));
      assert.equal((await failures(owner, m.archiveIds[0])).length, 2, "each failed run is audited");

      const r3 = await archiveToColdStorage(archiverRun(owner), recordingStore().store, {
        onlyIds: m.archiveIds,
      });
      assert.deepEqual(r3.failed, []);
      assert.equal(r3.archived.length, 1);
      assert.equal(await kept(owner, m), false, "purged once written and read back");
    }),
);
