/**
 * One line of a Medic-Bot `audit-YYYY-MM-DD.jsonl` file → one event for `audit.write_events`.
 *
 * Every check the database would make is made here first: write_events inserts a batch in one statement,
 * so a single value Postgres refuses would fail the whole batch. Free text never leaves this module:
 * metadata keeps only scalars, and a string that is long or sits under a free-text key becomes
 * {length, sha256} (the digest still lets an auditor match the row to the original file).
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { z } from "zod";

// The vocabulary the functions use (mirrors of the Postgres enums). A backfill still validates actions
// against the database's own list (`actions` below), which may be newer; this one serves offline use.
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "../../functions-shared/core/audit_vocabulary.ts";
import { USER_ROLES } from "../../functions-shared/pipeline/auth.ts";

export { AUDIT_ACTIONS, AUDIT_OUTCOMES, USER_ROLES };

/** Strings longer than this are treated as free text, whatever their key. */
export const MAX_METADATA_STRING = 128;
/** Bound on the stored metadata (the column allows 16 KiB); larger is replaced by its digest. */
const MAX_METADATA_JSON = 8192;
const MAX_DURATION_MS = 2_147_483_647; // integer column
/** The table refuses a timestamp more than an hour after the insert. */
const MAX_FUTURE_MS = 60 * 60 * 1000;

/** Keys whose string values are typed by people (the chat question, notes): hashed at any length. */
const FREE_TEXT_KEYS = new Set([
  "question",
  "query",
  "prompt",
  "message",
  "text",
  "content",
  "answer",
  "response",
  "reply",
  "note",
  "notes",
  "comment",
  "comments",
  "transcript",
  "input",
  "body",
  "description",
  "search",
]);

export type Scalar = string | number | boolean | null;
export interface Digest {
  readonly length: number;
  readonly sha256: string;
}
export type Metadata = Record<string, Scalar | Digest>;

/** The snake_case shape audit.write_events reads (absent columns take the table's defaults). */
export interface WriteEvent {
  readonly event_id: string;
  readonly timestamp: string;
  readonly organization_id: string | null;
  readonly user_id: string | null;
  readonly user_role: (typeof USER_ROLES)[number] | null;
  readonly session_id: string | null;
  readonly action: string;
  readonly resource: string;
  readonly outcome: (typeof AUDIT_OUTCOMES)[number];
  readonly metadata: Metadata;
  readonly ip_address: string | null;
  readonly user_agent: string | null;
  readonly error_message: string | null;
  readonly duration_ms: number | null;
  readonly event_version: 1;
  /** Historical: write_events accepts the old timestamp and keeps `origin: import` in the metadata. */
  readonly origin: "import";
}

export type ParseResult =
  /** `externalUserId`: the line's userId was not a UUID and was mapped (externalUserUuid). */
  | { readonly ok: true; readonly event: WriteEvent; readonly externalUserId: boolean }
  | { readonly ok: false; readonly reason: string };

export interface ParseOptions {
  /** For the "in the future" check; defaults to the wall clock. */
  readonly now?: Date;
  /** Organization for events that carry none (Medic-Bot had no organizations). */
  readonly organizationId?: string | null;
  /** Added to metadata as `backfill_source`, e.g. "audit-2025-01-15.jsonl:12". */
  readonly source?: string;
  /** The accepted actions (the database's enum); defaults to AUDIT_ACTIONS. */
  readonly actions?: readonly string[];
}

// "" is how loggers often write "unknown": treat it as absent rather than as invalid.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? null : v), schema.nullish());

const oneOf = <T extends readonly string[]>(values: T, what: string) =>
  z.enum(values as unknown as readonly [T[number], ...T[number][]], {
    error: (iss) => iss.input === undefined ? undefined : `unknown ${what} ${quote(iss.input)}`,
  });

// Postgres' uuid accepts any 8-4-4-4-12 hex, not only RFC versions: z.guid, not z.uuid.
const uuid = () => z.guid({ error: "is not a uuid" });
const text = () => z.string({ error: "is not a string" });

export function medicBotEventSchema(actions: readonly string[] = AUDIT_ACTIONS) {
  return z.object({
    eventId: uuid(),
    timestamp: z.iso.datetime({ offset: true, error: "is not an ISO 8601 timestamp with a time zone" }),
    organizationId: optional(uuid()),
    // A UUID, or Medic-Bot's own id of the user (mapped to a UUID below: never dropped).
    userId: optional(text().min(1, "is empty").max(200, "is longer than 200 characters")),
    userRole: optional(oneOf(USER_ROLES, "userRole")),
    sessionId: optional(text().max(200, "is longer than 200 characters")),
    action: oneOf(actions, "action"),
    resource: text().min(1, "is empty").max(200, "is longer than 200 characters"),
    outcome: oneOf(AUDIT_OUTCOMES, "outcome"),
    metadata: z.record(z.string(), z.unknown(), { error: "is not an object" }).nullish(),
    ipAddress: optional(z.union([z.ipv4(), z.ipv6()], { error: "is not a valid IP address" })),
    userAgent: optional(text()),
    errorMessage: optional(text()),
    durationMs: z.number({ error: "is not a number" }).min(0, "is negative")
      .max(MAX_DURATION_MS, "is too large").nullish(),
  });
}

export type MedicBotEvent = z.infer<ReturnType<typeof medicBotEventSchema>>;

// One schema per action list (a run passes the same array for every line).
const schemas = new WeakMap<readonly string[], ReturnType<typeof medicBotEventSchema>>();
function schemaFor(actions: readonly string[]) {
  let schema = schemas.get(actions);
  if (!schema) schemas.set(actions, schema = medicBotEventSchema(actions));
  return schema;
}

/** Parses and maps one JSONL line; never throws. */
export function parseLine(line: string, options: ParseOptions = {}): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return fail(`invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not a JSON object");
  const parsed = schemaFor(options.actions ?? AUDIT_ACTIONS).safeParse(json, { reportInput: true });
  if (!parsed.success) return fail(parsed.error.issues.map(describeIssue).join("; "));
  const e = parsed.data;
  const now = options.now ?? new Date();
  if (Date.parse(e.timestamp) > now.getTime() + MAX_FUTURE_MS) return fail("timestamp is in the future");
  const metadata = sanitizeMetadata(e.metadata ?? {});
  const external = e.userId != null && !UUID.test(e.userId);
  if (external) metadata.user_id_source = "external";
  // An error message can echo what the user typed: like the live writer, never store its text.
  if (e.errorMessage) metadata.error_message = digest(e.errorMessage);
  if (options.source) metadata.backfill_source = scalar("backfill_source", options.source);
  return {
    ok: true,
    event: {
      event_id: e.eventId.toLowerCase(),
      timestamp: microseconds(e.timestamp),
      organization_id: e.organizationId ?? options.organizationId ?? null,
      user_id: e.userId == null ? null : external ? externalUserUuid(e.userId) : e.userId.toLowerCase(),
      user_role: e.userRole ?? null,
      session_id: e.sessionId ?? null,
      action: e.action,
      resource: e.resource,
      outcome: e.outcome,
      metadata: boundedMetadata(metadata),
      ip_address: e.ipAddress ?? null,
      user_agent: e.userAgent ?? null,
      error_message: null,
      // Medic-Bot measured with performance.now(): fractional milliseconds; the column is an integer.
      duration_ms: e.durationMs == null ? null : Math.round(e.durationMs),
      event_version: 1,
      origin: "import",
    },
    externalUserId: external,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fixed for Medic-Bot's user ids: the same id maps to the same UUID in every run, on every machine. */
const EXTERNAL_USER_NAMESPACE = "5d9c3f1e-8a47-4b6e-9c21-7f0e6a2b4d13";

/**
 * A user id that is not a UUID (Medic-Bot's own, e.g. "medic-0042"), as the RFC 9562 name-based UUID
 * (v5) of it. The trail needs a UUID (audit_log_entries casts the revealed id), and write_events
 * pseudonymises it like any user id, so the stored row holds only a pseudonym; the same external id
 * always gives the same UUID, so that person's events stay one person's, and an erasure request that
 * names the external id finds them (derive the UUID the same way).
 */
export function externalUserUuid(externalId: string): string {
  return uuidV5(EXTERNAL_USER_NAMESPACE, externalId);
}

/** RFC 9562 §5.5: SHA-1 over namespace and name, version 5. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash("sha1").update(Buffer.from(namespace.replace(/-/g, ""), "hex")).update(name, "utf8")
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Only scalar identifiers survive; nested values may hold anything, so they are dropped. */
export function sanitizeMetadata(input: Readonly<Record<string, unknown>>): Record<string, Scalar | Digest> {
  const out: Record<string, Scalar | Digest> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || typeof value === "boolean") out[key] = value;
    else if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
    else if (typeof value === "string") out[key] = scalar(key, value);
  }
  return out;
}

export function digest(text: string): Digest {
  return { length: text.length, sha256: createHash("sha256").update(text, "utf8").digest("hex") };
}

/** Whether a metadata key names user-typed text: its last camelCase/snake_case word is in the list. */
export function isFreeTextKey(key: string): boolean {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[_\-.\s]+/).filter(Boolean);
  return FREE_TEXT_KEYS.has(words.at(-1) ?? "");
}

function scalar(key: string, value: string): string | Digest {
  return value.length > MAX_METADATA_STRING || isFreeTextKey(key) ? digest(value) : value;
}

function boundedMetadata(metadata: Metadata): Metadata {
  const json = JSON.stringify(metadata);
  return json.length <= MAX_METADATA_JSON ? metadata : { omitted: digest(json) };
}

// Postgres keeps microseconds and rounds the rest, which could carry 23:59:59.9999999 into the next
// month (whose partition we may not have ensured); truncating is deterministic, so re-runs still match.
function microseconds(timestamp: string): string {
  return timestamp.replace(/(\.\d{6})\d+/, "$1");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".") || "event";
  if (issue.input === undefined) return `${field} is required`;
  if (issue.message.startsWith("unknown ")) return issue.message;
  return `${field} ${issue.message}`;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fail(reason: string): ParseResult {
  return { ok: false, reason };
}
