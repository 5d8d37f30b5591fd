/**
 * POST /gdpr-export/reveal { pseudonyms, reason, reference? }: the authorised investigation that the
 * encryption strategy exists for. Holders of gdpr.reveal open encrypted pseudonyms from their own
 * organization's exports (the organization is bound into each one: another organization's do not
 * open) back to the audit pseudonym they stand for, and — as far as audit.reveal lets the caller,
 * and the person is not erased — to the original identifier.
 *
 * Audited (gdpr.reveal) before the answer leaves, with the reason, the reference and the audit
 * pseudonyms revealed — never the originals. audit.reveal is the audited door's (audit_reader, on the
 * door's login only: 20261206030000), so the originals are read through asAuditReader.
 */
import { auditNow } from "../../pipeline/audit/writer.ts";
import { asAuditReader } from "../../platform/db.ts";
import type { Context } from "../../core/context.ts";
import { requireMfa, requirePermission } from "../../pipeline/mod.ts";
import { type GdprDeps, organizationContext } from "./deps.ts";
import { RevealError } from "./pseudonymise.ts";
import { revealAuditPseudonyms } from "./queries.ts";
import type { RevealBody } from "./schemas.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function revealPseudonyms(ctx: Context<unknown, RevealBody>, deps: GdprDeps) {
  await requirePermission(ctx, "gdpr.reveal");
  requireMfa(ctx);
  const opener = await deps.investigation(organizationContext(ctx.identity.organizationId));
  const opened = await Promise.all(ctx.body.pseudonyms.map(async (pseudonym) => {
    try {
      return { pseudonym, value: await opener.reveal(pseudonym) };
    } catch (error) {
      if (error instanceof RevealError) return { pseudonym, value: null };
      throw error;
    }
  }));
  const auditPseudonyms = [...new Set(opened.flatMap((o) => o.value && UUID.test(o.value) ? [o.value] : []))];
  const originals = auditPseudonyms.length === 0
    ? new Map<string, string | null>()
    : await asAuditReader(ctx, (tx) => revealAuditPseudonyms(tx, auditPseudonyms));
  const results = opened.map(({ pseudonym, value }) => ({
    pseudonym,
    opened: value !== null,
    value,
    original: value === null ? null : originals.get(value.toLowerCase()) ?? null,
  }));
  await auditNow(ctx, {
    metadata: {
      reason: ctx.body.reason,
      reference: ctx.body.reference ?? null,
      requested: results.length,
      opened: results.filter((r) => r.opened).length,
      resolved: results.filter((r) => r.original !== null).length,
      audit_pseudonyms: auditPseudonyms.slice(0, 100),
    },
  });
  return { results };
}
