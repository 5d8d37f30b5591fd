/**
 * A minimal S3 API client (path-style URLs, SigV4 through aws4fetch's signer, no retries: the caller
 * decides what a failure means). Supabase Storage speaks this API at `<project>/storage/v1/s3`; locally
 * the stack runs s3rver. Used by the cold archive (scripts/audit/cold_archive.ts), whose credentials come
 * from the environment only, never from the database.
 */
import { AwsV4Signer } from "aws4fetch";

export interface S3Config {
  /** e.g. https://<ref>.supabase.co/storage/v1/s3 or http://127.0.0.1:54390 */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /**
   * Bytes per part of a multipart upload (S3: at least 5 MiB except the last; Supabase Storage's
   * standard upload takes at most 50 MB, so a month goes up in parts). Default 8 MiB.
   */
  readonly partSize?: number;
  /** How long a request may wait for the answer's headers before it fails as unreachable (default 120 s). */
  readonly requestTimeoutMs?: number;
}

export const DEFAULT_PART_SIZE = 8 << 20;
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const MAX_PARTS = 10_000;

/** The S3 API answered with an error, or could not be reached (status 0). */
export class S3Error extends Error {
  constructor(readonly operation: string, readonly status: number, readonly code: string, detail: string) {
    super(`s3 ${operation}: ${status === 0 ? "unreachable" : status} ${code} ${detail}`.trim());
    this.name = "S3Error";
  }
}

export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<void>;
  /**
   * Writes a stream of unknown length with at most two parts in memory: one PUT when it fits in one
   * part, else a multipart upload (aborted on any failure, so no object appears). Returns the bytes and
   * parts written. The object exists only once the whole upload completed.
   */
  putStream(
    key: string,
    body: ReadableStream<Uint8Array>,
    contentType: string,
  ): Promise<{ bytes: number; parts: number }>;
  /** The object's bytes, or null when there is no such object. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** The object's bytes as they arrive, or null when there is no such object. */
  getStream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Deleting a missing object is not an error (S3 answers 204 either way). */
  delete(key: string): Promise<void>;
  /** Creates the bucket if it does not exist. */
  ensureBucket(): Promise<void>;
}

const ENV_NAMES = {
  endpoint: "AUDIT_ARCHIVE_S3_ENDPOINT",
  bucket: "AUDIT_ARCHIVE_S3_BUCKET",
  region: "AUDIT_ARCHIVE_S3_REGION",
  accessKeyId: "AUDIT_ARCHIVE_S3_ACCESS_KEY_ID",
  secretAccessKey: "AUDIT_ARCHIVE_S3_SECRET_ACCESS_KEY",
} as const;
const PART_MIB = "AUDIT_ARCHIVE_S3_PART_MIB";

/** The archive store's settings from the environment; names every missing one. */
export function s3ConfigFromEnv(env: Record<string, string | undefined>): S3Config {
  const missing = Object.entries(ENV_NAMES).filter(([k, name]) => !env[name] && k !== "region")
    .map(([, name]) => name);
  if (missing.length) throw new Error(`cold archive storage is not configured: set ${missing.join(", ")}`);
  let endpoint: URL;
  try {
    endpoint = new URL(env[ENV_NAMES.endpoint]!);
  } catch {
    throw new Error(`${ENV_NAMES.endpoint} is not a URL`);
  }
  let partSize = DEFAULT_PART_SIZE;
  if (env[PART_MIB]) {
    const mib = Number(env[PART_MIB]);
    if (!Number.isInteger(mib) || mib < 5 || mib > 5120) {
      throw new Error(`${PART_MIB} must be a whole number of MiB from 5 to 5120 (S3's part limits)`);
    }
    partSize = mib << 20;
  }
  return {
    partSize,
    endpoint: endpoint.href.replace(/\/$/, ""),
    bucket: env[ENV_NAMES.bucket]!,
    region: env[ENV_NAMES.region] || "us-east-1",
    accessKeyId: env[ENV_NAMES.accessKeyId]!,
    secretAccessKey: env[ENV_NAMES.secretAccessKey]!,
  };
}

export function s3Store(config: S3Config, send: typeof fetch = fetch): ObjectStore {
  const partSize = config.partSize ?? DEFAULT_PART_SIZE;
  const objectUrl = (key: string) =>
    `${config.endpoint}/${encodeURIComponent(config.bucket)}/${
      key.split("/").map(encodeURIComponent).join("/")
    }`;
  async function request(
    operation: string,
    url: string,
    init: { method: string; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> },
  ): Promise<Response> {
    const signer = new AwsV4Signer({
      url,
      method: init.method,
      headers: init.headers,
      body: init.body,
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region,
      service: "s3",
    });
    const signed = await signer.sign();
    // A request that hangs would hold the archiver's transaction and its run lock: bounded until the
    // headers come (a streamed body is then the caller's to read; its transaction has an idle timeout).
    const abort = new AbortController();
    const timeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      return await send(signed.url, {
        method: signed.method,
        headers: signed.headers,
        body: init.body,
        signal: abort.signal,
      });
    } catch (err) {
      const why = abort.signal.aborted ? abort.signal.reason : err;
      throw new S3Error(operation, 0, "", why instanceof Error ? why.message : String(why));
    } finally {
      clearTimeout(timer);
    }
  }
  async function fail(operation: string, res: Response): Promise<never> {
    const text = await res.text().catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? "";
    throw new S3Error(operation, res.status, code, code ? "" : text.slice(0, 200));
  }
  async function putObject(key: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
    const res = await request("put", objectUrl(key), {
      method: "PUT",
      body,
      headers: { "Content-Type": contentType },
    });
    if (!res.ok) await fail("put", res);
    await res.body?.cancel();
  }
  async function createUpload(url: string, contentType: string): Promise<string> {
    const res = await request("create multipart upload", `${url}?uploads`, {
      method: "POST",
      headers: { "Content-Type": contentType },
    });
    if (!res.ok) await fail("create multipart upload", res);
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await res.text())?.[1];
    if (!id) throw new S3Error("create multipart upload", res.status, "", "no UploadId in the answer");
    return id;
  }
  async function uploadPart(
    url: string,
    uploadId: string,
    n: number,
    body: Uint8Array<ArrayBuffer>,
    etags: string[],
  ): Promise<void> {
    const res = await request(
      "upload part",
      `${url}?partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`,
      {
        method: "PUT",
        body,
      },
    );
    if (!res.ok) await fail(`upload part ${n}`, res);
    await res.body?.cancel();
    const etag = res.headers.get("etag");
    if (!etag) throw new S3Error(`upload part ${n}`, res.status, "", "no ETag in the answer");
    etags[n - 1] = etag;
  }
  async function completeUpload(url: string, uploadId: string, etags: string[]): Promise<void> {
    const xml = `<CompleteMultipartUpload>${
      etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(e)}</ETag></Part>`).join(
        "",
      )
    }</CompleteMultipartUpload>`;
    const res = await request(
      "complete multipart upload",
      `${url}?uploadId=${encodeURIComponent(uploadId)}`,
      {
        method: "POST",
        body: new TextEncoder().encode(xml),
        headers: { "Content-Type": "application/xml" },
      },
    );
    if (!res.ok) await fail("complete multipart upload", res);
    // S3 may answer 200 and report the failure in the body.
    const text = await res.text();
    if (/<Error>/.test(text)) {
      throw new S3Error(
        "complete multipart upload",
        res.status,
        /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? "",
        "",
      );
    }
  }
  /** Best effort: the upload already failed; a failed abort leaves parts, never an object. */
  async function abortUpload(url: string, uploadId: string): Promise<void> {
    try {
      const res = await request("abort multipart upload", `${url}?uploadId=${encodeURIComponent(uploadId)}`, {
        method: "DELETE",
      });
      await res.body?.cancel();
      if (!res.ok && res.status !== 404) {
        console.error(`warning: s3 abort multipart upload ${uploadId}: ${res.status}; its parts may remain`);
      }
    } catch (err) {
      console.error(
        `warning: s3 abort multipart upload ${uploadId}: ${err instanceof Error ? err.message : err}`,
      );
    }
  }
  return {
    bucket: config.bucket,
    put: putObject,
    async putStream(key, body, contentType) {
      const reader = body.getReader();
      const readPart = partReader(reader, partSize);
      const url = objectUrl(key);
      let uploadId: string | null = null;
      const etags: string[] = [];
      let inFlight: Promise<void> | null = null;
      let partNo = 0;
      let bytes = 0;
      try {
        for (let part = await readPart(); part; part = await readPart()) {
          bytes += part.bytes.byteLength;
          if (uploadId === null && part.last) {
            await putObject(key, part.bytes, contentType);
            return { bytes, parts: 1 };
          }
          uploadId ??= await createUpload(url, contentType);
          if (++partNo > MAX_PARTS) {
            throw new S3Error("upload part", 0, "", `more than ${MAX_PARTS} parts`);
          }
          // One part uploads while the next is read: the producer never waits on the network alone.
          await inFlight;
          inFlight = uploadPart(url, uploadId, partNo, part.bytes, etags);
          inFlight.catch(() => {}); // awaited before the next part or the completion, which see its failure
          if (part.last) break;
        }
        if (uploadId === null) {
          await putObject(key, new Uint8Array(0), contentType);
          return { bytes: 0, parts: 1 };
        }
        await inFlight;
        await completeUpload(url, uploadId, etags);
        return { bytes, parts: partNo };
      } catch (err) {
        await reader.cancel(err).catch(() => {});
        await inFlight?.catch(() => {});
        if (uploadId !== null) await abortUpload(url, uploadId);
        throw err;
      }
    },
    async getStream(key) {
      const res = await request("get", objectUrl(key), { method: "GET" });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) await fail("get", res);
      return res.body ?? new Blob([]).stream();
    },
    async get(key) {
      const res = await request("get", objectUrl(key), { method: "GET" });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) await fail("get", res);
      return new Uint8Array(await res.arrayBuffer());
    },
    async delete(key) {
      const res = await request("delete", objectUrl(key), { method: "DELETE" });
      if (!res.ok && res.status !== 404) await fail("delete", res);
      await res.body?.cancel();
    },
    async ensureBucket() {
      const url = `${config.endpoint}/${encodeURIComponent(config.bucket)}`;
      const head = await request("head bucket", url, { method: "HEAD" });
      await head.body?.cancel();
      if (head.ok) return;
      if (head.status !== 404) await fail("head bucket", head);
      const res = await request("create bucket", url, { method: "PUT" });
      if (!res.ok) await fail("create bucket", res);
      await res.body?.cancel();
    },
  };
}

/** Cuts a byte stream into parts of exactly `size` bytes (the last one shorter); null at the end. */
function partReader(reader: ReadableStreamDefaultReader<Uint8Array>, size: number) {
  let carry: Uint8Array = new Uint8Array(0);
  let ended = false;
  return async (): Promise<{ bytes: Uint8Array<ArrayBuffer>; last: boolean } | null> => {
    const part = new Uint8Array(size);
    let length = 0;
    for (;;) {
      const take = Math.min(carry.byteLength, size - length);
      part.set(carry.subarray(0, take), length);
      length += take;
      carry = carry.subarray(take);
      if (length === size || ended) break;
      const { done, value } = await reader.read();
      if (done) ended = true;
      else carry = value;
    }
    if (length === 0) return null;
    return { bytes: length === size ? part : part.slice(0, length), last: ended && carry.byteLength === 0 };
  };
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
