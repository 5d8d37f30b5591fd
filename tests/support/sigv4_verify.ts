/**
 * A server-side SigV4 check, written from AWS's description of the algorithm and independent of the
 * client's signer (aws4fetch): the local Bedrock server recomputes each request's signature with the
 * secret it knows and compares. Checked against AWS's published test vectors in
 * tests/unit/bedrock_sigv4.test.ts.
 */

export interface KnownCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface VerifyInput {
  readonly method: string;
  /** The request URL as received (path still percent-encoded as sent). */
  readonly url: string;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly credentials: readonly KnownCredentials[];
  readonly region: string;
  readonly service: string;
  readonly now?: Date;
  /** How far X-Amz-Date may be from now (AWS: 5 minutes). */
  readonly maxSkewMs?: number;
  /** S3 signs the path once; every other service encodes it twice. */
  readonly singleEncodePath?: boolean;
}

/** What AWS answers for each failure: HTTP status, x-amzn-ErrorType and message. */
export type VerifyResult =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly status: number; readonly type: string; readonly message: string };

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return hex(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    key as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
}

/** RFC 3986 unreserved characters stay; everything else is %XX (upper-case hex), as SigV4 requires. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function canonicalPath(rawPath: string, singleEncode = false): string {
  if (rawPath === "" || rawPath === "/") return "/";
  return rawPath.split("/").map((segment) => {
    // The wire path is already encoded once: decode → encode normalises it; non-S3 encodes again.
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // keep as sent
    }
    const once = uriEncode(decoded);
    return singleEncode ? once : uriEncode(once);
  }).join("/");
}

export function canonicalQuery(search: string): string {
  const pairs: [string, string][] = [];
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
    pairs.push([uriEncode(decode(rawKey)), uriEncode(decode(rawValue))]);
  }
  pairs.sort(([k1, v1], [k2, v2]) => k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0);
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential")?.split("/");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || credential.length !== 5 || !signedHeaders || !signature) return undefined;
  const [accessKeyId, date, region, service, terminator] = credential;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.split(";"),
    signature,
  };
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const MISMATCH = "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

export interface CanonicalParts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

/** The canonical request, string to sign and signature for a request and the headers it signs. */
export async function computeSignature(
  input: Omit<VerifyInput, "credentials"> & {
    readonly secretAccessKey: string;
    readonly amzDate: string;
    readonly signedHeaders: readonly string[];
  },
): Promise<CanonicalParts> {
  const url = new URL(input.url);
  const rawPath = input.url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0].split("#")[0] || "/";
  const canonicalHeaders = input.signedHeaders.map((name) => {
    // HTTP/2 clients (the AWS SDK among them) sign the :authority pseudo-header instead of host.
    const value = name === "host" || name === ":authority"
      ? (input.headers.get("host") ?? url.host)
      : (input.headers.get(name) ?? "");
    return `${name}:${value.trim().replace(/\s+/g, " ")}\n`;
  }).join("");
  const payloadHash = input.headers.get("x-amz-content-sha256") ?? await sha256Hex(input.body);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(rawPath, input.singleEncodePath),
    canonicalQuery(url.search),
    canonicalHeaders,
    input.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", input.amzDate, scope, await sha256Hex(canonicalRequest)].join(
    "\n",
  );
  let key = await hmac(encoder.encode(`AWS4${input.secretAccessKey}`), date);
  for (const part of [input.region, input.service, "aws4_request"]) key = await hmac(key, part);
  const signature = hex((await hmac(key, stringToSign)).buffer as ArrayBuffer);
  return { canonicalRequest, stringToSign, signature };
}

export async function verifySigV4(input: VerifyInput): Promise<VerifyResult> {
  const fail = (status: number, type: string, message: string): VerifyResult => ({
    ok: false,
    status,
    type,
    message,
  });
  const header = input.headers.get("authorization");
  if (!header) return fail(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  const auth = parseAuthorization(header);
  if (!auth) {
    return fail(
      403,
      "IncompleteSignatureException",
      "Authorization header requires Credential, SignedHeaders and Signature.",
    );
  }
  const known = input.credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!known) {
    return fail(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (known.sessionToken !== undefined && input.headers.get("x-amz-security-token") !== known.sessionToken) {
    return fail(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  const amzDate = input.headers.get("x-amz-date");
  const when = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !when) {
    return fail(403, "IncompleteSignatureException", "Authorization requires a valid X-Amz-Date header.");
  }
  const now = input.now ?? new Date();
  if (Math.abs(now.getTime() - when.getTime()) > (input.maxSkewMs ?? 5 * 60_000)) {
    return fail(403, "InvalidSignatureException", "Signature expired: the request time is too far from now.");
  }
  if (auth.date !== amzDate.slice(0, 8) || auth.terminator !== "aws4_request") {
    return fail(
      403,
      "InvalidSignatureException",
      "Credential should be scoped to a valid date and terminator.",
    );
  }
  if (auth.region !== input.region) {
    return fail(
      403,
      "InvalidSignatureException",
      `Credential should be scoped to a valid region '${input.region}'.`,
    );
  }
  if (auth.service !== input.service) {
    return fail(
      403,
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${input.service}'.`,
    );
  }
  const sorted = [...auth.signedHeaders].sort();
  if (
    !(auth.signedHeaders.includes("host") || auth.signedHeaders.includes(":authority")) ||
    !auth.signedHeaders.includes("x-amz-date") ||
    auth.signedHeaders.some((h, i) => h !== h.toLowerCase() || h !== sorted[i])
  ) {
    return fail(
      403,
      "InvalidSignatureException",
      "SignedHeaders must be sorted, lower case, and include host and x-amz-date.",
    );
  }
  if (
    input.headers.has("x-amz-security-token") && !auth.signedHeaders.includes("x-amz-security-token")
  ) {
    return fail(403, "InvalidSignatureException", "The security token must be signed.");
  }
  const { signature } = await computeSignature({
    ...input,
    secretAccessKey: known.secretAccessKey,
    amzDate,
    signedHeaders: auth.signedHeaders,
  });
  if (!timingSafeEqual(signature, auth.signature)) return fail(403, "InvalidSignatureException", MISMATCH);
  return { ok: true, accessKeyId: auth.accessKeyId };
}
