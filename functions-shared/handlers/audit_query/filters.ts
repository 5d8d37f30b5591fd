/**
 * The audit-query function's inputs: zod schemas for each route's query string and body, the default
 * windows, the organization check and what of a query may go into the audit trail itself.
 *
 * Filters narrow; they never authorise. Which organization's rows a caller sees is decided by RLS in
 * Postgres. `organization` exists so a client can be explicit, and naming another organization is a
 * 403 here rather than a silently empty page.
 *
 * The query's own audit event records the filters as identifiers only: uuids, enum values, times,
 * resource names and correlation ids that look like identifiers (others as "(text)"), the user as
 * a pseudonym (by the handler), and of the metadata filter only its top-level keys.
 */
import { z } from "zod";
import { HttpError } from "../../core/errors.ts";
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditEntryOutcome,
} from "../../core/audit_vocabulary.ts";
import { invalidCursor, type PageCursor } from "./cursor.ts";

export const EXPORT_FORMATS = ["csv", "ndjson", "fhir-ndjson", "fhir-bundle"] as const;
export type ExportFormat = typeof EXPORT_FORMATS[number];

export const TOTAL_MODES = ["exact", "estimated", "none"] as const;
export type TotalMode = typeof TOTAL_MODES[number];

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
export const DEFAULT_WINDOW_HOURS = 24;
/** get_user_audit_trail's default window. */
export const TRAIL_WINDOW_HOURS = 30 * 24;
export const MAX_METADATA_FILTER_BYTES = 2048;
export const MAX_FAILED_AUTH_HOURS = 30 * 24;
export const DEFAULT_STATS_DAYS = 30;
export const MAX_STATS_DAYS = 366;

/** What narrows the rows, besides the time window. */
export interface AuditFilters {
  readonly user?: string;
  readonly actions?: readonly AuditAction[];
  readonly outcomes?: readonly AuditEntryOutcome[];
  readonly resource?: string;
  readonly organization?: string;
  readonly correlationId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** [from, to) as ISO 8601 (milliseconds, UTC); `given` says which ends the client named. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
  readonly given: { readonly from: boolean; readonly to: boolean };
}

export interface SchemaOptions {
  /** The clock for default windows (tests pin it). */
  readonly now?: () => Date;
  /** Default window length when `from` is not given. */
  readonly defaultWindowHours?: number;
  /** The longest window the route answers (the SQL refuses longer ones; a 400 here, not a 500 there). */
  readonly maxDays?: number;
}

/** Any text a stored value may hold, minus control characters (backfilled rows keep Medic-Bot's names). */
const PRINTABLE = /^[^\p{Cc}]+$/u;
/** What is recorded as given in the query's own audit event; anything else is recorded as "(text)". */
const IDENTIFIER = /^[A-Za-z0-9_.:/@-]+$/;

const uuid = () => z.uuid().transform((value) => value.toLowerCase());

const isoDateTime = () =>
  z.iso.datetime({ offset: true, message: "Expected an ISO 8601 date-time with a time zone (Z or ±hh:mm)." });

/** `a=x&a=y`, `a=x,y` or both → deduplicated values, each checked against `values`. */
function oneOrMany<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.string(), z.array(z.string())])
    .transform((raw) => [
      ...new Set((Array.isArray(raw) ? raw : [raw]).flatMap((item) => item.split(",")).map((s) => s.trim())),
    ])
    .pipe(z.array(z.enum(values)).min(1).max(values.length));
}

const metadataFilter = z.string()
  .max(MAX_METADATA_FILTER_BYTES, `At most ${MAX_METADATA_FILTER_BYTES} characters of JSON.`)
  .transform((text, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.issues.push({ code: "custom", message: "Expected a JSON object.", input: text });
      return z.NEVER;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      ctx.issues.push({
        code: "custom",
        message: "Expected a JSON object (matched by containment).",
        input: text,
      });
      return z.NEVER;
    }
    return parsed as Record<string, unknown>;
  });

const filterFields = {
  action: oneOrMany(AUDIT_ACTIONS).optional(),
  outcome: oneOrMany(AUDIT_OUTCOMES).optional(),
  resource: z.string().min(1).max(200).regex(PRINTABLE, "Control characters are not allowed.").optional(),
  organization: uuid().optional(),
  correlation_id: z.string().min(1).max(100).regex(PRINTABLE, "Control characters are not allowed.")
    .optional(),
  metadata: metadataFilter.optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
};

const pageFields = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().min(1).max(1024).optional(),
  total: z.enum(TOTAL_MODES).default("none"),
};

type FilterInput = {
  user?: string;
  action?: AuditAction[];
  outcome?: AuditEntryOutcome[];
  resource?: string;
  organization?: string;
  correlation_id?: string;
  metadata?: Record<string, unknown>;
  from?: string;
  to?: string;
};

function toFilters(input: FilterInput): AuditFilters {
  const filters: Record<string, unknown> = {
    user: input.user,
    actions: input.action ? [...input.action].sort() : undefined,
    outcomes: input.outcome ? [...input.outcome].sort() : undefined,
    resource: input.resource,
    organization: input.organization,
    correlationId: input.correlation_id,
    metadata: input.metadata,
  };
  for (const key of Object.keys(filters)) if (filters[key] === undefined) delete filters[key];
  return filters as AuditFilters;
}

/** The window with its defaults; pushes an issue (and returns undefined) when from is not before to. */
export function toWindow(
  input: { from?: string; to?: string },
  options: SchemaOptions,
  issues: z.core.$RefinementCtx["issues"],
): TimeWindow | undefined {
  const now = options.now?.() ?? new Date();
  const hours = options.defaultWindowHours ?? DEFAULT_WINDOW_HOURS;
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - hours * 3_600_000);
  if (!(from.getTime() < to.getTime())) {
    issues.push({ code: "custom", message: "from must be before to.", path: ["from"], input: input.from });
    return undefined;
  }
  if (options.maxDays !== undefined && to.getTime() - from.getTime() > options.maxDays * 86_400_000) {
    issues.push({
      code: "custom",
      message: `At most ${options.maxDays} days at a time.`,
      path: ["from"],
      input: input.from,
    });
    return undefined;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    given: { from: input.from !== undefined, to: input.to !== undefined },
  };
}

export interface ListQuery {
  readonly filters: AuditFilters;
  readonly window: TimeWindow;
  readonly limit: number;
  readonly cursor?: string;
  readonly total: TotalMode;
}

/** GET / (and, without `user`, GET /users/:userId/trail). Unknown parameters are a 400. */
export function listQuerySchema(options: SchemaOptions & { readonly userFilter?: boolean } = {}) {
  const fields = options.userFilter === false ? filterFields : { ...filterFields, user: uuid().optional() };
  return z.strictObject({ ...fields, ...pageFields }).transform((input, ctx): ListQuery => {
    const window = toWindow(input, options, ctx.issues);
    if (!window) return z.NEVER;
    const { limit, cursor, total } = input;
    return { filters: toFilters(input), window, limit, total, ...(cursor === undefined ? {} : { cursor }) };
  });
}

export interface ExportQuery {
  readonly filters: AuditFilters;
  readonly window: TimeWindow;
  readonly format: ExportFormat;
}

/** GET /export: the list filters and a format; no page, no limit. */
export function exportQuerySchema(options: SchemaOptions = {}) {
  return z.strictObject({ ...filterFields, user: uuid().optional(), format: z.enum(EXPORT_FORMATS) })
    .transform((input, ctx): ExportQuery => {
      const window = toWindow(input, options, ctx.issues);
      if (!window) return z.NEVER;
      return { filters: toFilters(input), window, format: input.format };
    });
}

/** GET /summary: a window only. */
export function windowQuerySchema(options: SchemaOptions = {}) {
  return z.strictObject({ from: filterFields.from, to: filterFields.to }).transform((input, ctx) => {
    const window = toWindow(input, options, ctx.issues);
    return window ?? z.NEVER;
  });
}

/** GET /failed-auth. */
export const failedAuthQuerySchema = z.strictObject({
  hours: z.coerce.number().int().min(1).max(MAX_FAILED_AUTH_HOURS).default(24),
});

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** GET /stats/daily: inclusive UTC days, default the last 30. */
export function dailyStatsQuerySchema(options: Pick<SchemaOptions, "now"> = {}) {
  const day = z.iso.date({ message: "Expected a date, YYYY-MM-DD." });
  return z.strictObject({ from: day.optional(), to: day.optional() }).transform((input, ctx): DayRange => {
    const today = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
    const to = input.to ?? today;
    const from = input.from ?? addDays(to, -DEFAULT_STATS_DAYS);
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (span < 0) {
      ctx.issues.push({ code: "custom", message: "from must not be after to.", path: ["from"], input: from });
      return z.NEVER;
    }
    if (span >= MAX_STATS_DAYS) {
      ctx.issues.push({
        code: "custom",
        message: `At most ${MAX_STATS_DAYS} days at a time.`,
        path: ["from"],
        input: from,
      });
      return z.NEVER;
    }
    return { from, to };
  });
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** POST /verify: a seq range, both ends optional (the whole trail). */
export const verifyBodySchema = z.strictObject({
  fromSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  toSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
}).refine(
  (range) => range.fromSeq === undefined || range.toSeq === undefined || range.fromSeq <= range.toSeq,
  {
    message: "fromSeq must not be greater than toSeq.",
    path: ["fromSeq"],
  },
);

/** Path parameter of GET /users/:userId/trail. */
export const userIdParamSchema = z.strictObject({ userId: uuid() });

export const ORGANIZATION_MISMATCH = "ORGANIZATION_MISMATCH";
/** A query Postgres ended at the route's statement timeout (503: narrow the window and ask again). */
export const QUERY_TIMEOUT = "QUERY_TIMEOUT";
/** The export's database connection was lost before its first byte (503: nothing was sent; ask again). */
export const EXPORT_INTERRUPTED = "EXPORT_INTERRUPTED";
/** A report that is per organization, asked for by an account that belongs to none. */
export const ORGANIZATION_REQUIRED = "ORGANIZATION_REQUIRED";

/** An `organization` filter naming anyone's but the caller's own organization → 403. */
export function assertOwnOrganization(
  filters: AuditFilters,
  identity: { readonly organizationId?: string },
): void {
  if (filters.organization === undefined) return;
  if (filters.organization !== identity.organizationId?.toLowerCase()) {
    throw new HttpError(
      403,
      ORGANIZATION_MISMATCH,
      "You can only read the audit trail of your own organization.",
    );
  }
}

/**
 * The window a page runs over: the request's own, or — on later pages — the first page's, which the
 * cursor carries. A cursor whose window contradicts an explicitly given from/to is refused (400).
 */
export function pageWindow(window: TimeWindow, cursor?: PageCursor): { from: string; to: string } {
  if (!cursor) return { from: window.from, to: window.to };
  if ((window.given.from && window.from !== cursor.from) || (window.given.to && window.to !== cursor.to)) {
    throw invalidCursor();
  }
  return { from: cursor.from, to: cursor.to };
}

/**
 * What of a query goes into its own audit event (snake_case, like the pipeline's fields). The user
 * filter is recorded by the caller as the subject's pseudonym, never as the raw id, so erasing that
 * user also erases who was looked up. The metadata filter is free-form: only its keys are kept.
 */
export function filtersAuditMetadata(filters: AuditFilters, window: { from: string; to: string }) {
  const recorded: Record<string, unknown> = {
    actions: filters.actions,
    outcomes: filters.outcomes,
    resource: identifierOrText(filters.resource),
    organization: filters.organization,
    correlation_id: identifierOrText(filters.correlationId),
    metadata_keys: filters.metadata ? metadataKeys(filters.metadata) : undefined,
    user: filters.user === undefined ? undefined : true,
  };
  for (const key of Object.keys(recorded)) if (recorded[key] === undefined) delete recorded[key];
  return { filters: recorded, from: window.from, to: window.to };
}

function identifierOrText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : IDENTIFIER.test(value) ? value : "(text)";
}

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Top-level keys of a metadata filter that look like schema keys; anything else is only counted. */
function metadataKeys(metadata: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(metadata);
  const named = keys.filter((key) => KEY.test(key)).sort().slice(0, 20);
  const others = keys.length - named.length;
  return others > 0 ? [...named, `(${others} other)`] : named;
}
