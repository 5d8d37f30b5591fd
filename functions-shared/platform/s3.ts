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
}

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
  /** The object's bytes, or null when there is no such object. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
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
  return {
    endpoint: endpoint.href.replace(/\/$/, ""),
    bucket: env[ENV_NAMES.bucket]!,
    region: env[ENV_NAMES.region] || "us-east-1",
    accessKeyId: env[ENV_NAMES.accessKeyId]!,
    secretAccessKey: env[ENV_NAMES.secretAccessKey]!,
  };
}

export function s3Store(config: S3Config, send: typeof fetch = fetch): ObjectStore {
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
    try {
      return await send(signed.url, { method: signed.method, headers: signed.headers, body: init.body });
    } catch (err) {
      throw new S3Error(operation, 0, "", err instanceof Error ? err.message : String(err));
    }
  }
  async function fail(operation: string, res: Response): Promise<never> {
    const text = await res.text().catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? "";
    throw new S3Error(operation, res.status, code, code ? "" : text.slice(0, 200));
  }
  return {
    bucket: config.bucket,
    async put(key, body, contentType) {
      const res = await request("put", objectUrl(key), {
        method: "PUT",
        body,
        headers: { "Content-Type": contentType },
      });
      if (!res.ok) await fail("put", res);
      await res.body?.cancel();
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
