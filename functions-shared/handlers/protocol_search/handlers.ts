/**
 * The protocol-search routes' work: search (in memory, on the isolate's index), the document view
 * (from public.knowledge_base as the caller, so RLS decides; counted in protocol_access after the
 * response) and feedback. Audit metadata carries
 * identifiers only: the query's length, result protocol numbers, the access id.
 */
import { asUser } from "../../platform/db.ts";
import { HttpError } from "../../core/errors.ts";
import type { Context } from "../../core/context.ts";
import { referencedNumber, searchProtocols } from "../../domain/protocols/mod.ts";
import { recordFeedback, recordSearch } from "./access_log.ts";
import { recordProtocolAccess } from "../../platform/protocol_use.ts";
import { type IndexCache, protocolIndexCache } from "../../platform/protocol_index.ts";
import type { SearchRequest } from "./schemas.ts";

export interface HandlerDeps {
  readonly indexCache?: () => IndexCache;
}

type SearchContext = Pick<Context, "identity" | "req" | "addAuditMetadata">;

export async function search(ctx: SearchContext, request: SearchRequest, deps: HandlerDeps = {}) {
  const { index, stale } = await (deps.indexCache ?? protocolIndexCache)().get();
  const result = searchProtocols(index, request.q, {
    limit: request.limit,
    pediatric: request.pediatric,
    category: request.category,
  });
  const access = recordSearch(ctx, {
    query: request.q,
    hits: result.hits,
    pediatric: result.interpretation.pediatric,
    category: request.category,
    kbVersion: index.kbVersion,
  });
  ctx.addAuditMetadata({
    queryLength: request.q.length,
    accessId: access.accessId, // the protocol_access row (scrubbed query, its hash) is found by it
    resultCount: result.hits.length,
    protocols: result.hits.map((h) => h.protocolNumber),
    pediatric: result.interpretation.pediatric,
    ...(request.category ? { category: request.category.slice(0, 60) } : {}),
    kbVersion: index.kbVersion,
  });
  return {
    accessId: access.accessId,
    kbVersion: index.kbVersion,
    stale,
    interpretation: {
      references: result.interpretation.references,
      pediatric: result.interpretation.pediatric,
      expansions: result.interpretation.expansions,
      corrections: result.interpretation.corrections,
    },
    hits: result.hits.map((h, i) => ({
      rank: i + 1,
      protocolNumber: h.protocolNumber,
      title: h.title,
      documentType: h.documentType,
      category: h.category,
      revisedDate: h.revisedDate,
      sourceUrl: h.sourceUrl,
      score: h.score,
      matchedBy: h.matchedBy,
      section: h.section,
      snippet: h.snippet,
    })),
  };
}

export async function viewDocument(ctx: SearchContext, rawNumber: string) {
  const number = referencedNumber(rawNumber);
  if (!number) throw new HttpError(404, "PROTOCOL_NOT_FOUND", "That is not a protocol reference number.");
  ctx.addAuditMetadata({ protocolNumber: number });
  const rows = await asUser(ctx, (tx) =>
    tx`
      select document_key, protocol_number, title, document_type, category, section_index, section, content,
             source_url, revised_date::text as revised_date, version
      from public.knowledge_base
      where protocol_number = ${number} and is_active
      order by (document_key = ${number}) desc, document_key, section_index`);
  // The document itself (not its change log) when both exist.
  const key = rows[0]?.document_key;
  const sections = rows.filter((r) => r.document_key === key);
  if (sections.length === 0) {
    throw new HttpError(404, "PROTOCOL_NOT_FOUND", `No active document with the reference number ${number}.`);
  }
  const head = sections[0];
  // Counted for the medical director's usage report, after the response (protocol_access kind view).
  const accessId = crypto.randomUUID();
  recordProtocolAccess(ctx, {
    id: accessId,
    kind: "view",
    results: [{ protocolNumber: head.protocol_number, rank: 1 }],
  });
  ctx.addAuditMetadata({ version: head.version, accessId });
  return {
    protocolNumber: head.protocol_number,
    title: head.title,
    documentType: head.document_type,
    category: head.category,
    revisedDate: head.revised_date,
    sourceUrl: head.source_url,
    version: head.version,
    sections: sections.map((s) => ({ heading: s.section, content: s.content })),
  };
}

export async function feedback(ctx: SearchContext, body: { accessId: string; helpful: boolean }) {
  ctx.addAuditMetadata({ accessId: body.accessId, helpful: body.helpful, feedback: true });
  const updated = await recordFeedback(ctx, body.accessId, body.helpful);
  if (!updated) {
    throw new HttpError(404, "ACCESS_NOT_FOUND", "No recent search of yours has this accessId.");
  }
  return { accessId: body.accessId, helpful: body.helpful };
}
