/**
 * The gdpr-export function's inputs. Free text never reaches the audit trail: an erasure or a reveal
 * names its reason by code and may carry a reference that looks like a ticket number.
 *
 * Pure (zod and pseudonymise.ts, which is Web Crypto only): the published contract (contract.ts) and so
 * the apps' bundle import these schemas, which must not reach server code (tests/unit/import_direction).
 */
import { z } from "zod";
import { PSEUDONYM_STRATEGIES } from "./pseudonymise.ts";

/**
 * The formats a request may ask for, declared here (apps import this file) and used by formats.ts, which
 * keys an encoder by each: a format named here without an encoder is a compile error there.
 */
export const EXPORT_FORMATS = ["json", "csv", "ndjson", "fhir"] as const;

const uuid = () => z.uuid().transform((value) => value.toLowerCase());

/** A ticket or case number: DSR-2026-0042, JIRA:PRIV-7, #1234. */
const reference = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,99}$/,
  "A reference is an identifier (letters, digits, _ . : / # -), at most 100 characters.",
);

/** GDPR Art. 17(1) grounds, and a retention decision (gdpr.erasure_reasons() in SQL says the same). */
export const ERASURE_REASONS = [
  "no_longer_necessary",
  "consent_withdrawn",
  "objection",
  "unlawful_processing",
  "legal_obligation",
  "child_consent",
  "retention_expired",
] as const;

/** Why an encrypted pseudonym may be reversed. */
export const REVEAL_REASONS = [
  "security_incident",
  "legal_request",
  "data_subject_request",
  "compliance_audit",
] as const;

/** GET /: the caller's own data by default; `subject` another person's (gdpr.export.any). */
export const exportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default("json"),
  subject: uuid().optional(),
  /** How identifiers of other people in the subject's records are replaced. */
  pseudonymise: z.enum(PSEUDONYM_STRATEGIES).default("hash"),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** POST /erase. */
export const eraseBodySchema = z.strictObject({
  subjectId: uuid(),
  reason: z.enum(ERASURE_REASONS),
  reference: reference.optional(),
});
export type EraseBody = z.output<typeof eraseBodySchema>;

/** POST /reveal: encrypted pseudonyms from this organization's exports. */
export const revealBodySchema = z.strictObject({
  pseudonyms: z.array(
    z.string().regex(/^e1\.[A-Za-z0-9_-]{20,400}$/, "Expected an encrypted pseudonym (e1.…)."),
  ).min(1)
    .max(100),
  reason: z.enum(REVEAL_REASONS),
  reference: reference.optional(),
});
export type RevealBody = z.output<typeof revealBodySchema>;
