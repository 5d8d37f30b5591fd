/**
 * The cold archive against the real stack: Postgres, and the stack's S3 server (s3rver) for object
 * storage. A generated month goes out as gzip NDJSON with its manifest, is read back before its content
 * leaves Postgres, restores verified against the seals, and its objects are deleted past its
 * delete-after, audited. What must never purge: S3 down, a partial upload, an object that reads back
 * corrupted; and a restore refuses an object altered after it was stored.
 */
import assert from "node:assert/strict";
import type { Sql } from "../../functions-shared/platform/db.ts";
import { s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { archiverRun, archiveToColdStorage, expireColdObjects } from "../../scripts/audit/cold_archive.ts";
import { RestoreError, restoreMonth } from "../../scripts/audit/cold_restore.ts";
import { type ArchivedMonth, generateArchivedMonth } from "../../scripts/bench/synthetic_month.ts";
import { withArchiveStack } from "../support/archive_stack.ts";
import { archiveYear } from "../support/archive_year.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const ROWS = 3000;
// Months long past every delete-after; a year of their own per run, so a rerun on a dev database finds
// none of its months archived already.
const YEAR = archiveYear("cold_archive");
type Bytes = Uint8Array<ArrayBuffer>;

/** The content of the month's archive still in Postgres, and its object record (none: null). */
async function state(owner: Sql, m: ArchivedMonth) {
  const [a] = await owner`
    select (select coalesce(sum(length(x.content)), 0)::int from audit.archive_chunks x where x.archive_id = a.id)
      as content_length, a.purged_at, c.data_key, c.deleted_at
    from audit.archives a left join audit.cold_objects c on c.archive_id = a.id where a.id = ${
    m.archiveIds[0]
  }`;
  return a;
}

async function events(owner: Sql, action: string, archiveId: number) {
  return await owner`select outcome::text, metadata from public.audit_logs
    where action = ${action}::public.audit_action and (metadata ->> 'archive_id')::bigint = ${archiveId}
    order by seq`;
}

/** A fetch in front of the S3 server that alters what passes (the SigV4 signature is left as it was). */
function alteringFetch(
  alter: {
    put?: (key: string, body: Bytes) => Bytes | "drop";
    get?: (key: string, body: Bytes) => Bytes;
  },
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? "GET";
    if (method === "PUT" && alter.put && init?.body instanceof Uint8Array) {
      const body = alter.put(url.pathname, init.body as Bytes);
      if (body === "drop") throw new TypeError("connection reset while uploading");
      const headers = new Headers(init.headers);
      headers.set("content-length", String(body.byteLength));
      return await fetch(url, { ...init, headers, body });
    }
    const res = await fetch(url, init);
    if (method === "GET" && alter.get && res.ok) {
      return new Response(alter.get(url.pathname, new Uint8Array(await res.arrayBuffer())), {
        status: res.status,
        headers: res.headers,
      });
    }
    return res;
  };
}

const flipOneByte = (body: Bytes): Bytes => {
  const copy = body.slice();
  copy[Math.floor(copy.length / 2)] ^= 0xff;
  return copy;
};

Deno.test(
  "a month goes cold, is purged only after read-back, restores verified, and expires audited",
  options,
  () =>
    withArchiveStack(async ({ owner, store }) => {
      // Old enough that every class is past its delete-after: expiry is due right after the restore.
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 3, rows: ROWS });
      const service = archiverRun(owner);
      const run = await archiveToColdStorage(service, store, { onlyIds: m.archiveIds });
      assert.deepEqual(run.failed, []);
      assert.equal(run.archived.length, 1);
      assert.equal(run.archived[0].rows, ROWS);

      const s = await state(owner, m);
      assert.equal(s.content_length, 0, "the rows left Postgres");
      assert.ok(s.purged_at);
      const manifest = JSON.parse(
        new TextDecoder().decode((await store.get(s.data_key.replace(".ndjson.gz", ".manifest.json")))!),
      );
      assert.equal(manifest.row_count, ROWS);
      assert.deepEqual(manifest.seq_range, [m.firstSeq, m.lastSeq]);
      assert.ok(manifest.seals.length >= 1, "the manifest names the seals");
      assert.ok(Array.isArray(manifest.anchors));
      assert.match(manifest.object_sha256, /^[0-9a-f]{64}$/);
      const steps = (await events(owner, "audit.archive", m.archiveIds[0])).map((e) => e.metadata.step);
      assert.deepEqual(steps, ["read", "purged"], "reading the rows out and purging them are audited");
      const [verified] = await owner`select ok from audit.verify(${m.firstSeq}, ${m.lastSeq})`;
      assert.equal(verified.ok, true, "audit.verify still accounts for the archived seqs");

      const restored = await restoreMonth(service, store, m.month);
      assert.equal(restored.ok, true, restored.problem ?? "");
      assert.equal(restored.rows, ROWS);
      const [{ n }] =
        await owner`select count(*)::int as n from audit.restored_rows where restore_id = ${restored.restoreId}`;
      assert.equal(n, ROWS, "the rows are back in the side table");
      const [audited] = await owner`select outcome::text from public.audit_logs where action = 'audit.restore'
      and (metadata ->> 'restore_id')::bigint = ${restored.restoreId} and metadata ->> 'step' = 'verified'`;
      assert.equal(audited.outcome, "success");

      const expired = await expireColdObjects(service, store);
      assert.ok(expired.deleted.includes(m.archiveIds[0]), JSON.stringify(expired));
      assert.equal(await store.get(s.data_key), null, "the object is gone past its delete-after");
      assert.ok((await state(owner, m)).deleted_at);
      const [retention] = await events(owner, "audit.retention", m.archiveIds[0]);
      assert.equal(retention.metadata.step, "objects_deleted", "and the deletion is audited");
      await assert.rejects(
        restoreMonth(service, store, m.month),
        new RegExp(`no stored archive for ${YEAR}-03`),
      );
    }),
);

Deno.test(
  "the functions' login cannot purge an archive: it cannot take audit_archiver nor service_role, and medic_server has no door",
  options,
  () =>
    withArchiveStack(async ({ owner, edge }) => {
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 5, rows: 20 });
      await assert.rejects(
        archiverRun(edge)((tx) => tx`select * from audit.cold_archive_pending(10)`),
        /permission denied to set role "audit_archiver"/,
      );
      await assert.rejects(
        edge.begin(async (tx) => {
          await tx`select set_config('role', 'service_role', true)`;
        }),
        /permission denied to set role "service_role"/,
      );
      await assert.rejects(
        edge.begin(async (tx) => {
          await tx`select set_config('role', 'medic_server', true)`;
          await tx`select audit.confirm_cold_archive(${m.archiveIds[0]}, 'b', 'k', 'm', 'x', 1, 'x')`;
        }),
        /permission denied for function confirm_cold_archive/,
      );
      const s = await state(owner, m);
      assert.ok(s.content_length > 0 && !s.purged_at, "the month's content is still in Postgres");
    }),
);

Deno.test(
  "S3 down: the archive stays in Postgres, the failure is audited",
  options,
  () =>
    withArchiveStack(async ({ owner }) => {
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 4, rows: 200 });
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const closedPort = listener.addr.port;
      listener.close();
      const down = s3Store({
        ...s3ConfigFromEnv(Deno.env.toObject()),
        endpoint: `http://127.0.0.1:${closedPort}`,
      });
      const run = await archiveToColdStorage(archiverRun(owner), down, { onlyIds: m.archiveIds });
      assert.equal(run.archived.length, 0);
      assert.equal(run.failed[0].step, "write");
      assert.match(run.failed[0].error, /unreachable/);
      const s = await state(owner, m);
      assert.ok(s.content_length > 0 && !s.purged_at && !s.data_key, "nothing purged, no object recorded");
      const failures = (await events(owner, "audit.archive", m.archiveIds[0])).filter((e) =>
        e.outcome === "failure"
      );
      assert.equal(failures.length, 1);
      assert.equal(failures[0].metadata.step, "write");
    }),
);

Deno.test(
  "a partial upload never purges: a truncated object or a lost manifest",
  options,
  () =>
    withArchiveStack(async ({ owner, store }) => {
      const config = s3ConfigFromEnv(Deno.env.toObject());
      const truncated = s3Store(
        config,
        alteringFetch({
          put: (key, body) => key.endsWith(".ndjson.gz") ? body.slice(0, body.length >> 1) : body,
        }),
      );
      const m1 = await generateArchivedMonth(owner, { year: YEAR, month: 5, rows: 500 });
      const r1 = await archiveToColdStorage(archiverRun(owner), truncated, { onlyIds: m1.archiveIds });
      assert.equal(r1.archived.length, 0);
      // The upload itself succeeds: the payload is sent UNSIGNED-PAYLOAD (aws4fetch's default for s3) with
      // the truncated length, so only the read-back's digest can tell, and it must.
      assert.equal(r1.failed[0]?.step, "read back", JSON.stringify(r1.failed));
      assert.match(r1.failed[0].error, /corrupted or partial/);
      assert.ok((await state(owner, m1)).content_length > 0, "a truncated object purges nothing");

      const lostManifest = s3Store(
        config,
        alteringFetch({ put: (key, body) => key.endsWith(".manifest.json") ? "drop" : body }),
      );
      const m2 = await generateArchivedMonth(owner, { year: YEAR, month: 6, rows: 200 });
      const r2 = await archiveToColdStorage(archiverRun(owner), lostManifest, { onlyIds: m2.archiveIds });
      assert.equal(r2.failed[0]?.step, "write");
      assert.ok((await state(owner, m2)).content_length > 0, "half an archive purges nothing");

      // The next run, with storage working again, completes both.
      const retry = await archiveToColdStorage(archiverRun(owner), store, {
        onlyIds: [...m1.archiveIds, ...m2.archiveIds],
      });
      assert.equal(retry.archived.length, 2, JSON.stringify(retry.failed));
      assert.equal((await state(owner, m1)).content_length, 0);
    }),
);

Deno.test(
  "a corrupted object is detected: it blocks the purge, and a restore refuses it",
  options,
  () =>
    withArchiveStack(async ({ owner, store }) => {
      const config = s3ConfigFromEnv(Deno.env.toObject());
      const corrupting = s3Store(
        config,
        alteringFetch({ get: (key, body) => key.endsWith(".ndjson.gz") ? flipOneByte(body) : body }),
      );
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 7, rows: 500 });
      const service = archiverRun(owner);
      const run = await archiveToColdStorage(service, corrupting, { onlyIds: m.archiveIds });
      assert.equal(run.failed[0]?.step, "read back");
      assert.match(run.failed[0].error, /corrupted or partial/);
      assert.ok((await state(owner, m)).content_length > 0, "the purge is blocked");

      // Stored correctly, then damaged in storage: the restore names the object and loads nothing.
      const ok = await archiveToColdStorage(service, store, { onlyIds: m.archiveIds });
      assert.equal(ok.archived.length, 1);
      const { data_key } = await state(owner, m);
      await store.put(data_key, flipOneByte((await store.get(data_key))!), "application/gzip");
      const err = await restoreMonth(service, store, m.month).then(() => null, (e) => e);
      assert.ok(err instanceof RestoreError, String(err));
      assert.match(err.message, /corrupted or partial/);
      const [{ n }] =
        await owner`select count(*)::int as n from audit.restored_rows where restore_id = ${err.restoreId}`;
      assert.equal(n, 0);
      const [failed] = await owner`select outcome::text from public.audit_logs where action = 'audit.restore'
      and (metadata ->> 'restore_id')::bigint = ${err.restoreId} and metadata ->> 'step' = 'load'`;
      assert.equal(failed.outcome, "failure", "the failed restore is audited");
    }),
);

Deno.test(
  "an archive made before chunks (one text value, plain sha256) still goes cold and restores verified",
  options,
  () =>
    withArchiveStack(async ({ owner, store }) => {
      const m = await generateArchivedMonth(owner, { year: YEAR, month: 8, rows: 300 });
      // The same rows as 20261203001410 stored them: the NDJSON in content, its sha256, no chunks.
      const [{ id }] = await owner`
        insert into audit.archives (partition_name, range_from, range_to, row_count, seqs, content_sha256, content,
          data_classification)
        select a.partition_name || '_legacy', a.range_from, a.range_to, a.row_count, a.seqs,
          sha256(convert_to(c.doc, 'UTF8')), c.doc, a.data_classification
        from audit.archives a, lateral (select string_agg(x.content, E'\n' order by x.chunk_no) as doc
          from audit.archive_chunks x where x.archive_id = a.id) c
        where a.id = ${m.archiveIds[0]}
        returning id::int`;
      const service = archiverRun(owner);
      const run = await archiveToColdStorage(service, store, { onlyIds: [id] });
      assert.deepEqual(run.failed, []);
      assert.equal(run.archived[0].rows, 300);
      const dataGets: string[] = [];
      const counting = s3Store(
        s3ConfigFromEnv(Deno.env.toObject()),
        alteringFetch({
          get: (key, body) => {
            if (key.endsWith(".ndjson.gz")) dataGets.push(key);
            return body;
          },
        }),
      );
      const restored = await restoreMonth(service, counting, m.month);
      assert.equal(restored.ok, true, restored.problem ?? "");
      assert.equal(restored.rows, 300);
      assert.equal(dataGets.length, 1, `each object is downloaded once: ${dataGets.join(", ")}`);
    }),
);

Deno.test("the archive store's settings come from the environment, each missing one named", () => {
  assert.throws(
    () => s3ConfigFromEnv({ AUDIT_ARCHIVE_S3_ENDPOINT: "http://127.0.0.1:1" }),
    /AUDIT_ARCHIVE_S3_BUCKET, AUDIT_ARCHIVE_S3_ACCESS_KEY_ID, AUDIT_ARCHIVE_S3_SECRET_ACCESS_KEY/,
  );
});
