/**
 * The cold archive of the audit trail (issue 20; migration 20261203001410_cold_archive.sql).
 *
 * archiveToColdStorage: each archive whose content is still in Postgres (audit.cold_archive_pending)
 * is streamed out through the audited door audit.cold_archive_lines, gzip-compressed (CompressionStream)
 * and written with its manifest (row count, seq set, seals, anchors, digests) through the S3 API; then
 * both objects are read back, the data object's bytes and its decompressed content hashed again, and
 * only when every digest matches does audit.confirm_cold_archive purge the content from Postgres (the
 * database compares the read-back digest with the one it recorded). Any failure — S3 down, a partial or
 * corrupted object — leaves the content in Postgres, is audited (audit.archive, failure) and is retried
 * on the next run (the PUT overwrites the same key).
 *
 * expireColdObjects: objects past their class's delete-after are deleted, then recorded (audited) by
 * audit.record_cold_object_deleted, which refuses anything not yet due.
 */
import { createHash } from "node:crypto";
import { createSql, type Sql, type Tx } from "../../functions-shared/platform/db.ts";
import type { ObjectStore } from "../../functions-shared/platform/s3.ts";

/**
 * Work as the platform operator: a transaction as audit_archiver (20261203001520), the role that holds the
 * archive's doors. The connection must be the operator's (a member of it); the functions' login is not,
 * so code in a function cannot purge an archive.
 */
export type ArchiverRun = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export function archiverRun(sql: Sql): ArchiverRun {
  return async <T>(work: (tx: Tx) => Promise<T>) =>
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'audit_archiver', true)`;
      return await work(tx);
    }) as T;
}

/**
 * The archiver's connection for the CLIs (audit:archive, audit:restore): --db-url, else AUDIT_ARCHIVE_DB_URL,
 * the operator's connection; without either the command stops with exit 2.
 */
export function archiverSql(dbUrlFlag: string | undefined): Sql {
  const url = dbUrlFlag ?? Deno.env.get("AUDIT_ARCHIVE_DB_URL");
  if (!url) {
    console.error(
      "error: no database; pass --db-url or set AUDIT_ARCHIVE_DB_URL (the operator's connection)",
    );
    Deno.exit(2);
  }
  return createSql({ url, max: 2 });
}

export interface ArchiveObjectKeys {
  readonly data: string;
  readonly manifest: string;
}

/** audit-archive/v1/<YYYY-MM>/<partition>.<class>.<archive id>.ndjson.gz (+ .manifest.json). */
export function archiveKeys(
  a: { archiveId: number; partition: string; className: string | null; month: string },
) {
  const base = `audit-archive/v1/${a.month}/${a.partition}.${a.className ?? "none"}.${a.archiveId}`;
  return { data: `${base}.ndjson.gz`, manifest: `${base}.manifest.json` };
}

export interface ArchivedOne {
  readonly archiveId: number;
  readonly partition: string;
  readonly rows: number;
  readonly objectBytes: number;
  readonly contentBytes: number;
}
export interface ArchiveFailure {
  readonly archiveId: number;
  readonly partition: string;
  readonly step: "read" | "write" | "read back" | "confirm";
  readonly error: string;
}
export interface ArchiveRunResult {
  readonly archived: ArchivedOne[];
  readonly failed: ArchiveFailure[];
}

const hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const LINES_PER_FETCH = 5000;

interface Pending {
  archive_id: string;
  partition_name: string;
  data_classification: string | null;
  range_from: Date;
  row_count: string;
  content_sha256: string;
}

/** Moves every pending archive (or those in `onlyIds`) to object storage. */
export async function archiveToColdStorage(
  service: ArchiverRun,
  store: ObjectStore,
  options: { onlyIds?: readonly number[]; limit?: number } = {},
): Promise<ArchiveRunResult> {
  const pending = await service((tx) =>
    tx<Pending[]>`select * from audit.cold_archive_pending(${options.limit ?? 1000})`
  );
  const result: ArchiveRunResult = { archived: [], failed: [] };
  for (const p of pending) {
    const archiveId = Number(p.archive_id);
    if (options.onlyIds && !options.onlyIds.includes(archiveId)) continue;
    let step: ArchiveFailure["step"] = "read";
    try {
      const keys = archiveKeys({
        archiveId,
        partition: p.partition_name,
        className: p.data_classification,
        month: p.range_from.toISOString().slice(0, 7),
      });
      const out = await compressLines(service, archiveId);
      if (out.contentSha256 !== p.content_sha256) {
        throw new Error(
          `the rows read (${out.contentSha256}) do not hash to the recorded ${p.content_sha256}`,
        );
      }
      const objectSha256 = hex(out.gzip);
      const manifest = {
        ...await service(async (tx) =>
          (await tx`select audit.cold_archive_manifest(${archiveId}) as m`)[0].m as Record<string, unknown>
        ),
        compression: "gzip",
        object_key: keys.data,
        object_sha256: objectSha256,
        object_bytes: out.gzip.byteLength,
      };
      step = "write";
      await store.put(keys.data, out.gzip, "application/gzip");
      await store.put(keys.manifest, new TextEncoder().encode(JSON.stringify(manifest)), "application/json");
      step = "read back";
      const readBack = await readBackObject(store, keys, objectSha256, manifest);
      step = "confirm";
      await service((tx) =>
        tx`select audit.confirm_cold_archive(${archiveId}, ${store.bucket}, ${keys.data}, ${keys.manifest},
          ${objectSha256}, ${out.gzip.byteLength}, ${readBack})`
      );
      result.archived.push({
        archiveId,
        partition: p.partition_name,
        rows: Number(p.row_count),
        objectBytes: out.gzip.byteLength,
        contentBytes: out.contentBytes,
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result.failed.push({ archiveId, partition: p.partition_name, step, error });
      await recordFailure(service, "audit.archive", {
        step,
        archive_id: archiveId,
        error: error.slice(0, 500),
      });
    }
  }
  return result;
}

/** The archive's NDJSON (lines joined by \n, as the database hashed it), gzip-compressed, and its digest. */
async function compressLines(service: ArchiverRun, archiveId: number) {
  const hash = createHash("sha256");
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const compressed = new Response(gzip.readable).arrayBuffer();
  const encoder = new TextEncoder();
  let first = true;
  let contentBytes = 0;
  await service(async (tx) => {
    // In the function's order (with ordinality); the digest check after would catch any other.
    await tx<{ line: string }[]>`select line from audit.cold_archive_lines(${archiveId})`.cursor(
      LINES_PER_FETCH,
      async (rows: { line: string }[]) => {
        const text = (first ? "" : "\n") + rows.map((r) => r.line).join("\n");
        first = false;
        const bytes = encoder.encode(text);
        hash.update(bytes);
        contentBytes += bytes.byteLength;
        await writer.write(bytes);
      },
    );
  });
  await writer.close();
  return { gzip: new Uint8Array(await compressed), contentSha256: hash.digest("hex"), contentBytes };
}

/** Reads both objects back: the data's bytes and content must hash as written. Returns the content digest. */
async function readBackObject(
  store: ObjectStore,
  keys: ArchiveObjectKeys,
  objectSha256: string,
  manifest: Record<string, unknown>,
): Promise<string> {
  const data = await store.get(keys.data);
  if (!data) throw new Error(`${keys.data} is missing after it was written`);
  if (hex(data) !== objectSha256) {
    throw new Error(
      `${keys.data} read back with another digest (${data.byteLength} bytes): corrupted or partial`,
    );
  }
  const storedManifest = await store.get(keys.manifest);
  if (!storedManifest || new TextDecoder().decode(storedManifest) !== JSON.stringify(manifest)) {
    throw new Error(`${keys.manifest} read back differs from what was written`);
  }
  return await contentDigest(data);
}

/**
 * The decompressed bytes, in bounded chunks: the input is fed 64 KB at a time, because the decompressor
 * answers each input chunk with one output chunk (a whole month at once would not fit in a string).
 */
export function gunzipChunks(gzipped: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  const SLICE = 1 << 16; // deflate expands at most ~1032x: an output chunk stays under 70 MB
  let offset = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (offset >= gzipped.length) return controller.close();
      controller.enqueue(gzipped.subarray(offset, offset + SLICE));
      offset += SLICE;
    },
  }).pipeThrough(new DecompressionStream("gzip"));
}

/** sha256 of the decompressed bytes; a truncated or damaged gzip stream throws. */
export async function contentDigest(gzipped: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of gunzipChunks(gzipped)) hash.update(chunk);
  return hash.digest("hex");
}

export async function recordFailure(service: ArchiverRun, action: string, metadata: Record<string, unknown>) {
  const event = [{
    action,
    resource: "audit_archives",
    outcome: "failure",
    data_classification: "CONFIDENTIAL",
    metadata,
  }];
  await service((tx) => tx`select audit.write_events(${JSON.stringify(event)}::text::jsonb)`).catch((error) =>
    // The step's failure is still in the run's result; the operator must know its audit event is missing.
    console.error(`error: the failed ${action} could not be audited: ${error?.message ?? error}`)
  );
}

export interface ExpireResult {
  readonly deleted: number[];
  readonly failed: { archiveId: number; error: string }[];
}

/** Deletes the objects past their delete-after, and records each deletion (audited). */
export async function expireColdObjects(service: ArchiverRun, store: ObjectStore): Promise<ExpireResult> {
  const due = await service((tx) =>
    tx<{ archive_id: string; data_key: string; manifest_key: string; bucket: string }[]>`
      select * from audit.cold_objects_due()`
  );
  const result: ExpireResult = { deleted: [], failed: [] };
  for (const d of due) {
    const archiveId = Number(d.archive_id);
    try {
      if (d.bucket !== store.bucket) {
        throw new Error(`the object is in bucket ${d.bucket}, not ${store.bucket}`);
      }
      await store.delete(d.data_key);
      await store.delete(d.manifest_key);
      await service((tx) => tx`select audit.record_cold_object_deleted(${archiveId})`);
      result.deleted.push(archiveId);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result.failed.push({ archiveId, error });
      await recordFailure(service, "audit.retention", {
        step: "objects_deleted",
        archive_id: archiveId,
        error,
      });
    }
  }
  return result;
}
