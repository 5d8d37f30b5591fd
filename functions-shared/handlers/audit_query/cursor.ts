/**
 * Keyset cursors for the audit list, ordered by (timestamp desc, seq desc); their envelope (encodeToken)
 * also wraps the reports' cursors (reports/cursor.ts).
 *
 * A cursor is opaque to clients: base64url(JSON) "." base64url(checksum). It names the last row of the
 * page it ends (its timestamp to the microsecond, as Postgres has it, and its seq), the window the
 * first page was asked for (so that later pages keep it even when it defaulted to "the last 24 h",
 * which has moved on since), and a fingerprint of the filters it was issued for. Anything that does
 * not decode, check or validate exactly is a 400: a cursor is never "repaired".
 *
 * The checksum is a SHA-256, not a MAC: it catches corruption, truncation and hand-editing, and ties
 * a cursor to its filters. Someone who recomputes it can only name a position they could equally ask
 * for with from/to; what any cursor can reach is decided by RLS in Postgres, not here.
 *
 * Hashed synchronously (node:crypto), as the client-address key is: a list read fingerprints its
 * filters before its transaction and checksums its next cursor after it, and crypto.subtle's digest
 * answers a promise from another thread, an event-loop turn each time, on the request's path.
 */
import { createHash } from "node:crypto";
import { fromBase64Url, toBase64Url } from "../../core/encoding.ts";
import { HttpError } from "../../core/errors.ts";

export interface CursorPosition {
  /** The row's timestamp, UTC, microseconds: 2026-11-21T10:00:00.123456Z. */
  readonly timestamp: string;
  /** The row's seq, decimal (a bigint in Postgres). */
  readonly seq: string;
}

export interface PageCursor extends CursorPosition {
  /** The query window of the first page (ISO 8601), kept for every later page. */
  readonly from: string;
  readonly to: string;
  /** filtersFingerprint() of the filters the cursor belongs to. */
  readonly filters: string;
}

export const INVALID_CURSOR = "INVALID_CURSOR";
export const MAX_CURSOR_LENGTH = 1024;

const VERSION = 1;
const CHECKSUM_BYTES = 12;
const DOMAIN = "medic-bot/audit-query/cursor/v1\n";

const MICROS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEQ = /^[1-9]\d{0,18}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function invalidCursor(): HttpError {
  return new HttpError(
    400,
    INVALID_CURSOR,
    "The cursor is invalid, or was issued for other filters: start again without it.",
    { field: "cursor" }, // named facts, as every code but VALIDATION_ERROR gives (core/contract.ts)
  );
}

export function encodeCursor(cursor: PageCursor): string {
  if (!isValid(cursor)) throw new Error("encodeCursor: not a valid cursor position");
  return encodeToken(DOMAIN, {
    v: VERSION,
    t: cursor.timestamp,
    s: cursor.seq,
    f: cursor.from,
    u: cursor.to,
    h: cursor.filters,
  });
}

/**
 * The cursor a client sent back → its content. `filters` is the fingerprint of the request's own
 * filters: a cursor issued for other filters is refused. Throws 400 INVALID_CURSOR.
 */
export function decodeCursor(token: string, filters: string): PageCursor {
  const cursor = fromWire(decodeToken(token, DOMAIN));
  if (!cursor || cursor.filters !== filters) throw invalidCursor();
  return cursor;
}

/**
 * An opaque token of `payload`: base64url(JSON) "." base64url(checksum over `domain` and the JSON). Each
 * kind of cursor has its own domain, so one kind's token never checks as another's.
 */
export function encodeToken(domain: string, payload: Record<string, unknown>): string {
  const json = JSON.stringify(payload);
  return `${toBase64Url(utf8(json))}.${toBase64Url(checksum(json, domain))}`;
}

/** A token of encodeToken → its payload, unchecked beyond being JSON. Throws 400 INVALID_CURSOR. */
export function decodeToken(token: string, domain: string): unknown {
  if (token.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  const parts = token.split(".");
  if (parts.length !== 2 || !parts.every((part) => BASE64URL.test(part))) throw invalidCursor();
  let json: string;
  let sum: Uint8Array;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(parts[0]));
    sum = fromBase64Url(parts[1]);
  } catch {
    throw invalidCursor();
  }
  if (!bytesEqual(sum, checksum(json, domain))) throw invalidCursor();
  try {
    return JSON.parse(json);
  } catch {
    throw invalidCursor();
  }
}

function fromWire(raw: unknown): PageCursor | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(",");
  if (keys !== "f,h,s,t,u,v" || record.v !== VERSION) return undefined;
  const { t, s, f, u, h } = record;
  if (![t, s, f, u, h].every((value) => typeof value === "string")) return undefined;
  const cursor = { timestamp: t, seq: s, from: f, to: u, filters: h } as PageCursor;
  return isValid(cursor) ? cursor : undefined;
}

function isValid(cursor: PageCursor): boolean {
  return MICROS_TIMESTAMP.test(cursor.timestamp) && isRealDate(cursor.timestamp.slice(0, 23) + "Z") &&
    SEQ.test(cursor.seq) && BigInt(cursor.seq) <= 9223372036854775807n &&
    ISO_MILLIS.test(cursor.from) && isRealDate(cursor.from) &&
    ISO_MILLIS.test(cursor.to) && isRealDate(cursor.to) &&
    HEX_SHA256.test(cursor.filters);
}

/** 2026-02-30 matches the pattern but is not a day: only a round trip proves it. */
function isRealDate(iso: string): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString() === iso;
}

/**
 * A stable digest of a filter set: keys sorted at every depth, undefined values dropped, so equal
 * filters given in any order (or with repeated values already normalised) fingerprint alike.
 */
export function filtersFingerprint(filters: object): string {
  return createHash("sha256").update(canonicalJson(filters)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function checksum(json: string, domain: string): Uint8Array {
  return createHash("sha256").update(domain + json).digest().subarray(0, CHECKSUM_BYTES);
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
