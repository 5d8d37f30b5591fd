/**
 * CORS allowlist, preflight answers and the security headers every JSON response carries.
 *
 * Origins are compared exactly after normalisation (scheme + host + non-default port, lower case);
 * there are no wildcards. In development, http(s)://localhost:<port> and 127.0.0.1:<port> are also
 * allowed so local web consoles work without editing the allowlist.
 */
import { REQUEST_ID_HEADER } from "../core/errors.ts";

export const ALLOWED_REQUEST_HEADERS = [
  "authorization",
  "apikey",
  "content-type",
  "x-client-info",
  "x-request-id",
];

export const EXPOSED_RESPONSE_HEADERS = [
  REQUEST_ID_HEADER,
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "Retry-After",
  "Content-Disposition",
  "X-Export-Records", // gdpr-export's record count, which a browser app checks against the body
];

/** Chromium caps preflight caching at 2 h; asking for more is ignored. */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** For a JSON API: nothing may be sniffed, framed, cached, or loaded by the response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

export interface CorsPolicy {
  readonly allowedOrigins: ReadonlySet<string>;
  readonly allowLocalhost: boolean;
}

export function corsPolicy(
  options: { allowedOrigins: readonly string[]; isDevelopment: boolean },
): CorsPolicy {
  const allowed = new Set<string>();
  for (const origin of options.allowedOrigins) {
    const normalised = normalizeOrigin(origin);
    if (normalised) allowed.add(normalised);
  }
  return { allowedOrigins: allowed, allowLocalhost: options.isDevelopment };
}

/**
 * `scheme://host[:port]` in canonical form, or null for anything that is not an http(s) origin
 * (including the literal "null" sent by sandboxed frames and file:// pages).
 */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.origin; // WHATWG URL already lower-cases and drops the default port
}

const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1"]);

export function isOriginAllowed(origin: string, policy: CorsPolicy): boolean {
  const normalised = normalizeOrigin(origin);
  if (!normalised) return false;
  if (policy.allowedOrigins.has(normalised)) return true;
  return policy.allowLocalhost && LOCAL_HOSTNAMES.has(new URL(normalised).hostname);
}

/** A CORS preflight: OPTIONS carrying Access-Control-Request-Method. A bare OPTIONS is a normal request. */
export function isPreflight(req: Request): boolean {
  return req.method === "OPTIONS" && req.headers.has("Access-Control-Request-Method");
}

export type OriginVerdict =
  | { kind: "none" } // no Origin header: server-to-server, curl, native apps
  | { kind: "allowed"; origin: string }
  | { kind: "denied"; origin: string };

export function judgeOrigin(req: Request, policy: CorsPolicy): OriginVerdict {
  const origin = req.headers.get("Origin");
  if (origin === null) return { kind: "none" };
  return isOriginAllowed(origin, policy) ? { kind: "allowed", origin } : { kind: "denied", origin };
}

/** Headers for the 204 answer to an allowed preflight (the caller adds the common ones). */
export function preflightHeaders(allowedMethods: readonly string[]): Headers {
  return new Headers({
    "Access-Control-Allow-Methods": allowedMethods.join(", "),
    "Access-Control-Allow-Headers": ALLOWED_REQUEST_HEADERS.join(", "),
    "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_SECONDS),
  });
}

/**
 * Adds CORS and security headers in place. An allowed origin is echoed; any other gets no
 * Access-Control-Allow-Origin at all. `Vary: Origin` goes on every response so caches never serve
 * one origin's answer to another.
 */
export function applyCorsAndSecurityHeaders(headers: Headers, verdict: OriginVerdict): void {
  appendVary(headers, "Origin");
  headers.delete("Access-Control-Allow-Origin");
  if (verdict.kind === "allowed") {
    headers.set("Access-Control-Allow-Origin", verdict.origin);
    headers.set("Access-Control-Expose-Headers", EXPOSED_RESPONSE_HEADERS.join(", "));
  }
  // A handler may deliberately relax one (e.g. Cache-Control on public reference data).
  for (const [name, value] of SECURITY_HEADER_ENTRIES) {
    if (!headers.has(name)) headers.set(name, value);
  }
}

const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

function appendVary(headers: Headers, name: string): void {
  const current = headers.get("Vary");
  if (!current) return headers.set("Vary", name);
  const present = current.split(",").some((part) => part.trim().toLowerCase() === name.toLowerCase());
  if (!present) headers.set("Vary", `${current}, ${name}`);
}
