/**
 * The cold archive of the audit trail (issue 20; migrations 20261203001410_cold_archive.sql,
 * 20261203001600_archive_in_chunks.sql).
 *
 * archiveToColdStorage: each archive whose content is still in Postgres (audit.cold_archive_pending)
 * is streamed out through the audited door audit.cold_archive_read one chunk at a time, gzip-compressed
 * (CompressionStream) and uploaded in parts (ObjectStore.putStream: S3 multipart, aborted on failure), then
 * written with its manifest (row count, seq set, seals, anchors, digests); then both objects are read
 * back, streamed, the data object's bytes and its decompressed content hashed again, and only when every
 * digest matches does audit.confirm_cold_archive purge the content from Postgres (the database compares
 * the read-back digest with the one it recorded). Memory holds a chunk and two parts, whatever the month's
 * size. Any failure — S3 down, a failed part, a partial or corrupted object — leaves the content in
 * Postgres, is audited (audit.archive, failure) and is retried on the next run (the upload overwrites the
 * same key; an upload that never completed is no object at all).
 *
 * expireColdObjects: objects past their class's delete-after are deleted, then recorded (audited) by
 * audit.record_cold_object_deleted, which refuses anything not yet due.
 */
import { createHash } from "node:crypto";
import { createSql, type Sql, type Tx } from "../../functions-shared/platform/db.ts";
import type { ObjectStore } from "../../functions-shared/platform/s3.ts";
import { dbUrlFrom } from "../db_url_flag.ts";

/**
 * Work as the platform operator: a transaction as audit_archiver (20261203001520), the role that holds the
 * archive's doors. The connection must be the operator's (a member of it); the functions' login is not,
 * so code in a function cannot purge an archive.
 */
export type ArchiverRun = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** The longest the archiver's transaction may sit idle (waiting on S3) before Postgres ends it. */
export const ARCHIVER_IDLE_TIMEOUT_MS = 10 * 60_000;

export function archiverRun(sql: Sql): ArchiverRun {
  return async <T>(work: (tx: Tx) => Promise<T>) =>
    await sql.begin(async (tx) => {
      // An S3 request or read that stalls must not hold the transaction (and the run's lock) for ever.
      await tx`select set_config('role', 'audit_archiver', true),
        set_config('idle_in_transaction_session_timeout', ${String(ARCHIVER_IDLE_TIMEOUT_MS)}, true)`;
      return await work(tx);
    }) as T;
}

/**
 * The archiver's connection for the CLIs (audit:archive, audit:restore): --db-url, else AUDIT_ARCHIVE_DB_URL,
 * the operator's connection; without either the command stops with exit 2.
 */
export function archiverSql(dbUrlFlag: string | undefined): Sql {
  const url = dbUrlFrom(dbUrlFlag, "AUDIT_ARCHIVE_DB_URL");
  if (!url) {
    console.error(
      "error: no database; pass --db-url or set AUDIT_ARCHIVE_DB_URL (the operator's connection)",
    );
    Deno.exit(2);
  }
  return createSql({ url, max: 2 });
}

/** YYYY-MM (a CLI's argument) as the first day of that month, YYYY-MM-01. */
export function parseMonth(text: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m) throw new Error(`month must be YYYY-MM, got "${text}"`);
  return `${m[1]}-${m[2]}-01`;
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
  /** Parts of the data object's upload (1: a single PUT). */
  readonly parts: number;
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

interface Pending {
  archive_id: string;
  partition_name: string;
  data_classification: string | null;
  range_from: Date;
  row_count: string;
  content_sha256: string;
}

/** Moves every pending archive (or those in `onlyIds`, or of `month`, YYYY-MM) to object storage. */
export async function archiveToColdStorage(
  service: ArchiverRun,
  store: ObjectStore,
  options: { onlyIds?: readonly number[]; limit?: number; month?: string } = {},
): Promise<ArchiveRunResult> {
  // The month is the query's: a page taken first and filtered after would miss a month past it.
  const month = options.month === undefined ? null : parseMonth(options.month);
  const pending = await service((tx) =>
    tx<Pending[]>`select * from audit.cold_archive_pending(${options.limit ?? 1000}, ${month}::date)`
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
      const described = await service(async (tx) =>
        (await tx`select audit.cold_archive_manifest(${archiveId}) as m`)[0].m as Record<string, unknown>
      );
      const chunkLines = chunkLinesOf(described);
      const out = await streamOut(service, store, archiveId, keys.data, chunkLines).catch((err) => {
        if (err instanceof StepError) step = err.step;
        throw err;
      });
      if (out.contentSha256 !== p.content_sha256) {
        throw new Error(
          `the rows read (${out.contentSha256}) do not hash to the recorded ${p.content_sha256}`,
        );
      }
      const manifest = {
        ...described,
        compression: "gzip",
        object_key: keys.data,
        object_sha256: out.objectSha256,
        object_bytes: out.objectBytes,
      };
      step = "write";
      await store.put(keys.manifest, new TextEncoder().encode(JSON.stringify(manifest)), "application/json");
      step = "read back";
      const readBack = await readBackObject(store, keys, out.objectSha256, manifest, chunkLines);
      step = "confirm";
      await service((tx) =>
        tx`select audit.confirm_cold_archive(${archiveId}, ${store.bucket}, ${keys.data}, ${keys.manifest},
          ${out.objectSha256}, ${out.objectBytes}, ${readBack})`
      );
      result.archived.push({
        archiveId,
        partition: p.partition_name,
        rows: Number(p.row_count),
        objectBytes: out.objectBytes,
        contentBytes: out.contentBytes,
        parts: out.parts,
      });
    } catch (err) {
      const error = err instanceof StepError ? err.cause : err;
      const message = error instanceof Error ? error.message : String(error);
      result.failed.push({ archiveId, partition: p.partition_name, step, error: message });
      await recordFailure(service, "audit.archive", {
        step,
        archive_id: archiveId,
        error: message.slice(0, 500),
      });
    }
  }
  return result;
}

/** How the archive's content digest is computed (the manifest's content_digest): lines per chunk, or none. */
export function chunkLinesOf(manifest: Record<string, unknown>): number | null {
  const d = manifest.content_digest as { method?: string; chunk_lines?: number } | undefined;
  if (!d || d.method === "sha256") return null;
  if (d.method === "sha256 of the chunk sha256s" && Number.isInteger(d.chunk_lines) && d.chunk_lines! > 0) {
    return d.chunk_lines!;
  }
  throw new Error(`unknown content digest ${JSON.stringify(d)}`);
}

/**
 * The content digest of an archive's NDJSON, fed as it streams: sha256 of the bytes (archives made before
 * 20261203001600), or the sha256 of the sha256 of each chunk of `chunkLines` lines — the database hashes
 * each chunk as it archives the month, so neither side ever holds the month whole.
 */
export class ContentDigest {
  #outer = createHash("sha256");
  #chunk = createHash("sha256");
  #lines = 0;
  #open = false;
  constructor(readonly chunkLines: number | null) {}

  update(bytes: Uint8Array): void {
    if (this.chunkLines === null) {
      this.#outer.update(bytes);
      return;
    }
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(10, start);
      if (nl < 0) {
        if (start < bytes.length) {
          this.#chunk.update(bytes.subarray(start));
          this.#open = true;
        }
        return;
      }
      if (++this.#lines === this.chunkLines) {
        // The newline after a chunk's last line separates chunks and belongs to neither.
        this.#chunk.update(bytes.subarray(start, nl));
        this.#closeChunk();
      } else {
        this.#chunk.update(bytes.subarray(start, nl + 1));
        this.#open = true;
      }
      start = nl + 1;
    }
  }

  digest(): string {
    if (this.#open) this.#closeChunk();
    return this.#outer.digest("hex");
  }

  #closeChunk() {
    this.#outer.update(this.#chunk.digest());
    this.#chunk = createHash("sha256");
    this.#lines = 0;
    this.#open = false;
  }
}

/** A failure of one side of the stream out: reading from the database or writing to storage. */
class StepError extends Error {
  constructor(readonly step: "read" | "write", override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Streams an archive out of the database (audit.cold_archive_read, one chunk per fetch) through gzip
 * into a multipart upload, hashing the content and the object on the way: memory holds about one chunk
 * and two parts, whatever the month's size. The side that fails first names the step.
 */
async function streamOut(
  service: ArchiverRun,
  store: ObjectStore,
  archiveId: number,
  key: string,
  chunkLines: number | null,
) {
  const content = new ContentDigest(chunkLines);
  const objectHash = createHash("sha256");
  let objectBytes = 0;
  let contentBytes = 0;
  let first: StepError | null = null;
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const object = gzip.readable.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        objectHash.update(chunk);
        objectBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const upload = store.putStream(key, object, "application/gzip").catch((err) => {
    first ??= new StepError("write", err);
    throw err;
  });
  const encoder = new TextEncoder();
  const read = service(async (tx) => {
    const [{ cursor }] = await tx<
      { cursor: string }[]
    >`select audit.cold_archive_read(${archiveId}) as cursor`;
    const fetchOne = `fetch 1 from "${cursor.replaceAll('"', '""')}"`;
    for (let n = 0;; n++) {
      const rows = await tx.unsafe<{ content: string }[]>(fetchOne);
      if (rows.length === 0) break;
      const bytes = encoder.encode((n === 0 ? "" : "\n") + rows[0].content);
      content.update(bytes);
      contentBytes += bytes.byteLength;
      await writer.write(bytes);
    }
    await writer.close();
  }).catch(async (err) => {
    first ??= new StepError("read", err);
    await writer.abort(err).catch(() => {});
    throw err;
  });
  const [, written] = await Promise.allSettled([read, upload]);
  if (first) throw first;
  const { parts } = (written as PromiseFulfilledResult<{ parts: number }>).value;
  return {
    objectSha256: objectHash.digest("hex"),
    objectBytes,
    contentSha256: content.digest(),
    contentBytes,
    parts,
  };
}

/**
 * Reads both objects back: the data in one streamed pass (readArchiveObject), its decompressed content
 * hashed as it arrives; the manifest as written. Returns the content digest.
 */
async function readBackObject(
  store: ObjectStore,
  keys: ArchiveObjectKeys,
  objectSha256: string,
  manifest: Record<string, unknown>,
  chunkLines: number | null,
): Promise<string> {
  // Only the content side's failure is the decompressor's; a damaged object or a failed read keep their error.
  const read = await readArchiveObject(store, keys.data, objectSha256, async (plain) => {
    const content = new ContentDigest(chunkLines);
    try {
      for await (const chunk of plain) content.update(chunk);
    } catch (err) {
      throw new Error(`${keys.data} does not decompress: ${err instanceof Error ? err.message : err}`);
    }
    return content.digest();
  });
  if (!read.found) throw new Error(`${keys.data} is missing after it was written`);
  const storedManifest = await store.get(keys.manifest);
  if (!storedManifest || new TextDecoder().decode(storedManifest) !== JSON.stringify(manifest)) {
    throw new Error(`${keys.manifest} read back differs from what was written`);
  }
  return read.value;
}

/** The object's bytes are not those recorded for it: damaged in storage or on the way, or cut short. */
export class DamagedObjectError extends Error {
  constructor(key: string, bytes: number) {
    super(`${key} does not have its recorded digest (${bytes} bytes read): corrupted or partial`);
    this.name = "DamagedObjectError";
  }
}

/**
 * One streamed pass over a gzip object: its bytes are hashed as they arrive while `consume` reads the
 * decompressed content, so memory holds a few chunks whatever the object's size. Missing: { found: false }.
 * A stream that fails (a network error) rejects with its own error. Otherwise the object's digest decides
 * what a failure was: when it differs from `objectSha256` (a changed byte, a body that ended short),
 * DamagedObjectError (whatever the content side made of the damage first); when it matches, consume's own
 * error. So the rest of the object is still read and hashed after `consume` fails, and what consume did
 * before the read ended is the caller's to undo when this rejects.
 */
export async function readArchiveObject<T>(
  store: ObjectStore,
  key: string,
  objectSha256: string,
  consume: (content: ReadableStream<Uint8Array<ArrayBuffer>>) => Promise<T>,
): Promise<{ found: false } | { found: true; value: T }> {
  const body = await store.getStream(key);
  if (!body) return { found: false };
  const objectHash = createHash("sha256");
  let bytes = 0;
  const gunzip = new DecompressionStream("gzip");
  const writer = gunzip.writable.getWriter();
  let feeding = true;
  // Fed by hand, not piped: a pipe would cancel the object when the content side fails.
  const feed = (async () => {
    try {
      for await (const chunk of body) {
        objectHash.update(chunk);
        bytes += chunk.byteLength;
        if (feeding) await writer.write(chunk as Uint8Array<ArrayBuffer>).catch(() => (feeding = false));
      }
      if (feeding) await writer.close().catch(() => {});
    } catch (err) {
      await writer.abort(err).catch(() => {});
      throw err;
    }
  })();
  // Once the content side is done, failed or not, the rest of the object is only hashed.
  const consumed = consume(gunzip.readable).finally(async () => {
    feeding = false;
    await writer.abort().catch(() => {});
  });
  const [value, fed] = await Promise.allSettled([consumed, feed]);
  // A read that failed (the network, the store) says nothing of the object: its own error, not damage.
  if (fed.status === "rejected") throw fed.reason;
  if (objectHash.digest("hex") !== objectSha256) throw new DamagedObjectError(key, bytes);
  if (value.status === "rejected") throw value.reason;
  return { found: true, value: value.value };
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
