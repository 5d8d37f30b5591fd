/**
 * Reads a Medic-Bot knowledge-base asset file: a JSON array of
 * `{ id, title, category, content, protocol_section? }`. The reference number comes from the
 * content's header ("REFERENCE NO. 1309", "Ref. No. 1221"), then the title, then the id.
 */
import {
  canonicalNumber,
  categoryOf,
  type DocumentType,
  findReferences,
  type KnowledgeDocument,
} from "../../functions-shared/domain/protocols/mod.ts";
import { splitSections } from "../../functions-shared/domain/protocols/sections.ts";
import { plainText } from "../../functions-shared/domain/protocols/la_county_document.ts";
import type { Skipped, SourceContents } from "./la_county_source.ts";

export interface KnowledgeBaseAsset {
  readonly id: string;
  readonly title: string;
  readonly category?: string;
  readonly content: string;
  readonly protocol_section?: string;
}

const HEADER_REF = /(?:REFERENCE|Ref\.?)\s*NO\.?\s*:?\s*(\d{3,4}(?:\.\d{1,2}[a-z]?)?(?:\s*-\s*P\b)?)/i;

export function readAssets(assets: unknown): SourceContents {
  if (!Array.isArray(assets)) throw new Error("a knowledge-base JSON file must hold an array of assets");
  const documents = new Map<string, KnowledgeDocument>();
  const skipped: Skipped[] = [];
  for (const [i, raw] of assets.entries()) {
    const asset = raw as Partial<KnowledgeBaseAsset>;
    const label = typeof asset?.id === "string" ? asset.id : `#${i}`;
    if (typeof asset?.title !== "string" || typeof asset.content !== "string" || !asset.content.trim()) {
      skipped.push({ file: label, reason: "missing title or content" });
      continue;
    }
    const number = numberOf(asset as KnowledgeBaseAsset);
    if (!number) {
      skipped.push({ file: label, reason: "no reference number in the content, title or id" });
      continue;
    }
    const changeLog = /change\s*log/i.test(`${asset.title} ${asset.category ?? ""}`);
    const key = changeLog ? `${number}#change-log` : number;
    if (documents.has(key)) {
      skipped.push({ file: label, reason: `another asset already holds ${key}` });
      continue;
    }
    documents.set(key, {
      key,
      protocolNumber: number,
      title: asset.title.trim(),
      documentType: typeOf(number, changeLog),
      category: asset.category?.trim().toLowerCase() || categoryOf(number),
      revisedDate: null,
      sourceFile: label,
      sourceUrl: null,
      keywords: [],
      sections: splitSections(plainText(asset.content), asset.protocol_section?.trim() || "Overview"),
    });
  }
  return { documents: [...documents.values()], hints: [], skipped };
}

function numberOf(asset: KnowledgeBaseAsset): string | null {
  const header = HEADER_REF.exec(asset.content.slice(0, 2000))?.[1];
  if (header) return canonicalNumber(header.replace(/\s+/g, ""));
  const inTitle = findReferences(asset.title)[0]?.number;
  if (inTitle) return inTitle;
  return findReferences(asset.id.replace(/[_-]+/g, " "))[0]?.number ?? null;
}

function typeOf(number: string, changeLog: boolean): DocumentType {
  if (changeLog) return "change_log";
  const base = Number(/^\d+/.exec(number)![0]);
  if (/^1317\.\d/.test(number)) return "drug_reference";
  if (base >= 1200 && base < 1300) return "treatment_protocol";
  if (base >= 1300 && base < 1400) return "medical_control_guideline";
  return "policy";
}
